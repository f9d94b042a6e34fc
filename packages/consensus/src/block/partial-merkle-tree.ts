// BIP37 partial merkle trees: Bitcoin Core's CPartialMerkleTree (src/merkleblock.{h,cpp}).
//
// A partial merkle tree proves that some txids belong to a block's merkle tree. The tree is walked
// depth first; every visited node contributes one flag bit, set when the node is (or is an
// ancestor of) a matched txid. A node whose bit is clear, and every leaf, also contributes its
// hash and is not descended into. The receiver repeats the same walk, consuming bits and hashes,
// and recomputes the root.

import { bytesEqual } from "../bytes/equal.js";
import type { ByteReader } from "../bytes/reader.js";
import type { ByteWriter } from "../bytes/writer.js";
import { MAX_BLOCK_WEIGHT, MIN_TRANSACTION_WEIGHT } from "../constants.js";
import { DecodeError, RangeCheckError } from "../errors.js";
import { sha256d } from "../hash.js";

/**
 * Most transactions a partial merkle tree may claim (16666): as many as fit in a block of
 * maximum weight. Core's ExtractMatches rejects `nTransactions > MAX_BLOCK_WEIGHT /
 * MIN_TRANSACTION_WEIGHT` so a hostile tree cannot make the walk arbitrarily deep.
 */
export const MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS = Math.floor(
  MAX_BLOCK_WEIGHT / MIN_TRANSACTION_WEIGHT,
);

/**
 * A partial merkle tree as it travels on the wire: the block's transaction count, the hashes in
 * depth-first order, and the flag bits packed eight to a byte, least significant bit first.
 * Hashes are 32 bytes in internal byte order.
 */
export interface PartialMerkleTree {
  /** Total number of transactions in the block (a u32 on the wire). */
  readonly txCount: number;
  /** Txids and inner-node hashes in the order the depth-first walk uses them. */
  readonly hashes: readonly Uint8Array[];
  /** The flag bits, bit `p` at `flags[p >> 3] >> (p & 7)`; unused bits of the last byte are 0. */
  readonly flags: Uint8Array;
}

/** A txid the tree proves, with its position in the block. */
export interface MatchedTx {
  readonly txid: Uint8Array;
  /** Index of the transaction in the block (0 is the coinbase). */
  readonly index: number;
}

/**
 * Why {@link extractMatches} refused a tree; every case for which Core's
 * CPartialMerkleTree::ExtractMatches returns a null root:
 * - `no-transactions`: the tree claims zero transactions;
 * - `too-many-transactions`: more than {@link MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS};
 * - `too-many-hashes`: more hashes than transactions;
 * - `not-enough-bits`: fewer flag bits than hashes (every hash needs a node, every node a bit);
 * - `bits-overflow`: the walk needed more flag bits than the tree has;
 * - `hashes-overflow`: the walk needed more hashes than the tree has;
 * - `duplicate-subtree`: a node's provided right child equals its left child (CVE-2012-2459:
 *   txids are unique, so equal siblings mean a duplicated subtree that forges the tree's shape);
 * - `unused-bits`: whole flag bytes left over after the walk (padding in the last byte is fine);
 * - `unused-hashes`: hashes left over after the walk.
 */
export type PartialMerkleTreeFailureCode =
  | "no-transactions"
  | "too-many-transactions"
  | "too-many-hashes"
  | "not-enough-bits"
  | "bits-overflow"
  | "hashes-overflow"
  | "duplicate-subtree"
  | "unused-bits"
  | "unused-hashes";

/** A tree {@link extractMatches} accepted: its merkle root and the txids it proves. */
export interface ExtractedMatches {
  readonly ok: true;
  /** The merkle root the tree commits to; compare it with the block header's. */
  readonly root: Uint8Array;
  /** The matched txids in depth-first order, which is increasing block index. */
  readonly matches: readonly MatchedTx[];
}

/** A tree {@link extractMatches} refused, with the reason. */
export interface ExtractMatchesFailure {
  readonly ok: false;
  readonly code: PartialMerkleTreeFailureCode;
  readonly message: string;
}

/** The outcome of {@link extractMatches}. */
export type ExtractMatchesResult = ExtractedMatches | ExtractMatchesFailure;

/** Number of nodes at `height` (0 = leaves) of a tree over `txCount` leaves (Core's CalcTreeWidth). */
function treeWidth(txCount: number, height: number): number {
  const span = 2 ** height;
  return Math.floor((txCount + span - 1) / span);
}

