// Hashes per second over a sliding window, from hash counts reported as they come in.
import { checkInteger } from "./miner-error.js";

/** Options of {@link HashrateMeter}. */
export interface HashrateMeterOptions {
  /** Clock in milliseconds (injected so tests need no sleeps). */
  readonly now: () => number;
  /** Length of the sliding window in milliseconds (default 10 s). */
  readonly windowMs?: number;
  /** Bucket width in milliseconds; the window holds windowMs / bucketMs buckets (default 250). */
  readonly bucketMs?: number;
}

/**
 * Counts hashes into fixed-width time buckets (a bounded ring, whatever the report rate) and
 * reports the rate over the last `windowMs` of completed buckets. A report covers work done
 * before it arrived, so the bucket still filling is left out (the figure lags by at most one
 * bucket) except right after start, when it is all there is.
 */
export class HashrateMeter {
  readonly #now: () => number;
  readonly #bucketMs: number;
  /** windowMs / bucketMs completed buckets plus the one filling now. */
  readonly #buckets: Float64Array;
  #startedAt: number | null = null;
  /** Index (time / bucketMs) of the bucket filling now. */
  #head = 0;
  #total = 0;

  constructor(options: HashrateMeterOptions) {
    this.#now = options.now;
    const windowMs = checkInteger("windowMs", options.windowMs ?? 10_000, 100, 3_600_000);
    this.#bucketMs = checkInteger("bucketMs", options.bucketMs ?? 250, 10, windowMs);
    this.#buckets = new Float64Array(Math.ceil(windowMs / this.#bucketMs) + 1);
  }

  /** Starts the clock (the window covers time since now) without recording hashes. */
  start(): void {
    const now = this.#now();
    this.#startedAt = now;
    this.#buckets.fill(0);
    this.#head = Math.floor(now / this.#bucketMs);
  }

  /** Records `hashes` done since the previous report. */
  record(hashes: number): void {
    if (!(hashes > 0)) return;
    if (this.#startedAt === null) this.start();
    this.#advance();
    const slot = this.#head % this.#buckets.length;
    this.#buckets[slot] = this.#buckets[slot]! + hashes;
    this.#total += hashes;
  }

  /** Every hash recorded since construction (exact: counts are integers below 2^53). */
  get total(): number {
    return this.#total;
  }

  /** Hashes per second over the window (0 before anything was recorded). */
  rate(): number {
    const startedAt = this.#startedAt;
    if (startedAt === null) return 0;
    this.#advance();
    const n = this.#buckets.length;
    const b = this.#bucketMs;
    const completedSpan = this.#head * b - Math.max(startedAt, (this.#head - (n - 1)) * b);
    if (completedSpan <= 0) {
      const elapsed = this.#now() - startedAt;
      return elapsed > 0 ? (this.#buckets[this.#head % n]! * 1000) / elapsed : 0;
    }
    let sum = 0;
    for (let i = 1; i < n; i++) sum += this.#buckets[(this.#head - i) % n]!;
    return (sum * 1000) / completedSpan;
  }

  /** Moves the head to the current time, clearing buckets that left the window. */
  #advance(): void {
    const index = Math.floor(this.#now() / this.#bucketMs);
    if (index <= this.#head) return;
    const n = this.#buckets.length;
    if (index - this.#head >= n) this.#buckets.fill(0);
    else for (let i = this.#head + 1; i <= index; i++) this.#buckets[i % n] = 0;
    this.#head = index;
  }
}
