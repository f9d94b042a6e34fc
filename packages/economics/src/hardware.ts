import { EconomicsError } from "./errors.js";
import { type Cooling, HARDWARE_PRESETS, type HardwarePreset } from "./hardware-presets.js";
import { parseEfficiency, parseHashrate, parsePower } from "./units.js";
import { requireInRange, requirePositive, show } from "./validate.js";

/** Most rows a presets file may hold: a bound on what one user file can make us build. */
export const MAX_USER_PRESETS = 1000;

// "Antminer S21+ Hydro" and "s21-plus-hydro" both become "s21plushydro".
function normalizeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\+/g, "plus")
    .replace(/\b(antminer|whatsminer|avalon|bitmain|microbt|canaan)\b/g, "")
    .replace(/[^a-z0-9]/g, "");
}

/**
 * Finds a preset by id or name, ignoring case, punctuation and the brand word: `s21`, `S21 Pro`,
 * `antminer-s21-xp`, `s21+ hydro` and `avalon a16xp` all match. Throws `unknown-value` listing the
 * ids when nothing matches.
 */
export function findHardwarePreset(
  query: string,
  presets: readonly HardwarePreset[] = HARDWARE_PRESETS,
): HardwarePreset {
  const key = normalizeKey(query);
  const brandless = (p: HardwarePreset) =>
    normalizeKey(p.id) === key || normalizeKey(p.name) === key;
  // Avalon ids keep their brand ("avalon-a16"), so also compare with the brand word kept.
  const exact = (p: HardwarePreset) => p.id === query.trim().toLowerCase();
  const found = presets.find(exact) ?? presets.find(brandless);
  if (!found) {
    throw new EconomicsError(
      "unknown-value",
      "hardware",
      `unknown hardware ${JSON.stringify(query)}; known: ${presets.map((p) => p.id).join(", ")}`,
    );
  }
  return found;
}

const ALLOWED_KEYS = new Set([
  "id",
  "name",
  "manufacturer",
  "hashrate",
  "hashrateThs",
  "power",
  "powerWatts",
  "efficiency",
  "efficiencyJPerTH",
  "releaseYear",
  "cooling",
  "source",
  "note",
]);

/**
 * Validates the parsed JSON of a user presets file and returns its rows. The file is either an
 * array of presets or `{ "presets": [...] }`; each row has `id` (lower-case letters, digits,
 * dashes), `name`, a hashrate (`hashrateThs` number or `hashrate` text like "200TH") and either
 * power (`powerWatts` or `power` text like "3500W") or efficiency (`efficiencyJPerTH` or
 * `efficiency` like "17.5J/TH"); optional `manufacturer`, `releaseYear`, `cooling` (air|liquid),
 * `source` (a URL), `note`. Unknown keys and duplicate ids are errors, so typos do not pass
 * silently. The caller reads the file; this function does no I/O.
 */
export function parseHardwarePresetFile(json: unknown): HardwarePreset[] {
  const rows = Array.isArray(json)
    ? json
    : isRecord(json) && Array.isArray(json.presets)
      ? json.presets
      : undefined;
  if (!rows) {
    throw new EconomicsError(
      "bad-format",
      "presets",
      'expected an array of presets or { "presets": [...] }',
    );
  }
  if (rows.length > MAX_USER_PRESETS) {
    throw new EconomicsError(
      "out-of-range",
      "presets",
      `at most ${MAX_USER_PRESETS} presets per file (got ${rows.length})`,
    );
  }
  const seen = new Set<string>();
  return rows.map((raw: unknown, index: number) => {
    const preset = parsePresetRow(raw, `presets[${index}]`);
    if (seen.has(preset.id)) {
      throw new EconomicsError(
        "conflicting-input",
        `presets[${index}].id`,
        `duplicate id ${JSON.stringify(preset.id)}`,
      );
    }
    seen.add(preset.id);
    return preset;
  });
}

/** Adds user presets to the built-in table; a user row with a built-in id replaces that row. */
export function mergeHardwarePresets(
  builtin: readonly HardwarePreset[],
  user: readonly HardwarePreset[],
): HardwarePreset[] {
  const byId = new Map(builtin.map((p) => [p.id, p] as const));
  for (const p of user) byId.set(p.id, p);
  return [...byId.values()];
}

