// The embedded key-value store the node keeps its block index and UTXO set in. One interface, a
// LevelDB implementation (the benchmark's winner, docs/decisions/0004-embedded-store.md) and an
// in-memory one for tests; both order keys by unsigned byte-wise comparison.

/** Largest key the stores accept, in bytes. Our keys are a prefix plus a hash (~40 bytes). */
export const MAX_KEY_BYTES = 1024;

/** Largest value the stores accept, in bytes. Block and undo data live in block files instead. */
export const MAX_VALUE_BYTES = 32 * 1024 * 1024;

/** How many entries an iteration reads from the engine at a time. */
export const ITERATE_CHUNK = 1000;

/**
 * One atomic write: every `del` and every `put` is applied, or none is. Deletes are applied before
 * puts, so a key in both ends up with the put's value; a key put twice keeps the last value.
 */
export interface WriteBatch {
  /** Key/value pairs to store. */
  readonly put: readonly (readonly [key: Uint8Array, value: Uint8Array])[];
  /** Keys to remove; removing an absent key is not an error. */
  readonly del: readonly Uint8Array[];
}

/** Bounds of an iteration; all optional. Keys compare as unsigned bytes, shorter prefix first. */
export interface IterateOptions {
  /** Lowest key included. */
  readonly gte?: Uint8Array;
  /** First key excluded above the range. */
  readonly lt?: Uint8Array;
  /** Walk from the highest key down. */
  readonly reverse?: boolean;
  /** Stop after this many entries (a non-negative integer). */
  readonly limit?: number;
}

/** One entry produced by {@link KeyValueStore.iterate}. */
export interface StoreEntry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/**
 * An ordered, transactional, durable map from byte strings to byte strings.
 *
 * Reads are synchronous (LevelDB's `getSync`, the in-memory map) because the chainstate reads one
 * coin at a time while connecting a block and an await per read costs more than the read itself
 * (see the decision record). `getMany` is the asynchronous, off-thread path for prefetching.
 *
 * Keys are 1..{@link MAX_KEY_BYTES} bytes, values 0..{@link MAX_VALUE_BYTES} bytes. Every returned
 * key and value is a fresh plain `Uint8Array` the caller may keep or modify. Every failure is a
 * `StoreError` (`closed`, `corrupt`, `io`, `invalid`).
 */
export interface KeyValueStore {
  /** Returns the value stored at `key`, or `undefined`; sees every write that has resolved. */
  get(key: Uint8Array): Uint8Array | undefined;

  /**
   * Returns the values of `keys` in order (`undefined` where absent). The LevelDB store reads them
   * on its thread pool, so a block's inputs can be prefetched without blocking the event loop.
   */
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;

  /** Tells whether `key` is stored. */
  has(key: Uint8Array): boolean;

  /**
   * Applies `batch` atomically and durably. Writes are applied in call order. When the promise
   * resolves, this batch and every earlier one survive a process crash and a power loss (for the
   * LevelDB store: the batch is one checksummed record in LevelDB's write-ahead log, and that log
   * was fdatasync'd before the promise resolved). A crash before it resolves leaves the batch
   * either wholly applied or wholly absent, never in part. If it rejects, the batch was not applied.
   */
  write(batch: WriteBatch): Promise<void>;

  /**
   * Iterates the entries in `[gte, lt)` in key order (or reverse), at most `limit` of them. The
   * iteration sees a snapshot taken when it starts (its first `next()`): later writes are not seen.
   * Entries are read in chunks of {@link ITERATE_CHUNK}, so memory stays bounded; break out early
   * to release the snapshot.
   */
  iterate(options?: IterateOptions): AsyncIterable<StoreEntry>;

  /** Waits for pending writes, then closes; idempotent. Every later call fails with `closed`. */
  close(): Promise<void>;
}
