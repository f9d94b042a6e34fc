// ECDSA signature encodings: Core's lax DER parser, low-S normalization, canonical DER encoding.
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { RangeCheckError } from "../errors.js";
import { isAboveHalfOrder, isBelowOrder, SECP256K1_ORDER } from "./secp256k1-constants.js";

/** Size of a compact ECDSA signature: 32-byte big-endian r followed by 32-byte big-endian s. */
export const COMPACT_SIGNATURE_SIZE = 64;

/** Where one INTEGER's content bytes lie inside the signature. */
interface IntegerSpan {
  readonly start: number;
  readonly length: number;
}

/**
 * Reads an INTEGER header at `pos` the way the lax parser does: tag 0x02, then a short length or
 * a long-form length whose length-of-length bytes may carry leading zeros but must leave fewer
 * than 4 significant bytes. Null when the header or the content runs past the end.
 */
function readLaxInteger(der: Uint8Array, start: number): IntegerSpan | null {
  const end = der.length;
  let pos = start;
  if (pos === end || der[pos] !== 0x02) return null;
  pos++;
  if (pos === end) return null;
  let lenByte = der[pos++]!;
  let length: number;
  if (lenByte & 0x80) {
    lenByte -= 0x80;
    if (lenByte > end - pos) return null;
    while (lenByte > 0 && der[pos] === 0) {
      pos++;
      lenByte--;
    }
    // Core rejects 4+ significant length bytes (a size_t of at least 32 bits is assumed).
    if (lenByte >= 4) return null;
    length = 0;
    while (lenByte > 0) {
      length = length * 256 + der[pos]!;
      pos++;
      lenByte--;
    }
  } else {
    length = lenByte;
  }
  if (length > end - pos) return null;
  return { start: pos, length };
}

/**
 * Copies an INTEGER's value, leading zero bytes ignored, right-aligned into `out[offset..+32]`.
 * False when more than 32 significant bytes remain (the value cannot be a scalar).
 */
function copyScalar(der: Uint8Array, span: IntegerSpan, out: Uint8Array, offset: number): boolean {
  let start = span.start;
  let length = span.length;
  while (length > 0 && der[start] === 0) {
    start++;
    length--;
  }
  if (length > 32) return false;
  out.set(der.subarray(start, start + length), offset + 32 - length);
  return true;
}

/**
 * Parses a DER-ish ECDSA signature (no sighash byte) into 64 compact bytes r || s exactly as
 * Bitcoin Core's `ecdsa_signature_parse_der_lax` (pubkey.cpp, from libsecp256k1 contrib), the
 * parser behind `CPubKey::Verify` and `CPubKey::CheckLowS`.
 *
 * It tolerates what pre-BIP66 chain history contains: any SEQUENCE length (skipped, unchecked),
 * long-form lengths, excess zero padding, negative integers (read as unsigned) and trailing
 * garbage. It returns null only where Core's parser returns 0: a missing tag, a truncated header
 * or an INTEGER running past the end. A structurally acceptable signature whose r or s has more
 * than 32 significant bytes or is >= n yields r = s = 0 — Core's "correctly parsed but invalid"
 * signature — which every verifier then rejects. Strict BIP66 encoding is the interpreter's
 * `IsValidSignatureEncoding`, not this parser.
 */
export function parseDerSignatureLax(der: Uint8Array): Uint8Array | null {
  const end = der.length;
  let pos = 0;
  if (pos === end || der[pos] !== 0x30) return null;
  pos++;
  if (pos === end) return null;
  let lenByte = der[pos++]!;
  if (lenByte & 0x80) {
    // Long-form SEQUENCE length: only its bytes are skipped, the value is never used.
    lenByte -= 0x80;
    if (lenByte > end - pos) return null;
    pos += lenByte;
  }
  const r = readLaxInteger(der, pos);
  if (r === null) return null;
  const s = readLaxInteger(der, r.start + r.length);
  if (s === null) return null;

  const out = new Uint8Array(COMPACT_SIGNATURE_SIZE);
  const fits = copyScalar(der, r, out, 0) && copyScalar(der, s, out, 32);
  if (!fits || !isBelowOrder(out, 0) || !isBelowOrder(out, 32)) {
    return new Uint8Array(COMPACT_SIGNATURE_SIZE);
  }
  return out;
}

/**
 * Whether a 64-byte compact signature's S is at most n/2; false for any other length.
 * libsecp256k1 verifies only such signatures, and BIP146's LOW_S rule demands them.
 */
export function isLowS(compact: Uint8Array): boolean {
  return compact.length === COMPACT_SIGNATURE_SIZE && !isAboveHalfOrder(compact, 32);
}

/**
 * Returns the compact signature with S replaced by n - S when S is high, as
 * `secp256k1_ecdsa_signature_normalize` does: both are valid for the same key and message, and
 * Core normalizes before verifying because high-S signatures were never banned by consensus.
 * A low-S input is returned as is (not copied); a length other than 64 is a RangeCheckError.
 */
export function normalizeLowS(compact: Uint8Array): Uint8Array {
  if (compact.length !== COMPACT_SIGNATURE_SIZE) {
    throw new RangeCheckError(
      `compact signature must be ${COMPACT_SIGNATURE_SIZE} bytes, got ${compact.length}`,
    );
  }
  if (!isAboveHalfOrder(compact, 32)) return compact;
  const s = bytesToNumberBE(compact.subarray(32, 64));
  const out = new Uint8Array(COMPACT_SIGNATURE_SIZE);
  out.set(compact.subarray(0, 32), 0);
  out.set(numberToBytesBE(SECP256K1_ORDER - s, 32), 32);
  return out;
}

/**
 * Whether a DER-ish signature (no sighash byte) has a low S, mirroring `CPubKey::CheckLowS`:
 * false when the lax parser rejects it; an overflowing r or s parses as zero and counts as low.
 */
export function checkLowS(der: Uint8Array): boolean {
  const compact = parseDerSignatureLax(der);
  return compact !== null && isLowS(compact);
}

/** Appends one minimal DER INTEGER for a 32-byte unsigned big-endian value. */
function pushDerInteger(out: number[], value: Uint8Array): void {
  let start = 0;
  while (start < 31 && value[start] === 0) start++;
  const pad = value[start]! & 0x80 ? 1 : 0;
  out.push(0x02, 32 - start + pad);
  if (pad) out.push(0);
  for (let i = start; i < 32; i++) out.push(value[i]!);
}

/**
 * Encodes a 64-byte compact signature as strict DER (minimal INTEGERs, a 0x00 pad only before a
 * set high bit, short-form lengths), the form BIP66 requires and libsecp256k1's
 * `secp256k1_ecdsa_signature_serialize_der` produces. No sighash byte is appended.
 */
export function encodeDerSignature(compact: Uint8Array): Uint8Array {
  if (compact.length !== COMPACT_SIGNATURE_SIZE) {
    throw new RangeCheckError(
      `compact signature must be ${COMPACT_SIGNATURE_SIZE} bytes, got ${compact.length}`,
    );
  }
  const body: number[] = [];
  pushDerInteger(body, compact.subarray(0, 32));
  pushDerInteger(body, compact.subarray(32, 64));
  return Uint8Array.from([0x30, body.length, ...body]);
}
