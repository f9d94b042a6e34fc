import { expectedBlocksPerDay, type Hashprice, hashprice } from "./hashprice.js";
import { PAYOUT_SCHEMES, type SchemeIncome, schemeIncome } from "./payout-scheme.js";
import {
  type ProfitabilityInput,
  type ResolvedProfitabilityInput,
  resolveProfitabilityInput,
} from "./profitability-input.js";
import { type Projection, projectProfitability } from "./projection.js";
import { type SoloOdds, soloOdds } from "./solo-odds.js";
import { blockSubsidy, satsToBtc } from "./supply.js";
import { DAYS_PER_MONTH } from "./units.js";

/** Money and coin flows over one period (a day or an average month). */
export interface PeriodFigures {
  /** BTC credited to the miner, after uptime and pool fee. */
  readonly btc: number;
  readonly sats: number;
  readonly revenue: number;
  readonly electricityCost: number;
  readonly fixedCost: number;
  /** Revenue minus electricity and fixed costs (hardware excluded). */
  readonly profit: number;
  readonly energyKwh: number;
}

/** The prices and conditions at which the miner exactly breaks even, each with the others held. */
export interface BreakEven {
  /** Highest electricity price per kWh that still covers fixed costs. */
  readonly electricityPricePerKwh: number;
  /** Lowest BTC price that covers electricity and fixed costs. */
  readonly btcPrice: number;
  /** Highest difficulty at which revenue still covers the costs. */
  readonly difficulty: number;
  /** Worst efficiency (J/TH) that would still break even at this electricity price. */
  readonly efficiencyJPerTH: number | null;
  /** Running cost per TH/s per day: compare it with hashprice. */
  readonly costPerThDay: number;
}

/** Full result of {@link computeProfitability}. */
export interface ProfitabilityResult {
  /** The inputs after validation and defaults, echoed so output says what was assumed. */
  readonly inputs: ResolvedProfitabilityInput;
  readonly network: {
    readonly difficulty: number;
    readonly height: number;
    readonly networkHashrate: number;
    readonly blockIntervalSeconds: number;
    readonly subsidyBtc: number;
    readonly feesPerBlockBtc: number;
    readonly blockRewardBtc: number;
  };
  readonly miner: {
    readonly hashrate: number;
    /** Hashrate averaged over downtime. */
    readonly effectiveHashrate: number;
    readonly powerWatts: number;
    /** Power including facility overhead (power x PUE). */
    readonly facilityPowerWatts: number;
    readonly efficiencyJPerTH: number;
    /** Share of the network hashrate, percent. */
    readonly shareOfNetworkPercent: number;
  };
  /** Market hashprice before pool fees, from today's difficulty, reward and price. */
  readonly hashprice: Hashprice;
  readonly daily: PeriodFigures;
  /** An average month (30.4375 days) at today's conditions. */
  readonly monthly: PeriodFigures;
  /** (revenue - electricity) / revenue, percent; null when revenue is 0. */
  readonly operatingMarginPercent: number | null;
  /** Electricity plus fixed cost of mining one BTC at today's difficulty; null when nothing is mined. */
  readonly costPerBtc: number | null;
  readonly breakEven: BreakEven;
  /** Days to recover the hardware cost at today's daily profit; null without cost or profit. */
  readonly paybackDaysAtCurrentConditions: number | null;
  readonly energy: {
    readonly kWhPerDay: number;
    readonly kWhPerBtc: number | null;
    readonly co2KgPerDay: number | null;
    readonly co2TonnesPerBtc: number | null;
  };
  readonly solo: SoloOdds;
  /** Income under every payout scheme with the same fee, for comparison; `selected` is the input's. */
  readonly payout: {
    readonly selected: SchemeIncome;
    readonly comparison: readonly SchemeIncome[];
  };
  readonly projection: Projection;
  /** Plain-language cautions about the result. */
  readonly warnings: readonly string[];
}

/**
 * Answers "is mining profitable?" for one miner: expected BTC per day
 * (H x 86400 x (subsidy + fees) / (D x 2^32), after uptime and pool fee), revenue, costs and
 * profit per day and month, hashprice, break-even electricity and BTC price (and difficulty and
 * efficiency), payback, energy and CO2 per BTC, solo odds, income variance per payout scheme, and
 * a month-by-month projection with difficulty and price growth and any halving in the horizon.
 * Pure: all inputs, including the start time, are passed in.
 */
