import assert from "node:assert/strict";
import { test } from "node:test";
import { RangeCheckError } from "../src/errors.js";
import { checkProofOfWork, hashToBigInt } from "../src/pow/check-pow.js";
import { decodeCompact, encodeCompact, targetFromBits, UINT256_MAX } from "../src/pow/compact.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

const MAIN_POW_LIMIT = (1n << 224n) - 1n;

/** 32 bytes, little-endian, of a 256-bit value: the internal byte order of a hash. */
function leBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

// [nBits, target, negative, overflow, GetCompact(negative) of the decoded target]
// Cases of Core's arith_uint256_tests bignum_SetCompact.
const SET_COMPACT: ReadonlyArray<readonly [number, bigint, boolean, boolean, number]> = [
  [0x00000000, 0n, false, false, 0],
  [0x00123456, 0n, false, false, 0],
  [0x01003456, 0n, false, false, 0],
  [0x02000056, 0n, false, false, 0],
  [0x03000000, 0n, false, false, 0],
  [0x04000000, 0n, false, false, 0],
  [0x00923456, 0n, false, false, 0],
  [0x01803456, 0n, false, false, 0],
  [0x02800056, 0n, false, false, 0],
  [0x03800000, 0n, false, false, 0],
  [0x04800000, 0n, false, false, 0],
  [0x01123456, 0x12n, false, false, 0x01120000],
  [0x01fedcba, 0x7en, true, false, 0x01fe0000],
  [0x02123456, 0x1234n, false, false, 0x02123400],
  [0x03123456, 0x123456n, false, false, 0x03123456],
  [0x04123456, 0x12345600n, false, false, 0x04123456],
  [0x04923456, 0x12345600n, true, false, 0x04923456],
  [0x05009234, 0x92340000n, false, false, 0x05009234],
  [0x20123456, 0x123456n << 232n, false, false, 0x20123456],
];

test("decodeCompact/encodeCompact match Core's SetCompact/GetCompact cases", () => {
  for (const [bits, target, negative, overflow, compact] of SET_COMPACT) {
    const d = decodeCompact(bits);
    const hex = bits.toString(16);
    assert.equal(d.target, target, `target of 0x${hex}`);
    assert.equal(d.negative, negative, `negative of 0x${hex}`);
    assert.equal(d.overflow, overflow, `overflow of 0x${hex}`);
    assert.equal(encodeCompact(d.target, d.negative), compact, `GetCompact of 0x${hex}`);
  }
});

test("decodeCompact flags overflow exactly where Core does", () => {
  assert.deepEqual(decodeCompact(0xff123456), {
    target: 0n, // shifted past 256 bits: arith_uint256 keeps nothing
    negative: false,
    overflow: true,
  });
  // The largest sizes each mantissa width may use, and one past them.
  assert.equal(decodeCompact(0x220000ff).overflow, false);
  assert.equal(decodeCompact(0x220000ff).target, 0xffn << 248n);
  assert.equal(decodeCompact(0x230000ff).overflow, true);
  assert.equal(decodeCompact(0x2100ffff).overflow, false);
  assert.equal(decodeCompact(0x2200ffff).overflow, true);
  assert.equal(decodeCompact(0x207fffff).overflow, false);
  assert.equal(decodeCompact(0x21010000).overflow, true);
  // An overflowing value wraps modulo 2^256 like arith_uint256: 0x01ff00 << 248 keeps nothing,
  // 0x0001ff << 248 keeps 0xff << 248.
  assert.deepEqual(decodeCompact(0x2201ff00), { target: 0n, negative: false, overflow: true });
  assert.equal(decodeCompact(0x220001ff).target, 0xffn << 248n);
  assert.equal(decodeCompact(0x220001ff).overflow, true);
  // A zero mantissa is never negative nor overflowing, whatever the size.
  assert.deepEqual(decodeCompact(0xff800000), { target: 0n, negative: false, overflow: false });
});

test("encodeCompact never emits the sign bit: a set top mantissa bit moves up one byte", () => {
  assert.equal(encodeCompact(0x80n), 0x02008000);
  assert.equal(encodeCompact(0x7fn), 0x017f0000);
  assert.equal(encodeCompact(0x800000n), 0x04008000);
  assert.equal(encodeCompact(0x7fffffn), 0x037fffff);
  assert.equal(encodeCompact(0n), 0);
  assert.equal(encodeCompact(0n, true), 0, "zero is never negative");
  // Rounds down to 23 mantissa bits.
  assert.equal(encodeCompact(0x123456789n), 0x05012345);
  assert.equal(encodeCompact(MAIN_POW_LIMIT), 0x1d00ffff);
  assert.equal(encodeCompact((1n << 255n) - 1n), 0x207fffff);
  assert.equal(encodeCompact(UINT256_MAX), 0x2100ffff);
  assert.throws(() => encodeCompact(-1n), RangeCheckError);
  assert.throws(() => encodeCompact(UINT256_MAX + 1n), RangeCheckError);
  assert.throws(() => decodeCompact(-1), RangeCheckError);
  assert.throws(() => decodeCompact(2 ** 32), RangeCheckError);
  assert.throws(() => decodeCompact(1.5), RangeCheckError);
});

