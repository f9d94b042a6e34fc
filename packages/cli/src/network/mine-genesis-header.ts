// Mining a new network's genesis header on the calling thread: nonce first, then time.
import {
  type BlockHeader,
  blockProof,
  checkProofOfWork,
  encodeHeader,
  sha256d,
  targetFromBits,
} from "@hashforge/consensus";

/** Largest nonce (the header field is an unsigned 32-bit integer). */
const MAX_NONCE = 0xffffffff;
/** Byte offsets of the time and nonce fields in the 80-byte header. */
const TIME_OFFSET = 68;
const NONCE_OFFSET = 76;

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
 * Searches for a header meeting `header.bits` (under `powLimit`): nonces from `header.nonce` up,
 * and when all 2^32 are spent the time one second later from nonce 0 (the merkle root does not
 * change, so neither does anything else). Null after `maxHashes` tries or at the largest time.
 * Hashes with consensus sha256d on one thread: meant for easy genesis targets; a real network
 * with a hard genesis belongs on the miner package's worker pool.
 */
export function mineGenesisHeader(
  header: BlockHeader,
  powLimit: bigint,
  maxHashes: number,
): MinedGenesisHeader | null {
  const target = targetFromBits(header.bits, powLimit);
  if (target === null) return null;
  // The hash is a little-endian number: compare from its last (most significant) byte down.
  const targetLE = new Uint8Array(32);
  for (let i = 0, t = target; i < 32; i++, t >>= 8n) targetLE[i] = Number(t & 0xffn);
  const bytes = encodeHeader(header);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let time = header.time;
  let nonce = header.nonce;
  for (let hashes = 1; hashes <= maxHashes; hashes++) {
    view.setUint32(NONCE_OFFSET, nonce, true);
    const hash = sha256d(bytes);
    if (meetsTarget(hash, targetLE)) {
      const mined = { ...header, time, nonce };
      // Belt and braces: the consensus check must agree with the byte comparison.
      if (checkProofOfWork(hash, mined.bits, powLimit)) return { header: mined, hash, hashes };
    }
    if (nonce === MAX_NONCE) {
      if (time === MAX_NONCE) return null;
      time += 1;
      nonce = 0;
      view.setUint32(TIME_OFFSET, time, true);
    } else {
      nonce += 1;
    }
  }
  return null;
}

function meetsTarget(hash: Uint8Array, targetLE: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (hash[i]! !== targetLE[i]!) return hash[i]! < targetLE[i]!;
  }
  return true;
}
