// SEC1 public key encodings as libsecp256k1's secp256k1_ec_pubkey_parse accepts them.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { isBelowFieldPrime } from "./secp256k1-constants.js";

/** Size of a compressed SEC key: prefix 0x02 (even y) or 0x03 (odd y), then x. */
export const SEC_PUBKEY_COMPRESSED_SIZE = 33;

/** Size of an uncompressed (prefix 0x04) or hybrid (0x06 even y, 0x07 odd y) SEC key: x then y. */
export const SEC_PUBKEY_UNCOMPRESSED_SIZE = 65;

/** An affine secp256k1 point decoded from a SEC key; both coordinates are below p. */
export interface SecPubkeyPoint {
  readonly x: bigint;
  readonly y: bigint;
}

/**
 * The length a SEC key with this first byte must have, or 0 for an unknown prefix; mirrors
 * `CPubKey::GetLen` (33 for 02/03; 65 for 04 and the hybrid 06/07).
 */
export function secPubkeyLength(prefix: number): 0 | 33 | 65 {
  if (prefix === 2 || prefix === 3) return SEC_PUBKEY_COMPRESSED_SIZE;
  if (prefix === 4 || prefix === 6 || prefix === 7) return SEC_PUBKEY_UNCOMPRESSED_SIZE;
  return 0;
}

/**
 * Checks everything `secp256k1_ec_pubkey_parse` checks except curve membership, and returns the
 * key in a form every backend accepts: a compressed key as is, an uncompressed key as is, and a
 * hybrid key (prefix 06/07, whose prefix repeats y's parity) rewritten to prefix 04 after the
 * parity check libsecp256k1 performs. Null for any other length or prefix, a coordinate >= p, or
 * a hybrid key whose parity bit contradicts y. Curve membership is left to the backend that
 * decodes the point (or to `parseSecPubkey`), since checking it costs a square root.
 */
export function toStandardSecPubkey(pubkey: Uint8Array): Uint8Array | null {
  if (pubkey.length === 0 || secPubkeyLength(pubkey[0]!) !== pubkey.length) return null;
  if (!isBelowFieldPrime(pubkey, 1)) return null;
  if (pubkey.length === SEC_PUBKEY_COMPRESSED_SIZE) return pubkey;
  if (!isBelowFieldPrime(pubkey, 33)) return null;
  const prefix = pubkey[0]!;
  if (prefix === 4) return pubkey;
  // Hybrid: 06 claims an even y and 07 an odd y; libsecp256k1 rejects a mismatch.
  if ((pubkey[64]! & 1) !== (prefix & 1)) return null;
  const out = Uint8Array.from(pubkey);
  out[0] = 4;
  return out;
}

/**
 * Decodes a SEC public key exactly as libsecp256k1's `secp256k1_ec_pubkey_parse` (the check
 * behind `CPubKey::IsFullyValid` and the first step of `CPubKey::Verify`): 33-byte compressed
 * (02/03), 65-byte uncompressed (04) or 65-byte hybrid (06/07 with matching y parity),
 * coordinates below p and the point on the curve. Null for anything else.
 */
export function parseSecPubkey(pubkey: Uint8Array): SecPubkeyPoint | null {
  const standard = toStandardSecPubkey(pubkey);
  if (standard === null) return null;
  try {
    const { x, y } = secp256k1.Point.fromBytes(standard).toAffine();
    return { x, y };
  } catch {
    // noble throws when x has no square root (compressed) or (x, y) is off the curve.
    return null;
  }
}