/** Height of the root above the leaves: 0 for one transaction. */
function treeHeight(txCount: number): number {
  let height = 0;
  while (treeWidth(txCount, height) > 1) height++;
  return height;
}

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const pair = new Uint8Array(64);
  pair.set(left, 0);
  pair.set(right, 32);
  return sha256d(pair);
}

function checkHash(hash: unknown, what: string): asserts hash is Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== 32) {
    throw new RangeCheckError(`${what} must be a 32-byte hash`);
  }
}

/**
 * Builds the partial merkle tree proving the txids whose `matches` entry is true, exactly as
 * Core's CPartialMerkleTree(vTxid, vMatch) does: same walk, same hashes, same flag bits. Throws
 * {@link RangeCheckError} for an empty list, lists of different lengths or a txid that is not
 * 32 bytes (a block always has a coinbase, so these are caller errors).
 */
export function buildPartialMerkleTree(
  txids: readonly Uint8Array[],
  matches: readonly boolean[],
): PartialMerkleTree {
  const txCount = txids.length;
  if (txCount === 0) throw new RangeCheckError("a partial merkle tree needs at least one txid");
  if (txCount > 0xffffffff) throw new RangeCheckError(`${txCount} txids do not fit a u32 count`);
  if (matches.length !== txCount) {
    throw new RangeCheckError(`${matches.length} match flags for ${txCount} txids`);
  }
  for (let i = 0; i < txCount; i++) checkHash(txids[i], `txid ${i}`);

  // Every level of the full tree, hashes and "parent of a match" bits alike, computed bottom-up
  // once: Core recomputes them per visited node, which gives the same values.
  const height = treeHeight(txCount);
  const hashLevels: Uint8Array[][] = [txids.slice()];
  const matchLevels: boolean[][] = [matches.map((m) => m === true)];
  for (let h = 1; h <= height; h++) {
    const below = hashLevels[h - 1]!;
    const belowMatch = matchLevels[h - 1]!;
    const width = treeWidth(txCount, h);
    const level: Uint8Array[] = new Array(width);
    const levelMatch: boolean[] = new Array(width);
    for (let i = 0; i < width; i++) {
      const left = below[2 * i]!;
      // An odd level pairs its last node with itself, as in the block's merkle root.
      const right = below[2 * i + 1] ?? left;
      level[i] = hashPair(left, right);
      levelMatch[i] = belowMatch[2 * i]! || (belowMatch[2 * i + 1] ?? false);
    }
    hashLevels.push(level);
    matchLevels.push(levelMatch);
  }

  const bits: boolean[] = [];
  const hashes: Uint8Array[] = [];
  const visit = (h: number, pos: number): void => {
    const parentOfMatch = matchLevels[h]![pos]!;
    bits.push(parentOfMatch);
    if (h === 0 || !parentOfMatch) {
      hashes.push(hashLevels[h]![pos]!.slice());
      return;
    }
    visit(h - 1, pos * 2);
    if (pos * 2 + 1 < treeWidth(txCount, h - 1)) visit(h - 1, pos * 2 + 1);
  };
  visit(height, 0);

  const flags = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((bit, p) => {
    if (bit) flags[p >> 3]! |= 1 << (p & 7);
  });
  return { txCount, hashes, flags };
}

function failure(code: PartialMerkleTreeFailureCode, message: string): ExtractMatchesFailure {
  return { ok: false, code, message };
}

/**
 * Recomputes the merkle root of a partial merkle tree and lists the txids it proves, as Core's
 * CPartialMerkleTree::ExtractMatches does, refusing (with a {@link PartialMerkleTreeFailureCode})
 * every tree Core refuses. Where Core would note several problems in one walk, the first one met
 * is reported. The caller still has to compare `root` with the block header's merkle root.
 * Throws {@link RangeCheckError} only for a value no decoder produces (a `txCount` that is not
 * a u32, a hash that is not 32 bytes).
 */
