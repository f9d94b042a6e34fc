// Work a block proves and the human-facing difficulty number.
import { decodeCompact, UINT256_MAX } from "./compact.js";

/**
 * Expected number of hashes needed to find a block at `bits`: 2^256 / (target + 1), the unit
 * of chain work (Core's GetBlockProof in chain.cpp). 2^256 does not fit in 256 bits, so Core
 * computes the equal value ~target / (target + 1) + 1; we do the same to stay bit-exact.
 * Negative, overflowing or zero targets prove nothing (0).
 */
export function blockProof(bits: number): bigint {
  const { target, negative, overflow } = decodeCompact(bits);
  if (negative || overflow || target === 0n) return 0n;
  return (UINT256_MAX ^ target) / (target + 1n) + 1n;
}

/**
 * Difficulty as the `getdifficulty` RPC shows it: how many times harder `bits` is than
 * 0x1d00ffff (Core's GetDifficulty in rpc/blockchain.cpp). Computed in doubles the way Core
 * does, from the raw mantissa (sign bit included) and the size byte, so the printed digits match.
 */
export function difficulty(bits: number): number {
  let shift = (bits >>> 24) & 0xff;
  let diff = 0x0000ffff / (bits & 0x00ffffff);
  while (shift < 29) {
    diff *= 256.0;
    shift++;
  }
  while (shift > 29) {
    diff /= 256.0;
    shift--;
  }
  return diff;
}