const SIGNED_FIXTURES = new Set(["1b80ffff", "cffca00"]);

test("decodeCompact matches bitcoinjs target fixtures", vectorSuite(), (t) => {
  const fixtures = readVectorJson<{ targets: Array<{ bits: unknown; expected: unknown }> }>(
    "blocks",
    "bitcoinjs-block-fixtures.json",
  );
  const failures: string[] = [];
  for (const f of fixtures.targets) {
    if (typeof f.bits !== "string" || typeof f.expected !== "string") {
      failures.push(`cannot interpret ${JSON.stringify(f)}`);
      continue;
    }
    const d = decodeCompact(Number.parseInt(f.bits, 16));
    // bitcoinjs ignores the sign bit (set in two fixtures); Core reports it beside the value.
    if (d.target !== BigInt(`0x${f.expected}`) || d.overflow) failures.push(`bits ${f.bits}`);
    if (d.negative !== SIGNED_FIXTURES.has(f.bits)) failures.push(`sign of ${f.bits}`);
  }
  reportCases(t, "bitcoinjs targets", fixtures.targets.length, failures);
});

test("targetFromBits rejects negative, zero, overflowing and too-easy targets (DeriveTarget)", () => {
  assert.equal(targetFromBits(0x1d00ffff, MAIN_POW_LIMIT), 0xffffn << 208n);
  assert.equal(targetFromBits(0x1b04864c, MAIN_POW_LIMIT), 0x04864cn << 192n);
  assert.equal(targetFromBits(encodeCompact(MAIN_POW_LIMIT, true), MAIN_POW_LIMIT), null);
  assert.equal(targetFromBits(0x1d80ffff, MAIN_POW_LIMIT), null, "negative");
  assert.equal(targetFromBits(0, MAIN_POW_LIMIT), null, "zero");
  assert.equal(targetFromBits(0x01003456, MAIN_POW_LIMIT), null, "zero after shifting");
  assert.equal(targetFromBits(~0x00800000 >>> 0, MAIN_POW_LIMIT), null, "overflow");
  assert.equal(targetFromBits(0xff123456, UINT256_MAX), null, "overflow under any limit");
  assert.equal(targetFromBits(encodeCompact(MAIN_POW_LIMIT * 2n), MAIN_POW_LIMIT), null);
  assert.equal(targetFromBits(0x1d010000, MAIN_POW_LIMIT), null, "one mantissa step too easy");
  assert.equal(targetFromBits(0x207fffff, (1n << 255n) - 1n), 0x7fffffn << 232n);
});

test("checkProofOfWork compares the little-endian hash with the target", () => {
  const target = 0xffffn << 208n;
  assert.equal(
    checkProofOfWork(leBytes(target), 0x1d00ffff, MAIN_POW_LIMIT),
    true,
    "hash == target",
  );
  assert.equal(checkProofOfWork(leBytes(target + 1n), 0x1d00ffff, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(leBytes(0n), 0x1d00ffff, MAIN_POW_LIMIT), true);
  // Core's pow_tests: bigger hash than target, negative, overflowing, too easy and zero targets.
  assert.equal(checkProofOfWork(leBytes(target * 2n), 0x1d00ffff, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(leBytes(0n), 0x1d80ffff, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(leBytes(0n), 0xff7fffff, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(leBytes(0n), 0x1d01fffe, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(leBytes(0n), 0, MAIN_POW_LIMIT), false);
  // The same hash read big-endian would be tiny: byte order matters.
  const big = new Uint8Array(32);
  big[31] = 1;
  assert.equal(checkProofOfWork(big, 0x1d00ffff, MAIN_POW_LIMIT), false);
  assert.equal(checkProofOfWork(big.slice().reverse(), 0x1d00ffff, MAIN_POW_LIMIT), true);
});

test("hashToBigInt reads internal byte order as little-endian and requires 32 bytes", () => {
  const h = new Uint8Array(32);
  h[0] = 0x01;
  h[31] = 0x80;
  assert.equal(hashToBigInt(h), (0x80n << 248n) | 1n);
  assert.equal(hashToBigInt(leBytes(UINT256_MAX)), UINT256_MAX);
  assert.throws(() => hashToBigInt(new Uint8Array(31)), RangeCheckError);
});
