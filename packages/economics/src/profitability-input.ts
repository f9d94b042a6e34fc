import { EconomicsError } from "./errors.js";
import { impliedNetworkHashrate } from "./hashprice.js";
import type { NetworkConditions } from "./network-snapshot.js";
import { PAYOUT_SCHEMES, type PayoutScheme } from "./payout-scheme.js";
import { MAINNET_SUPPLY, type SupplyParams, validateSupplyParams } from "./supply.js";
import { DAYS_PER_MONTH } from "./units.js";
import {
  requireFinite,
  requireInRange,
  requireNonNegative,
  requireNonNegativeInteger,
  requirePositive,
} from "./validate.js";

/**
 * Everything a profitability estimate takes. Money is in one currency of your choice (price,
 * electricity and costs alike); rates are percent (3 means 3 %).
 */
export interface ProfitabilityInput {
  /** Miner hashrate, H/s. */
  readonly hashrate: number;
  /** Power at the wall, W. Give this or {@link efficiencyJPerTH}. */
  readonly powerWatts?: number;
  /** Efficiency, J/TH. Give this or {@link powerWatts}. */
  readonly efficiencyJPerTH?: number;
  /** Electricity price per kWh; 0 is allowed (free or stranded power). */
  readonly electricityPricePerKwh: number;
  /** Price of one BTC. */
  readonly btcPrice: number;
  readonly network: NetworkConditions;
  /** Share of the time the miner runs, percent (default 100); it draws no power while off. */
  readonly uptimePercent?: number;
  /** Facility power usage effectiveness: total facility power / miner power (default 1, >= 1). */
  readonly pue?: number;
  /** Pool fee, percent of the pool's payout (default 0). */
  readonly poolFeePercent?: number;
  /** Payout scheme of the pool (default FPPS). */
  readonly payoutScheme?: PayoutScheme;
  /** Pool hashrate, H/s, for the variance of PPLNS/PROP/PPS+ (default 5 % of the network). */
  readonly poolHashrate?: number;
  /** Purchase cost of the hardware (default 0: payback and ROI are then not computed). */
  readonly hardwareCost?: number;
  /** Fixed monthly costs: hosting, maintenance, internet (default 0). */
  readonly fixedCostPerMonth?: number;
  /** Projection length in days (default one year). */
  readonly horizonDays?: number;
  /** Difficulty change per month, percent, compounded (default 0). */
  readonly difficultyGrowthPercentPerMonth?: number;
  /** BTC price change per month, percent, compounded (default 0). */
  readonly priceGrowthPercentPerMonth?: number;
  /** Grid carbon intensity, g CO2 per kWh; omit to skip CO2 figures. */
  readonly co2GramsPerKwh?: number;
  /** In the projection, switch off in months whose revenue would not pay the electricity. */
  readonly shutdownWhenUnprofitable?: boolean;
  /** Issuance schedule (default mainnet). */
  readonly supply?: SupplyParams;
  /** Unix time the projection starts at, to date its months; omit for undated months. */
  readonly startTime?: number;
}

/** Default pool size for variance estimates when none is given: 5 % of the network. */
export const DEFAULT_POOL_SHARE_OF_NETWORK = 0.05;

/** {@link ProfitabilityInput} validated, with every default filled in. */
export interface ResolvedProfitabilityInput {
  readonly hashrate: number;
  readonly powerWatts: number;
  readonly efficiencyJPerTH: number;
  readonly electricityPricePerKwh: number;
  readonly btcPrice: number;
  readonly difficulty: number;
  readonly feesPerBlockBtc: number;
  readonly height: number;
  readonly blockIntervalSeconds: number;
  readonly networkHashrate: number;
  readonly uptimePercent: number;
  readonly pue: number;
  readonly poolFeePercent: number;
  readonly payoutScheme: PayoutScheme;
  readonly poolHashrate: number;
  readonly hardwareCost: number;
  readonly fixedCostPerMonth: number;
  readonly horizonDays: number;
  readonly difficultyGrowthPercentPerMonth: number;
  readonly priceGrowthPercentPerMonth: number;
  readonly co2GramsPerKwh: number | null;
  readonly shutdownWhenUnprofitable: boolean;
  readonly supply: SupplyParams;
  readonly startTime: number | null;
}

/** Longest projection: 100 years is already far past any meaningful estimate. */
export const MAX_HORIZON_DAYS = 100 * 365.25;

/**
 * Validates a {@link ProfitabilityInput} and fills its defaults. Every rejection is an
 * {@link EconomicsError} naming the field: zero hashrate, power and efficiency both given (or
 * neither), uptime outside (0, 100], PUE below 1, a pool fee of 100 % or more, a growth rate at or
 * below -100 %, a pool smaller than the miner.
 */
