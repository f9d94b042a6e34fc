// Mining a new network's genesis header on the calling thread: nonce first, then time.
import {
  type BlockHeader,
  blockProof,
  decodeHeader,
  encodeHeader,
  targetFromBits,
} from "@hashforge/consensus";
import { mineBlockHeader } from "@hashforge/miner";

/** Largest header time (an unsigned 32-bit integer). */
const MAX_TIME = 0xffffffff;

/** A header that meets its own target. */
export interface MinedGenesisHeader {
  readonly header: BlockHeader;
  /** Block hash, internal byte order. */
  readonly hash: Uint8Array;
  /** Hashes computed, the winning one included. */
  readonly hashes: number;
}

/**
 * Expected hashes to mine a header at `bits` (Core's GetBlockProof as a number), for deciding
 * whether a target is easy enough to mine here at all.
 */
export function expectedGenesisHashes(bits: number): number {
  return Number(blockProof(bits));
}

/**
 * Searches for a header meeting `header.bits` (under `powLimit`) with the miner package's
 * kernel: nonces from `header.nonce` up, and when all 2^32 are spent the time one second later
 * from nonce 0 (the merkle root does not change, so neither does anything else). Null after
 * `maxHashes` tries. One thread is plenty for a genesis target.
 */
export function mineGenesisHeader(
  header: BlockHeader,
  powLimit: bigint,
  maxHashes: number,
): MinedGenesisHeader | null {
  const target = targetFromBits(header.bits, powLimit);
  if (target === null) return null;
  let time = header.time;
  const mined = mineBlockHeader(encodeHeader(header), target, {
    maxTries: maxHashes,
    startNonce: header.nonce,
    nextHeader: () => {
      if (time >= MAX_TIME) return null;
      time++;
      return encodeHeader({ ...header, time, nonce: 0 });
    },
  });
  if (mined === null) return null;
  return { header: decodeHeader(mined.header), hash: mined.hash, hashes: mined.tries };
}
