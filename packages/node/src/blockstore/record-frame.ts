// On-disk framing of block and undo records, modelled on Bitcoin Core's blk?????.dat and
// rev?????.dat files: every record starts with the network's message start bytes and its length,
// so a file can be scanned for records without an index (reindex).
//
//   block record: [messageStart 4][length u32 LE][block bytes]
//   undo record:  [messageStart 4][length u32 LE][undo bytes][sha256d(undo bytes) 32]
//
// Core's undo checksum also commits to the previous block hash; ours covers the data only, and
// the block index ties an undo record to its block.

import { sha256d } from "@hashforge/consensus";

/** Bytes before a record's data: message start (4) and little-endian length (4). */
export const RECORD_HEADER_BYTES = 8;

/** Bytes after an undo record's data: its sha256d checksum. */
export const UNDO_CHECKSUM_BYTES = 32;

/** The two kinds of record file: blocks (`blk`) and undo data (`rev`). */
export type RecordKind = "blk" | "rev";

/** Returns the bytes a record of `kind` carries after its data. */
export function trailerBytes(kind: RecordKind): number {
  return kind === "rev" ? UNDO_CHECKSUM_BYTES : 0;
}

/** Returns Core's file name for file `n` of `kind`: `blk00042.dat`, `rev00042.dat`. */
export function recordFileName(kind: RecordKind, n: number): string {
  return `${kind}${String(n).padStart(5, "0")}.dat`;
}

/** Encodes one record of `kind` around `data`, ready for a single write. */
export function encodeRecord(
  kind: RecordKind,
  messageStart: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_BYTES + data.length + trailerBytes(kind));
  out.set(messageStart, 0);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, RECORD_HEADER_BYTES);
  if (kind === "rev") out.set(sha256d(data), RECORD_HEADER_BYTES + data.length);
  return out;
}
