import { EconomicsError } from "./errors.js";
import { requireFinite, requireNonNegative, requirePositive, show } from "./validate.js";

/** Days in an average Gregorian month (365.25 / 12). Calendar-free, so projections are pure. */
export const DAYS_PER_MONTH = 30.4375;

/** Days in an average Julian year, used for "per year" rates and horizons given in years. */
export const DAYS_PER_YEAR = 365.25;

// Decimal SI prefixes as miners write them. Case-insensitive on purpose: nobody means milli-hashes
// by "mH", and "200th" is a common way to type 200 TH/s.
const SI_PREFIX: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  p: 1e15,
  e: 1e18,
  z: 1e21,
};

const HASHRATE_UNITS = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s", "ZH/s"] as const;

/** A number split from the unit written after it. */
interface NumberWithUnit {
  readonly value: number;
  /** The unit text, lower-cased with spaces removed (`th/s`, `j/th`, `%`, or empty). */
  readonly unit: string;
}

// Plain decimal, optionally with thousands commas (1,000,000) and an exponent (1.5e14). The
// exponent needs digits, so the E in "1.5EH" stays part of the unit.
const NUMBER_RE = /^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:e[+-]?\d+)?)(.*)$/i;

function splitNumber(field: string, input: string): NumberWithUnit {
  const text = input.trim().replace(/_/g, "");
  const match = NUMBER_RE.exec(text);
  const numberText = match?.[1] ?? "";
  if (!match || !/\d/.test(numberText)) {
    throw new EconomicsError(
      "bad-format",
      field,
      `expected a number with an optional unit (got ${show(input)})`,
    );
  }
  const value = Number(numberText.replace(/,/g, ""));
  if (!Number.isFinite(value)) {
    throw new EconomicsError("not-a-number", field, `is not a finite number (got ${show(input)})`);
  }
  return { value, unit: (match[2] ?? "").replace(/\s+/g, "").toLowerCase() };
}

function unknownUnit(field: string, input: string, expected: string): EconomicsError {
  return new EconomicsError(
    "unknown-unit",
    field,
    `unknown unit in ${show(input)}; expected ${expected}`,
  );
}

/**
 * Parses a hashrate into hashes per second. Accepts a number (already H/s) or text such as
 * `200TH`, `200 TH/s`, `1.5EH/s`, `500 GH`, `200T`, `2e14`. Rejects zero, negatives and unknown
 * units (`200 TB` is `unknown-unit`, not 200).
 */
export function parseHashrate(input: string | number, field = "hashrate"): number {
  if (typeof input === "number") return requirePositive(field, input);
  const { value, unit } = splitNumber(field, input);
  const match = /^([kmgtpez]?)(h(?:\/s|ps)?)?$/.exec(unit);
  if (!match) throw unknownUnit(field, input, "H/s, kH/s, MH/s, GH/s, TH/s, PH/s, EH/s or ZH/s");
  return requirePositive(field, value * SI_PREFIX[match[1] ?? ""]!);
}

/**
 * Parses electrical power into watts: `3500W`, `3.5kW`, `2 MW`, or a bare number of watts.
 * (`mw` means megawatt: nobody mines on milliwatts.)
 */
export function parsePower(input: string | number, field = "power"): number {
  if (typeof input === "number") return requirePositive(field, input);
  const { value, unit } = splitNumber(field, input);
  const scale = ({ "": 1, w: 1, kw: 1e3, mw: 1e6 } as Record<string, number>)[unit];
  if (scale === undefined) throw unknownUnit(field, input, "W, kW or MW");
  return requirePositive(field, value * scale);
}

/**
 * Parses energy efficiency into joules per terahash (J/TH, the same number as W per TH/s):
 * `17.5J/TH`, `17.5 W/TH`, `0.0175 J/GH`, `17.5 J/T`, or a bare number of J/TH.
 */
export function parseEfficiency(input: string | number, field = "efficiency"): number {
  if (typeof input === "number") return requirePositive(field, input);
  const { value, unit } = splitNumber(field, input);
  if (unit === "") return requirePositive(field, value);
  const match = /^[jw]\/([kmgtpe]?)(h(?:\/s)?)?$/.exec(unit);
  const prefix = match?.[1];
  if (!match || prefix === undefined || (prefix === "" && match[2] === undefined)) {
    throw unknownUnit(field, input, "J/TH (or W/TH, J/GH, J/PH)");
  }
  // value joules per (prefix) hash  ->  joules per 1e12 hashes
  return requirePositive(field, (value * 1e12) / SI_PREFIX[prefix]!);
}

/** Either a wall power or an efficiency, as the user wrote it. */
export type PowerSpec =
  | { readonly kind: "power"; readonly watts: number }
  | { readonly kind: "efficiency"; readonly joulesPerTerahash: number };

