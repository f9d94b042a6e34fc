// Append-only block and undo files, like Bitcoin Core's blk?????.dat / rev?????.dat (node/
// blockstorage.cpp): records are appended to the current file, which rolls to the next number
// past a size limit; positions go into the block index, which lives in the key-value store.
//
// Crash ordering (the caller's half of the contract): the chainstate flush calls flush() FIRST,
// so every record the next index batch points at is on stable storage, and only THEN commits the
// key-value store batch holding those positions and cursor(). A crash between the two leaves
// records past the indexed end; on open they are truncated away and later overwritten. The
// opposite order could commit an index that points at data the disk never received.

import { type FileHandle, mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { bytesEqual, sha256d } from "@hashforge/consensus";
import type { BlockFileCursor, BlockPos } from "./block-pos.js";
import { BlockStoreError, toBlockStoreError } from "./block-store-error.js";
import {
  type Appender,
  type BlockStoreLogger,
  checkSize,
  MAX_OFFSET,
  openAppender,
} from "./record-appender.js";
import {
  encodeRecord,
  RECORD_HEADER_BYTES,
  type RecordKind,
  recordFileName,
  trailerBytes,
} from "./record-frame.js";
import { scanRecordFile } from "./scan-record-file.js";

/** Core's MAX_BLOCKFILE_SIZE: a file rolls over once the next record would pass 128 MiB. */
export const DEFAULT_MAX_BLOCK_FILE_SIZE = 128 * 1024 * 1024;

/** Default bound on one record's data, checked on write and before allocating on read. */
export const DEFAULT_MAX_RECORD_BYTES = 128 * 1024 * 1024;

/** Options of {@link BlockFileStore.open}. */
export interface BlockFileStoreOptions {
  /** Directory holding the blk/rev files; created if missing. */
  readonly dir: string;
  /** The network's message start bytes (`ChainParams.messageStart`), framing every record. */
  readonly messageStart: Uint8Array;
  /**
   * Where appending resumes: the cursor the block index last committed (anything past it is
   * discarded), or `"scan"` to resume after the last complete record of the highest-numbered
   * files on disk (a fresh node, or a reindex that rebuilds the index from the files).
   */
  readonly resume: BlockFileCursor | "scan";
  /** A file rolls to the next number once a record would take it past this size (bytes). */
  readonly maxFileSize?: number;
  /** Largest record data accepted (bytes). A larger record than `maxFileSize` gets its own file. */
  readonly maxRecordBytes?: number;
  readonly logger?: BlockStoreLogger;
}

const silent: BlockStoreLogger = { info() {}, warn() {} };

/** Writes all of `bytes` at `position`, looping over short writes. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Reads up to `length` bytes at `position`; returns fewer only at end of file. */
async function readFully(
  handle: FileHandle,
  length: number,
  position: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? out : out.subarray(0, done);
}

/**
 * Creates append-only block (`blk?????.dat`) and undo (`rev?????.dat`) files. Each record is
 * `[messageStart][length u32 LE][data]`, undo records followed by `sha256d(data)`; positions
 * point at the data. Appends and flushes run one at a time in call order; reads run concurrently.
 * A torn or damaged record reads as a `BlockStoreError`, never as wrong data or a crash.
 */
export class BlockFileStore {
  readonly #dir: string;
  readonly #magic: Uint8Array;
  readonly #maxFileSize: number;
  readonly #maxRecordBytes: number;
  readonly #logger: BlockStoreLogger;
  readonly #blk: Appender;
  readonly #rev: Appender;
  #dirDirty: boolean;
  #closed = false;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(
    options: BlockFileStoreOptions,
    limits: { maxFileSize: number; maxRecordBytes: number },
    blk: Appender,
    rev: Appender,
  ) {
    this.#dir = options.dir;
    this.#magic = options.messageStart.slice();
    this.#maxFileSize = limits.maxFileSize;
    this.#maxRecordBytes = limits.maxRecordBytes;
    this.#logger = options.logger ?? silent;
    this.#blk = blk;
    this.#rev = rev;
    this.#dirDirty = true; // the open may have created or truncated files
  }

  /**
   * Opens the store: positions both appenders at `options.resume`, truncating any bytes past it
   * (records written after the last committed index batch, or a torn tail). Fails with `not-found`
   * or `truncated` if the files hold less than the cursor says (the node must reindex), `invalid`
   * for bad options, `io` on OS errors.
   */
  static async open(options: BlockFileStoreOptions): Promise<BlockFileStore> {
    if (!(options.messageStart instanceof Uint8Array) || options.messageStart.length !== 4) {
      throw new BlockStoreError("invalid", "messageStart must be 4 bytes");
    }
    const maxFileSize = checkSize(
      "maxFileSize",
      options.maxFileSize ?? DEFAULT_MAX_BLOCK_FILE_SIZE,
      RECORD_HEADER_BYTES + 64,
      MAX_OFFSET,
    );
    const maxRecordBytes = checkSize(
      "maxRecordBytes",
      options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      1,
      MAX_OFFSET - RECORD_HEADER_BYTES - trailerBytes("rev"),
    );
    const logger = options.logger ?? silent;
    try {
      await mkdir(options.dir, { recursive: true });
    } catch (err) {
      throw toBlockStoreError(err, `create ${options.dir}`);
    }
    const resume = (kind: "blk" | "rev") =>
      options.resume === "scan" ? "scan" : options.resume[kind];
    const { dir, messageStart } = options;
    const blk = await openAppender(dir, messageStart, "blk", resume("blk"), maxRecordBytes, logger);
    let rev: Appender;
    try {
      rev = await openAppender(dir, messageStart, "rev", resume("rev"), maxRecordBytes, logger);
    } catch (err) {
      await blk.handle.close().catch(() => undefined);
      throw err;
    }
    return new BlockFileStore(options, { maxFileSize, maxRecordBytes }, blk, rev);
  }

  /** Appends a serialized block; resolves with its position once written (not yet fsync'd). */
  writeBlock(bytes: Uint8Array): Promise<BlockPos> {
    return this.#append(this.#blk, bytes);
  }

  /** Appends serialized undo data with its sha256d checksum; resolves with its position. */
  writeUndo(bytes: Uint8Array): Promise<BlockPos> {
    return this.#append(this.#rev, bytes);
  }

  /** Reads the block at `pos`, checking the record's message start and length. */
  readBlock(pos: BlockPos): Promise<Uint8Array> {
    return this.#read("blk", pos);
  }

  /** Reads the undo data at `pos`, checking message start, length and sha256d checksum. */
  readUndo(pos: BlockPos): Promise<Uint8Array> {
    return this.#read("rev", pos);
  }

  /**
   * Makes every record returned so far durable: fdatasyncs each file written since the last
   * flush (files left behind by a roll were synced when rolled) and the directory if files were
   * created. Resolves with the cursor that is now durable, for the index batch that follows.
   * Call it BEFORE committing a store batch that references new positions (see the file header).
   */
  flush(): Promise<BlockFileCursor> {
    return this.#enqueue(async () => {
      await this.#sync();
      return this.cursor();
    });
  }

  /** Returns the append points after every write that has resolved so far. */
  cursor(): BlockFileCursor {
    return {
      blk: { file: this.#blk.file, end: this.#blk.end },
      rev: { file: this.#rev.file, end: this.#rev.end },
    };
  }

  /** Yields the position of every complete record in block file `n` (for reindex). */
  scanBlockFile(n: number): AsyncGenerator<BlockPos> {
    return this.#scan("blk", n);
  }

  /** Yields the position of every complete record in undo file `n`. */
  scanUndoFile(n: number): AsyncGenerator<BlockPos> {
    return this.#scan("rev", n);
  }

  /** Waits for pending appends, flushes, and closes the files; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const last = this.#enqueue(() => this.#sync());
    this.#closed = true;
    try {
      await last;
    } finally {
      await this.#blk.handle.close().catch(() => undefined);
      await this.#rev.handle.close().catch(() => undefined);
    }
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new BlockStoreError("closed", "block store is closed"));
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #append(appender: Appender, data: Uint8Array): Promise<BlockPos> {
    if (!(data instanceof Uint8Array)) {
      return Promise.reject(new BlockStoreError("invalid", "record data must be a Uint8Array"));
    }
    if (data.length > this.#maxRecordBytes) {
      return Promise.reject(
        new BlockStoreError(
          "too-large",
          `record of ${data.length} bytes above ${this.#maxRecordBytes}`,
        ),
      );
    }
    const record = encodeRecord(appender.kind, this.#magic, data);
    return this.#enqueue(async () => {
      // Like Core's FindNextBlockPos: roll when the record would pass the limit, unless the file
      // is empty (an oversized record then gets a file of its own).
      if (appender.end > 0 && appender.end + record.length > this.#maxFileSize) {
        await this.#roll(appender);
      }
      if (appender.end + record.length > MAX_OFFSET) {
        throw new BlockStoreError("too-large", "record would pass the 32-bit file offset limit");
      }
      const at = appender.end;
      try {
        await writeAll(appender.handle, record, at);
      } catch (err) {
        // The cursor has not moved: the next append overwrites whatever part was written.
        throw toBlockStoreError(err, `write ${recordFileName(appender.kind, appender.file)}`);
      }
      appender.end = at + record.length;
      appender.dirty = true;
      return { file: appender.file, offset: at + RECORD_HEADER_BYTES, length: data.length };
    });
  }

  async #roll(appender: Appender): Promise<void> {
    const next = appender.file + 1;
    const name = recordFileName(appender.kind, next);
    try {
      if (appender.dirty) await appender.handle.datasync();
    } catch (err) {
      throw toBlockStoreError(err, `sync ${recordFileName(appender.kind, appender.file)}`);
    }
    appender.dirty = false;
    let handle: FileHandle;
    try {
      // "w+" truncates a stale file of that number left by writes the index never committed.
      handle = await open(join(this.#dir, name), "w+");
    } catch (err) {
      throw toBlockStoreError(err, `create ${name}`);
    }
    await appender.handle.close().catch(() => undefined);
    this.#logger.info(
      { kind: appender.kind, file: next, previousEnd: appender.end },
      "Rolled to new file",
    );
    appender.handle = handle;
    appender.file = next;
    appender.end = 0;
    this.#dirDirty = true;
  }

  async #sync(): Promise<void> {
    for (const appender of [this.#blk, this.#rev]) {
      if (!appender.dirty) continue;
      try {
        await appender.handle.datasync();
      } catch (err) {
        throw toBlockStoreError(err, `sync ${recordFileName(appender.kind, appender.file)}`);
      }
      appender.dirty = false;
    }
    if (this.#dirDirty) {
      // A new file's directory entry is only durable once the directory itself is synced.
      let dir: FileHandle | undefined;
      try {
        dir = await open(this.#dir, "r");
        await dir.sync();
      } catch (err) {
        throw toBlockStoreError(err, `sync directory ${this.#dir}`);
      } finally {
        await dir?.close().catch(() => undefined);
      }
      this.#dirDirty = false;
    }
  }

  async #read(kind: RecordKind, pos: BlockPos): Promise<Uint8Array> {
    if (this.#closed) throw new BlockStoreError("closed", "block store is closed");
    this.#checkPos(pos);
    const name = recordFileName(kind, pos.file);
    const trailer = trailerBytes(kind);
    const total = RECORD_HEADER_BYTES + pos.length + trailer;
    let bytes: Uint8Array;
    let handle: FileHandle | undefined;
    try {
      handle = await open(join(this.#dir, name), "r");
      bytes = await readFully(handle, total, pos.offset - RECORD_HEADER_BYTES);
    } catch (err) {
      throw toBlockStoreError(err, `read ${name}`);
    } finally {
      await handle?.close().catch(() => undefined);
    }
    const at = `${name} at ${pos.offset}`;
    if (bytes.length < RECORD_HEADER_BYTES) {
      throw new BlockStoreError("truncated", `${at}: record header past end of file`);
    }
    if (!bytesEqual(bytes.subarray(0, 4), this.#magic)) {
      throw new BlockStoreError("bad-magic", `${at}: record does not start with the message start`);
    }
    const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
    if (length !== pos.length) {
      throw new BlockStoreError(
        "bad-length",
        `${at}: header says ${length} bytes, index ${pos.length}`,
      );
    }
    if (bytes.length < total) {
      throw new BlockStoreError("truncated", `${at}: record runs past end of file (torn write)`);
    }
    const data = bytes.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + pos.length);
    if (
      trailer > 0 &&
      !bytesEqual(sha256d(data), bytes.subarray(RECORD_HEADER_BYTES + pos.length))
    ) {
      throw new BlockStoreError("bad-checksum", `${at}: undo data checksum mismatch`);
    }
    return data;
  }

  #checkPos(pos: BlockPos): void {
    const ok =
      Number.isSafeInteger(pos.file) &&
      pos.file >= 0 &&
      Number.isSafeInteger(pos.offset) &&
      pos.offset >= RECORD_HEADER_BYTES &&
      Number.isSafeInteger(pos.length) &&
      pos.length >= 0 &&
      pos.length <= this.#maxRecordBytes &&
      pos.offset + pos.length <= MAX_OFFSET;
    if (!ok) {
      throw new BlockStoreError(
        "invalid",
        `bad position file=${pos.file} offset=${pos.offset} length=${pos.length}`,
      );
    }
  }

  #scan(kind: RecordKind, n: number): AsyncGenerator<BlockPos> {
    if (this.#closed) throw new BlockStoreError("closed", "block store is closed");
    checkSize("file number", n, 0, Number.MAX_SAFE_INTEGER);
    return scanRecordFile({
      path: join(this.#dir, recordFileName(kind, n)),
      file: n,
      kind,
      messageStart: this.#magic,
      maxRecordBytes: this.#maxRecordBytes,
    });
  }
}
