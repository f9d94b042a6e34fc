import {
  type BlockHeader,
  blockProof,
  MEDIAN_TIME_SPAN,
  medianTimePast,
} from "@hashforge/consensus";
import { FAILED_MASK } from "./block-status.js";

/** Where a record lives in the block files. */
export interface BlockFilePos {
  readonly file: number;
  readonly offset: number;
  readonly length: number;
}

/**
 * One known block header and what the node knows about its block (Core's CBlockIndex). Entries
 * form a tree through `prev`; `skip` points further back so ancestors are found in O(log n).
 */
export class BlockIndexEntry {
  readonly hash: Uint8Array;
  /** Display (byte-reversed) hex of `hash`, the key of every map over entries. */
  readonly hashHex: string;
  readonly header: BlockHeader;
  readonly height: number;
  readonly prev: BlockIndexEntry | null;
  /** Total work of the chain up to and including this block. */
  readonly chainWork: bigint;
  /** Ancestor used for O(log n) ancestor lookups (Core's pskip). */
  readonly skip: BlockIndexEntry | null;
  /** Arrival order; among equal-work tips the first seen wins, as in Core. */
  readonly sequenceId: number;
  /** BlockStatus bits. */
  status: number;
  /** Position of the block in the block files, once stored. */
  blockPos: BlockFilePos | null = null;
  /** Position of the block's undo data, once connected. */
  undoPos: BlockFilePos | null = null;
  /** Number of transactions, once the block's data is known. */
  txCount = 0;

  constructor(options: {
    hash: Uint8Array;
    hashHex: string;
    header: BlockHeader;
    prev: BlockIndexEntry | null;
    status: number;
    sequenceId: number;
  }) {
    this.hash = options.hash;
    this.hashHex = options.hashHex;
    this.header = options.header;
    this.prev = options.prev;
    this.height = options.prev ? options.prev.height + 1 : 0;
    this.chainWork = (options.prev?.chainWork ?? 0n) + blockProof(options.header.bits);
    this.status = options.status;
    this.sequenceId = options.sequenceId;
    this.skip = options.prev ? options.prev.ancestor(skipHeight(this.height)) : null;
  }

  /** True when this block or an ancestor is known to be invalid. */
  get failed(): boolean {
    return (this.status & FAILED_MASK) !== 0;
  }

  /** The ancestor at `height` (this entry for its own height), or null above it or below 0. */
  ancestor(height: number): BlockIndexEntry | null {
    if (height > this.height || height < 0) return null;
    let walk: BlockIndexEntry = this;
    let walkHeight = this.height;
    while (walkHeight > height) {
      const skip = walk.skip;
      const skipH = skipHeight(walkHeight);
      const skipPrevH = skipHeight(walkHeight - 1);
      // Take the skip pointer unless it overshoots (Core's GetAncestor heuristic).
      if (
        skip !== null &&
        (skipH === height || (skipH > height && !(skipPrevH < skipH - 2 && skipPrevH >= height)))
      ) {
        walk = skip;
        walkHeight = skipH;
      } else {
        walk = walk.prev!;
        walkHeight--;
      }
    }
    return walk;
  }

  /** Median time past of the 11 blocks ending here (Core's GetMedianTimePast). */
  medianTimePast(): number {
    const times: number[] = [];
    for (
      let e: BlockIndexEntry | null = this;
      e !== null && times.length < MEDIAN_TIME_SPAN;
      e = e.prev
    ) {
      times.push(e.header.time);
    }
    return medianTimePast(times);
  }
}

/** Clears the lowest set bit. */
function invertLowestOne(n: number): number {
  return n & (n - 1);
}

/** The height a block's skip pointer targets (Core's GetSkipHeight). */
function skipHeight(height: number): number {
  if (height < 2) return 0;
  // Any number strictly lower than height works; this choice keeps lookups logarithmic.
  return height & 1 ? invertLowestOne(invertLowestOne(height - 1)) + 1 : invertLowestOne(height);
}

/** The last block both entries descend from (Core's LastCommonAncestor). */
export function lastCommonAncestor(a: BlockIndexEntry, b: BlockIndexEntry): BlockIndexEntry {
  let x: BlockIndexEntry | null = a.height > b.height ? a.ancestor(b.height) : a;
  let y: BlockIndexEntry | null = b.height > a.height ? b.ancestor(a.height) : b;
  while (x !== y) {
    x = x!.prev;
    y = y!.prev;
  }
  return x!;
}
