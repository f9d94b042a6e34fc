// The node's KeyValueStore on LevelDB (classic-level), chosen by benchmark in
// docs/decisions/0004-embedded-store.md: the same engine Bitcoin Core keeps its chainstate in.

import { type BatchOperation, ClassicLevel, type Iterator } from "classic-level";
import {
  checkBatch,
  checkIterateOptions,
  checkKey,
  copyBytes,
  plainView,
} from "./check-store-input.js";
import type { IterateOptions, KeyValueStore, StoreEntry, WriteBatch } from "./key-value-store.js";
import { ITERATE_CHUNK } from "./key-value-store.js";
import { StoreError, type StoreErrorCode } from "./store-error.js";

/** Options of {@link LevelStore.open}. */
export interface LevelStoreOptions {
  /** Directory of the database; created if missing. */
  readonly path: string;
  /** LevelDB block cache size in bytes (default 8 MiB, LevelDB's own default). */
  readonly cacheSizeBytes?: number;
  /** LevelDB memtable size in bytes before it is written to a table file (default 4 MiB). */
  readonly writeBufferSizeBytes?: number;
  /** Most table files LevelDB keeps open at once (default 1000). */
  readonly maxOpenFiles?: number;
}

type LevelDb = ClassicLevel<Uint8Array, Uint8Array>;

/** Maps an error thrown by classic-level/abstract-level to a StoreError with the right code. */
function toStoreError(err: unknown, action: string): StoreError {
  if (err instanceof StoreError) return err;
  const codes: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = e.cause;
  }
  let code: StoreErrorCode = "io";
  if (codes.includes("LEVEL_CORRUPTION") || codes.includes("LEVEL_DECODE_ERROR")) code = "corrupt";
  else if (codes.includes("LEVEL_LOCKED")) {
    // Core: "Cannot obtain a lock on data directory ... probably already running."
    return new StoreError(
      "io",
      `${action} failed: another process (a running node?) holds its lock`,
      {
        cause: err,
      },
    );
  } else if (
    codes.includes("LEVEL_DATABASE_NOT_OPEN") ||
    codes.includes("LEVEL_ITERATOR_NOT_OPEN") ||
    codes.includes("LEVEL_BATCH_NOT_OPEN")
  ) {
    code = "closed";
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreError(code, `${action} failed: ${detail}`, { cause: err });
}

/**
 * Creates a {@link KeyValueStore} over a LevelDB database. Reads use LevelDB's synchronous `get`;
 * every write is one LevelDB batch written with `sync: true`, so it is appended to LevelDB's
 * write-ahead log as one checksummed record and fdatasync'd before `write()` resolves. LevelDB
 * replays that log on open and drops a torn last record, which is what makes a batch all or
 * nothing after a crash. Writes are chained so they reach LevelDB in call order (classic-level
 * runs concurrent batches on a thread pool, which would otherwise reorder them).
 */
export class LevelStore implements KeyValueStore {
  readonly #db: LevelDb;
  #closed = false;
  #tail: Promise<void> = Promise.resolve();

  private constructor(db: LevelDb) {
    this.#db = db;
  }

  /**
   * Opens (creating if missing) the LevelDB database in `options.path`. Fails with `io` if another
   * process holds it, `corrupt` if LevelDB finds damaged files.
   */
  static async open(options: LevelStoreOptions): Promise<LevelStore> {
    const db: LevelDb = new ClassicLevel<Uint8Array, Uint8Array>(options.path, {
      keyEncoding: "view",
      valueEncoding: "view",
      ...(options.cacheSizeBytes === undefined ? {} : { cacheSize: options.cacheSizeBytes }),
      ...(options.writeBufferSizeBytes === undefined
        ? {}
        : { writeBufferSize: options.writeBufferSizeBytes }),
      ...(options.maxOpenFiles === undefined ? {} : { maxOpenFiles: options.maxOpenFiles }),
    });
    try {
      await db.open({ createIfMissing: true, errorIfExists: false });
    } catch (err) {
      throw toStoreError(err, `open ${options.path}`);
    }
    return new LevelStore(db);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    this.#assertOpen();
    checkKey(key);
    let value: Uint8Array | undefined;
    try {
      value = this.#db.getSync(key);
    } catch (err) {
      throw toStoreError(err, "get");
    }
    return value === undefined ? undefined : plainView(value);
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.#assertOpen();
    for (const key of keys) checkKey(key);
    if (keys.length === 0) return [];
    try {
      const values = await this.#db.getMany([...keys]);
      return values.map((v) => (v === undefined ? undefined : plainView(v)));
    } catch (err) {
      throw toStoreError(err, "getMany");
    }
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  write(batch: WriteBatch): Promise<void> {
    try {
      this.#assertOpen();
      checkBatch(batch);
    } catch (err) {
      return Promise.reject(err);
    }
    // Build the operation list now: the caller may reuse its buffers once write() returns, and
    // classic-level copies keys and values into the native batch when it is written.
    const ops: BatchOperation<LevelDb, Uint8Array, Uint8Array>[] = [];
    for (const key of batch.del) ops.push({ type: "del", key: copyBytes(key) });
    for (const [key, value] of batch.put) {
      ops.push({ type: "put", key: copyBytes(key), value: copyBytes(value) });
    }
    const run = this.#tail.then(async () => {
      if (ops.length === 0) return;
      try {
        await this.#db.batch(ops, { sync: true });
      } catch (err) {
        throw toStoreError(err, "write");
      }
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  iterate(options: IterateOptions = {}): AsyncIterable<StoreEntry> {
    this.#assertOpen();
    checkIterateOptions(options);
    return this.#entries(options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#tail;
    try {
      await this.#db.close();
    } catch (err) {
      throw toStoreError(err, "close");
    }
  }

  async *#entries(options: IterateOptions): AsyncGenerator<StoreEntry> {
    this.#assertOpen();
    if (options.limit === 0) return;
    let iterator: Iterator<LevelDb, Uint8Array, Uint8Array>;
    try {
      // The native iterator reads from an implicit snapshot taken here.
      iterator = this.#db.iterator({
        ...(options.gte === undefined ? {} : { gte: options.gte }),
        ...(options.lt === undefined ? {} : { lt: options.lt }),
        reverse: options.reverse === true,
        limit: options.limit ?? -1,
      });
    } catch (err) {
      throw toStoreError(err, "iterate");
    }
    try {
      for (;;) {
        let chunk: [Uint8Array, Uint8Array][];
        try {
          chunk = await iterator.nextv(ITERATE_CHUNK);
        } catch (err) {
          throw toStoreError(err, "iterate");
        }
        if (chunk.length === 0) return;
        for (const [key, value] of chunk) yield { key: plainView(key), value: plainView(value) };
      }
    } finally {
      // Closing a closed iterator is a no-op; after db.close() classic-level closed it already.
      await iterator.close().catch(() => undefined);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError("closed", "store is closed");
  }
}
