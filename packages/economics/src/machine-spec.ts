import { EconomicsError } from "./errors.js";
import { findHardwarePreset } from "./hardware.js";
import { HARDWARE_PRESETS, type HardwarePreset } from "./hardware-presets.js";
import type { ProfitabilityInput } from "./profitability-input.js";
import { parseEfficiency, parseHashrate, parsePowerSpec } from "./units.js";
import { requireInRange, requireNonNegativeInteger, show } from "./validate.js";

/** Most identical machines one estimate may count: a bound on input, far above any real farm. */
export const MAX_MACHINE_UNITS = 10_000_000;

/**
 * How a person describes the machines to evaluate: a hardware preset, explicit figures, or a
 * preset with some figures overridden. Values are numbers in base units or text with a unit, as
 * the `parse*` functions of this package read them. Errors name these keys as their `field`.
 */
export interface MachineSpecInput {
  /** Preset id or name (`s21`, `S21 Pro`); its figures fill in what is not given. */
  readonly hardware?: string | undefined;
  /** Identical machines, a whole number from 1 (default 1). */
  readonly units?: number | string | undefined;
  /** Hashrate of one machine (`200TH`, or H/s as a number). */
  readonly hashrate?: number | string | undefined;
  /** Wall power of one machine (`3500W`, or W as a number), or an efficiency written `17.5J/TH`. */
  readonly power?: number | string | undefined;
  /** Efficiency, J/TH (`17.5J/TH`, or J/TH as a number); give this or `power`. */
  readonly efficiency?: number | string | undefined;
}

/**
 * The machines being evaluated, resolved from a {@link MachineSpecInput}. Exactly one of
 * `powerWatts` and `efficiencyJPerTH` is set: the one the power follows from.
 */
export type MachineSpec = {
  /** `3 x Antminer S21`, or the name alone for one machine; `custom miner` without a preset. */
  readonly label: string;
  readonly preset: HardwarePreset | null;
  readonly units: number;
  /** Total hashrate of all units, H/s. */
  readonly hashrate: number;
} & (
  | {
      /** Total wall power of all units, W. */
      readonly powerWatts: number;
      readonly efficiencyJPerTH: null;
    }
  | {
      readonly powerWatts: null;
      /** Efficiency, J/TH (the same for one unit or many). */
      readonly efficiencyJPerTH: number;
    }
);

/**
 * Resolves preset, unit count, hashrate and power-or-efficiency into one {@link MachineSpec}.
 * Precedence: a given hashrate overrides the preset's; given power or efficiency overrides the
 * preset's; a preset run at its own hashrate keeps its nameplate watts, while a preset whose
 * hashrate was overridden (re-clocked) keeps its J/TH instead. Per-machine figures are multiplied
 * by `units`. Throws {@link EconomicsError} naming the input key: `missing-input` for hashrate or
 * power absent without a preset, `conflicting-input` for both power and efficiency,
 * `unknown-value` for an unknown preset, and the parse errors of each value.
 */
export function resolveMachineSpec(
  input: MachineSpecInput,
  presets: readonly HardwarePreset[] = HARDWARE_PRESETS,
): MachineSpec {
  const preset = input.hardware === undefined ? null : findHardwarePreset(input.hardware, presets);
  const units = input.units === undefined ? 1 : parseUnits(input.units);
  const perUnitHashrate =
    input.hashrate !== undefined
      ? parseHashrate(input.hashrate, "hashrate")
      : preset
        ? preset.hashrateThs * 1e12
        : undefined;
  if (perUnitHashrate === undefined) {
    throw new EconomicsError(
      "missing-input",
      "hashrate",
      "a hashrate is required (or a hardware preset)",
    );
  }
  if (input.power !== undefined && input.efficiency !== undefined) {
    throw new EconomicsError("conflicting-input", "power", "give power or efficiency, not both");
  }
  const name = preset ? preset.name : "custom miner";
  const common = {
    label: units > 1 ? `${units} x ${name}` : name,
    preset,
    units,
    hashrate: perUnitHashrate * units,
  };
  const withWatts = (watts: number): MachineSpec => ({
    ...common,
    powerWatts: watts * units,
    efficiencyJPerTH: null,
  });
  const withEfficiency = (joulesPerTerahash: number): MachineSpec => ({
    ...common,
    powerWatts: null,
    efficiencyJPerTH: joulesPerTerahash,
  });
  if (input.power !== undefined) {
    const spec = parsePowerSpec(input.power, "power");
    return spec.kind === "power" ? withWatts(spec.watts) : withEfficiency(spec.joulesPerTerahash);
  }
  if (input.efficiency !== undefined) {
    return withEfficiency(parseEfficiency(input.efficiency, "efficiency"));
  }
  if (preset) {
    // A re-clocked preset draws in proportion to its hashrate, so it keeps its J/TH, not its watts.
    return input.hashrate === undefined
      ? withWatts(preset.powerWatts)
      : withEfficiency(preset.efficiencyJPerTH);
  }
  throw new EconomicsError(
    "missing-input",
    "power",
    "power (W or J/TH) or efficiency is required (or a hardware preset)",
  );
}

/**
 * Returns the hashrate and power fields of a {@link ProfitabilityInput} for a resolved machine:
 * its watts, or its efficiency when that is what the power follows from.
 */
export function machineProfitabilityInput(
  machine: MachineSpec,
): Pick<ProfitabilityInput, "hashrate" | "powerWatts" | "efficiencyJPerTH"> {
  return machine.powerWatts !== null
    ? { hashrate: machine.hashrate, powerWatts: machine.powerWatts }
    : { hashrate: machine.hashrate, efficiencyJPerTH: machine.efficiencyJPerTH };
}

// Text must be plain digits: "1e3" or "0x10" machines is more likely a slip than a farm.
function parseUnits(input: number | string): number {
  const text = typeof input === "string" ? input.trim() : undefined;
  if (text !== undefined && !/^\d+$/.test(text)) {
    throw new EconomicsError(
      "bad-format",
      "units",
      `expected a whole number of machines (got ${show(input)})`,
    );
  }
  const units = requireNonNegativeInteger("units", text === undefined ? input : Number(text));
  return requireInRange("units", units, 1, MAX_MACHINE_UNITS);
}
