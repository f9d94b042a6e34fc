// The one error type of the block file store. Reading a damaged or torn record is one of these,
// never an unhandled exception, so the node can log it and fall back to a reindex.

/**
 * Why a block store operation failed:
 * - `closed`: the store was closed;
 * - `invalid`: a malformed position or an option out of range (a caller bug);
 * - `too-large`: a record larger than the configured maximum (or than one file can hold);
 * - `not-found`: the file a position names does not exist;
 * - `truncated`: the record runs past the end of its file (a torn write, or data the index
 *   expected but the disk does not hold);
 * - `bad-magic`: the record header does not start with the network's message start bytes;
 * - `bad-length`: the header's length disagrees with the position being read;
 * - `bad-checksum`: an undo record's sha256d checksum does not match its data (Core's
 *   "Checksum mismatch" in UndoReadFromDisk);
 * - `io`: the operating system failed an open, read, write, truncate or fsync.
 */
export type BlockStoreErrorCode =
  | "closed"
  | "invalid"
  | "too-large"
  | "not-found"
  | "truncated"
  | "bad-magic"
  | "bad-length"
  | "bad-checksum"
  | "io";

/** A failed block store operation, with a {@link BlockStoreErrorCode} and the OS error as `cause`. */
export class BlockStoreError extends Error {
  /** Why the operation failed. */
  readonly code: BlockStoreErrorCode;

  /** Creates an error; `cause` keeps the underlying error for logs. */
  constructor(code: BlockStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BlockStoreError";
    this.code = code;
  }
}

/** Wraps an OS error (or passes a BlockStoreError through) as a BlockStoreError. */
export function toBlockStoreError(err: unknown, action: string): BlockStoreError {
  if (err instanceof BlockStoreError) return err;
  const errno = (err as { code?: unknown } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  const code: BlockStoreErrorCode = errno === "ENOENT" ? "not-found" : "io";
  return new BlockStoreError(code, `${action}: ${detail}`, { cause: err });
}
