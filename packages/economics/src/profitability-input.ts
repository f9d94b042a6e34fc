import { EconomicsError } from "./errors.js";
import { impliedNetworkHashrate } from "./hashprice.js";
import type { NetworkConditions } from "./network-snapshot.js";
import { PAYOUT_SCHEMES, type PayoutScheme } from "./payout-scheme.js";
import {
  MAINNET_SUPPLY,
  MAX_BLOCK_HEIGHT,
  type SupplyParams,
  validateSupplyParams,
} from "./supply.js";
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
 * Bounds on the inputs of {@link resolveProfitabilityInput}. They lie far outside any real miner,
 * pool or market, and are chosen so that every figure derived from inputs inside them (blocks per
 * day, pool share, money over the horizon) stays a finite number above zero: without them an
 * absurd input would surface as a failure of some intermediate quantity the caller never gave.
 */
export const PROFITABILITY_LIMITS = {
  /** Hashrate, H/s: from one hash a second to 10^30 (a billion times today's network). */
  hashrate: { min: 1, max: 1e30 },
  /** Power at the wall, W: from a milliwatt to a petawatt. */
  powerWatts: { min: 1e-3, max: 1e15 },
  /** Efficiency, J/TH. */
  efficiencyJPerTH: { min: 1e-6, max: 1e15 },
  /**
   * Difficulty: Bitcoin's own range, from the easiest target (2^256, difficulty 0xffff / 2^48,
   * about 2.3e-10; regtest runs at 4.7e-10) to the hardest (1, difficulty 0xffff x 2^208).
   */
  difficulty: { min: 0xffff / 2 ** 48, max: 0xffff * 2 ** 208 },
  /** Seconds per block: 2016 blocks stamped within one second average 0.0005 s. */
  blockIntervalSeconds: { min: 1e-4, max: 0x7fffffff },
  /** Block height. */
  height: { max: MAX_BLOCK_HEIGHT },
  /** Projection length, days: at least one day, so the projection has a month to show. */
  horizonDays: { min: 1 },
  /** Uptime, percent: a millionth of a percent is some 30 ms a year. */
  uptimePercent: { min: 1e-6 },
  /** Any amount of money (a price, a cost, a price per kWh), in the caller's currency. */
  money: { max: 1e18 },
} as const;

/**
 * Validates a {@link ProfitabilityInput} and fills its defaults. Every rejection is an
 * {@link EconomicsError} naming the field: zero hashrate, power and efficiency both given (or
 * neither), uptime outside (0, 100], PUE below 1, a pool fee of 100 % or more, a growth rate at or
 * below -100 %, a pool smaller than the miner.
 */
