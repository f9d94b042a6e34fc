// WIF private keys (Core's EncodeSecret / DecodeSecret): flags, network prefixes and errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AddressError } from "../src/address/address-error.js";
import { base58CheckEncode } from "../src/address/base58.js";
import { decodeWif, encodeWif } from "../src/address/wif.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { SECP256K1_ORDER } from "../src/crypto/secp256k1-constants.js";
import { BUILTIN_NETWORKS } from "../src/params/registry.js";

const MAIN = BUILTIN_NETWORKS.main;
const KEY = fromHex("ff778740f88ddcf102aeb81daee289c044c4a4571c4b6f287400f4b8e0b843f8");
const ORDER = fromHex(SECP256K1_ORDER.toString(16));

function wif(prefix: number, key: Uint8Array, suffix: number[] = []): string {
  return base58CheckEncode(new Uint8Array([prefix, ...key, ...suffix]));
}

test("WIF round-trips with the compression flag on every network", () => {
  for (const params of Object.values(BUILTIN_NETWORKS)) {
    for (const compressed of [false, true]) {
      const text = encodeWif(KEY, compressed, params);
      const key = decodeWif(text, params);
      assert.equal(toHex(key.privateKey), toHex(KEY));
      assert.equal(key.compressed, compressed);
      assert.match(
        text,
        params.name === "main" ? (compressed ? /^[KL]/ : /^5/) : compressed ? /^c/ : /^9/,
      );
    }
  }
});

test("invalid WIF strings fail with a specific code", () => {
  const good = encodeWif(KEY, true, MAIN);
  const cases: [string, string, string][] = [
    ["character outside Base58", `${good.slice(0, -1)}0`, "wif-encoding"],
    ["checksum typo", `${good.slice(0, -1)}${good.endsWith("a") ? "b" : "a"}`, "wif-checksum"],
    ["payload over 34 bytes", wif(128, KEY, [1, 1]), "wif-checksum"],
    ["testnet key on main", encodeWif(KEY, true, BUILTIN_NETWORKS.test), "wif-prefix"],
    ["compression marker 2", wif(128, KEY, [2]), "wif-length"],
    ["31-byte key", wif(128, KEY.subarray(1)), "wif-length"],
    ["zero key", wif(128, new Uint8Array(32)), "wif-range"],
    ["key equal to the order", wif(128, ORDER, [1]), "wif-range"],
    ["empty", "", "wif-checksum"],
  ];
  for (const [label, text, code] of cases) {
    assert.throws(
      () => decodeWif(text, MAIN),
      (e: unknown) => e instanceof AddressError && e.code === code,
      label,
    );
  }
  const order1 = fromHex((SECP256K1_ORDER - 1n).toString(16));
  assert.equal(toHex(decodeWif(wif(128, order1), MAIN).privateKey), toHex(order1), "n-1 is valid");
});

test("encodeWif refuses keys outside [1, n-1] and of the wrong size", () => {
  for (const key of [new Uint8Array(32), ORDER, KEY.subarray(1)]) {
    assert.throws(
      () => encodeWif(key, true, MAIN),
      (e: unknown) => e instanceof AddressError && e.code === "wif-range",
    );
  }
});
