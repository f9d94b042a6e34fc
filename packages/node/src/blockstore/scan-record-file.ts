// Walks the records of one block or undo file by their headers, for reindex and for finding the
// end of the valid data after a crash.

import { open } from "node:fs/promises";
import { bytesEqual } from "@hashforge/consensus";
import type { BlockPos } from "./block-pos.js";
import { toBlockStoreError } from "./block-store-error.js";
import { RECORD_HEADER_BYTES, type RecordKind, trailerBytes } from "./record-frame.js";

/** Options of {@link scanRecordFile}. */
export interface ScanRecordFileOptions {
  /** Path of the file to scan. */
  readonly path: string;
  /** Number of the file, copied into each position. */
  readonly file: number;
  readonly kind: RecordKind;
  readonly messageStart: Uint8Array;
  /** Largest record data accepted; a header claiming more ends the scan. */
  readonly maxRecordBytes: number;
}

/**
 * Yields the position of every complete record in a file, in file order, reading headers only.
 * The scan ends quietly at the end of the file or at the first header that is not a record
 * (wrong message start, impossible length) or whose record runs past the end of the file: that
 * is what a torn last write looks like. Data is not verified; reading the record does that.
 * Fails with `not-found` if the file does not exist, `io` on a read error.
 */
export async function* scanRecordFile(options: ScanRecordFileOptions): AsyncGenerator<BlockPos> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(options.path, "r");
  } catch (err) {
    throw toBlockStoreError(err, `open ${options.path}`);
  }
  try {
    const header = new Uint8Array(RECORD_HEADER_BYTES);
    const view = new DataView(header.buffer);
    const trailer = trailerBytes(options.kind);
    let size: number;
    try {
      size = (await handle.stat()).size;
    } catch (err) {
      throw toBlockStoreError(err, `stat ${options.path}`);
    }
    let offset = 0;
    while (offset + RECORD_HEADER_BYTES <= size) {
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(header, 0, RECORD_HEADER_BYTES, offset));
      } catch (err) {
        throw toBlockStoreError(err, `read ${options.path}`);
      }
      if (read < RECORD_HEADER_BYTES) return;
      if (!bytesEqual(header.subarray(0, 4), options.messageStart)) return;
      const length = view.getUint32(4, true);
      if (length > options.maxRecordBytes) return;
      const end = offset + RECORD_HEADER_BYTES + length + trailer;
      if (end > size) return;
      yield { file: options.file, offset: offset + RECORD_HEADER_BYTES, length };
      offset = end;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}