export function resolveProfitabilityInput(input: ProfitabilityInput): ResolvedProfitabilityInput {
  const L = PROFITABILITY_LIMITS;
  const hashrate = requireInRange(
    "hashrate",
    requirePositive("hashrate", input.hashrate),
    L.hashrate.min,
    L.hashrate.max,
    {
      unit: "H/s",
    },
  );
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
    ? requireInRange(
        "powerWatts",
        requirePositive("powerWatts", input.powerWatts),
        L.powerWatts.min,
        L.powerWatts.max,
        {
          unit: "W",
        },
      )
    : requireInRange(
        "efficiencyJPerTH",
        requirePositive("efficiencyJPerTH", input.efficiencyJPerTH),
        L.efficiencyJPerTH.min,
        L.efficiencyJPerTH.max,
        { unit: "J/TH" },
      ) *
      (hashrate / 1e12);
  const supply = validateSupplyParams(input.supply ?? MAINNET_SUPPLY);
  if (typeof input.network !== "object" || input.network === null) {
    throw new EconomicsError(
      "missing-input",
      "network",
      "network conditions (difficulty, fees, height) are required",
    );
  }
  const difficulty = requireInRange(
    "difficulty",
    requirePositive("difficulty", input.network.difficulty),
    L.difficulty.min,
    L.difficulty.max,
  );
  const blockIntervalSeconds = requireInRange(
    "blockIntervalSeconds",
    input.network.blockIntervalSeconds ?? supply.targetSpacing,
    L.blockIntervalSeconds.min,
    L.blockIntervalSeconds.max,
    { unit: "seconds" },
  );
  const networkHashrate = impliedNetworkHashrate(difficulty, blockIntervalSeconds);
  const poolHashrate =
    input.poolHashrate === undefined
      ? Math.max(hashrate, networkHashrate * DEFAULT_POOL_SHARE_OF_NETWORK)
      : requireInRange(
          "poolHashrate",
          requirePositive("poolHashrate", input.poolHashrate),
          L.hashrate.min,
          L.hashrate.max,
          { unit: "H/s" },
        );
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
  const horizonDays = requireInRange(
    "horizonDays",
    input.horizonDays ?? 12 * DAYS_PER_MONTH,
    L.horizonDays.min,
    MAX_HORIZON_DAYS,
    { unit: "days" },
  );
  const uptimePercent = requireInRange("uptimePercent", input.uptimePercent ?? 100, 0, 100, {
    minExclusive: true,
    unit: "%",
  });
  if (uptimePercent < L.uptimePercent.min) {
    throw new EconomicsError(
      "out-of-range",
      "uptimePercent",
      `must be at least ${L.uptimePercent.min} % (got ${uptimePercent})`,
    );
  }
  const btcPrice = money("btcPrice", input.btcPrice, true);
  const difficultyGrowthPercentPerMonth = growth(
    "difficultyGrowthPercentPerMonth",
    input.difficultyGrowthPercentPerMonth,
  );
  const priceGrowthPercentPerMonth = growth(
    "priceGrowthPercentPerMonth",
    input.priceGrowthPercentPerMonth,
  );
  // The projection compounds growth monthly; its last month must still be inside the bounds.
  const lastMonth = Math.max(0, Math.ceil((horizonDays - 1e-9) / DAYS_PER_MONTH) - 1);
  compounded(
    "difficultyGrowthPercentPerMonth",
    { what: "difficulty", start: difficulty, percentPerMonth: difficultyGrowthPercentPerMonth },
    lastMonth,
    L.difficulty,
  );
  compounded(
    "priceGrowthPercentPerMonth",
    { what: "BTC price", start: btcPrice, percentPerMonth: priceGrowthPercentPerMonth },
    lastMonth,
    { min: Number.MIN_VALUE, max: L.money.max },
  );
  return {
    hashrate,
    powerWatts,
    efficiencyJPerTH: powerWatts / (hashrate / 1e12),
    electricityPricePerKwh: money("electricityPricePerKwh", input.electricityPricePerKwh),
    btcPrice,
    difficulty,
    feesPerBlockBtc: requireInRange(
      "feesPerBlockBtc",
      input.network.feesPerBlockBtc,
      0,
      21_000_000,
      { unit: "BTC" },
    ),
    height: requireInRange(
      "height",
      requireNonNegativeInteger("height", input.network.height),
      0,
      L.height.max,
    ),
    blockIntervalSeconds,
    networkHashrate,
    uptimePercent,
    pue: requireInRange("pue", input.pue ?? 1, 1, 10),
    poolFeePercent: requireInRange("poolFeePercent", input.poolFeePercent ?? 0, 0, 100, {
      maxExclusive: true,
      unit: "%",
    }),
    payoutScheme: scheme,
    poolHashrate,
    hardwareCost: money("hardwareCost", input.hardwareCost ?? 0),
    fixedCostPerMonth: money("fixedCostPerMonth", input.fixedCostPerMonth ?? 0),
    horizonDays,
    difficultyGrowthPercentPerMonth,
    priceGrowthPercentPerMonth,
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

// An amount of money: zero or more (above zero when `positive`), at most the money bound.
function money(field: string, value: unknown, positive = false): number {
  const n = positive ? requirePositive(field, value) : requireNonNegative(field, value);
  return requireInRange(field, n, 0, PROFITABILITY_LIMITS.money.max);
}

/**
 * Rejects a monthly growth rate that, compounded to the projection's last month, takes a quantity
 * outside `bounds`: the message says where it would end up, so the person can lower the rate or
 * shorten the horizon.
 */
function compounded(
  field: string,
  growth: { readonly what: string; readonly start: number; readonly percentPerMonth: number },
  months: number,
  bounds: { readonly min: number; readonly max: number },
): void {
  const end = growth.start * (1 + growth.percentPerMonth / 100) ** months;
  if (Number.isFinite(end) && end >= bounds.min && end <= bounds.max) return;
  const short = (n: number) => String(Number(n.toPrecision(4)));
  const range =
    bounds.min === Number.MIN_VALUE
      ? `above 0 and at most ${short(bounds.max)}`
      : `from ${short(bounds.min)} to ${short(bounds.max)}`;
  throw new EconomicsError(
    "out-of-range",
    field,
    `compounded over ${months} months it takes the ${growth.what} from ${short(growth.start)} to ${short(end)}, which must stay ${range}; lower the rate or shorten the horizon`,
  );
}
