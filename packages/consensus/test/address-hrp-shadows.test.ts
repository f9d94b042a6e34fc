// hrpShadowsBase58: which Bech32 prefixes would capture a network's own Base58 addresses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { base58CheckEncode } from "../src/address/base58.js";
import { hrpShadowsBase58 } from "../src/address/hrp-shadows-base58.js";
import { sha256 } from "../src/hash.js";

function sampleAddresses(version: number, count: number): string[] {
  const out: string[] = [];
  let seed: Uint8Array = new Uint8Array([version]);
  for (let i = 0; i < count; i++) {
    seed = sha256(seed);
    out.push(base58CheckEncode(new Uint8Array([version, ...seed.subarray(0, 20)])));
  }
  // The extremes of the hash range bound the set of leading characters.
  out.push(base58CheckEncode(new Uint8Array([version, ...new Uint8Array(20)])));
  out.push(base58CheckEncode(new Uint8Array([version, ...new Uint8Array(20).fill(0xff)])));
  return out;
}

test("every prefix of real addresses is reported as shadowed", () => {
  for (const version of [0, 5, 111, 196, 48, 50]) {
    for (const addr of sampleAddresses(version, 300)) {
      for (const len of [1, 2, 3]) {
        const prefix = addr.slice(0, len).toLowerCase();
        assert.equal(hrpShadowsBase58(prefix, version), true, `${prefix} (version ${version})`);
      }
    }
  }
});

test("the built-in prefixes shadow none of their networks' addresses", () => {
  for (const [hrp, versions] of [
    ["bc", [0, 5]],
    ["tb", [111, 196]],
    ["bcrt", [111, 196]],
  ] as const) {
    for (const version of versions) assert.equal(hrpShadowsBase58(hrp, version), false, hrp);
  }
  assert.equal(hrpShadowsBase58("3", 0), false);
  assert.equal(hrpShadowsBase58("1", 0), true);
  assert.equal(hrpShadowsBase58("m", 196), false, "P2SH on testnet starts with 2");
  assert.equal(hrpShadowsBase58("n", 111), true);
  assert.equal(
    hrpShadowsBase58("mzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 111),
    false,
    "longer than any address",
  );
});
