// The secp256k1 moduli that signature and key encodings are range-checked against.
import { numberToBytesBE } from "@noble/curves/utils.js";

/** The order n of the secp256k1 group: scalars (ECDSA r and s, BIP340 s, tweaks) must be below it. */
export const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * n / 2 rounded down, the largest S Bitcoin calls "low" (BIP62 rule 5, libsecp256k1's
 * `secp256k1_ecdsa_signature_normalize`): an ECDSA signature whose S exceeds it is high-S.
 */
export const SECP256K1_HALF_ORDER = SECP256K1_ORDER >> 1n;

/** The field prime p: coordinates (SEC keys, BIP340 x-only keys, R.x) must be below it. */
export const SECP256K1_FIELD_PRIME =
  0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

// Byte forms for the hot-path range checks; private so that nobody can write into them.
const ORDER_BYTES = numberToBytesBE(SECP256K1_ORDER, 32);
const HALF_ORDER_BYTES = numberToBytesBE(SECP256K1_HALF_ORDER, 32);
const FIELD_PRIME_BYTES = numberToBytesBE(SECP256K1_FIELD_PRIME, 32);

/** Compares 32 big-endian bytes (from `offset`) with a 32-byte limit: <0, 0 or >0. */
function compare32(bytes: Uint8Array, offset: number, limit: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = bytes[offset + i]! - limit[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether the 32 big-endian bytes at `offset` encode a value below n. Byte comparisons rather
 * than bigint conversions, because these checks run on every signature verification.
 */
export function isBelowOrder(bytes: Uint8Array, offset = 0): boolean {
  return compare32(bytes, offset, ORDER_BYTES) < 0;
}

/** Whether the 32 big-endian bytes at `offset` encode a value above n/2 (a high S). */
export function isAboveHalfOrder(bytes: Uint8Array, offset = 0): boolean {
  return compare32(bytes, offset, HALF_ORDER_BYTES) > 0;
}

/** Whether the 32 big-endian bytes at `offset` encode a value below p (a valid coordinate). */
export function isBelowFieldPrime(bytes: Uint8Array, offset = 0): boolean {
  return compare32(bytes, offset, FIELD_PRIME_BYTES) < 0;
}
