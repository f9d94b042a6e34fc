import { requireNonNegative, requirePositive } from "./validate.js";

/**
 * Expected hashes per unit of difficulty: a block at difficulty D needs on average D x 2^32
 * hashes, because difficulty 1 is the target 0xffff x 2^208, just under 2^224 = 2^256 / 2^32.
 */
export const HASHES_PER_DIFFICULTY = 4_294_967_296;

/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;

/**
 * Expected blocks per day for `hashrate` (H/s) at `difficulty`: H x 86400 / (D x 2^32). Depends
 * only on the miner's own hashes, not on how fast the rest of the network finds blocks.
 */
export function expectedBlocksPerDay(hashrate: number, difficulty: number): number {
  requireNonNegative("hashrate", hashrate);
  requirePositive("difficulty", difficulty);
  return (hashrate * SECONDS_PER_DAY) / (difficulty * HASHES_PER_DIFFICULTY);
}

/**
 * Expected BTC per day before pool fees: H x 86400 x (subsidy + fees) / (D x 2^32), with the
 * block reward in BTC.
 */
export function expectedBtcPerDay(
  hashrate: number,
  difficulty: number,
  blockRewardBtc: number,
): number {
  requireNonNegative("blockReward", blockRewardBtc);
  return expectedBlocksPerDay(hashrate, difficulty) * blockRewardBtc;
}

/**
 * Network hashrate implied by a difficulty and the observed seconds per block:
 * D x 2^32 / interval (H/s).
 */
export function impliedNetworkHashrate(difficulty: number, blockIntervalSeconds = 600): number {
  requirePositive("difficulty", difficulty);
  requirePositive("blockIntervalSeconds", blockIntervalSeconds);
  return (difficulty * HASHES_PER_DIFFICULTY) / blockIntervalSeconds;
}

/** Inputs to {@link hashprice}. */
export interface HashpriceInput {
  readonly difficulty: number;
  /** Block subsidy in BTC (3.125 in the era from block 840,000). */
  readonly subsidyBtc: number;
  /** Mean fees per block in BTC; 0 for the subsidy-only figure. */
  readonly feesPerBlockBtc: number;
  /** Price of one BTC in the currency of the result. */
  readonly btcPrice: number;
}

/**
 * Hashprice: the expected revenue of one unit of hashrate per day before pool fees (Luxor's term),
 * in money and in satoshis, per TH/s and per PH/s, with and without transaction fees.
 */
export interface Hashprice {
  readonly perThDay: number;
  readonly perPhDay: number;
  readonly satsPerThDay: number;
  readonly satsPerPhDay: number;
  /** Subsidy only (fees excluded), per PH/s per day: what a PPS pool's base rate tracks. */
  readonly subsidyOnlyPerPhDay: number;
  /** Share of the block reward that comes from fees, percent. */
  readonly feeSharePercent: number;
}

/** Computes {@link Hashprice} from difficulty, block reward and BTC price. */
export function hashprice(input: HashpriceInput): Hashprice {
  const subsidy = requireNonNegative("subsidy", input.subsidyBtc);
  const fees = requireNonNegative("feesPerBlock", input.feesPerBlockBtc);
  const price = requirePositive("btcPrice", input.btcPrice);
  const btcPerThDay = expectedBtcPerDay(1e12, input.difficulty, subsidy + fees);
  const subsidyPerThDay = expectedBtcPerDay(1e12, input.difficulty, subsidy);
  return {
    perThDay: btcPerThDay * price,
    perPhDay: btcPerThDay * price * 1000,
    satsPerThDay: btcPerThDay * 1e8,
    satsPerPhDay: btcPerThDay * 1e11,
    subsidyOnlyPerPhDay: subsidyPerThDay * price * 1000,
    feeSharePercent: subsidy + fees === 0 ? 0 : (fees / (subsidy + fees)) * 100,
  };
}
