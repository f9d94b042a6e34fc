import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import {
  checkLowS,
  encodeDerSignature,
  isLowS,
  normalizeLowS,
  parseDerSignatureLax,
} from "../src/crypto/der.js";
import { SECP256K1_HALF_ORDER, SECP256K1_ORDER } from "../src/crypto/secp256k1-constants.js";
import { RangeCheckError } from "../src/errors.js";
import { sha256 } from "../src/hash.js";

const R = `6e${"11".repeat(31)}`;
const S = "22".repeat(32);
const COMPACT = R + S;
const N = SECP256K1_ORDER.toString(16);
const ZERO64 = "00".repeat(64);

function hex32(v: bigint): string {
  return v.toString(16).padStart(64, "0");
}

/** A short-form INTEGER with the given hex content. */
function int(content: string): string {
  return `02${(content.length / 2).toString(16).padStart(2, "0")}${content}`;
}

/** A short-form SEQUENCE around the given hex content. */
function seq(content: string): string {
  return `30${(content.length / 2).toString(16).padStart(2, "0")}${content}`;
}

function lax(hex: string): string | null {
  const out = parseDerSignatureLax(fromHex(hex));
  return out === null ? null : toHex(out);
}

test("lax DER accepts the violations Core's parser tolerates, with the same (r, s)", () => {
  const cases: [string, string, string][] = [
    ["strict DER", seq(int(R) + int(S)), COMPACT],
    ["long-form SEQUENCE length", `3081${"44"}${int(R)}${int(S)}`, COMPACT],
    ["two-byte SEQUENCE length", `30820044${int(R)}${int(S)}`, COMPACT],
    ["SEQUENCE length is ignored", `3000${int(R)}${int(S)}`, COMPACT],
    ["SEQUENCE length longer than the data", `307f${int(R)}${int(S)}`, COMPACT],
    ["long-form INTEGER length", `${"30"}46${"028120"}${R}${int(S)}`, COMPACT],
    ["length-of-length with zero padding", `304a${"0284000000"}20${R}${int(S)}`, COMPACT],
    ["excess zero padding of r", seq(int(`000000${R}`) + int(S)), COMPACT],
    ["excess zero padding of s", seq(int(R) + int(`0000${S}`)), COMPACT],
    ["trailing garbage", `${seq(int(R) + int(S))}0102ff`, COMPACT],
    ["sighash byte appended", `${seq(int(R) + int(S))}01`, COMPACT],
    ["negative r read as unsigned", seq(int(`ee${R.slice(2)}`) + int(S)), `ee${R.slice(2)}${S}`],
    ["short r is right-aligned", seq(int("05") + int(S)), `${hex32(5n)}${S}`],
    ["zero-length r is zero", seq(`0200${int(S)}`), `${"00".repeat(32)}${S}`],
    [
      "r = n - 1 fits",
      seq(int(`00${hex32(SECP256K1_ORDER - 1n)}`) + int(S)),
      `${hex32(SECP256K1_ORDER - 1n)}${S}`,
    ],
  ];
  for (const [name, der, want] of cases) assert.equal(lax(der), want, name);
});

test("lax DER turns an r or s that is no scalar into r = s = 0, as Core does", () => {
  const cases: [string, string][] = [
    ["r with 33 significant bytes", seq(int(`01${R}`) + int(S))],
    ["r = n", seq(int(`00${N}`) + int(S))],
    ["s = n", seq(int(R) + int(`00${N}`))],
    ["s > n", seq(int(R) + int("ff".repeat(32)))],
    ["s with 40 significant bytes", seq(int(R) + int("7f".repeat(40)))],
  ];
  for (const [name, der] of cases) assert.equal(lax(der), ZERO64, name);
});

test("lax DER returns null exactly where Core's parser returns 0", () => {
  const good = seq(int(R) + int(S));
  const cases: [string, string][] = [
    ["empty", ""],
    ["wrong SEQUENCE tag", `31${good.slice(2)}`],
    ["tag only", "30"],
    ["long-form SEQUENCE length past the end", "3081"],
    ["SEQUENCE without integers", "3044"],
    ["wrong r tag", `3044${"03"}20${R}${int(S)}`],
    ["r length missing", "304402"],
    ["r past the end", `3044${"0221"}${R}`],
    ["long-form r length past the end", "30060285000000"],
    ["4 significant length bytes", `3000${"028401000000"}${R}${int(S)}`],
    ["s missing", seq(int(R))],
    ["wrong s tag", `3044${int(R)}0320${S}`],
    ["s length missing", `3044${int(R)}02`],
    ["s past the end", `3044${int(R)}0221${S}`],
    ["long-form s length past the end", `3044${int(R)}0282ff`],
  ];
  for (const [name, der] of cases) assert.equal(lax(der), null, name);
});

test("low-S predicate, normalization and CPubKey::CheckLowS", () => {
  const half = fromHex(R + hex32(SECP256K1_HALF_ORDER));
  const aboveHalf = fromHex(R + hex32(SECP256K1_HALF_ORDER + 1n));
  assert.equal(isLowS(half), true);
  assert.equal(isLowS(aboveHalf), false);
  assert.equal(isLowS(new Uint8Array(63)), false);
  assert.equal(normalizeLowS(half), half, "a low-S signature is returned as is");
  assert.equal(toHex(normalizeLowS(aboveHalf)), R + hex32(SECP256K1_HALF_ORDER));
  assert.equal(toHex(normalizeLowS(fromHex(R + hex32(SECP256K1_ORDER - 1n)))), R + hex32(1n));
  assert.throws(() => normalizeLowS(new Uint8Array(65)), RangeCheckError);

  assert.equal(checkLowS(encodeDerSignature(half)), true);
  assert.equal(checkLowS(encodeDerSignature(aboveHalf)), false);
  assert.equal(checkLowS(fromHex("3006020101")), false, "unparseable is not low");
  assert.equal(checkLowS(fromHex(seq(int(R) + int(`00${N}`)))), true, "overflow parses as zero");
});

test("strict DER encoding is minimal and round-trips through the lax parser", () => {
  assert.equal(toHex(encodeDerSignature(new Uint8Array(64))), "3006020100020100");
  assert.equal(toHex(encodeDerSignature(fromHex(COMPACT))), seq(int(R) + int(S)));
  const high = `80${"00".repeat(31)}`;
  const small = `${"00".repeat(31)}7f`;
  assert.equal(toHex(encodeDerSignature(fromHex(high + small))), seq(int(`00${high}`) + int("7f")));
  assert.throws(() => encodeDerSignature(new Uint8Array(63)), RangeCheckError);

  let seed = sha256(new TextEncoder().encode("crypto-der round trip"));
  for (let i = 0; i < 300; i++) {
    seed = sha256(seed);
    const compact = new Uint8Array(64);
    compact.set(seed.subarray(0, 32), 0);
    compact.set(sha256(seed), 32);
    // Exercise short values and high bits: zero some leading bytes, keep both scalars below n.
    compact.fill(0, 0, i % 5);
    compact.fill(0, 32, 32 + (i % 3));
    compact[32 + (i % 3)] &= 0x7f;
    const der = encodeDerSignature(compact);
    assert.equal(toHex(parseDerSignatureLax(der)!), toHex(compact), `case ${i}`);
    assert.ok(der.length <= 72);
  }
});
