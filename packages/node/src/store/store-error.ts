// The one error type of the embedded key-value store, so callers can tell a closed store from a
// damaged one from a failing disk without parsing messages.

/**
 * Why a store operation failed:
 * - `closed`: the store was closed (or never opened) before the call;
 * - `corrupt`: the engine found damaged data (checksum or format failure); restart needs a repair
 *   or a reindex, retrying will not help;
 * - `io`: the operating system failed a read, write, fsync or lock (disk full, permissions,
 *   another process holds the database);
 * - `invalid`: the caller passed a key or value the store does not accept (empty or too long key,
 *   too large value, bad iterate bounds). A programming error, never a disk problem.
 */
export type StoreErrorCode = "closed" | "corrupt" | "io" | "invalid";

/** A failed key-value store operation, with a {@link StoreErrorCode} and the engine's error as `cause`. */
export class StoreError extends Error {
  /** Why the operation failed. */
  readonly code: StoreErrorCode;

  /** Creates an error; `cause` keeps the engine's original error for logs. */
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StoreError";
    this.code = code;
  }
}

/** Tells whether `value` is a {@link StoreError}, optionally with the given code. */
export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  return value instanceof StoreError && (code === undefined || value.code === code);
}
