// Cuts a job into nonce ranges ("work units") that workers can claim one at a time, moving to a
// fresh header from the job's nextHeader() when the current header's 2^32 nonces are handed out.
import { checkInteger, MinerError } from "./miner-error.js";
import type { MiningJob } from "./mining-job.js";
import { checkHeader80, NONCE_SPACE } from "./sha256-midstate.js";

/** A nonce range of one header: scan nonces [startNonce, startNonce + count). */
export interface WorkUnit {
  /** The job the unit belongs to. */
  readonly job: MiningJob;
  /** The 80-byte header (its nonce field is ignored). */
  readonly header: Uint8Array;
  /** 0 for the job's template header, then 1, 2, ... for each header from nextHeader(). */
  readonly headerIndex: number;
  readonly startNonce: number;
  readonly count: number;
}

/** Default nonces per unit: about a second of work for one thread of the JavaScript kernel. */
export const DEFAULT_UNIT_SIZE = 1 << 20;

/**
 * Hands out a job's work as {@link WorkUnit}s in nonce order, header after header. Ranges never
 * overlap, so workers that claim units from one iterator never repeat each other's work.
 */
export class HeaderIterator {
  readonly job: MiningJob;
  readonly #unitSize: number;
  #header: Uint8Array | null;
  #headerIndex = 0;
  #nextNonce = 0;

  /** Starts at the job's template header, nonce 0. `unitSize` is in nonces (1 .. 2^32). */
  constructor(job: MiningJob, unitSize: number = DEFAULT_UNIT_SIZE) {
    checkHeader80(job.header);
    this.job = job;
    this.#unitSize = checkInteger("unitSize", unitSize, 1, NONCE_SPACE);
    this.#header = job.header;
  }

  /**
   * The next unit, or null once the job has no more headers (no nextHeader(), or it returned
   * null). Throws MinerError `invalid-argument` when nextHeader() returns something other than
   * 80 bytes; an exception thrown by nextHeader() itself propagates unchanged.
   */
  next(): WorkUnit | null {
    if (this.#header === null) return null;
    if (this.#nextNonce >= NONCE_SPACE) {
      const fresh = this.job.nextHeader?.() ?? null;
      if (fresh === null) {
        this.#header = null;
        return null;
      }
      try {
        checkHeader80(fresh);
      } catch (err) {
        this.#header = null;
        throw new MinerError(
          "invalid-argument",
          `job ${this.job.id}: nextHeader() returned a bad header`,
          {
            cause: err,
          },
        );
      }
      this.#header = fresh.slice();
      this.#headerIndex++;
      this.#nextNonce = 0;
    }
    const startNonce = this.#nextNonce;
    const count = Math.min(this.#unitSize, NONCE_SPACE - startNonce);
    this.#nextNonce += count;
    return {
      job: this.job,
      header: this.#header,
      headerIndex: this.#headerIndex,
      startNonce,
      count,
    };
  }

  /** True once next() has returned null for good. */
  get exhausted(): boolean {
    return this.#header === null;
  }
}
