import { DecodeError } from "../errors.js";

const HEX_CODES = new TextEncoder().encode("0123456789abcdef");
const ASCII = new TextDecoder("latin1");

/**
 * Encodes bytes as lowercase hex. The characters are written into a byte array and decoded in
 * one call, so the result is one flat string: built with `+=`, a 64-character hash became a rope
 * of ~26 pieces taking ~870 bytes (it is kept for every block and wallet transaction), and every
 * use as a map key flattened it again.
 */
export function toHex(bytes: Uint8Array): string {
  const chars = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    chars[2 * i] = HEX_CODES[b >> 4]!;
    chars[2 * i + 1] = HEX_CODES[b & 15]!;
  }
  return ASCII.decode(chars);
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Decodes hex (either case) into bytes; odd length or a non-hex character is a DecodeError. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new DecodeError("bad-hex", "hex string has odd length");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new DecodeError("bad-hex", `invalid hex character near ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** True when `hex` is even-length and only hex digits. */
export function isHex(hex: string): boolean {
  return hex.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(hex);
}

/**
 * Renders a 32-byte hash the way Bitcoin displays it (txids, block hashes): byte-reversed hex.
 */
export function hashToHex(hash: Uint8Array): string {
  return toHex(hash.slice().reverse());
}

/** Parses a displayed (byte-reversed) 64-character hash back into internal byte order. */
export function hexToHash(hex: string): Uint8Array {
  if (hex.length !== 64) throw new DecodeError("bad-hash", "hash must be 64 hex characters");
  return fromHex(hex).reverse();
}
