// A synthetic mempool and miner for the fees-*.test.ts files: each block, transactions arrive
// at fixed feerates and a deterministic miner confirms each feerate after a fixed delay (or
// never, in which case the mempool evicts them).
import { sha256 } from "@hashforge/consensus";
import type { FeeEstimator } from "../src/fees/fee-estimator.js";

/** How one feerate class behaves: sat/vB, arrivals per block, and blocks until mined. */
export interface FeeClass {
  readonly satPerVb: number;
  readonly perBlock: number;
  /** Blocks from entry to confirmation; null = never mined. */
  readonly confirmAfter: number | null;
}

const VSIZE = 250;

/** Drives an estimator block by block; the schedule can change between runs. */
export class FeeMarket {
  height = 0;
  private counter = 0;
  private readonly pending = new Map<number, Uint8Array[]>();
  private readonly evictions = new Map<number, Uint8Array[]>();

  constructor(
    private readonly estimator: FeeEstimator,
    /** Unmined transactions are evicted after this many blocks. */
    private readonly evictAfter = 30,
  ) {}

  /** Mines `blocks` blocks; after each, new transactions arrive per `classes`. */
  run(blocks: number, classes: readonly FeeClass[]): void {
    for (let i = 0; i < blocks; i++) {
      this.height++;
      const confirmed = this.pending.get(this.height) ?? [];
      this.pending.delete(this.height);
      this.estimator.processBlock(this.height, confirmed);
      for (const txid of this.evictions.get(this.height) ?? []) this.estimator.removeTx(txid);
      this.evictions.delete(this.height);
      for (const c of classes) {
        for (let k = 0; k < c.perBlock; k++) this.arrive(c);
      }
    }
  }

  private arrive(c: FeeClass): void {
    this.counter++;
    const txid = sha256(
      Uint8Array.of(this.counter & 0xff, (this.counter >> 8) & 0xff, this.counter >> 16),
    );
    this.estimator.processTransaction({
      txid,
      fee: BigInt(c.satPerVb * VSIZE),
      vsize: VSIZE,
      height: this.height,
    });
    const at = c.confirmAfter === null ? null : this.height + c.confirmAfter;
    const bucket = at === null ? this.evictions : this.pending;
    const when = at ?? this.height + this.evictAfter;
    const list = bucket.get(when) ?? [];
    list.push(txid);
    bucket.set(when, list);
  }
}

/** The feerate of an estimate in sat/vB, or null when it reported an error. */
export function satPerVb(
  estimate: { feerate: number } | { errors: readonly string[] },
): number | null {
  return "feerate" in estimate ? Math.round(estimate.feerate * 1e8) / 1000 : null;
}
