import { toHex } from "@hashforge/consensus";
import { feeBucketBoundaries } from "./fee-buckets.js";
import { decodeFeeEstimates, encodeFeeEstimates } from "./fee-estimates-file.js";
import { FeeEstimatorError } from "./fee-estimator-error.js";
import { TxConfirmStats } from "./tx-confirm-stats.js";

/** Short horizon: 12 periods of 1 block, decay 0.962 per block (half-life ~18 blocks). */
export const SHORT_HORIZON = { periods: 12, scale: 1, decay: 0.962 } as const;
/** Medium horizon: 24 periods of 2 blocks, decay 0.9952 (half-life ~144 blocks). */
export const MEDIUM_HORIZON = { periods: 24, scale: 2, decay: 0.9952 } as const;
/** Long horizon: 42 periods of 24 blocks, decay 0.99931 (half-life ~1008 blocks). */
export const LONG_HORIZON = { periods: 42, scale: 24, decay: 0.99931 } as const;

/** Success threshold for target / 2 (Core's HALF_SUCCESS_PCT). */
export const HALF_SUCCESS_PCT = 0.6;
/** Success threshold for the target itself (SUCCESS_PCT). */
export const SUCCESS_PCT = 0.85;
/** Success threshold for 2 x target (DOUBLE_SUCCESS_PCT). */
export const DOUBLE_SUCCESS_PCT = 0.95;
/** Data points per block a bucket group needs, medium and long horizons (SUFFICIENT_FEETXS). */
const SUFFICIENT_FEETXS = 0.1;
/** Data points per block a bucket group needs, short horizon (SUFFICIENT_TXS_SHORT). */
const SUFFICIENT_TXS_SHORT = 0.5;
/** History older than this many blocks is not used after a restart (OLDEST_ESTIMATE_HISTORY). */
const OLDEST_ESTIMATE_HISTORY = 6 * 1008;
/** Default bound on tracked mempool transactions. */
export const DEFAULT_MAX_TRACKED_TXS = 500_000;

/** Core's error string when no estimate can be given. */
export const INSUFFICIENT_DATA = "Insufficient data or no feerate found";

/** A pino-compatible logger (only the levels used here). */
export interface FeeEstimatorLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Construction options: injected clock and logger, and the tracking bound. */
export interface FeeEstimatorOptions {
  /** Current UNIX time in seconds (stamps and ages estimate files). */
  readonly now?: () => number;
  readonly logger?: FeeEstimatorLogger;
  /** Mempool transactions tracked at most; more are counted as untracked. */
  readonly maxTrackedTxs?: number;
}

/** A transaction entering the mempool, as the estimator needs it. */
export interface FeeEstimatorTx {
  readonly txid: Uint8Array;
  /** Fee in satoshis (the actual fee, not a prioritised one). */
  readonly fee: bigint;
  /** Virtual size in vbytes (sigop-adjusted, as the mempool measures it). */
  readonly vsize: number;
  /** Chain height when it entered the mempool. */
  readonly height: number;
  /**
   * False for transactions whose feerate says nothing about the market: those with unconfirmed
   * parents, re-added after a reorg, or accepted while the node is still syncing (Core's
   * validFeeEstimate). Default true.
   */
  readonly validForEstimation?: boolean;
}

/** estimatesmartfee's answer: feerate in BTC/kvB and the target it was computed for. */
export type SmartFeeEstimate =
  | { readonly feerate: number; readonly satPerKvB: number; readonly blocks: number }
  | { readonly errors: readonly string[]; readonly blocks: number };

/** Whether to favour quick reaction (economical) or stability against short dips (conservative). */
export type EstimateMode = "economical" | "conservative";

interface Tracked {
  readonly height: number;
  readonly bucket: number;
  readonly feerate: number;
}

