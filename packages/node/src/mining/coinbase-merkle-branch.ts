import { concatBytes, sha256d } from "@hashforge/consensus";

/**
 * The sibling hashes on the path from the first leaf (the coinbase txid) to the merkle root, as
 * Stratum's `merkle_branch` carries them. Odd levels pair their last hash with itself, exactly as
 * consensus merkleRoot does, so folding any coinbase txid through the branch with
 * {@link merkleRootFromBranch} gives the root merkleRoot would compute for the whole list.
 * Only `txids[1..]` matter: the coinbase slot is a placeholder.
 */
export function coinbaseMerkleBranch(txids: readonly Uint8Array[]): Uint8Array[] {
  const branch: Uint8Array[] = [];
  // Level nodes after the first; the first node of every level depends on the coinbase.
  let rest = txids.slice(1);
  while (rest.length > 0) {
    branch.push(rest[0]!);
    const next: Uint8Array[] = [];
    // Pairs at positions (2, 3), (4, 5), ... of the full level, i.e. (1, 2), (3, 4) of `rest`.
    for (let i = 1; i < rest.length; i += 2) {
      const left = rest[i]!;
      const right = rest[i + 1] ?? left;
      next.push(sha256d(concatBytes(left, right)));
    }
    rest = next;
  }
  return branch;
}

/** Folds a coinbase txid through a {@link coinbaseMerkleBranch} into the merkle root. */
export function merkleRootFromBranch(
  coinbaseTxid: Uint8Array,
  branch: readonly Uint8Array[],
): Uint8Array {
  let node = coinbaseTxid;
  for (const sibling of branch) node = sha256d(concatBytes(node, sibling));
  return node;
}
