// BIP37 merkle blocks: Bitcoin Core's CMerkleBlock, a block header with a partial merkle tree. It
// is the `merkleblock` P2P message and the proof that gettxoutproof / verifytxoutproof exchange.

import { bytesEqual } from "../bytes/equal.js";
import { toHex } from "../bytes/hex.js";
import { ByteReader } from "../bytes/reader.js";
import { ByteWriter } from "../bytes/writer.js";
import { RangeCheckError } from "../errors.js";
import { txid } from "../tx/hash.js";
import type { Block } from "./block.js";
import { type BlockHeader, HEADER_SIZE, readHeader, writeHeader } from "./header.js";
import {
  buildPartialMerkleTree,
  type ExtractedMatches,
  extractMatches,
  type PartialMerkleTree,
  type PartialMerkleTreeFailureCode,
  readPartialMerkleTree,
  writePartialMerkleTree,
} from "./partial-merkle-tree.js";

/** A block header and a partial merkle tree over the block's txids (Core's CMerkleBlock). */
export interface MerkleBlock extends PartialMerkleTree {
  readonly header: BlockHeader;
}

/**
 * Which transactions a merkle block proves: a predicate over each txid (internal byte order)
 * and its index in the block, or the txids themselves (32 bytes each, internal byte order).
 */
export type MerkleBlockMatch =
  | ((txid: Uint8Array, index: number) => boolean)
  | Iterable<Uint8Array>;

function matcher(match: MerkleBlockMatch): (id: Uint8Array, index: number) => boolean {
  if (typeof match === "function") return match;
  const wanted = new Set<string>();
  for (const id of match as Iterable<unknown>) {
    if (!(id instanceof Uint8Array) || id.length !== 32) {
      throw new RangeCheckError("txids to match must be 32-byte hashes");
    }
    wanted.add(toHex(id));
  }
  return (id) => wanted.has(toHex(id));
}

/**
 * Builds the merkle block of `block` proving the transactions `match` selects, as Core's
 * CMerkleBlock(block, txids) does for gettxoutproof. Txids not in the block are simply not
 * matched (Core's RPC checks beforehand that every requested txid was found). Throws
 * {@link RangeCheckError} for a block without transactions or a malformed txid to match.
 */
export function buildMerkleBlock(block: Block, match: MerkleBlockMatch): MerkleBlock {
  const isMatch = matcher(match);
  const txids = block.txs.map(txid);
  const matches = txids.map((id, i) => isMatch(id, i));
  return { header: block.header, ...buildPartialMerkleTree(txids, matches) };
}

/** Reads a merkle block: the 80-byte header, then the partial merkle tree. */
export function readMerkleBlock(r: ByteReader): MerkleBlock {
  const header = readHeader(r);
  return { header, ...readPartialMerkleTree(r) };
}

/**
 * Decodes a whole buffer as one merkle block (the bytes of a `merkleblock` message or of a
 * gettxoutproof proof). Truncated input, a bad CompactSize and trailing bytes are a
 * {@link DecodeError}; Core's verifytxoutproof ignores trailing bytes, so an edge that wants its
 * leniency reads with {@link readMerkleBlock} instead.
 */
export function decodeMerkleBlock(bytes: Uint8Array): MerkleBlock {
  const r = new ByteReader(bytes);
  const merkleBlock = readMerkleBlock(r);
  r.expectEnd("merkle block");
  return merkleBlock;
}

/** Writes a merkle block in Core's CMerkleBlock serialization. */
export function writeMerkleBlock(w: ByteWriter, merkleBlock: MerkleBlock): void {
  writeHeader(w, merkleBlock.header);
  writePartialMerkleTree(w, merkleBlock);
}

/** Serializes a merkle block (header, u32 count, CompactSize + hashes, CompactSize + flags). */
export function encodeMerkleBlock(merkleBlock: MerkleBlock): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE + 16 + 32 * merkleBlock.hashes.length);
  writeMerkleBlock(w, merkleBlock);
  return w.finish();
}

/**
 * Why {@link verifyMerkleBlock} refused a merkle block: a {@link PartialMerkleTreeFailureCode},
 * or `merkle-root-mismatch` when the tree is well formed but commits to another root than the
 * header's.
 */
export type MerkleBlockFailureCode = PartialMerkleTreeFailureCode | "merkle-root-mismatch";

/** A merkle block {@link verifyMerkleBlock} refused. */
export interface MerkleBlockFailure {
  readonly ok: false;
  readonly code: MerkleBlockFailureCode;
  readonly message: string;
}

/** The outcome of {@link verifyMerkleBlock}. */
export type VerifyMerkleBlockResult = ExtractedMatches | MerkleBlockFailure;

/**
 * Extracts the proven txids of a merkle block and checks that the tree's root is the header's
 * merkle root, the test verifytxoutproof applies before it looks the header up in its chain
 * (the caller must still check the header is in the active chain with `txCount` transactions).
 */
export function verifyMerkleBlock(merkleBlock: MerkleBlock): VerifyMerkleBlockResult {
  const result = extractMatches(merkleBlock);
  if (!result.ok) return result;
  if (!bytesEqual(result.root, merkleBlock.header.merkleRoot)) {
    return {
      ok: false,
      code: "merkle-root-mismatch",
      message: "the partial merkle tree does not commit to the header's merkle root",
    };
  }
  return result;
}
