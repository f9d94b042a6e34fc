import { feeBucketIndex } from "./fee-buckets.js";

/** The exponentially decayed averages one horizon keeps (what the estimates file stores). */
export interface TxConfirmStatsData {
  /** Decayed sum of feerates (sat/kvB) of confirmed transactions, per bucket. */
  readonly feerateAvg: Float64Array;
  /** Decayed count of confirmed transactions, per bucket. */
  readonly txCtAvg: Float64Array;
  /** confAvg[p][b]: decayed count confirmed within p + 1 periods. */
  readonly confAvg: readonly Float64Array[];
  /** failAvg[p][b]: decayed count that left the mempool unconfirmed after p + 1 periods. */
  readonly failAvg: readonly Float64Array[];
}

/**
 * Confirmation statistics for one time horizon, as Core's TxConfirmStats: for each feerate
 * bucket, exponentially decayed counts of how many transactions confirmed within each number of
 * periods (a period is `scale` blocks), how many failed (left the mempool unconfirmed), and a
 * ring of the unconfirmed transactions still in the mempool by entry height.
 */
export class TxConfirmStats {
  readonly periods: number;
  readonly scale: number;
  readonly decay: number;
  readonly feerateAvg: Float64Array;
  readonly txCtAvg: Float64Array;
  readonly confAvg: Float64Array[];
  readonly failAvg: Float64Array[];
  /** unconfTxs[height % maxConfirms][b]: tracked mempool transactions by entry height. */
  private readonly unconfTxs: Int32Array[];
  /** Tracked transactions older than the ring. */
  private readonly oldUnconfTxs: Int32Array;

  constructor(
    readonly buckets: readonly number[],
    periods: number,
    decay: number,
    scale: number,
  ) {
    this.periods = periods;
    this.decay = decay;
    this.scale = scale;
    const n = buckets.length;
    this.feerateAvg = new Float64Array(n);
    this.txCtAvg = new Float64Array(n);
    this.confAvg = Array.from({ length: periods }, () => new Float64Array(n));
    this.failAvg = Array.from({ length: periods }, () => new Float64Array(n));
    this.unconfTxs = Array.from({ length: this.maxConfirms }, () => new Int32Array(n));
    this.oldUnconfTxs = new Int32Array(n);
  }

  /**
   * Replaces the decayed averages with stored ones (same bucket and period counts, checked by
   * the file decoder); the unconfirmed ring starts empty, as after Core's Read.
   */
  restore(data: TxConfirmStatsData): void {
    this.feerateAvg.set(data.feerateAvg);
    this.txCtAvg.set(data.txCtAvg);
    for (let p = 0; p < this.periods; p++) {
      this.confAvg[p]!.set(data.confAvg[p]!);
      this.failAvg[p]!.set(data.failAvg[p]!);
    }
  }

  /** The longest confirmation target this horizon answers: periods x scale blocks. */
  get maxConfirms(): number {
    return this.periods * this.scale;
  }

  private ringIndex(height: number): number {
    const size = this.unconfTxs.length;
    return ((height % size) + size) % size;
  }

  /** Moves the ring slot that `height` reuses into the "old" counts (Core's ClearCurrent). */
  clearCurrent(height: number): void {
    const slot = this.unconfTxs[this.ringIndex(height)]!;
    for (let b = 0; b < slot.length; b++) {
      this.oldUnconfTxs[b] = this.oldUnconfTxs[b]! + slot[b]!;
      slot[b] = 0;
    }
  }

  /**
   * Records a transaction confirmed `blocksToConfirm` (>= 1) blocks after it was seen, at
   * `feerate` sat/kvB: it counts as confirmed within every period count from its own up.
   */
  record(blocksToConfirm: number, feerate: number): void {
    if (blocksToConfirm < 1) return;
    const periodsToConfirm = Math.ceil(blocksToConfirm / this.scale);
    const b = feeBucketIndex(this.buckets, feerate);
    for (let p = periodsToConfirm; p <= this.periods; p++) {
      const row = this.confAvg[p - 1]!;
      row[b] = row[b]! + 1;
    }
    this.txCtAvg[b] = this.txCtAvg[b]! + 1;
    this.feerateAvg[b] = this.feerateAvg[b]! + feerate;
  }

  /** Multiplies every average by the decay factor: once per block (Core's UpdateMovingAverages). */
  updateMovingAverages(): void {
    const d = this.decay;
    for (let b = 0; b < this.buckets.length; b++) {
      for (let p = 0; p < this.periods; p++) {
        this.confAvg[p]![b] = this.confAvg[p]![b]! * d;
        this.failAvg[p]![b] = this.failAvg[p]![b]! * d;
      }
      this.feerateAvg[b] = this.feerateAvg[b]! * d;
      this.txCtAvg[b] = this.txCtAvg[b]! * d;
    }
  }

