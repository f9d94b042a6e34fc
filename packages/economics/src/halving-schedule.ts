import {
  blockSubsidy,
  issuedSupply,
  MAINNET_SUPPLY,
  maxSupply,
  nextHalvingHeight,
  type SupplyParams,
  subsidyEras,
} from "./supply.js";
import { requireNonNegativeInteger, requirePositive } from "./validate.js";

/** A point on a chain: the height of its tip and the tip's time (unix seconds). */
export interface ChainPosition {
  readonly height: number;
  readonly time: number;
}

/** One halving: where it is, what it does to the subsidy, and when it happened or should. */
export interface HalvingEvent {
  /** 1 for the first halving. */
  readonly epoch: number;
  readonly height: number;
  readonly subsidyBeforeSats: bigint;
  readonly subsidyAfterSats: bigint;
  /** Satoshis issued by all blocks before the halving block. */
  readonly issuedBeforeSats: bigint;
  /** `issuedBeforeSats` as a share of the eventual supply, percent. */
  readonly issuedPercent: number;
  /** Unix time of the halving block: its header time when known, else an estimate. */
  readonly time: number;
  readonly timeSource: "actual" | "estimated";
  /** Blocks from the tip to the halving block; negative for past halvings. */
  readonly blocksFromTip: number;
}

/**
 * Header times of the past mainnet halving blocks (210,000; 420,000; 630,000; 840,000), keyed by
 * network name then height, so past halvings show their real dates rather than estimates.
 */
export const KNOWN_HALVING_TIMES: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  main: {
    210000: 1354116278, // 2012-11-28 15:24:38 UTC
    420000: 1468082773, // 2016-07-09 16:46:13 UTC
    630000: 1589225023, // 2020-05-11 19:23:43 UTC
    840000: 1713571767, // 2024-04-20 00:09:27 UTC
  },
};

/** Options for {@link halvingSchedule}. */
export interface HalvingScheduleOptions {
  /** The chain tip that estimates are measured from. */
  readonly tip: ChainPosition;
  /** Seconds per block for estimates; defaults to the target spacing. */
  readonly blockIntervalSeconds?: number;
  /** Known halving-block times by height; defaults to {@link KNOWN_HALVING_TIMES} for the network. */
  readonly knownTimes?: Readonly<Record<number, number>>;
}

/**
 * Lists every halving that changes the subsidy (mainnet: 33, the last dropping 1 sat to 0), with
 * the supply issued before it and its actual or estimated date. Estimates step from the tip at
 * the given block interval, forwards for future halvings and backwards for past ones whose time is
 * not known.
 */
export function halvingSchedule(
  params: SupplyParams = MAINNET_SUPPLY,
  options: HalvingScheduleOptions,
): HalvingEvent[] {
  const tip = validateTip(options.tip);
  const interval = requirePositive(
    "blockIntervalSeconds",
    options.blockIntervalSeconds ?? params.targetSpacing,
  );
  const known = options.knownTimes ?? KNOWN_HALVING_TIMES[params.name] ?? {};
  const max = maxSupply(params);
  const events: HalvingEvent[] = [];
  for (let epoch = 1; epoch <= subsidyEras(params); epoch += 1) {
    const height = epoch * params.halvingInterval;
    const knownTime = known[height];
    const issuedBefore = issuedSupply(height - 1, params);
    events.push({
      epoch,
      height,
      subsidyBeforeSats: blockSubsidy(height - 1, params),
      subsidyAfterSats: blockSubsidy(height, params),
      issuedBeforeSats: issuedBefore,
      issuedPercent: Number((issuedBefore * 10n ** 12n) / max) / 1e10,
      time: knownTime ?? Math.round(tip.time + (height - tip.height) * interval),
      timeSource: knownTime !== undefined ? "actual" : "estimated",
      blocksFromTip: height - tip.height,
    });
  }
  return events;
}

/** Where the chain stands relative to its next halving. */
export interface HalvingStatus {
  readonly network: string;
  readonly tip: ChainPosition;
  readonly epoch: number;
  readonly subsidySats: bigint;
  readonly nextHalvingHeight: number;
  readonly blocksRemaining: number;
  readonly subsidyAfterSats: bigint;
  /** Estimated unix time of the next halving block. */
  readonly estimatedTime: number;
  /** Days from the tip's time to the estimate. */
  readonly daysRemaining: number;
  readonly blockIntervalSeconds: number;
}

/** Describes the next halving from `tip`, estimating its time at `blockIntervalSeconds` per block. */
export function nextHalving(
  params: SupplyParams = MAINNET_SUPPLY,
  tip: ChainPosition,
  blockIntervalSeconds: number = params.targetSpacing,
): HalvingStatus {
  validateTip(tip);
  requirePositive("blockIntervalSeconds", blockIntervalSeconds);
  const next = nextHalvingHeight(tip.height, params);
  const remaining = next - tip.height;
  return {
    network: params.name,
    tip,
    epoch: Math.floor(tip.height / params.halvingInterval),
    subsidySats: blockSubsidy(tip.height, params),
    nextHalvingHeight: next,
    blocksRemaining: remaining,
    subsidyAfterSats: blockSubsidy(next, params),
    estimatedTime: Math.round(tip.time + remaining * blockIntervalSeconds),
    daysRemaining: (remaining * blockIntervalSeconds) / 86_400,
    blockIntervalSeconds,
  };
}

/**
 * Estimates a chain's tip when no node or snapshot is at hand: the height reached by `now` if
 * every block since genesis had taken exactly the target spacing. Good for young custom networks;
 * mainnet runs ahead of this (its blocks averaged under ten minutes), so prefer a snapshot there.
 */
export function tipFromGenesis(params: SupplyParams, now: number): ChainPosition {
  const elapsed = Math.max(0, now - params.genesisTime);
  return { height: Math.floor(elapsed / params.targetSpacing), time: now };
}

function validateTip(tip: ChainPosition): ChainPosition {
  requireNonNegativeInteger("tip.height", tip.height);
  requireNonNegativeInteger("tip.time", tip.time);
  return tip;
}
