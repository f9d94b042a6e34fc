// Output and argument helpers shared by the node benchmarks.

/** Prints one line to stdout. */
export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Bytes as mebibytes, `digits` after the point: `367 MB`. */
export function mb(bytes: number, digits = 0): string {
  return `${(bytes / 1_048_576).toFixed(digits)} MB`;
}

/** Events per second from a count and milliseconds. */
export function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

/** A whole number with thousands separators: `12,914`. */
export function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** The value of option `--name` as a positive integer, `fallback` when absent. */
export function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`--${name} must be a positive integer, got ${text}`);
  }
  return value;
}
