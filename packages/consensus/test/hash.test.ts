import assert from "node:assert/strict";
import { test } from "node:test";
import { ripemd160 as nobleRipemd160 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { hash160, ripemd160, sha256, sha256d, taggedHash } from "../src/hash.js";
import { RIPEMD160_SHORT_MAX, ripemd160Short } from "../src/ripemd160-short.js";
import { SHA256_SHORT_MAX, sha256Short } from "../src/sha256-compress.js";

test("sha256 and ripemd160 match the standard examples and the noble fallback", () => {
  assert.equal(
    toHex(sha256(new Uint8Array(0))),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    toHex(sha256(new TextEncoder().encode("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    toHex(ripemd160(new TextEncoder().encode("abc"))),
    "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
  );
  for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 31) & 0xff);
    assert.equal(toHex(sha256(data)), toHex(nobleSha256(data)), `length ${len}`);
    assert.equal(toHex(ripemd160(data)), toHex(nobleRipemd160(data)), `ripemd160 length ${len}`);
  }
});

test("hash results are plain, independent Uint8Arrays", () => {
  const h = sha256(new Uint8Array(3));
  assert.equal(Object.getPrototypeOf(h), Uint8Array.prototype);
  const copy = h.slice();
  copy[0] = h[0]! ^ 0xff;
  assert.notEqual(copy[0], h[0]);
});

test("sha256d, hash160 and BIP340 tagged hashes", () => {
  const genesisHeader = fromHex(
    "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c",
  );
  assert.equal(
    toHex(sha256d(genesisHeader).reverse()),
    "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
  );
  // hash160 of the compressed generator point G
  const g = fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  assert.equal(toHex(hash160(g)), "751e76e8199196d454941c45d1b3a323f1433bd6");
  const tag = new TextEncoder().encode("TapLeaf");
  const data = Uint8Array.of(1, 2, 3);
  const manual = nobleSha256(new Uint8Array([...nobleSha256(tag), ...nobleSha256(tag), ...data]));
  assert.equal(toHex(taggedHash("TapLeaf", data)), toHex(manual));
  assert.equal(toHex(taggedHash("TapLeaf", Uint8Array.of(1), Uint8Array.of(2, 3))), toHex(manual));
});

test("the JavaScript short-message paths (SHA-256, RIPEMD-160) match the libraries", () => {
  for (let len = 0; len <= SHA256_SHORT_MAX; len++) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 13 + len) & 0xff);
    assert.equal(toHex(sha256Short(data)), toHex(nobleSha256(data)), `length ${len}`);
  }
  assert.throws(() => sha256Short(new Uint8Array(SHA256_SHORT_MAX + 1)), RangeError);
  for (let len = 0; len <= RIPEMD160_SHORT_MAX; len++) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 29 + len * 3) & 0xff);
    assert.equal(toHex(ripemd160Short(data)), toHex(nobleRipemd160(data)), `ripemd160 ${len}`);
  }
  // The reference test vectors of the RIPEMD-160 paper.
  const text = (s: string) => new TextEncoder().encode(s);
  assert.equal(toHex(ripemd160Short(text(""))), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  assert.equal(
    toHex(ripemd160Short(text("message digest"))),
    "5d0689ef49d2fae572b881b123a85ffa21595f36",
  );
  assert.equal(
    toHex(ripemd160Short(text("abcdefghijklmnopqrstuvwxyz"))),
    "f71c27109c692c1b56bbdceb5b9d2865b3708dbc",
  );
  assert.throws(() => ripemd160Short(new Uint8Array(RIPEMD160_SHORT_MAX + 1)), RangeError);
});
