import { EconomicsError } from "./errors.js";
import { requireInRange, requireNonNegative } from "./validate.js";

/**
 * How a pool turns a miner's shares into money. FPPS and PPS pay a fixed rate per share (the pool
 * carries the luck); PPLNS and PROP pay a share of blocks the pool actually finds; PPS+ pays the
 * subsidy per share and fees from found blocks; SOLO pays the miner only when it finds a block.
 */
export type PayoutScheme = "FPPS" | "PPS+" | "PPS" | "PPLNS" | "PROP" | "SOLO";

/** What a scheme pays and which luck the miner keeps. */
export interface PayoutSchemeInfo {
  readonly scheme: PayoutScheme;
  /** Whether transaction fees reach the miner: as an expected rate, from actual blocks, or not at all. */
  readonly fees: "expected" | "actual" | "none";
  /** Whose luck drives the income's variance. */
  readonly variance: "none" | "pool-fees" | "pool" | "own";
  readonly description: string;
}

/** The schemes, in the order a comparison table shows them. */
export const PAYOUT_SCHEMES: readonly PayoutSchemeInfo[] = [
  {
    scheme: "FPPS",
    fees: "expected",
    variance: "none",
    description: "Full Pay Per Share: a fixed rate per share covering subsidy and expected fees",
  },
  {
    scheme: "PPS+",
    fees: "actual",
    variance: "pool-fees",
    description: "PPS for the subsidy, fees shared from blocks the pool finds",
  },
  {
    scheme: "PPS",
    fees: "none",
    variance: "none",
    description: "Pay Per Share: a fixed rate per share for the subsidy; the pool keeps fees",
  },
  {
    scheme: "PPLNS",
    fees: "actual",
    variance: "pool",
    description: "Pay Per Last N Shares: a share of each block the pool finds",
  },
  {
    scheme: "PROP",
    fees: "actual",
    variance: "pool",
    description: "Proportional: each round's block split by shares in the round",
  },
  {
    scheme: "SOLO",
    fees: "actual",
    variance: "own",
    description: "Solo: the whole block reward, only when your own hashrate finds a block",
  },
];

/** Parses a scheme name case-insensitively (`fpps`, `pps+`, `ppsplus`, `pplns`, `prop`, `solo`). */
export function parsePayoutScheme(input: string, field = "payoutScheme"): PayoutScheme {
  const key = input.trim().toUpperCase().replace(/PLUS$/, "+");
  const found = PAYOUT_SCHEMES.find((s) => s.scheme === key);
  if (!found) {
    const known = PAYOUT_SCHEMES.map((s) => s.scheme).join(", ");
    throw new EconomicsError(
      "unknown-value",
      field,
      `unknown payout scheme ${JSON.stringify(input)}; known: ${known}`,
    );
  }
  return found.scheme;
}

/** Inputs to {@link schemeIncome}. */
export interface SchemeIncomeInput {
  /** The miner's expected blocks per day (after uptime). */
  readonly blocksPerDay: number;
  readonly subsidyBtc: number;
  readonly feesPerBlockBtc: number;
  /** Pool fee, percent of what the scheme pays. */
  readonly poolFeePercent: number;
  /** Miner hashrate / pool hashrate, in (0, 1]: how much of each pool block is the miner's. */
  readonly poolShare: number;
}

/** Expected income and its spread under one payout scheme. */
export interface SchemeIncome {
  readonly scheme: PayoutScheme;
  readonly expectedBtcPerDay: number;
  /** Standard deviation of one day's income in BTC (0 when the pool carries the luck). */
  readonly stdDevBtcPerDay: number;
  /** Standard deviation of 30 days' income as a percentage of its expectation. */
  readonly variation30dPercent: number;
  /** Probability of receiving nothing at all in 30 days, percent (payout thresholds ignored). */
  readonly noIncome30dPercent: number;
}

/**
 * Expected value and variance of daily income under `scheme`. Blocks found follow a Poisson
 * process, so for a miner with rate λ blocks/day whose pool finds λ/s blocks/day (s = pool share):
 * solo income has variance λR², pool-luck schemes (PPLNS, PROP) λsR², fixed-rate schemes none.
 * PPLNS share-window noise and pool insolvency risk are not modelled (they only add variance).
 */
export function schemeIncome(scheme: PayoutScheme, input: SchemeIncomeInput): SchemeIncome {
  const lambda = requireNonNegative("blocksPerDay", input.blocksPerDay);
  const subsidy = requireNonNegative("subsidy", input.subsidyBtc);
  const fees = requireNonNegative("feesPerBlock", input.feesPerBlockBtc);
  const keep =
    1 -
    requireInRange("poolFeePercent", input.poolFeePercent, 0, 100, {
      maxExclusive: true,
      unit: "%",
    }) /
      100;
  const share = requireInRange("poolShare", input.poolShare, 0, 1, { minExclusive: true });
  const reward = (subsidy + fees) * keep;
  let mean: number;
  let variance: number;
  let noIncome30d: number;
  switch (scheme) {
    case "FPPS":
      [mean, variance, noIncome30d] = [lambda * reward, 0, 0];
      break;
    case "PPS":
      [mean, variance, noIncome30d] = [lambda * subsidy * keep, 0, 0];
      break;
    case "PPS+":
      [mean, variance, noIncome30d] = [lambda * reward, lambda * share * (fees * keep) ** 2, 0];
      break;
    case "PPLNS":
    case "PROP":
      [mean, variance, noIncome30d] = [
        lambda * reward,
        lambda * share * reward ** 2,
        Math.exp((-lambda / share) * 30),
      ];
      break;
    case "SOLO":
      [mean, variance, noIncome30d] = [
        lambda * reward,
        lambda * reward ** 2,
        Math.exp(-lambda * 30),
      ];
      break;
  }
  const sd = Math.sqrt(variance);
  return {
    scheme,
    expectedBtcPerDay: mean,
    stdDevBtcPerDay: sd,
    variation30dPercent: mean > 0 ? ((sd * Math.sqrt(30)) / (mean * 30)) * 100 : 0,
    noIncome30dPercent: noIncome30d * 100,
  };
}