  /** Tracks a transaction entering the mempool at `height`; returns its bucket (Core's NewTx). */
  newTx(height: number, feerate: number): number {
    const b = feeBucketIndex(this.buckets, feerate);
    const slot = this.unconfTxs[this.ringIndex(height)]!;
    slot[b] = slot[b]! + 1;
    return b;
  }

  /**
   * Stops tracking a transaction that entered at `entryHeight`. One that leaves without
   * confirming after at least a full period counts as a failure for every period it waited
   * (Core's TxConfirmStats::removeTx). Returns false when the counts did not hold it.
   */
  removeTx(entryHeight: number, bestSeenHeight: number, bucket: number, inBlock: boolean): boolean {
    const blocksAgo = bestSeenHeight === 0 ? 0 : bestSeenHeight - entryHeight;
    if (blocksAgo < 0) return false;
    let held = true;
    if (blocksAgo >= this.unconfTxs.length) {
      if (this.oldUnconfTxs[bucket]! > 0)
        this.oldUnconfTxs[bucket] = this.oldUnconfTxs[bucket]! - 1;
      else held = false;
    } else {
      const slot = this.unconfTxs[this.ringIndex(entryHeight)]!;
      if (slot[bucket]! > 0) slot[bucket] = slot[bucket]! - 1;
      else held = false;
    }
    if (!inBlock && blocksAgo >= this.scale) {
      const periodsAgo = Math.floor(blocksAgo / this.scale);
      for (let p = 0; p < periodsAgo && p < this.periods; p++) {
        this.failAvg[p]![bucket] = this.failAvg[p]![bucket]! + 1;
      }
    }
    return held;
  }

  /**
   * The feerate (sat/kvB) that got `successBreakPoint` of transactions confirmed within
   * `confTarget` blocks, or -1 (Core's EstimateMedianVal). Buckets are scanned from the highest
   * feerate down and grouped until each group holds enough data (`sufficientTxVal` per block,
   * scaled by the decay to a total); a group passes when the share confirmed in time, out of
   * confirmed + failed + still waiting at least `confTarget` blocks, reaches the threshold. The
   * answer is the average feerate of the median transaction's bucket in the lowest passing group.
   */
  estimateMedianVal(
    confTarget: number,
    sufficientTxVal: number,
    successBreakPoint: number,
    bestSeenHeight: number,
  ): number {
    const periodTarget = Math.ceil(confTarget / this.scale);
    if (periodTarget < 1 || periodTarget > this.periods) return -1;
    const conf = this.confAvg[periodTarget - 1]!;
    const fail = this.failAvg[periodTarget - 1]!;
    const maxBucket = this.buckets.length - 1;
    const required = sufficientTxVal / (1 - this.decay);
    let nConf = 0;
    let totalNum = 0;
    let failNum = 0;
    let extraNum = 0;
    let curNear = maxBucket;
    let curFar = maxBucket;
    let bestNear = maxBucket;
    let bestFar = maxBucket;
    let foundAnswer = false;
    let newRange = true;
    for (let b = maxBucket; b >= 0; b--) {
      if (newRange) {
        curNear = b;
        newRange = false;
      }
      curFar = b;
      nConf += conf[b]!;
      totalNum += this.txCtAvg[b]!;
      failNum += fail[b]!;
      for (let c = confTarget; c < this.maxConfirms; c++) {
        extraNum += this.unconfTxs[this.ringIndex(bestSeenHeight - c)]![b]!;
      }
      extraNum += this.oldUnconfTxs[b]!;
      // Test only once the group has enough confirmed data points, so that every target looks
      // at the same amount of data.
      if (totalNum < required) continue;
      const pct = nConf / (totalNum + failNum + extraNum);
      // A failing group keeps growing downward; it never becomes the answer.
      if (pct < successBreakPoint) continue;
      foundAnswer = true;
      nConf = 0;
      totalNum = 0;
      failNum = 0;
      extraNum = 0;
      bestNear = curNear;
      bestFar = curFar;
      newRange = true;
    }
    if (!foundAnswer) return -1;
    const lo = Math.min(bestNear, bestFar);
    const hi = Math.max(bestNear, bestFar);
    let txSum = 0;
    for (let b = lo; b <= hi; b++) txSum += this.txCtAvg[b]!;
    if (txSum === 0) return -1;
    txSum /= 2;
    for (let b = lo; b <= hi; b++) {
      if (this.txCtAvg[b]! < txSum) txSum -= this.txCtAvg[b]!;
      else return this.feerateAvg[b]! / this.txCtAvg[b]!;
    }
    return -1;
  }
}
