import { EconomicsError } from "./errors.js";

// Small guards shared by every calculator. Each returns the value so a caller can validate and
// assign in one expression, and each throws an EconomicsError naming the field.

/** Returns `value` if it is a finite number, else throws `not-a-number`. */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new EconomicsError("not-a-number", field, `must be a finite number (got ${show(value)})`);
  }
  return value;
}

/** Returns `value` if it is finite and strictly above zero. */
export function requirePositive(field: string, value: unknown): number {
  const n = requireFinite(field, value);
  if (n <= 0) throw new EconomicsError("not-positive", field, `must be greater than 0 (got ${n})`);
  return n;
}

/** Returns `value` if it is finite and zero or more. */
export function requireNonNegative(field: string, value: unknown): number {
  const n = requireFinite(field, value);
  if (n < 0) throw new EconomicsError("negative", field, `must not be negative (got ${n})`);
  return n;
}

/** Returns `value` if it is a safe integer, zero or more (heights, counts). */
export function requireNonNegativeInteger(field: string, value: unknown): number {
  const n = requireNonNegative(field, value);
  if (!Number.isSafeInteger(n)) {
    throw new EconomicsError("not-integer", field, `must be a whole number (got ${n})`);
  }
  return n;
}

/**
 * Returns `value` if it lies in the range; `minExclusive` makes the lower bound open (uptime may
 * approach but not equal 0). The message states the bounds and the unit so a person can fix it.
 */
export function requireInRange(
  field: string,
  value: unknown,
  min: number,
  max: number,
  options: { minExclusive?: boolean; maxExclusive?: boolean; unit?: string } = {},
): number {
  const n = requireFinite(field, value);
  const tooLow = options.minExclusive ? n <= min : n < min;
  const tooHigh = options.maxExclusive ? n >= max : n > max;
  if (tooLow || tooHigh) {
    const lo = options.minExclusive ? `greater than ${min}` : `at least ${min}`;
    const hi = options.maxExclusive ? `less than ${max}` : `at most ${max}`;
    const unit = options.unit ? ` ${options.unit}` : "";
    throw new EconomicsError("out-of-range", field, `must be ${lo} and ${hi}${unit} (got ${n})`);
  }
  return n;
}

/** Renders a rejected value for an error message without dumping whole objects. */
export function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}
