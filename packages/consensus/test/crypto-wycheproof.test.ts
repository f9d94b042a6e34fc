// Wycheproof's Bitcoin ECDSA vectors against every signature backend.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { bytesEqual } from "../src/bytes/equal.js";
import { fromHex } from "../src/bytes/hex.js";
import { loadSignatureBackends } from "../src/crypto/available-backends.js";
import type { SignatureBackend } from "../src/crypto/backend.js";
import { encodeDerSignature, isLowS, parseDerSignatureLax } from "../src/crypto/der.js";
import { sha256 } from "../src/hash.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface WycheproofCase {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: string;
}

interface WycheproofFile {
  numberOfTests: number;
  testGroups: {
    type: string;
    publicKey: { uncompressed: string };
    sha: string;
    tests: WycheproofCase[];
  }[];
}

/** libsecp256k1 itself, through the native addon, as an independent oracle where it loads. */
interface LibsecpOracle {
  signatureImport(der: Uint8Array): Uint8Array;
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array): boolean;
}

function loadOracle(): LibsecpOracle | null {
  try {
    return createRequire(import.meta.url)("secp256k1/bindings.js") as LibsecpOracle;
  } catch {
    return null;
  }
}

/** The compressed and hybrid encodings of the same point as a 04-prefixed key. */
function otherEncodings(uncompressed: Uint8Array): Uint8Array[] {
  const odd = uncompressed[64]! & 1;
  const compressed = Uint8Array.of(2 + odd, ...uncompressed.subarray(1, 33));
  const hybrid = Uint8Array.from(uncompressed);
  hybrid[0] = 6 + odd;
  return [compressed, hybrid];
}

/**
 * Whether the signature is strict DER: the bytes are exactly the canonical encoding of the (r, s)
 * the lax parser reads. (BIP66's check lives in the script interpreter; this restates it for
 * the harness: any BER liberty changes the bytes, and overflowing values re-encode as zero.)
 */
function isCanonicalDer(sig: Uint8Array): boolean {
  const compact = parseDerSignatureLax(sig);
  return compact !== null && bytesEqual(encodeDerSignature(compact), sig);
}

/*
 * The harness rule. The vectors test a Bitcoin verifier: strict DER, low S, then ECDSA over
 * sha256(msg). A backend's verifyEcdsa is CPubKey::Verify, which parses laxly and normalizes S
 * (historic chain data needs both), so the harness applies the two Bitcoin rules explicitly:
 *   bitcoinValid = isCanonicalDer(sig) && isLowS(sig) && backend.verifyEcdsa(sha256(msg), sig, key)
 * Expected outcomes: "valid" -> true, "invalid" -> false; "acceptable" (inputs Wycheproof lets an
 * implementation accept or reject, e.g. unusual encodings) -> either outcome, but the backends
 * must still agree with each other and with libsecp256k1; any other result string fails.
 * Every backend must also give the same raw verifyEcdsa answer for the 04, 02/03 and 06/07
 * encodings of the key, and when the native addon loads, libsecp256k1's strict
 * parse_der + verify (its own Wycheproof harness) must give the same bitcoinValid.
 */
test("Wycheproof ecdsa_secp256k1_sha256_bitcoin on every backend", vectorSuite(), (t) => {
  const file = readVectorJson<WycheproofFile>(
    "bitcoin-core",
    "wycheproof",
    "ecdsa_secp256k1_sha256_bitcoin_test.json",
  );
  const backends = loadSignatureBackends()
    .map((b) => b.backend)
    .filter((b): b is SignatureBackend => b !== null);
  const oracle = loadOracle();
  t.diagnostic(
    `backends: ${backends.map((b) => b.name).join(", ")}; libsecp256k1 oracle: ${oracle ? "yes" : "no"}`,
  );

  const failures: string[] = [];
  const tally = {
    valid: 0,
    invalid: 0,
    acceptable: 0,
    rejectedByVerify: 0,
    rejectedOnlyByStrictDer: 0,
    rejectedOnlyByLowS: 0,
  };
  let total = 0;
  for (const group of file.testGroups) {
    if (group.type !== "EcdsaBitcoinVerify" || group.sha !== "SHA-256") {
      failures.push(`group ${group.type}/${group.sha}: not understood by this harness`);
      total += group.tests.length;
      continue;
    }
    const key = fromHex(group.publicKey.uncompressed);
    const keys = [key, ...otherEncodings(key)];
    for (const c of group.tests) {
      total++;
      const id = `tcId ${c.tcId} (${c.comment})`;
      const msg32 = sha256(fromHex(c.msg));
      const sig = fromHex(c.sig);

      const raw = new Set<boolean>();
      for (const b of backends) {
        for (const k of keys) raw.add(b.verifyEcdsa(msg32, sig, k));
      }
      if (raw.size !== 1) {
        failures.push(`${id}: backends or key encodings disagree`);
        continue;
      }
      const verified = raw.has(true);
      const compact = parseDerSignatureLax(sig);
      const strictDer = isCanonicalDer(sig);
      const lowS = compact !== null && isLowS(compact);
      const bitcoinValid = verified && strictDer && lowS;

      if (oracle !== null) {
        let libsecp = false;
        try {
          libsecp = oracle.ecdsaVerify(oracle.signatureImport(sig), msg32, key);
        } catch {
          libsecp = false;
        }
        if (libsecp !== bitcoinValid) failures.push(`${id}: libsecp256k1 says ${libsecp}`);
      }

      if (!bitcoinValid) {
        if (!verified) tally.rejectedByVerify++;
        else if (!strictDer) tally.rejectedOnlyByStrictDer++;
        else tally.rejectedOnlyByLowS++;
      }
      if (c.result === "valid") {
        tally.valid++;
        if (!bitcoinValid) failures.push(`${id}: valid but rejected`);
      } else if (c.result === "invalid") {
        tally.invalid++;
        if (bitcoinValid) failures.push(`${id}: invalid but accepted`);
      } else if (c.result === "acceptable") {
        tally.acceptable++;
      } else {
        failures.push(`${id}: unknown result "${c.result}"`);
      }
    }
  }
  assert.equal(total, file.numberOfTests, "every case in the file was visited");
  t.diagnostic(
    `valid ${tally.valid}, invalid ${tally.invalid}, acceptable ${tally.acceptable}; rejections: ` +
      `verify ${tally.rejectedByVerify}, strict DER only ${tally.rejectedOnlyByStrictDer}, ` +
      `low S only ${tally.rejectedOnlyByLowS}`,
  );
  reportCases(t, "wycheproof ecdsa_secp256k1_sha256_bitcoin", total, failures);
});
