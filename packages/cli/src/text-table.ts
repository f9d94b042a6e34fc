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

/** `1,234.57` with a fixed number of decimals. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "n/a";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Money in a currency: `$1,234.57`, `€0.06`, or `1,234.57 CHF` for codes without a symbol. */
export function formatMoney(value: number, currency: string, digits = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "n/a";
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

/** A unix time as `YYYY-MM-DD` (UTC). */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}
