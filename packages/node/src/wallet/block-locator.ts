// The wallet's record of where it is on the chain: its last processed block and a few ancestors.
import { bytesEqual } from "@hashforge/consensus";

/** A block of the wallet's chain: its hash (internal byte order) and height. */
export interface LocatorEntry {
  readonly hash: Uint8Array;
  readonly height: number;
}

/** Entries right below the last block kept one by one, as Core's GetLocator does (10). */
export const LOCATOR_DENSE_ENTRIES = 10;

/** Most entries a locator can hold: the last block, the dense ones, two per power of two. */
export const MAX_LOCATOR_ENTRIES = 1 + LOCATOR_DENSE_ENTRIES + 2 * 33;

/** Number of trailing zero bits of a height, at most 32 (height 0: every power of two divides it). */
function trailingZeros(height: number): number {
  let tz = 0;
  for (let h = height; tz < 32 && h % 2 === 0; h /= 2) tz++;
  return tz;
}

/**
 * The wallet's block locator (Core's CBlockLocator in the wallet's `bestblock` record): the last
 * block the wallet processed first, then ancestors of it, highest first. Right below the last
 * block it keeps {@link LOCATOR_DENSE_ENTRIES} entries one by one; further back, for every k it
 * keeps the two highest entries whose heights are multiples of 2^k. For a fork d blocks below
 * the last block, an interval of d heights holds at most one multiple of the first 2^k >= d, so
 * one of those two lies at or below the fork and less than 4d below the last block: a rescan
 * from the highest common entry repeats at most about 3d blocks, with about 2·log2(height)
 * entries in all. (Core's locator counts its doubling steps back from the tip, which needs every
 * ancestor's hash; multiples of 2^k can be kept up block by block.)
 *
 * It is maintained incrementally from the wallet's own connects and disconnects (the wallet
 * does not see the node's block index), so every entry is always an ancestor of the last block
 * on the chain the wallet followed. After disconnects the spacing may be coarser than the rule
 * above (a pruned entry is not recovered), which costs rescanning, never correctness.
 */
export class BlockLocator {
  /** Highest first; heights strictly decreasing. */
  #entries: LocatorEntry[];

  /** A locator from entries highest first (as {@link entries} returns them), or an empty one. */
  constructor(entries: readonly LocatorEntry[] = []) {
    for (let i = 1; i < entries.length; i++) {
      if (entries[i]!.height >= entries[i - 1]!.height) {
        throw new RangeError("locator heights must be strictly decreasing");
      }
    }
    this.#entries = entries.map((e) => ({ hash: e.hash.slice(), height: e.height }));
    this.#prune();
  }

  /** The last block processed, or null before any (or after disconnecting every block). */
  get tip(): LocatorEntry | null {
    return this.#entries[0] ?? null;
  }

  /** Copies of the entries, the last block first. */
  entries(): LocatorEntry[] {
    return this.#entries.map((e) => ({ hash: e.hash.slice(), height: e.height }));
  }

  /** Records that the block `hash` at `height` was connected on top of the last block. */
  connect(hash: Uint8Array, height: number): void {
    // Chain order makes every entry lower; anything at or above `height` is not an ancestor.
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.height >= height) drop++;
    this.#entries.splice(0, drop, { hash: hash.slice(), height });
    this.#prune();
  }

  /**
   * Records that the last block, at `height`, was disconnected: its parent `prevHash` at
   * `height - 1` becomes the last block. Disconnecting height 0 (a chain's first block) leaves
   * the locator empty.
   */
  disconnect(prevHash: Uint8Array, height: number): void {
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.height >= height) drop++;
    this.#entries.splice(0, drop);
    if (height <= 0) {
      this.#entries = [];
      return;
    }
    const top = this.#entries[0];
    if (top === undefined || top.height !== height - 1) {
      this.#entries.unshift({ hash: prevHash.slice(), height: height - 1 });
    } else if (!bytesEqual(top.hash, prevHash)) {
      // The kept entry at the parent's height is not the parent: the calls were not chain
      // order. Keep only what is certainly an ancestor: the parent itself.
      this.#entries = [{ hash: prevHash.slice(), height: height - 1 }];
    }
  }

  /**
   * The first entry (highest first) for which `isActive(hash, height)` holds, or null. With
   * `isActive` answering "is this block on the node's active chain", that entry is the highest
   * block of this locator both chains share (Core's FindForkInGlobalIndex).
   */
  findCommon(isActive: (entry: LocatorEntry) => boolean): LocatorEntry | null {
    for (const entry of this.#entries) if (isActive(entry)) return entry;
    return null;
  }

  /** Drops every entry above `height`, making the entry at `height` the last block. */
  truncate(height: number): void {
    this.#entries = this.#entries.filter((e) => e.height <= height);
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries = [];
  }

  /**
   * Keeps the last block, the dense entries below it, and beyond those each entry that is one of
   * the two highest multiples of 2^k present, for some k. With no disconnects in between, an
   * entry dropped here is never wanted later: the two higher multiples that pushed it out stay.
   */
  #prune(): void {
    // seen[k]: entries so far (from the top) whose height is a multiple of 2^k.
    const seen = new Array<number>(33).fill(0);
    this.#entries = this.#entries.filter((e, i) => {
      const tz = trailingZeros(e.height);
      // seen[] never increases with k, so "fewer than two for some k <= tz" is this test.
      const keep = i <= LOCATOR_DENSE_ENTRIES || seen[tz]! < 2;
      for (let k = 0; k <= tz; k++) seen[k] = seen[k]! + 1;
      return keep;
    });
  }
}
