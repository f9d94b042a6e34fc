/**
 * Thrown when bytes cannot be decoded into a consensus structure (truncated data, a
 * non-canonical CompactSize, trailing garbage). Decoding is the one place consensus code throws:
 * malformed bytes never reach validation, so callers at the edge catch this and reject the input.
 */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  /** A short machine-readable code, e.g. `truncated`, `non-canonical-compactsize`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Thrown by encoders and constructors given values that cannot be represented (a negative
 * CompactSize, an out-of-range integer). Signals a programming error in the caller.
 */
export class RangeCheckError extends RangeError {
  override readonly name = "RangeCheckError";
}