export function extractMatches(tree: PartialMerkleTree): ExtractMatchesResult {
  const { txCount, hashes, flags } = tree;
  if (!Number.isInteger(txCount) || txCount < 0 || txCount > 0xffffffff) {
    throw new RangeCheckError(`transaction count ${txCount} is not a u32`);
  }
  for (let i = 0; i < hashes.length; i++) checkHash(hashes[i], `hash ${i}`);
  if (txCount === 0) return failure("no-transactions", "the tree claims no transactions");
  if (txCount > MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS) {
    return failure(
      "too-many-transactions",
      `${txCount} transactions exceed the ${MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS} that fit a block`,
    );
  }
  if (hashes.length > txCount) {
    return failure("too-many-hashes", `${hashes.length} hashes for ${txCount} transactions`);
  }
  const bitCount = flags.length * 8;
  if (bitCount < hashes.length) {
    return failure("not-enough-bits", `${bitCount} flag bits for ${hashes.length} hashes`);
  }

  let bitsUsed = 0;
  let hashesUsed = 0;
  // Set by the walk; the cast keeps TypeScript from narrowing it to null for good.
  let stop = null as ExtractMatchesFailure | null;
  const matches: MatchedTx[] = [];
  // Returns the node's hash, or null once `stop` is set: Core keeps walking after marking the
  // tree bad, but the outcome is a refusal either way, so the first problem ends the walk.
  const visit = (h: number, pos: number): Uint8Array | null => {
    if (bitsUsed >= bitCount) {
      stop = failure("bits-overflow", `the walk needs more than the ${bitCount} flag bits`);
      return null;
    }
    const parentOfMatch = ((flags[bitsUsed >> 3]! >> (bitsUsed & 7)) & 1) === 1;
    bitsUsed++;
    if (h === 0 || !parentOfMatch) {
      const hash = hashes[hashesUsed];
      if (hash === undefined) {
        stop = failure("hashes-overflow", `the walk needs more than the ${hashes.length} hashes`);
        return null;
      }
      hashesUsed++;
      if (h === 0 && parentOfMatch) matches.push({ txid: hash.slice(), index: pos });
      return hash;
    }
    const left = visit(h - 1, pos * 2);
    if (left === null) return null;
    let right = left;
    if (pos * 2 + 1 < treeWidth(txCount, h - 1)) {
      const provided = visit(h - 1, pos * 2 + 1);
      if (provided === null) return null;
      if (bytesEqual(left, provided)) {
        stop = failure(
          "duplicate-subtree",
          `identical children under node ${pos} at height ${h} (CVE-2012-2459)`,
        );
        return null;
      }
      right = provided;
    }
    return hashPair(left, right);
  };

  // Recursion depth is the tree height: at most 15 below MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS.
  const root = visit(treeHeight(txCount), 0);
  // visit returns null only after setting stop.
  if (root === null) return stop!;
  if (Math.ceil(bitsUsed / 8) !== flags.length) {
    return failure(
      "unused-bits",
      `the walk used ${bitsUsed} flag bits, ${flags.length} flag bytes were given`,
    );
  }
  if (hashesUsed !== hashes.length) {
    return failure("unused-hashes", `the walk used ${hashesUsed} of ${hashes.length} hashes`);
  }
  return { ok: true, root, matches };
}

/**
 * Reads a partial merkle tree (u32 transaction count, CompactSize + hashes, CompactSize + flag
 * bytes) as Core deserializes CPartialMerkleTree. Throws {@link DecodeError} on truncation or a
 * bad CompactSize; a hash count the remaining bytes cannot hold is refused before allocating.
 */
export function readPartialMerkleTree(r: ByteReader): PartialMerkleTree {
  const txCount = r.u32le();
  const hashCount = r.compactSize();
  if (hashCount * 32 > r.remaining) {
    throw new DecodeError(
      "truncated",
      `${hashCount} hashes need ${hashCount * 32} bytes at offset ${r.offset}, have ${r.remaining}`,
    );
  }
  const hashes: Uint8Array[] = new Array(hashCount);
  for (let i = 0; i < hashCount; i++) hashes[i] = r.take(32);
  const flags = r.varBytes();
  return { txCount, hashes, flags };
}

/**
 * Writes a partial merkle tree in Core's CPartialMerkleTree serialization. Throws
 * {@link RangeCheckError} for a count that is not a u32 or a hash that is not 32 bytes.
 */
export function writePartialMerkleTree(w: ByteWriter, tree: PartialMerkleTree): void {
  const { txCount, hashes, flags } = tree;
  if (!Number.isInteger(txCount) || txCount < 0 || txCount > 0xffffffff) {
    throw new RangeCheckError(`transaction count ${txCount} is not a u32`);
  }
  for (let i = 0; i < hashes.length; i++) checkHash(hashes[i], `hash ${i}`);
  w.u32le(txCount).compactSize(hashes.length);
  for (const hash of hashes) w.bytes(hash);
  w.varBytes(flags);
}