export function computeProfitability(input: ProfitabilityInput): ProfitabilityResult {
  const r = resolveProfitabilityInput(input);
  const uptime = r.uptimePercent / 100;
  const keep = 1 - r.poolFeePercent / 100;
  const subsidyBtc = satsToBtc(blockSubsidy(r.height, r.supply));
  const feesPaid = r.payoutScheme === "PPS" ? 0 : r.feesPerBlockBtc;
  const effectiveHashrate = r.hashrate * uptime;
  const blocksPerDay = expectedBlocksPerDay(effectiveHashrate, r.difficulty);
  const btcPerDay = blocksPerDay * (subsidyBtc + feesPaid) * keep;
  const facilityPowerWatts = r.powerWatts * r.pue;
  const kWhPerDay = (facilityPowerWatts * 24 * uptime) / 1000;
  const revenue = btcPerDay * r.btcPrice;
  const electricityCost = kWhPerDay * r.electricityPricePerKwh;
  const fixedCost = r.fixedCostPerMonth / DAYS_PER_MONTH;
  const profit = revenue - electricityCost - fixedCost;
  const daily: PeriodFigures = {
    btc: btcPerDay,
    sats: btcPerDay * 1e8,
    revenue,
    electricityCost,
    fixedCost,
    profit,
    energyKwh: kWhPerDay,
  };
  const running = electricityCost + fixedCost;
  const hashrateTh = r.hashrate / 1e12;
  // kWh per day per (J/TH) of efficiency: what one J/TH costs at this size, uptime and PUE.
  const kWhPerEfficiencyUnit = (hashrateTh * r.pue * 24 * uptime) / 1000;
  const breakEven: BreakEven = {
    electricityPricePerKwh: Math.max(0, (revenue - fixedCost) / kWhPerDay),
    btcPrice: btcPerDay > 0 ? running / btcPerDay : Number.POSITIVE_INFINITY,
    difficulty: running > 0 ? (r.difficulty * revenue) / running : Number.POSITIVE_INFINITY,
    efficiencyJPerTH:
      r.electricityPricePerKwh > 0
        ? Math.max(0, (revenue - fixedCost) / (kWhPerEfficiencyUnit * r.electricityPricePerKwh))
        : null,
    costPerThDay: running / hashrateTh,
  };
  const schemeInput = {
    blocksPerDay,
    subsidyBtc,
    feesPerBlockBtc: r.feesPerBlockBtc,
    poolFeePercent: r.poolFeePercent,
    poolShare: Math.min(1, r.hashrate / r.poolHashrate),
  };
  const comparison = PAYOUT_SCHEMES.map((s) => schemeIncome(s.scheme, schemeInput));
  const projection = projectProfitability(r);
  const co2 = r.co2GramsPerKwh;
  const result: ProfitabilityResult = {
    inputs: r,
    network: {
      difficulty: r.difficulty,
      height: r.height,
      networkHashrate: r.networkHashrate,
      blockIntervalSeconds: r.blockIntervalSeconds,
      subsidyBtc,
      feesPerBlockBtc: r.feesPerBlockBtc,
      blockRewardBtc: subsidyBtc + r.feesPerBlockBtc,
    },
    miner: {
      hashrate: r.hashrate,
      effectiveHashrate,
      powerWatts: r.powerWatts,
      facilityPowerWatts,
      efficiencyJPerTH: r.efficiencyJPerTH,
      shareOfNetworkPercent: (r.hashrate / r.networkHashrate) * 100,
    },
    hashprice: hashprice({
      difficulty: r.difficulty,
      subsidyBtc,
      feesPerBlockBtc: r.feesPerBlockBtc,
      btcPrice: r.btcPrice,
    }),
    daily,
    monthly: scale(daily, DAYS_PER_MONTH),
    operatingMarginPercent: revenue > 0 ? ((revenue - electricityCost) / revenue) * 100 : null,
    costPerBtc: btcPerDay > 0 ? running / btcPerDay : null,
    breakEven,
    paybackDaysAtCurrentConditions:
      r.hardwareCost > 0 && profit > 0 ? r.hardwareCost / profit : null,
    energy: {
      kWhPerDay,
      kWhPerBtc: btcPerDay > 0 ? kWhPerDay / btcPerDay : null,
      co2KgPerDay: co2 === null ? null : (kWhPerDay * co2) / 1000,
      co2TonnesPerBtc:
        co2 === null || btcPerDay === 0 ? null : (kWhPerDay / btcPerDay) * (co2 / 1e6),
    },
    solo: soloOdds(effectiveHashrate, r.difficulty, {
      windowsDays: [1, 7, 30, 365, Math.round(r.horizonDays)].filter(
        (d, i, all) => d > 0 && all.indexOf(d) === i,
      ),
      blockIntervalSeconds: r.blockIntervalSeconds,
    }),
    payout: { selected: comparison.find((c) => c.scheme === r.payoutScheme)!, comparison },
    projection,
    warnings: [],
  };
  return { ...result, warnings: warningsFor(result) };
}

function scale(day: PeriodFigures, days: number): PeriodFigures {
  return {
    btc: day.btc * days,
    sats: day.sats * days,
    revenue: day.revenue * days,
    electricityCost: day.electricityCost * days,
    fixedCost: day.fixedCost * days,
    profit: day.profit * days,
    energyKwh: day.energyKwh * days,
  };
}

function warningsFor(result: ProfitabilityResult): string[] {
  const w: string[] = [];
  const r = result.inputs;
  if (result.daily.profit < 0) {
    w.push("unprofitable at current conditions: running costs exceed revenue");
  } else if (result.projection.unprofitableFromMonth !== null) {
    w.push(
      `becomes unprofitable in month ${result.projection.unprofitableFromMonth} of the projection`,
    );
  }
  for (const h of result.projection.halvings) {
    w.push(
      `halving at block ${h.height} in month ${h.month} (day ${Math.round(h.day)}): subsidy drops to ${h.subsidyAfterBtc} BTC`,
    );
  }
  if (r.hardwareCost > 0 && result.projection.paybackDays === null) {
    w.push("hardware cost is not paid back within the horizon");
  }
  if (r.payoutScheme === "SOLO" && result.solo.expectedDaysPerBlock > r.horizonDays) {
    w.push(
      `solo: expected ${Math.round(result.solo.expectedDaysPerBlock)} days per block, longer than the horizon; ` +
        "most miners this size find nothing (see solo odds)",
    );
  }
  if (r.poolFeePercent > 10) w.push(`pool fee of ${r.poolFeePercent} % is unusually high`);
  return w;
}