export function resolveProfitabilityInput(input: ProfitabilityInput): ResolvedProfitabilityInput {
  const hashrate = requirePositive("hashrate", input.hashrate);
  const hasPower = input.powerWatts !== undefined;
  const hasEfficiency = input.efficiencyJPerTH !== undefined;
  if (hasPower && hasEfficiency) {
    throw new EconomicsError(
      "conflicting-input",
      "powerWatts",
      "give power or efficiency, not both",
    );
  }
  if (!hasPower && !hasEfficiency) {
    throw new EconomicsError(
      "missing-input",
      "powerWatts",
      "power (W) or efficiency (J/TH) is required",
    );
  }
  const powerWatts = hasPower
    ? requirePositive("powerWatts", input.powerWatts)
    : requirePositive("efficiencyJPerTH", input.efficiencyJPerTH) * (hashrate / 1e12);
  const supply = validateSupplyParams(input.supply ?? MAINNET_SUPPLY);
  if (typeof input.network !== "object" || input.network === null) {
    throw new EconomicsError(
      "missing-input",
      "network",
      "network conditions (difficulty, fees, height) are required",
    );
  }
  const difficulty = requirePositive("difficulty", input.network.difficulty);
  const blockIntervalSeconds = requirePositive(
    "blockIntervalSeconds",
    input.network.blockIntervalSeconds ?? supply.targetSpacing,
  );
  const networkHashrate = impliedNetworkHashrate(difficulty, blockIntervalSeconds);
  const poolHashrate =
    input.poolHashrate === undefined
      ? Math.max(hashrate, networkHashrate * DEFAULT_POOL_SHARE_OF_NETWORK)
      : requirePositive("poolHashrate", input.poolHashrate);
  if (poolHashrate < hashrate) {
    throw new EconomicsError(
      "out-of-range",
      "poolHashrate",
      "must be at least the miner's own hashrate (the pool includes it)",
    );
  }
  const scheme = input.payoutScheme ?? "FPPS";
  if (!PAYOUT_SCHEMES.some((s) => s.scheme === scheme)) {
    throw new EconomicsError(
      "unknown-value",
      "payoutScheme",
      `unknown payout scheme ${JSON.stringify(scheme)}`,
    );
  }
  const startTime =
    input.startTime === undefined ? null : requireNonNegativeInteger("startTime", input.startTime);
  return {
    hashrate,
    powerWatts,
    efficiencyJPerTH: powerWatts / (hashrate / 1e12),
    electricityPricePerKwh: requireNonNegative(
      "electricityPricePerKwh",
      input.electricityPricePerKwh,
    ),
    btcPrice: requirePositive("btcPrice", input.btcPrice),
    difficulty,
    feesPerBlockBtc: requireInRange(
      "feesPerBlockBtc",
      input.network.feesPerBlockBtc,
      0,
      21_000_000,
      { unit: "BTC" },
    ),
    height: requireNonNegativeInteger("height", input.network.height),
    blockIntervalSeconds,
    networkHashrate,
    uptimePercent: requireInRange("uptimePercent", input.uptimePercent ?? 100, 0, 100, {
      minExclusive: true,
      unit: "%",
    }),
    pue: requireInRange("pue", input.pue ?? 1, 1, 10),
    poolFeePercent: requireInRange("poolFeePercent", input.poolFeePercent ?? 0, 0, 100, {
      maxExclusive: true,
      unit: "%",
    }),
    payoutScheme: scheme,
    poolHashrate,
    hardwareCost: requireNonNegative("hardwareCost", input.hardwareCost ?? 0),
    fixedCostPerMonth: requireNonNegative("fixedCostPerMonth", input.fixedCostPerMonth ?? 0),
    horizonDays: requireInRange(
      "horizonDays",
      input.horizonDays ?? 12 * DAYS_PER_MONTH,
      0,
      MAX_HORIZON_DAYS,
      {
        minExclusive: true,
        unit: "days",
      },
    ),
    difficultyGrowthPercentPerMonth: growth(
      "difficultyGrowthPercentPerMonth",
      input.difficultyGrowthPercentPerMonth,
    ),
    priceGrowthPercentPerMonth: growth(
      "priceGrowthPercentPerMonth",
      input.priceGrowthPercentPerMonth,
    ),
    co2GramsPerKwh:
      input.co2GramsPerKwh === undefined
        ? null
        : requireInRange("co2GramsPerKwh", input.co2GramsPerKwh, 0, 5000, { unit: "g/kWh" }),
    shutdownWhenUnprofitable: input.shutdownWhenUnprofitable ?? false,
    supply,
    startTime,
  };
}

// A monthly growth rate: -100 % would zero the quantity (and below it turn negative).
function growth(field: string, value: number | undefined): number {
  if (value === undefined) return 0;
  requireFinite(field, value);
  return requireInRange(field, value, -100, 1000, { minExclusive: true, unit: "% per month" });
}
