// Signature and public key encoding rules (BIP66 strict DER, low S, STRICTENC, segwit keys).
import { checkLowS } from "../crypto/der.js";
import { VerifyFlags } from "./flags.js";
import type { ScriptError } from "./script-error.js";
import { SigVersion } from "./sig-version.js";
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_SINGLE } from "./sighash/hash-type.js";

/**
 * True when `sig` (DER signature followed by the one-byte hash type) is strictly DER encoded,
 * as Core's IsValidSignatureEncoding (consensus since BIP66): 0x30 total-length 0x02 len R 0x02
 * len S hashtype, 9 to 73 bytes, lengths consistent, R and S non-empty, non-negative and without
 * superfluous leading zero bytes.
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  const size = sig.length;
  if (size < 9 || size > 73) return false;
  if (sig[0] !== 0x30) return false;
  // The total length covers everything but the tag, itself and the hash type.
  if (sig[1] !== size - 3) return false;
  const lenR = sig[3]!;
  if (5 + lenR >= size) return false;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== size) return false;
  if (sig[2] !== 0x02) return false;
  if (lenR === 0) return false;
  if ((sig[4]! & 0x80) !== 0) return false;
  if (lenR > 1 && sig[4] === 0x00 && (sig[5]! & 0x80) === 0) return false;
  if (sig[lenR + 4] !== 0x02) return false;
  if (lenS === 0) return false;
  if ((sig[lenR + 6]! & 0x80) !== 0) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && (sig[lenR + 7]! & 0x80) === 0) return false;
  return true;
}

/**
 * Checks the LOW_S rule (BIP146) as Core's IsLowDERSignature: the encoding must be strict DER
 * (else SIG_DER) and S at most n/2 (else SIG_HIGH_S); null when both hold.
 */
export function checkLowDerSignature(sig: Uint8Array): ScriptError | null {
  if (!isValidSignatureEncoding(sig)) return "SIG_DER";
  return checkLowS(sig.subarray(0, sig.length - 1)) ? null : "SIG_HIGH_S";
}

/**
 * True when the signature's hash type byte is ALL, NONE or SINGLE, optionally with
 * ANYONECANPAY, as Core's IsDefinedHashtypeSignature (STRICTENC).
 */
export function isDefinedHashtypeSignature(sig: Uint8Array): boolean {
  if (sig.length === 0) return false;
  const base = sig[sig.length - 1]! & ~SIGHASH_ANYONECANPAY;
  return base >= SIGHASH_ALL && base <= SIGHASH_SINGLE;
}

/**
 * Applies the signature encoding rules selected by `flags` to an ECDSA signature, as Core's
 * CheckSignatureEncoding: DERSIG/LOW_S/STRICTENC demand strict DER, LOW_S a low S, STRICTENC a
 * defined hash type. The empty signature always passes: it is the compact way to provide a
 * failing signature to CHECK(MULTI)SIG. Returns the error or null.
 */
export function checkSignatureEncoding(sig: Uint8Array, flags: number): ScriptError | null {
  if (sig.length === 0) return null;
  if (
    (flags & (VerifyFlags.DERSIG | VerifyFlags.LOW_S | VerifyFlags.STRICTENC)) !== 0 &&
    !isValidSignatureEncoding(sig)
  ) {
    return "SIG_DER";
  }
  if ((flags & VerifyFlags.LOW_S) !== 0) {
    const lowS = checkLowDerSignature(sig);
    if (lowS !== null) return lowS;
  }
  if ((flags & VerifyFlags.STRICTENC) !== 0 && !isDefinedHashtypeSignature(sig)) {
    return "SIG_HASHTYPE";
  }
  return null;
}

/**
 * True for a 33-byte key with prefix 02/03 or a 65-byte key with prefix 04, as Core's
 * IsCompressedOrUncompressedPubKey (hybrid 06/07 keys are not).
 */
export function isCompressedOrUncompressedPubKey(pubkey: Uint8Array): boolean {
  if (pubkey.length < 33) return false;
  if (pubkey[0] === 0x04) return pubkey.length === 65;
  if (pubkey[0] === 0x02 || pubkey[0] === 0x03) return pubkey.length === 33;
  return false;
}

/** True for a 33-byte key with prefix 02/03, as Core's IsCompressedPubKey. */
export function isCompressedPubKey(pubkey: Uint8Array): boolean {
  return pubkey.length === 33 && (pubkey[0] === 0x02 || pubkey[0] === 0x03);
}

/**
 * Applies the public key encoding rules selected by `flags`, as Core's CheckPubKeyEncoding:
 * STRICTENC demands a compressed or uncompressed key (PUBKEYTYPE), WITNESS_PUBKEYTYPE a
 * compressed key inside witness v0 scripts (WITNESS_PUBKEYTYPE). Returns the error or null.
 */
export function checkPubKeyEncoding(
  pubkey: Uint8Array,
  flags: number,
  sigVersion: SigVersion,
): ScriptError | null {
  if ((flags & VerifyFlags.STRICTENC) !== 0 && !isCompressedOrUncompressedPubKey(pubkey)) {
    return "PUBKEYTYPE";
  }
  if (
    (flags & VerifyFlags.WITNESS_PUBKEYTYPE) !== 0 &&
    sigVersion === SigVersion.WITNESS_V0 &&
    !isCompressedPubKey(pubkey)
  ) {
    return "WITNESS_PUBKEYTYPE";
  }
  return null;
}
