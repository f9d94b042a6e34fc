/**
 * Why an economics input was rejected. Stable strings: the API returns them in
 * `error.details.reason` and tests assert them.
 *
 * - `not-a-number`: NaN, Infinity or a value of the wrong type.
 * - `negative`: below zero where only zero or more makes sense (a price, a cost).
 * - `not-positive`: zero or below where zero is meaningless (hashrate, difficulty, power).
 * - `not-integer`: a block height or count with a fractional part.
 * - `out-of-range`: outside documented bounds (uptime above 100 %, PUE below 1).
 * - `unknown-unit`: a number followed by a unit we do not know (`200 TB`, `3 kWh`).
 * - `bad-format`: text that is not a number with an optional unit at all.
 * - `missing-input`: a required value is absent (neither power nor efficiency given).
 * - `conflicting-input`: two inputs that say the same thing differently (both power and efficiency).
 * - `unknown-value`: a name that is not in the list (payout scheme, network, hardware preset).
 */
export type EconomicsErrorCode =
  | "not-a-number"
  | "negative"
  | "not-positive"
  | "not-integer"
  | "out-of-range"
  | "unknown-unit"
  | "bad-format"
  | "missing-input"
  | "conflicting-input"
  | "unknown-value";

/**
 * Thrown for an economics input that cannot be used. Carries the input's name (`field`) so an
 * edge can point at the offending flag or parameter, and a message a person understands, e.g.
 * `uptimePercent: must be greater than 0 and at most 100 % (got 120)`.
 */
export class EconomicsError extends Error {
  override readonly name = "EconomicsError";
  /** Machine-readable reason, see {@link EconomicsErrorCode}. */
  readonly code: EconomicsErrorCode;
  /** The input that was rejected, in the library's naming (`hashrate`, `poolFeePercent`, ...). */
  readonly field: string;

  constructor(code: EconomicsErrorCode, field: string, message: string) {
    super(`${field}: ${message}`);
    this.code = code;
    this.field = field;
  }
}
