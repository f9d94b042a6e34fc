import { ByteReader } from "../bytes/reader.js";
import { ByteWriter, compactSizeLength } from "../bytes/writer.js";
import { readTx, writeTx } from "../tx/codec.js";
import { baseSize, totalSize, WITNESS_SCALE_FACTOR } from "../tx/size.js";
import type { Transaction } from "../tx/transaction.js";
import { type BlockHeader, HEADER_SIZE, readHeader, writeHeader } from "./header.js";

/** A block: its header and transactions (the first is the coinbase in a valid block). */
export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly Transaction[];
}

/** Reads a block (header, CompactSize count, transactions). */
export function readBlock(r: ByteReader): Block {
  const header = readHeader(r);
  const count = r.compactSize();
  const txs: Transaction[] = [];
  for (let i = 0; i < count; i++) txs.push(readTx(r));
  return { header, txs };
}

/** Decodes a whole buffer as one block; trailing bytes are an error. */
export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes);
  const block = readBlock(r);
  r.expectEnd("block");
  return block;
}

/** Serializes a block, with witness data unless `witness` is false. */
export function encodeBlock(block: Block, witness = true): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE + 1024 * block.txs.length);
  writeHeader(w, block.header);
  w.compactSize(block.txs.length);
  for (const tx of block.txs) writeTx(w, tx, witness);
  return w.finish();
}

/** Size of the block without witness data (the pre-segwit serialization). */
export function blockBaseSize(block: Block): number {
  let n = HEADER_SIZE + compactSizeLength(block.txs.length);
  for (const tx of block.txs) n += baseSize(tx);
  return n;
}

/** Size of the full serialization. */
export function blockTotalSize(block: Block): number {
  let n = HEADER_SIZE + compactSizeLength(block.txs.length);
  for (const tx of block.txs) n += totalSize(tx);
  return n;
}

/** BIP141 block weight: base size x 3 + total size. */
export function blockWeight(block: Block): number {
  return blockBaseSize(block) * (WITNESS_SCALE_FACTOR - 1) + blockTotalSize(block);
}
