// BIP341 wallet vectors: taproot output key tweaks and key-path signatures on every backend.
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { loadSignatureBackends } from "../src/crypto/available-backends.js";
import type { SignatureBackend } from "../src/crypto/backend.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface Bip341Vectors {
  scriptPubKey: {
    given: { internalPubkey: string };
    intermediary: { tweak: string; tweakedPubkey: string };
    expected: { scriptPubKey: string; scriptPathControlBlocks?: string[] };
  }[];
  keyPathSpending: {
    given: { utxosSpent: { scriptPubKey: string }[] };
    inputSpending: {
      given: { txinIndex: number; hashType: number };
      intermediary: { internalPubkey: string; tweak: string; sigHash: string };
      expected: { witness: string[] };
    }[];
  }[];
}

function availableBackends(): SignatureBackend[] {
  return loadSignatureBackends()
    .map((b) => b.backend)
    .filter((b): b is SignatureBackend => b !== null);
}

/*
 * The harness rule. scriptPubKey cases: xonlyTweakAdd(internalPubkey, tweak) must give the
 * tweakedPubkey of the vector (also the key in the expected OP_1 <32 bytes> scriptPubKey) and,
 * where control blocks are given, the output key parity in their first byte's low bit.
 * keyPathSpending inputs: the tweak must map the internal key to the key of the spent output,
 * and verifySchnorr(sigHash, first 64 witness bytes, output key) must be true — and false for
 * the sigHash with its last bit flipped. Every backend must pass every case.
 */
test("BIP341 wallet vectors: tweaks and key-path signatures", vectorSuite(), (t) => {
  const file = readVectorJson<Bip341Vectors>("bitcoin-core", "bip341_wallet_vectors.json");
  const backends = availableBackends();
  t.diagnostic(`backends: ${backends.map((b) => b.name).join(", ")}`);
  const failures: string[] = [];
  let total = 0;

  for (const [i, c] of file.scriptPubKey.entries()) {
    total++;
    const spk = c.expected.scriptPubKey;
    if (spk !== `5120${c.intermediary.tweakedPubkey}`) {
      failures.push(`scriptPubKey ${i}: vector's tweakedPubkey is not its output key`);
      continue;
    }
    const parities = new Set(
      (c.expected.scriptPathControlBlocks ?? []).map((cb) => fromHex(cb)[0]! & 1),
    );
    if (parities.size > 1) failures.push(`scriptPubKey ${i}: control blocks disagree on parity`);
    for (const b of backends) {
      const out = b.xonlyTweakAdd(fromHex(c.given.internalPubkey), fromHex(c.intermediary.tweak));
      if (out === null) {
        failures.push(`scriptPubKey ${i}: ${b.name} returned null`);
      } else if (toHex(out.x) !== c.intermediary.tweakedPubkey) {
        failures.push(`scriptPubKey ${i}: ${b.name} gave ${toHex(out.x)}`);
      } else if (parities.size === 1 && !parities.has(out.parity)) {
        failures.push(`scriptPubKey ${i}: ${b.name} gave parity ${out.parity}`);
      }
    }
  }

  for (const spend of file.keyPathSpending) {
    for (const input of spend.inputSpending) {
      total++;
      const id = `keyPathSpending input ${input.given.txinIndex}`;
      const spk = spend.given.utxosSpent[input.given.txinIndex]!.scriptPubKey;
      const outputKey = fromHex(spk.slice(4));
      const witnessSig = fromHex(input.expected.witness[0]!);
      const sigHash = fromHex(input.intermediary.sigHash);
      const otherHash = Uint8Array.from(sigHash);
      otherHash[31] ^= 1;
      if (witnessSig.length !== (input.given.hashType === 0 ? 64 : 65)) {
        failures.push(`${id}: witness signature length does not match hash type`);
        continue;
      }
      for (const b of backends) {
        const tweaked = b.xonlyTweakAdd(
          fromHex(input.intermediary.internalPubkey),
          fromHex(input.intermediary.tweak),
        );
        if (tweaked === null || toHex(tweaked.x) !== toHex(outputKey)) {
          failures.push(`${id}: ${b.name} tweak does not give the spent output's key`);
        }
        const sig64 = witnessSig.subarray(0, 64);
        if (!b.verifySchnorr(sigHash, sig64, outputKey)) {
          failures.push(`${id}: ${b.name} rejected the key-path signature`);
        }
        if (b.verifySchnorr(otherHash, sig64, outputKey)) {
          failures.push(`${id}: ${b.name} accepted the signature for another sighash`);
        }
      }
    }
  }
  reportCases(t, "bip341 wallet vectors (tweaks + key-path signatures)", total, failures);
});
