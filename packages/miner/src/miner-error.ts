/**
 * Why the miner rejected a call or reported a failure. Stable strings that tests assert.
 *
 * - `invalid-argument`: a value of the wrong type, size or range (a 79-byte header, a nonce
 *   range past 2^32, a negative target, a thread count of 0).
 * - `already-running`: `start()` on a pool that is running.
 * - `worker-crashed`: a worker thread threw or exited unexpectedly (reported, not fatal).
 * - `job-failed`: the job's nextHeader() threw; the pool idles until the next `setJob()`.
 * - `nonce-space-exhausted`: a job's headers are all searched (no nextHeader(), or it returned
 *   null): the pool idles until the next `setJob()`.
 * - `bad-solution`: a worker reported a header that does not meet the target (a kernel bug; the
 *   pool double-checks every solution with consensus `sha256d` before reporting it).
 */
export type MinerErrorCode =
  | "invalid-argument"
  | "already-running"
  | "worker-crashed"
  | "job-failed"
  | "nonce-space-exhausted"
  | "bad-solution";

/**
 * Thrown (or passed to an error callback) when mining cannot proceed as asked. Carries a
 * machine-readable `code` and a message naming the offending input, e.g.
 * `threads: must be an integer from 1 to 4 (got 0)`.
 */
export class MinerError extends Error {
  override readonly name = "MinerError";
  /** Machine-readable reason, see {@link MinerErrorCode}. */
  readonly code: MinerErrorCode;

  constructor(code: MinerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Throws `invalid-argument` unless `value` is an integer in [min, max]. */
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new MinerError(
      "invalid-argument",
      `${name}: must be an integer from ${min} to ${max} (got ${String(value)})`,
    );
  }
  return value;
}
