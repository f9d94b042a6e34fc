// Whether a block hash satisfies the target its header claims.
import { RangeCheckError } from "../errors.js";
import { targetFromBits } from "./compact.js";

/**
 * Reads a 32-byte hash in internal byte order as the unsigned 256-bit integer Core compares
 * against targets (UintToArith256: the bytes are a little-endian number).
 */
export function hashToBigInt(hash: Uint8Array): bigint {
  if (hash.length !== 32) {
    throw new RangeCheckError(`a hash is 32 bytes, got ${hash.length}`);
  }
  let value = 0n;
  for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(hash[i]!);
  return value;
}

/**
 * True when `bits` is an acceptable target under `powLimit` and the block hash (internal byte
 * order) is at or below it (Core's CheckProofOfWork / CheckProofOfWorkImpl). Whether `bits` is
 * the value the chain demands is a separate, contextual check (`getNextWorkRequired`).
 */
export function checkProofOfWork(hash: Uint8Array, bits: number, powLimit: bigint): boolean {
  const target = targetFromBits(bits, powLimit);
  if (target === null) return false;
  return hashToBigInt(hash) <= target;
}
