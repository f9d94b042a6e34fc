import { bytesEqual } from "../bytes/equal.js";
import { sha256d } from "../hash.js";

/** A merkle root and whether the tree was malleable by duplicating its last leaves. */
export interface MerkleResult {
  readonly root: Uint8Array;
  /**
   * True when two identical hashes were paired at some level (CVE-2012-2459): a different list
   * of transactions would produce the same root, so the block must be rejected as mutated.
   */
  readonly mutated: boolean;
}

/**
 * Computes the merkle root of `leaves` exactly as Core's ComputeMerkleRoot: odd levels duplicate
 * their last hash, and pairs of equal hashes mark the result as mutated. An empty list has an
 * all-zero root.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): MerkleResult {
  if (leaves.length === 0) return { root: new Uint8Array(32), mutated: false };
  let level = leaves.slice();
  let mutated = false;
  const pair = new Uint8Array(64);
  while (level.length > 1) {
    for (let i = 0; i + 1 < level.length; i += 2) {
      if (bytesEqual(level[i]!, level[i + 1]!)) mutated = true;
    }
    if (level.length % 2 === 1) level.push(level[level.length - 1]!);
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      pair.set(level[i]!, 0);
      pair.set(level[i + 1]!, 32);
      next.push(sha256d(pair));
    }
    level = next;
  }
  return { root: level[0]!, mutated };
}
