// An in-memory KeyValueStore with the same semantics as the LevelDB one, for tests and tools that
// need a chainstate without a disk. Nothing survives close().

import { compareBytes } from "@hashforge/consensus";
import { checkBatch, checkIterateOptions, checkKey, copyBytes } from "./check-store-input.js";
import type { IterateOptions, KeyValueStore, StoreEntry, WriteBatch } from "./key-value-store.js";
import { StoreError } from "./store-error.js";

/** The sorted contents at one moment; writes replace it, so an iteration keeps its snapshot. */
interface Snapshot {
  readonly keys: readonly Uint8Array[];
  readonly values: readonly Uint8Array[];
}

/** Returns the index of the first key in `keys` that is >= `key` (keys.length if none). */
function lowerBound(keys: readonly Uint8Array[], key: Uint8Array): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Creates an in-memory {@link KeyValueStore}: keys ordered by unsigned byte-wise comparison,
 * atomic batches applied in call order, snapshot iteration, the same input checks and `StoreError`
 * codes as the LevelDB store. Keys and values are copied in and out, so callers cannot alias them.
 */
export class MemoryStore implements KeyValueStore {
  #data: Snapshot = { keys: [], values: [] };
  #closed = false;
  #tail: Promise<void> = Promise.resolve();

  /** Returns the number of stored entries (a test helper; the interface has no count). */
  get size(): number {
    return this.#data.keys.length;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    this.#assertOpen();
    checkKey(key);
    const { keys, values } = this.#data;
    const i = lowerBound(keys, key);
    return i < keys.length && compareBytes(keys[i]!, key) === 0 ? values[i]!.slice() : undefined;
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return keys.map((key) => this.get(key));
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
    // Copy now: the caller may reuse its buffers as soon as write() returns.
    const dels = batch.del.map(copyBytes);
    const puts = batch.put.map(([k, v]) => [copyBytes(k), copyBytes(v)] as const);
    const run = this.#tail.then(() => this.#apply(dels, puts));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  iterate(options: IterateOptions = {}): AsyncIterable<StoreEntry> {
    this.#assertOpen();
    checkIterateOptions(options);
    return this.#entries(options);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    this.#data = { keys: [], values: [] };
  }

  #apply(dels: readonly Uint8Array[], puts: readonly (readonly [Uint8Array, Uint8Array])[]): void {
    const keys = [...this.#data.keys];
    const values = [...this.#data.values];
    for (const key of dels) {
      const i = lowerBound(keys, key);
      if (i < keys.length && compareBytes(keys[i]!, key) === 0) {
        keys.splice(i, 1);
        values.splice(i, 1);
      }
    }
    for (const [key, value] of puts) {
      const i = lowerBound(keys, key);
      if (i < keys.length && compareBytes(keys[i]!, key) === 0) {
        values[i] = value;
      } else {
        keys.splice(i, 0, key);
        values.splice(i, 0, value);
      }
    }
    this.#data = { keys, values };
  }

  async *#entries(options: IterateOptions): AsyncGenerator<StoreEntry> {
    this.#assertOpen();
    const { keys, values } = this.#data;
    const start = options.gte === undefined ? 0 : lowerBound(keys, options.gte);
    const end = options.lt === undefined ? keys.length : lowerBound(keys, options.lt);
    const count = Math.min(Math.max(0, end - start), options.limit ?? Number.POSITIVE_INFINITY);
    for (let n = 0; n < count; n++) {
      this.#assertOpen();
      const i = options.reverse === true ? end - 1 - n : start + n;
      yield { key: keys[i]!.slice(), value: values[i]!.slice() };
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError("closed", "store is closed");
  }
}