/**
 * Parses `--power` style input that may be a power (`3500W`) or an efficiency (`17.5J/TH`): the
 * unit decides. A bare number is watts.
 */
export function parsePowerSpec(input: string | number, field = "power"): PowerSpec {
  if (typeof input === "string" && input.includes("/")) {
    return { kind: "efficiency", joulesPerTerahash: parseEfficiency(input, field) };
  }
  return { kind: "power", watts: parsePower(input, field) };
}

/**
 * Parses a network difficulty: `152T`, `152.27 T`, `1.52e14`, `152270000000000`. Prefixes are
 * decimal (T = 10^12), as block explorers print them.
 */
export function parseDifficulty(input: string | number, field = "difficulty"): number {
  if (typeof input === "number") return requirePositive(field, input);
  const { value, unit } = splitNumber(field, input);
  const scale = SI_PREFIX[unit];
  if (scale === undefined || unit === "z")
    throw unknownUnit(field, input, "a number with an optional k, M, G, T, P or E");
  return requirePositive(field, value * scale);
}

/**
 * Parses a percentage: `3%`, `3 %` or a bare `3` all mean three percent (the result is 3, not
 * 0.03). Negative values are allowed here (a falling price); callers bound them.
 */
export function parsePercent(input: string | number, field: string): number {
  if (typeof input === "number") return requireFinite(field, input);
  const { value, unit } = splitNumber(field, input);
  if (unit !== "" && unit !== "%") throw unknownUnit(field, input, "a percentage such as 3%");
  return value;
}

/**
 * Parses an amount of money: `95000`, `$95,000`, `95k`, `1.2m`, `€0.06`. Currency symbols are
 * ignored (the calculator is currency-agnostic: give price and costs in the same currency).
 * With `perKwh`, a trailing `/kWh` is accepted and `c`/`ct` means cents (`6c/kWh` = 0.06).
 */
export function parseAmount(
  input: string | number,
  field: string,
  options: { perKwh?: boolean } = {},
): number {
  if (typeof input === "number") return requireNonNegative(field, input);
  let text = input.trim().replace(/^[$€£¥]/, "");
  if (options.perKwh) text = text.replace(/\/\s*kwh$/i, "");
  const { value, unit } = splitNumber(field, text);
  const scales: Record<string, number> = options.perKwh
    ? { "": 1, c: 0.01, ct: 0.01, cents: 0.01 }
    : { "": 1, k: 1e3, m: 1e6 };
  const scale = scales[unit];
  if (scale === undefined) {
    throw unknownUnit(
      field,
      input,
      options.perKwh
        ? "a price per kWh such as 0.06 or 6c"
        : "an amount such as 95000, 95k or $95,000",
    );
  }
  return requireNonNegative(field, value * scale);
}

/**
 * Parses a time horizon into days: a bare number is months (`24`), otherwise `24m`/`24mo`/
 * `24 months`, `90d`/`90 days`, `12w`, `2y`/`2 years`.
 */
export function parseHorizonDays(input: string | number, field = "horizon"): number {
  if (typeof input === "number") return requirePositive(field, input) * DAYS_PER_MONTH;
  const { value, unit } = splitNumber(field, input);
  const perUnit: Record<string, number> = {
    "": DAYS_PER_MONTH,
    m: DAYS_PER_MONTH,
    mo: DAYS_PER_MONTH,
    month: DAYS_PER_MONTH,
    months: DAYS_PER_MONTH,
    d: 1,
    day: 1,
    days: 1,
    w: 7,
    week: 7,
    weeks: 7,
    y: DAYS_PER_YEAR,
    year: DAYS_PER_YEAR,
    years: DAYS_PER_YEAR,
  };
  const days = perUnit[unit];
  if (days === undefined)
    throw unknownUnit(field, input, "months (24m), days (90d), weeks (12w) or years (2y)");
  return requirePositive(field, value * days);
}

/** Formats hashes per second with the largest unit that keeps the number at or above 1: `200.00 TH/s`. */
export function formatHashrate(hashesPerSecond: number, digits = 2): string {
  let index = 0;
  let value = hashesPerSecond;
  while (Math.abs(value) >= 1000 && index < HASHRATE_UNITS.length - 1) {
    value /= 1000;
    index += 1;
  }
  return `${value.toFixed(digits)} ${HASHRATE_UNITS[index]}`;
}

/** Formats a large plain number with a decimal SI prefix: `149.30 T` for a difficulty. */
export function formatSi(value: number, digits = 2): string {
  const prefixes = ["", "k", "M", "G", "T", "P", "E", "Z"];
  let index = 0;
  let scaled = value;
  while (Math.abs(scaled) >= 1000 && index < prefixes.length - 1) {
    scaled /= 1000;
    index += 1;
  }
  const prefix = prefixes[index]!;
  return prefix ? `${scaled.toFixed(digits)} ${prefix}` : scaled.toFixed(digits);
}