function parsePresetRow(raw: unknown, path: string): HardwarePreset {
  if (!isRecord(raw))
    throw new EconomicsError("bad-format", path, `expected an object (got ${show(raw)})`);
  for (const key of Object.keys(raw)) {
    if (!ALLOWED_KEYS.has(key)) {
      throw new EconomicsError(
        "bad-format",
        `${path}.${key}`,
        `unknown key; allowed: ${[...ALLOWED_KEYS].join(", ")}`,
      );
    }
  }
  const id = requireString(raw.id, `${path}.id`);
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
    throw new EconomicsError(
      "bad-format",
      `${path}.id`,
      `must be lower-case letters, digits and dashes (got ${show(id)})`,
    );
  }
  const name = requireString(raw.name, `${path}.name`);
  const hashrateThs = pickOne(raw, path, "hashrateThs", "hashrate", (v, f) =>
    typeof v === "number" ? requirePositive(f, v) : parseHashrate(requireString(v, f), f) / 1e12,
  );
  if (hashrateThs === undefined) {
    throw new EconomicsError(
      "missing-input",
      `${path}.hashrateThs`,
      "a hashrate is required (hashrateThs or hashrate)",
    );
  }
  const watts = pickOne(raw, path, "powerWatts", "power", (v, f) =>
    typeof v === "number" ? requirePositive(f, v) : parsePower(requireString(v, f), f),
  );
  const efficiency = pickOne(raw, path, "efficiencyJPerTH", "efficiency", (v, f) =>
    typeof v === "number" ? requirePositive(f, v) : parseEfficiency(requireString(v, f), f),
  );
  if (watts !== undefined && efficiency !== undefined) {
    throw new EconomicsError(
      "conflicting-input",
      `${path}.powerWatts`,
      "give power or efficiency, not both",
    );
  }
  if (watts === undefined && efficiency === undefined) {
    throw new EconomicsError(
      "missing-input",
      `${path}.powerWatts`,
      "power (powerWatts/power) or efficiency (efficiencyJPerTH/efficiency) is required",
    );
  }
  const powerWatts = watts ?? efficiency! * hashrateThs;
  const releaseYear =
    raw.releaseYear === undefined || raw.releaseYear === null
      ? null
      : Math.trunc(requireInRange(`${path}.releaseYear`, raw.releaseYear, 2009, 2100));
  const cooling =
    raw.cooling === undefined ? "air" : requireCooling(raw.cooling, `${path}.cooling`);
  const source =
    raw.source === undefined ? "user presets file" : requireString(raw.source, `${path}.source`);
  const preset: HardwarePreset = {
    id,
    name,
    manufacturer:
      raw.manufacturer === undefined
        ? "custom"
        : requireString(raw.manufacturer, `${path}.manufacturer`),
    hashrateThs,
    powerWatts,
    efficiencyJPerTH: powerWatts / hashrateThs,
    releaseYear,
    cooling,
    source,
    origin: "user",
  };
  return raw.note === undefined
    ? preset
    : { ...preset, note: requireString(raw.note, `${path}.note`) };
}

// Reads one of two spellings of the same field (a number or text with units); both is an error.
function pickOne(
  raw: Record<string, unknown>,
  path: string,
  numericKey: string,
  textKey: string,
  parse: (value: unknown, field: string) => number,
): number | undefined {
  const hasNumeric = raw[numericKey] !== undefined;
  const hasText = raw[textKey] !== undefined;
  if (hasNumeric && hasText) {
    throw new EconomicsError(
      "conflicting-input",
      `${path}.${numericKey}`,
      `give ${numericKey} or ${textKey}, not both`,
    );
  }
  if (hasNumeric) return parse(raw[numericKey], `${path}.${numericKey}`);
  if (hasText) return parse(raw[textKey], `${path}.${textKey}`);
  return undefined;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > 500) {
    throw new EconomicsError(
      "bad-format",
      field,
      `expected a non-empty string of at most 500 characters (got ${show(value)})`,
    );
  }
  return value.trim();
}

function requireCooling(value: unknown, field: string): Cooling {
  if (value === "air" || value === "liquid") return value;
  throw new EconomicsError(
    "unknown-value",
    field,
    `expected "air" or "liquid" (got ${show(value)})`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
