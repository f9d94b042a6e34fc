// Input checks shared by every KeyValueStore implementation, so the engines agree on what they
// accept (LevelDB would store an empty key; LMDB and many others would not, so nobody may).

import type { IterateOptions, WriteBatch } from "./key-value-store.js";
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from "./key-value-store.js";
import { StoreError } from "./store-error.js";

/** Throws `StoreError("invalid")` unless `key` is a Uint8Array of 1..MAX_KEY_BYTES bytes. */
export function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array)) throw new StoreError("invalid", "key must be a Uint8Array");
  if (key.length === 0 || key.length > MAX_KEY_BYTES) {
    throw new StoreError("invalid", `key length ${key.length} outside 1..${MAX_KEY_BYTES}`);
  }
}

/** Throws `StoreError("invalid")` unless every key and value of `batch` is acceptable. */
export function checkBatch(batch: WriteBatch): void {
  if (!Array.isArray(batch.put) || !Array.isArray(batch.del)) {
    throw new StoreError("invalid", "batch needs put and del arrays");
  }
  for (const entry of batch.put) {
    checkKey(entry[0]);
    const value = entry[1];
    if (!(value instanceof Uint8Array))
      throw new StoreError("invalid", "value must be a Uint8Array");
    if (value.length > MAX_VALUE_BYTES) {
      throw new StoreError("invalid", `value length ${value.length} above ${MAX_VALUE_BYTES}`);
    }
  }
  for (const key of batch.del) checkKey(key);
}

/** Throws `StoreError("invalid")` unless the bounds and limit of `options` are acceptable. */
export function checkIterateOptions(options: IterateOptions): void {
  if (options.gte !== undefined) checkKey(options.gte);
  if (options.lt !== undefined) checkKey(options.lt);
  const limit = options.limit;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new StoreError("invalid", `iterate limit ${limit} is not a non-negative integer`);
  }
}

/** Returns a plain Uint8Array view of `bytes` (a Node Buffer's `slice()` would alias, not copy). */
export function plainView(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Returns a copy of `bytes` as a plain Uint8Array (never a Buffer, whose `slice()` aliases). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