/**
 * Fee estimation from observed confirmation times, a faithful simplification of Core's
 * CBlockPolicyEstimator: mempool transactions are tracked with their feerate and entry height;
 * when a block confirms them, the blocks they waited are recorded in three exponentially decayed
 * horizons (short 12 blocks, medium 48, long 1008) over feerate buckets spaced by 1.05; evictions
 * count as failures. {@link FeeEstimator.estimateSmartFee} answers the lowest feerate that
 * confirmed within the target with 60 %, 85 % and 95 % success at target / 2, target and
 * 2 x target. Reorged blocks are ignored, as Core ignores them.
 */
export class FeeEstimator {
  /** Highest block height processed. */
  bestSeenHeight = 0;
  private firstRecordedHeight = 0;
  private historicalFirst = 0;
  private historicalBest = 0;
  private readonly buckets = feeBucketBoundaries();
  private readonly short: TxConfirmStats;
  private readonly medium: TxConfirmStats;
  private readonly long: TxConfirmStats;
  private readonly tracked = new Map<string, Tracked>();
  private readonly now: () => number;
  private readonly logger: FeeEstimatorLogger | undefined;
  private readonly maxTracked: number;
  private untracked = 0;

  constructor(options: FeeEstimatorOptions = {}) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.logger = options.logger;
    this.maxTracked = options.maxTrackedTxs ?? DEFAULT_MAX_TRACKED_TXS;
    const make = (h: { periods: number; scale: number; decay: number }) =>
      new TxConfirmStats(this.buckets, h.periods, h.decay, h.scale);
    this.short = make(SHORT_HORIZON);
    this.medium = make(MEDIUM_HORIZON);
    this.long = make(LONG_HORIZON);
  }

  /** Number of mempool transactions currently tracked. */
  get trackedCount(): number {
    return this.tracked.size;
  }

  /** Transactions seen but not tracked since the last block (invalid for estimation or over the bound). */
  get untrackedCount(): number {
    return this.untracked;
  }

  /**
   * Starts tracking a transaction that entered the mempool (Core's processTransaction). Only
   * transactions entering at the height of the last processed block are tracked, so every
   * record measures blocks waited from a known start. Returns true when tracked.
   */
  processTransaction(entry: FeeEstimatorTx): boolean {
    const key = toHex(entry.txid);
    if (this.tracked.has(key)) return false;
    if (entry.height !== this.bestSeenHeight) return false;
    if (
      entry.validForEstimation === false ||
      this.tracked.size >= this.maxTracked ||
      !(entry.vsize > 0)
    ) {
      this.untracked++;
      return false;
    }
    const feerate = (Number(entry.fee) * 1000) / entry.vsize;
    const bucket = this.short.newTx(entry.height, feerate);
    this.medium.newTx(entry.height, feerate);
    this.long.newTx(entry.height, feerate);
    this.tracked.set(key, { height: entry.height, bucket, feerate });
    return true;
  }

  /**
   * Stops tracking a transaction that left the mempool without being mined (eviction, expiry,
   * replacement, conflict): it counts as a failure to confirm (Core's removeTx with inBlock
   * false). Returns true when it was tracked.
   */
  removeTx(txid: Uint8Array): boolean {
    return this.untrack(toHex(txid), false) !== undefined;
  }

  private untrack(key: string, inBlock: boolean): Tracked | undefined {
    const entry = this.tracked.get(key);
    if (entry === undefined) return undefined;
    this.tracked.delete(key);
    for (const stats of [this.short, this.medium, this.long]) {
      if (!stats.removeTx(entry.height, this.bestSeenHeight, entry.bucket, inBlock)) {
        this.logger?.warn({ txid: key, height: entry.height }, "fee estimator counts out of sync");
      }
    }
    return entry;
  }

  /**
   * Records a connected block (Core's processBlock): decays all averages, then records each
   * tracked transaction among `confirmedTxids` with the blocks it waited. Blocks at or below
   * the best height seen (reorgs, replays) are ignored. Returns how many were recorded.
   */
  processBlock(height: number, confirmedTxids: readonly Uint8Array[]): number {
    if (height <= this.bestSeenHeight) return 0;
    this.bestSeenHeight = height;
    for (const stats of [this.short, this.medium, this.long]) {
      stats.clearCurrent(height);
      stats.updateMovingAverages();
    }
    let counted = 0;
    for (const id of confirmedTxids) {
      const entry = this.untrack(toHex(id), true);
      if (entry === undefined) continue;
      const blocksToConfirm = height - entry.height;
      if (blocksToConfirm <= 0) continue;
      this.short.record(blocksToConfirm, entry.feerate);
      this.medium.record(blocksToConfirm, entry.feerate);
      this.long.record(blocksToConfirm, entry.feerate);
      counted++;
    }
    if (this.firstRecordedHeight === 0 && counted > 0) this.firstRecordedHeight = height;
    this.logger?.debug(
      {
        height,
        counted,
        confirmed: confirmedTxids.length,
        tracked: this.tracked.size,
        untracked: this.untracked,
      },
      "fee estimator processed block",
    );
    this.untracked = 0;
    return counted;
  }

  /**
   * Forgets every tracked mempool transaction, counting each as unconfirmed, as Core does
   * before writing the file at shutdown (FlushUnconfirmed). Returns how many were dropped.
   */
  flushUnconfirmed(): number {
    const keys = [...this.tracked.keys()];
    for (const key of keys) this.untrack(key, false);
    return keys.length;
  }

  private blockSpan(): number {
    return this.firstRecordedHeight === 0 ? 0 : this.bestSeenHeight - this.firstRecordedHeight;
  }

  private historicalBlockSpan(): number {
    if (this.historicalFirst === 0) return 0;
    if (this.bestSeenHeight - this.historicalBest > OLDEST_ESTIMATE_HISTORY) return 0;
    return this.historicalBest - this.historicalFirst;
  }

  /** The highest target worth answering: half the blocks of data held (Core's MaxUsableEstimate). */
  maxUsableEstimate(): number {
    const span = Math.max(this.blockSpan(), this.historicalBlockSpan());
    return Math.min(this.long.maxConfirms, Math.floor(span / 2));
  }

  /** The highest target any horizon tracks (1008). */
  get maxConfirmTarget(): number {
    return this.long.maxConfirms;
  }

  private combinedEstimate(target: number, threshold: number, checkShorter: boolean): number {
    if (target < 1 || target > this.long.maxConfirms) return -1;
    const h = this.bestSeenHeight;
    const estimateIn = (stats: TxConfirmStats, t: number) =>
      stats.estimateMedianVal(
        t,
        stats === this.short ? SUFFICIENT_TXS_SHORT : SUFFICIENT_FEETXS,
        threshold,
        h,
      );
    let estimate: number;
    if (target <= this.short.maxConfirms) estimate = estimateIn(this.short, target);
    else if (target <= this.medium.maxConfirms) estimate = estimateIn(this.medium, target);
    else estimate = estimateIn(this.long, target);
    if (checkShorter) {
      // A shorter, more recent horizon answering lower keeps estimates monotonic in the target.
      for (const stats of [this.medium, this.short]) {
        if (target <= stats.maxConfirms) continue;
        const shorter = estimateIn(stats, stats.maxConfirms);
        if (shorter > 0 && (estimate === -1 || shorter < estimate)) estimate = shorter;
      }
    }
    return estimate;
  }

  private conservativeEstimate(doubleTarget: number): number {
    const h = this.bestSeenHeight;
    let estimate = -1;
    if (doubleTarget <= this.short.maxConfirms) {
      estimate = this.medium.estimateMedianVal(
        doubleTarget,
        SUFFICIENT_FEETXS,
        DOUBLE_SUCCESS_PCT,
        h,
      );
    }
    if (doubleTarget <= this.medium.maxConfirms) {
      const longer = this.long.estimateMedianVal(
        doubleTarget,
        SUFFICIENT_FEETXS,
        DOUBLE_SUCCESS_PCT,
        h,
      );
      if (longer > estimate) estimate = longer;
    }
    return estimate;
  }

  /**
   * Estimates the feerate needed to confirm within `confTarget` blocks (1..1008), as Core's
   * estimateSmartFee and the estimatesmartfee RPC: a target of 1 is answered as 2, targets
   * beyond half the data held are lowered (the answer's `blocks`), and the result is the highest
   * of the estimates for target / 2 at 60 %, target at 85 % and 2 x target at 95 % success;
   * `conservative` also takes the longer horizons' 95 % estimate for 2 x target. The feerate is
   * in BTC/kvB, floored at `minFeeRateSatPerKvB` (pass the mempool and relay minimums, as the
   * RPC does). Throws FeeEstimatorError `invalid-conf-target`.
   */
  estimateSmartFee(
    confTarget: number,
    mode: EstimateMode = "economical",
    minFeeRateSatPerKvB = 0,
  ): SmartFeeEstimate {
    if (!Number.isInteger(confTarget) || confTarget < 1 || confTarget > this.long.maxConfirms) {
      throw new FeeEstimatorError(
        "invalid-conf-target",
        `Invalid conf_target, must be between 1 and ${this.long.maxConfirms}`,
      );
    }
    let target = confTarget === 1 ? 2 : confTarget;
    target = Math.min(target, this.maxUsableEstimate());
    if (target <= 1) return { errors: [INSUFFICIENT_DATA], blocks: target };
    const conservative = mode === "conservative";
    let median = this.combinedEstimate(Math.floor(target / 2), HALF_SUCCESS_PCT, true);
    median = Math.max(median, this.combinedEstimate(target, SUCCESS_PCT, true));
    // Conservative mode takes the max over horizons below, so skips the shorter-horizon check.
    median = Math.max(median, this.combinedEstimate(2 * target, DOUBLE_SUCCESS_PCT, !conservative));
    if (conservative || median === -1) {
      median = Math.max(median, this.conservativeEstimate(2 * target));
    }
    if (median < 0) return { errors: [INSUFFICIENT_DATA], blocks: target };
    const satPerKvB = Math.max(Math.round(median), minFeeRateSatPerKvB);
    return { feerate: satPerKvB / 1e8, satPerKvB, blocks: target };
  }

  /**
   * Serializes the estimator's history (not its tracked mempool transactions, which a restart
   * forgets, as in Core) into the versioned estimates file format.
   */
  serialize(): Uint8Array {
    const keepCurrent = this.blockSpan() > this.historicalBlockSpan() / 2;
    return encodeFeeEstimates({
      savedAt: this.now(),
      bestSeenHeight: this.bestSeenHeight,
      historicalFirst: keepCurrent ? this.firstRecordedHeight : this.historicalFirst,
      historicalBest: keepCurrent ? this.bestSeenHeight : this.historicalBest,
      buckets: this.buckets,
      stats: [this.short, this.medium, this.long],
    });
  }

  /**
   * Restores an estimator from {@link FeeEstimator.serialize} output. The file's data becomes
   * history (used for targets up to half its span until new data accumulates). Files older than
   * 60 hours are refused (`stale`) unless `acceptStale`, as Core's -acceptstalefeeestimates.
   * Throws FeeEstimatorError.
   */
  static deserialize(
    bytes: Uint8Array,
    options: FeeEstimatorOptions & { readonly acceptStale?: boolean } = {},
  ): FeeEstimator {
    const estimator = new FeeEstimator(options);
    const file = decodeFeeEstimates(bytes, estimator.buckets, [
      SHORT_HORIZON,
      MEDIUM_HORIZON,
      LONG_HORIZON,
    ]);
    if (options.acceptStale !== true && estimator.now() - file.savedAt > MAX_FILE_AGE_SECONDS) {
      throw new FeeEstimatorError("stale", "fee estimates file is older than 60 hours");
    }
    estimator.bestSeenHeight = file.bestSeenHeight;
    estimator.historicalFirst = file.historicalFirst;
    estimator.historicalBest = file.historicalBest;
    const [short, medium, long] = file.stats;
    estimator.short.restore(short!);
    estimator.medium.restore(medium!);
    estimator.long.restore(long!);
    return estimator;
  }
}

/** Core's MAX_FILE_AGE: estimates older than this describe a different market. */
export const MAX_FILE_AGE_SECONDS = 60 * 60 * 60;
