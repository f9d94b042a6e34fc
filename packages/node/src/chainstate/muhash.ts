// MuHash3072 (Core's crypto/muhash.cpp): a hash of a set that is updated one element at a time,
// in any order, and whose result does not depend on the order. Each element becomes a number
// below 2^3072 (SHA-256 of the element keys a ChaCha20 keystream of 384 bytes, read little
// endian); the set's value is the product of its elements modulo the prime 2^3072 - 1103717
// (removed elements divide); the digest is SHA-256 of that product as 384 little-endian bytes.
// gettxoutsetinfo's `muhash` is this over every coin's TxOutSer (utxo-set-hash.ts).

import { sha256 } from "@hashforge/consensus";
import { chacha20 } from "@noble/ciphers/chacha.js";

const BYTES = 384;
/** The MuHash3072 modulus: the largest 3072-bit safe prime of this form, 2^3072 - 1103717. */
export const MUHASH_PRIME = (1n << 3072n) - 1103717n;
const LOW_MASK = (1n << 3072n) - 1n;
const ZERO_NONCE = new Uint8Array(12);

/** `x mod p` for x < 2^6144, using 2^3072 ≡ 1103717 (mod p). */
function reduce(x: bigint): bigint {
  for (let i = 0; i < 2 && x >> 3072n !== 0n; i++) x = (x >> 3072n) * 1103717n + (x & LOW_MASK);
  return x >= MUHASH_PRIME ? x - MUHASH_PRIME : x;
}

function fromLittleEndian(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]!);
  return x;
}

function toLittleEndian(x: bigint): Uint8Array {
  const out = new Uint8Array(BYTES);
  for (let i = 0; i < BYTES; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** `base^exp mod p` by square and multiply. */
function powMod(base: bigint, exp: bigint): bigint {
  let result = 1n;
  for (let b = reduce(base), e = exp; e > 0n; e >>= 1n, b = reduce(b * b)) {
    if (e & 1n) result = reduce(result * b);
  }
  return result;
}

/** The number an element maps to (Core's ToNum3072). */
function elementNumber(data: Uint8Array): bigint {
  const keystream = chacha20(sha256(data), ZERO_NONCE, new Uint8Array(BYTES));
  return fromLittleEndian(keystream);
}

/** A running MuHash3072 of a set of byte strings. */
export class MuHash3072 {
  private numerator = 1n;
  private denominator = 1n;

  /** Adds an element to the set. */
  insert(data: Uint8Array): this {
    this.numerator = reduce(this.numerator * elementNumber(data));
    return this;
  }

  /** Removes an element from the set (one that was inserted, for the result to mean anything). */
  remove(data: Uint8Array): this {
    this.denominator = reduce(this.denominator * elementNumber(data));
    return this;
  }

  /** The 32-byte digest (internal byte order: reverse it for Core's hex display). */
  digest(): Uint8Array {
    const value =
      this.denominator === 1n
        ? this.numerator
        : reduce(this.numerator * powMod(this.denominator, MUHASH_PRIME - 2n));
    return sha256(toLittleEndian(value));
  }
}
