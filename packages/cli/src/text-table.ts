// Plain-text tables and number formatting for terminal output.

/** Column alignment: numbers read best right-aligned. */
export type Align = "left" | "right";

/** Renders rows under a header as aligned columns separated by two spaces. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        (align[i] ?? "left") === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/**
 * Beyond this magnitude digits are noise (past 2^53 a double holds no exact integer) and a grouped
 * number grows unreadably long, so {@link formatNumber} switches to exponent notation.
 */
const EXPONENT_FROM = 1e15;

/** `1,234.57` with a fixed number of decimals; `1.23e+18` for magnitudes of 10^15 and more. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "n/a";
  if (Math.abs(value) >= EXPONENT_FROM) return value.toExponential(2);
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Money in a currency: `$1,234.57`, `€0.06`, or `1,234.57 CHF` for codes without a symbol. */
export function formatMoney(value: number, currency: string, digits = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "n/a";
  if (Math.abs(value) >= EXPONENT_FROM) return `${formatNumber(value, digits)} ${currency}`;
  try {
    return value.toLocaleString("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return `${formatNumber(value, digits)} ${currency}`;
  }
}

/** A percentage with a sign-free fixed precision: `3.25 %`. */
export function formatPercent(value: number, digits = 2): string {
  return `${formatNumber(value, digits)} %`;
}

/** A probability in percent with enough digits to be non-zero when tiny: `0.0049 %`. */
export function formatProbability(percent: number): string {
  if (percent === 0) return "0 %";
  if (percent < 1e-6) return "< 0.000001 %";
  if (percent >= 99.995) return percent >= 100 ? "100 %" : "> 99.99 %";
  const digits = percent >= 1 ? 2 : Math.min(8, Math.ceil(-Math.log10(percent)) + 2);
  return `${percent.toFixed(digits)} %`;
}

/** Seconds in an average Gregorian year, for years too far off for a calendar date. */
const SECONDS_PER_YEAR = 365.2425 * 86_400;

// The UTC year of a unix time when it has a four-digit calendar date, else null.
function calendarYear(unixSeconds: number): number | null {
  const date = new Date(unixSeconds * 1000);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? null : year;
}

/**
 * A unix time as `YYYY-MM-DD` (UTC). Estimates can land outside years 0 to 9999 (a slow block
 * time far ahead), where no such date exists: those read `year 12,345` instead.
 */
export function formatDate(unixSeconds: number): string {
  if (calendarYear(unixSeconds) === null) return `year ${formatYear(unixSeconds)}`;
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** The UTC year of a unix time: `2140`, or an approximate `12,345` far outside the calendar. */
export function formatYear(unixSeconds: number): string {
  const year = calendarYear(unixSeconds);
  if (year !== null) return String(year);
  return formatNumber(Math.floor(1970 + unixSeconds / SECONDS_PER_YEAR), 0);
}
