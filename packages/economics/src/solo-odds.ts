import { expectedBlocksPerDay } from "./hashprice.js";
import { requirePositive } from "./validate.js";

/** Chance of finding at least one block within a window. */
export interface SoloWindow {
  readonly days: number;
  readonly expectedBlocks: number;
  /** P(at least one block) = 1 - e^(-λ·days), percent. */
  readonly probabilityPercent: number;
}

/** A solo miner's odds: how often blocks come and how likely one is within given windows. */
export interface SoloOdds {
  readonly blocksPerDay: number;
  /** 1/λ: mean days between blocks. */
  readonly expectedDaysPerBlock: number;
  /** ln 2/λ: half of all miners this size wait longer than this for their first block. */
  readonly medianDaysToBlock: number;
  /** Share of all blocks this hashrate is expected to find, percent (= hashrate / network hashrate). */
  readonly shareOfBlocksPercent: number;
  readonly windows: readonly SoloWindow[];
}

/** P(at least one event) for a Poisson process with `expected` events, computed stably for tiny rates. */
export function probabilityAtLeastOne(expected: number): number {
  return -Math.expm1(-expected);
}

/**
 * Solo-mining odds for `hashrate` (H/s, after uptime) at `difficulty`, treating block discovery as
 * a Poisson process with rate λ = H·86400/(D·2^32) per day.
 */
export function soloOdds(
  hashrate: number,
  difficulty: number,
  options: { windowsDays?: readonly number[]; blockIntervalSeconds?: number } = {},
): SoloOdds {
  const lambda = expectedBlocksPerDay(requirePositive("hashrate", hashrate), difficulty);
  const interval = requirePositive("blockIntervalSeconds", options.blockIntervalSeconds ?? 600);
  const windows = (options.windowsDays ?? [1, 7, 30, 365]).map((days) => {
    requirePositive("windowDays", days);
    const expected = lambda * days;
    return {
      days,
      expectedBlocks: expected,
      probabilityPercent: probabilityAtLeastOne(expected) * 100,
    };
  });
  return {
    blocksPerDay: lambda,
    expectedDaysPerBlock: 1 / lambda,
    medianDaysToBlock: Math.LN2 / lambda,
    shareOfBlocksPercent: ((lambda * interval) / 86_400) * 100,
    windows,
  };
}
