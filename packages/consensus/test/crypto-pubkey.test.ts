import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { parseSecPubkey, secPubkeyLength, toStandardSecPubkey } from "../src/crypto/pubkey.js";
import { SECP256K1_FIELD_PRIME } from "../src/crypto/secp256k1-constants.js";
import { sha256 } from "../src/hash.js";

const GX = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
const GY = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"; // even
const P_HEX = SECP256K1_FIELD_PRIME.toString(16);

/** An independent parser: libsecp256k1's ec_pubkey_parse via the native addon, else the WASM one. */
function loadParseOracle(): { name: string; isValid: (key: Uint8Array) => boolean } | null {
  const require = createRequire(import.meta.url);
  try {
    const addon = require("secp256k1/bindings.js") as {
      publicKeyVerify(key: Uint8Array): boolean;
    };
    return { name: "native libsecp256k1", isValid: (k) => addon.publicKeyVerify(k) };
  } catch {
    try {
      const tiny = require("tiny-secp256k1") as { isPoint(key: Uint8Array): boolean };
      return { name: "wasm libsecp256k1", isValid: (k) => tiny.isPoint(k) };
    } catch {
      return null;
    }
  }
}

test("secPubkeyLength mirrors CPubKey::GetLen for every prefix", () => {
  for (let prefix = 0; prefix < 256; prefix++) {
    const want = prefix === 2 || prefix === 3 ? 33 : [4, 6, 7].includes(prefix) ? 65 : 0;
    assert.equal(secPubkeyLength(prefix), want, `prefix ${prefix}`);
  }
});

test("SEC keys: compressed, uncompressed and hybrid forms of G and of an odd-y point", () => {
  assert.deepEqual(parseSecPubkey(fromHex(`02${GX}`)), {
    x: BigInt(`0x${GX}`),
    y: BigInt(`0x${GY}`),
  });
  assert.notEqual(parseSecPubkey(fromHex(`04${GX}${GY}`)), null);
  assert.equal(parseSecPubkey(fromHex(`03${GX}`))!.y, SECP256K1_FIELD_PRIME - BigInt(`0x${GY}`));

  // Hybrid: 06 promises an even y, 07 an odd y.
  const hybridEven = fromHex(`06${GX}${GY}`);
  assert.equal(toHex(toStandardSecPubkey(hybridEven)!), `04${GX}${GY}`);
  assert.deepEqual(parseSecPubkey(hybridEven), parseSecPubkey(fromHex(`04${GX}${GY}`)));
  assert.equal(toStandardSecPubkey(fromHex(`07${GX}${GY}`)), null, "07 with an even y");
  assert.equal(toHex(hybridEven.subarray(0, 1)), "06", "the input is not modified");

  const oddPoint = secp256k1.Point.BASE.negate().toBytes(false);
  const oddHybrid = Uint8Array.from(oddPoint);
  oddHybrid[0] = 7;
  assert.notEqual(parseSecPubkey(oddHybrid), null);
  oddHybrid[0] = 6;
  assert.equal(parseSecPubkey(oddHybrid), null, "06 with an odd y");
});

test("SEC keys: out-of-range coordinates, off-curve points, wrong lengths and prefixes", () => {
  const invalid: [string, string][] = [
    ["empty", ""],
    ["x-only", GX],
    ["compressed prefix with 65 bytes", `02${GX}${GY}`],
    ["uncompressed prefix with 33 bytes", `04${GX}`],
    ["hybrid prefix with 33 bytes", `06${GX}`],
    ["prefix 00", `00${GX}`],
    ["prefix 01", `01${GX}`],
    ["prefix 05", `05${GX}${GY}`],
    ["prefix 08", `08${GX}${GY}`],
    ["34 bytes", `02${GX}00`],
    ["66 bytes", `04${GX}${GY}00`],
    ["compressed x = p", `02${P_HEX}`],
    ["compressed x = 2^256 - 1", `03${"ff".repeat(32)}`],
    ["uncompressed y = p", `04${GX}${P_HEX}`],
    ["hybrid x = p", `06${P_HEX}${GY}`],
  ];
  for (const [name, hex] of invalid) {
    assert.equal(toStandardSecPubkey(fromHex(hex)), null, name);
    assert.equal(parseSecPubkey(fromHex(hex)), null, name);
  }
  // Structurally fine but off the curve: only the full parse rejects them.
  const offCurve: [string, string][] = [
    ["compressed x = 0 (x^3 + 7 has no root)", `02${"00".repeat(32)}`],
    ["uncompressed y + 1", `04${GX}${(BigInt(`0x${GY}`) + 1n).toString(16).padStart(64, "0")}`],
    ["uncompressed all zero", `04${"00".repeat(64)}`],
  ];
  for (const [name, hex] of offCurve) {
    assert.notEqual(toStandardSecPubkey(fromHex(hex)), null, name);
    assert.equal(parseSecPubkey(fromHex(hex)), null, name);
  }
});

test("parseSecPubkey agrees with libsecp256k1's ec_pubkey_parse on mutated keys", (t) => {
  const oracle = loadParseOracle();
  assert.ok(oracle, "neither the native nor the WASM libsecp256k1 could be loaded");
  t.diagnostic(`oracle: ${oracle.name}`);
  let seed = sha256(new TextEncoder().encode("crypto-pubkey oracle"));
  let checked = 0;
  let valid = 0;
  const check = (key: Uint8Array, label: string) => {
    const ours = parseSecPubkey(key) !== null;
    assert.equal(ours, oracle.isValid(key), `${label}: ${toHex(key)}`);
    checked++;
    if (ours) valid++;
  };
  for (let i = 0; i < 150; i++) {
    seed = sha256(seed);
    const point = secp256k1.Point.BASE.multiply((BigInt(`0x${toHex(seed)}`) % 1000003n) + 1n);
    const uncompressed = point.toBytes(false);
    const hybrid = Uint8Array.from(uncompressed);
    hybrid[0] = 6 + (uncompressed[64]! & 1);
    for (const key of [point.toBytes(true), uncompressed, hybrid]) {
      check(key, "as encoded");
      for (const prefix of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
        const k = Uint8Array.from(key);
        k[0] = prefix;
        check(k, `prefix ${prefix}`);
      }
      const flipped = Uint8Array.from(key);
      flipped[1 + (seed[0]! % (key.length - 1))] ^= 1 << (seed[1]! % 8);
      check(flipped, "one bit flipped");
      const parity = Uint8Array.from(key);
      parity[key.length - 1] ^= 1;
      check(parity, "last bit flipped");
    }
  }
  t.diagnostic(`${checked} keys compared, ${valid} valid`);
  assert.ok(valid > 450 && valid < checked - 450, "the corpus mixes valid and invalid keys");
});
