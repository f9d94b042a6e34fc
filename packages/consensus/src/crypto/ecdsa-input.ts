// The backend-independent half of CPubKey::Verify: decode and normalize before the curve math.
import { normalizeLowS, parseDerSignatureLax } from "./der.js";
import { toStandardSecPubkey } from "./pubkey.js";

/** An ECDSA verification reduced to what every libsecp256k1-like `verify` call accepts. */
export interface EcdsaInput {
  /** The 32-byte message hash (sighash). */
  readonly msg32: Uint8Array;
  /** Compact r || s with 0 < r, s < n and s <= n/2. */
  readonly sig64: Uint8Array;
  /** A 33-byte compressed or 65-byte 04-prefixed key, coordinates below p (curve not checked). */
  readonly pubkey: Uint8Array;
}

function isZero32(bytes: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Prepares an ECDSA check the way `CPubKey::Verify` does before `secp256k1_ecdsa_verify`: the key
 * passes the SEC structure checks (hybrid rewritten to 04), the signature is parsed with the lax
 * DER parser and its S normalized to low-S. Null when the outcome is already known to be false:
 * a message that is not 32 bytes, a malformed key, a signature the lax parser rejects, or r or s
 * equal to zero (an overflowing value parses as zero; libsecp256k1 never verifies a zero r or s).
 * Sharing this step keeps every backend's answer identical on malformed input.
 */
export function prepareEcdsaInput(
  msg32: Uint8Array,
  derSig: Uint8Array,
  pubkey: Uint8Array,
): EcdsaInput | null {
  if (msg32.length !== 32) return null;
  const key = toStandardSecPubkey(pubkey);
  if (key === null) return null;
  const compact = parseDerSignatureLax(derSig);
  if (compact === null || isZero32(compact.subarray(0, 32)) || isZero32(compact.subarray(32, 64))) {
    return null;
  }
  return { msg32, sig64: normalizeLowS(compact), pubkey: key };
}
