// What the miner is asked to solve: a header template, the target its hash must meet, and how to
// get another header once all 2^32 nonces of the current one have been tried.
import { decodeHeader, encodeHeader } from "@hashforge/consensus";
import { MinerError } from "./miner-error.js";
import { checkHeader80, targetToWords } from "./sha256-midstate.js";

/**
 * Returns a fresh 80-byte header when the nonce space of the previous one is exhausted (the node
 * rolls the extranonce in the coinbase and recomputes the merkle root, or bumps the time), or
 * null when it has no more variants to offer.
 */
export type NextHeader = () => Uint8Array | null;

/** A proof-of-work search task. */
export interface MiningJob {
  /** Identifies the job in reports (a template id, a Stratum job id). */
  readonly id: string;
  /** The 80-byte header template; its nonce field is ignored (the search sets it). */
  readonly header: Uint8Array;
  /**
   * The hash must be at or below this 256-bit target: the block target decoded from `bits`
   * (consensus `targetFromBits`), or an easier share target for a pool.
   */
  readonly target: bigint;
  /** Supplies further headers; without it the job ends after one header's nonce space. */
  readonly nextHeader: NextHeader | null;
}

/** Parameters of {@link createMiningJob}. */
export interface CreateMiningJobParameters {
  readonly id?: string;
  readonly header: Uint8Array;
  readonly target: bigint;
  readonly nextHeader?: NextHeader;
}

let jobCounter = 0;

/**
 * Validates and freezes a {@link MiningJob}: the header must be 80 bytes and the target a
 * bigint in [0, 2^256). The header is copied, so the caller may reuse its buffer. Throws
 * MinerError `invalid-argument` naming the bad field.
 */
export function createMiningJob(params: CreateMiningJobParameters): MiningJob {
  checkHeader80(params.header);
  targetToWords(params.target);
  if (params.nextHeader !== undefined && typeof params.nextHeader !== "function") {
    throw new MinerError("invalid-argument", "nextHeader: must be a function");
  }
  if (params.id !== undefined && (typeof params.id !== "string" || params.id.length > 64)) {
    throw new MinerError("invalid-argument", "id: must be a string of at most 64 characters");
  }
  jobCounter++;
  return Object.freeze({
    id: params.id ?? `job-${jobCounter}`,
    header: params.header.slice(),
    target: params.target,
    nextHeader: params.nextHeader ?? null,
  });
}

/** Returns a copy of the 80-byte `header` with its nonce field set to `nonce`. */
export function withNonce(header: Uint8Array, nonce: number): Uint8Array {
  return encodeHeader({ ...decodeHeader(header), nonce });
}

/** Returns a copy of the 80-byte `header` with its time field set to `time` (Unix seconds). */
export function withTime(header: Uint8Array, time: number): Uint8Array {
  return encodeHeader({ ...decodeHeader(header), time });
}

/**
 * A {@link NextHeader} that bumps the header time by one second per call, or to `now()` if
 * that is later, giving a new header (and nonce space) without touching the coinbase. Stops
 * (returns null) past `maxTime`: Core rejects headers more than 2 hours ahead of its clock
 * (MAX_FUTURE_BLOCK_TIME), so a caller passes now + 2h or less.
 */
export function timeRoller(header: Uint8Array, now: () => number, maxTime: number): NextHeader {
  checkHeader80(header);
  let current: Uint8Array = header.slice();
  return () => {
    const time = Math.max(decodeHeader(current).time + 1, Math.floor(now()));
    if (time > maxTime || time > 0xffffffff) return null;
    current = withTime(current, time);
    return current.slice();
  };
}
