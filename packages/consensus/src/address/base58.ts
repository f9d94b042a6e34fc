// Base58 and Base58Check (Bitcoin's legacy address and key encoding) on top of @scure/base.
import { base58, createBase58check } from "@scure/base";
import { sha256 } from "../hash.js";

const checked = createBase58check(sha256);

/** Encodes bytes as Base58 (Core's EncodeBase58): leading zero bytes become leading `1`s. */
export function base58Encode(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/**
 * Longest Base58 text that can decode to at most `maxBytes` bytes. Each byte needs at most
 * log(256)/log(58) < 1.366 characters, and every leading zero byte exactly one, so this bound
 * lets the quadratic decoder refuse oversized input before doing any work.
 */
function maxBase58Chars(maxBytes: number): number {
  return Math.floor(maxBytes * 1.37) + 1;
}

/**
 * Decodes Base58 (Core's DecodeBase58) into bytes, or null when the text contains a character
 * outside the alphabet or decodes to more than `maxBytes` bytes. Unlike Core, surrounding
 * whitespace is not skipped: callers pass exact strings.
 */
export function base58Decode(text: string, maxBytes = Number.POSITIVE_INFINITY): Uint8Array | null {
  if (text.length > maxBase58Chars(maxBytes)) return null;
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(text);
  } catch {
    return null;
  }
  return bytes.length <= maxBytes ? bytes : null;
}

/** Encodes `payload` with its 4-byte SHA256d checksum as Base58 (Core's EncodeBase58Check). */
export function base58CheckEncode(payload: Uint8Array): string {
  return checked.encode(payload);
}

/**
 * Decodes Base58Check (Core's DecodeBase58Check): Base58 text of at most `maxPayload` + 4 bytes
 * whose last four bytes are the SHA256d checksum of the rest; returns the payload, or null when
 * the text is not Base58, too long, too short for a checksum, or the checksum does not match.
 */
export function base58CheckDecode(
  text: string,
  maxPayload = Number.POSITIVE_INFINITY,
): Uint8Array | null {
  if (text.includes("\0")) return null;
  const raw = base58Decode(text, maxPayload + 4);
  if (raw === null || raw.length < 4) return null;
  try {
    return checked.decode(text);
  } catch {
    return null;
  }
}
