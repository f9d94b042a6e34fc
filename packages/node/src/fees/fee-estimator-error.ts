/**
 * Why a fee estimator call or a fee estimates file was refused:
 * - `invalid-conf-target`: a confirmation target outside 1..1008 (Core's RPC_INVALID_PARAMETER);
 * - `bad-magic`, `unsupported-version`: not a fee estimates file, or one from a newer format;
 * - `corrupt`: truncated, checksum mismatch or impossible values;
 * - `incompatible`: written with different buckets or horizons;
 * - `stale`: older than 60 hours (Core's MAX_FILE_AGE), unless stale files are accepted.
 */
export type FeeEstimatorErrorCode =
  | "invalid-conf-target"
  | "bad-magic"
  | "unsupported-version"
  | "corrupt"
  | "incompatible"
  | "stale";

/** Thrown by the fee estimator for bad arguments and unreadable estimates files. */
export class FeeEstimatorError extends Error {
  override readonly name = "FeeEstimatorError";
  readonly code: FeeEstimatorErrorCode;

  constructor(code: FeeEstimatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
