// The mempool's rising and decaying minimum fee (Core's CTxMemPool::GetMinFee).

/** Core's ROLLING_FEE_HALFLIFE: the evicted-feerate floor halves every 12 hours. */
export const ROLLING_FEE_HALFLIFE_SECONDS = 12 * 60 * 60;

/**
 * The minimum fee rate a full mempool demands, as Core's rolling minimum fee: after evicting a
 * package it rises to that package's fee rate plus the incremental relay fee, so a transaction
 * cannot re-enter at the rate just evicted; once a block has arrived since the last rise, it
 * decays with a 12-hour half-life (faster while the mempool is under half or a quarter full) and
 * drops to zero below half the incremental rate. Rates are sat/kvB; times Unix seconds.
 */
export class RollingMinFee {
  private rate = 0;
  private lastUpdate = 0;
  private blockSinceBump = false;

  constructor(private readonly incrementalRelayFeeRate: bigint) {}

  /** Raises the floor to `rate` after evicting a package with that (incremented) fee rate. */
  bump(rate: bigint): void {
    if (Number(rate) > this.rate) {
      this.rate = Number(rate);
      this.blockSinceBump = false;
    }
  }

  /** Records a connected block: decay may start from now. */
  blockConnected(now: number): void {
    this.lastUpdate = now;
    this.blockSinceBump = true;
  }

  /**
   * The current floor in sat/kvB (zero when none), decaying it first as Core does at most every
   * 10 seconds. `usage`/`limit` pick the half-life.
   */
  current(now: number, usage: number, limit: number): bigint {
    if (!this.blockSinceBump || this.rate === 0) return BigInt(Math.round(this.rate));
    if (now > this.lastUpdate + 10) {
      let halflife = ROLLING_FEE_HALFLIFE_SECONDS;
      if (usage < limit / 4) halflife /= 4;
      else if (usage < limit / 2) halflife /= 2;
      this.rate /= 2 ** ((now - this.lastUpdate) / halflife);
      this.lastUpdate = now;
      if (this.rate < Number(this.incrementalRelayFeeRate) / 2) {
        this.rate = 0;
        return 0n;
      }
    }
    const rounded = BigInt(Math.round(this.rate));
    return rounded > this.incrementalRelayFeeRate ? rounded : this.incrementalRelayFeeRate;
  }

  /** The raw state, for persistence and tests. */
  snapshot(): {
    readonly rate: number;
    readonly lastUpdate: number;
    readonly blockSinceBump: boolean;
  } {
    return { rate: this.rate, lastUpdate: this.lastUpdate, blockSinceBump: this.blockSinceBump };
  }
}
