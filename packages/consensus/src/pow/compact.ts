// The "compact" nBits encoding of 256-bit targets, as Bitcoin Core's arith_uint256 implements it.
import { RangeCheckError } from "../errors.js";

/** 2^256 - 1: the largest value of Core's arith_uint256, whose arithmetic wraps modulo 2^256. */
export const UINT256_MAX = (1n << 256n) - 1n;

/** A decoded nBits field: the target and the two flags Core's SetCompact reports beside it. */
export interface DecodedCompact {
  /**
   * The target, reduced modulo 2^256 exactly as arith_uint256 would hold it (meaningless when
   * `overflow` is set, and to be rejected when `negative` is set).
   */
  readonly target: bigint;
  /** The sign bit (0x00800000) is set on a non-zero mantissa. */
  readonly negative: boolean;
  /** The encoded value does not fit in 256 bits. */
  readonly overflow: boolean;
}

function assertUint32(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > 0xffffffff) {
    throw new RangeCheckError(`nBits must be an unsigned 32-bit integer, got ${bits}`);
  }
}

/**
 * Decodes a compact nBits value into a target (Core's arith_uint256::SetCompact).
 *
 * The top byte is a size in bytes, the low 23 bits a mantissa and bit 23 a sign, like an
 * OpenSSL MPI. Quirks kept on purpose because consensus depends on them: mantissa bytes shifted
 * out when the size is below 3 are lost before the sign test (0x01803456 is zero, not negative),
 * and an oversized value wraps modulo 2^256 while `overflow` flags it.
 */
export function decodeCompact(bits: number): DecodedCompact {
  assertUint32(bits);
  const size = bits >>> 24;
  let word = bits & 0x007fffff;
  let target: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    target = BigInt(word);
  } else {
    target = (BigInt(word) << BigInt(8 * (size - 3))) & UINT256_MAX;
  }
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow =
    word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target, negative, overflow };
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/**
 * Encodes a target as compact nBits (Core's arith_uint256::GetCompact), rounding down to the
 * 23-bit mantissa. When the mantissa's top bit would be set it is shifted right one byte and
 * the size bumped, because that bit is the sign; `negative` sets the sign bit on a non-zero
 * mantissa (only Core's tests use it).
 */
export function encodeCompact(target: bigint, negative = false): number {
  if (target < 0n || target > UINT256_MAX) {
    throw new RangeCheckError("target must be an unsigned 256-bit integer");
  }
  let size = Math.ceil(bitLength(target) / 8);
  let compact: number;
  if (size <= 3) {
    compact = Number(target) << (8 * (3 - size));
  } else {
    compact = Number(target >> BigInt(8 * (size - 3)));
  }
  if ((compact & 0x00800000) !== 0) {
    compact >>>= 8;
    size += 1;
  }
  let bits = (size << 24) | compact;
  if (negative && (compact & 0x007fffff) !== 0) bits |= 0x00800000;
  return bits >>> 0;
}

/**
 * The target an nBits value commits to, or null when Core would refuse it: negative, zero,
 * overflowing or easier than `powLimit` (Core's DeriveTarget in pow.cpp).
 */
export function targetFromBits(bits: number, powLimit: bigint): bigint | null {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n || target > powLimit) return null;
  return target;
}
