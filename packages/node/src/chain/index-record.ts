import {
  type BlockHeader,
  ByteReader,
  ByteWriter,
  decodeHeader,
  encodeHeader,
} from "@hashforge/consensus";
import type { BlockFileCursor, BlockPos } from "../blockstore/block-pos.js";

/** What the store keeps of one block index entry (key 'b' + hash). */
export interface IndexRecord {
  readonly header: BlockHeader;
  readonly height: number;
  readonly status: number;
  readonly txCount: number;
  readonly blockPos: BlockPos | null;
  readonly undoPos: BlockPos | null;
}

function writePos(w: ByteWriter, pos: BlockPos | null): void {
  if (pos === null) {
    w.u8(0);
    return;
  }
  w.u8(1).u32le(pos.file).u32le(pos.offset).u32le(pos.length);
}

function readPos(r: ByteReader): BlockPos | null {
  if (r.u8() === 0) return null;
  return { file: r.u32le(), offset: r.u32le(), length: r.u32le() };
}

/** Serializes a block index record: header, height, status, tx count, file positions. */
export function encodeIndexRecord(record: IndexRecord): Uint8Array {
  const w = new ByteWriter(120);
  w.bytes(encodeHeader(record.header))
    .u32le(record.height)
    .u32le(record.status)
    .u32le(record.txCount);
  writePos(w, record.blockPos);
  writePos(w, record.undoPos);
  return w.finish();
}

/** Reads a record written by {@link encodeIndexRecord}; malformed bytes throw DecodeError. */
export function decodeIndexRecord(bytes: Uint8Array): IndexRecord {
  const r = new ByteReader(bytes);
  const header = decodeHeader(r.bytesView(80));
  const height = r.u32le();
  const status = r.u32le();
  const txCount = r.u32le();
  const blockPos = readPos(r);
  const undoPos = readPos(r);
  r.expectEnd("block index record");
  return { header, height, status, txCount, blockPos, undoPos };
}

/** Serializes the block files' append points. */
export function encodeFileCursor(cursor: BlockFileCursor): Uint8Array {
  return new ByteWriter(16)
    .u32le(cursor.blk.file)
    .u32le(cursor.blk.end)
    .u32le(cursor.rev.file)
    .u32le(cursor.rev.end)
    .finish();
}

/** Reads the block files' append points. */
export function decodeFileCursor(bytes: Uint8Array): BlockFileCursor {
  const r = new ByteReader(bytes);
  const cursor = {
    blk: { file: r.u32le(), end: r.u32le() },
    rev: { file: r.u32le(), end: r.u32le() },
  };
  r.expectEnd("block file cursor");
  return cursor;
}
