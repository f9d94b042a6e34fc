// "Find one block now" on the calling thread: generatetoaddress / generateblock on regtest, demos,
// a custom network's genesis block. Easy targets take a handful of hashes; anything harder
// belongs on MinerPool, because this blocks the thread until it returns.
import { hashToBigInt, MAX_FUTURE_BLOCK_TIME, sha256d } from "@hashforge/consensus";
import { checkInteger, MinerError } from "./miner-error.js";
import { type NextHeader, timeRoller, withNonce } from "./mining-job.js";
import {
  checkHeader80,
  NONCE_SPACE,
  scanNonces,
  targetToWords,
  workFromHeader,
} from "./sha256-midstate.js";

/** Options of {@link mineBlockHeader}. */
export interface MineBlockHeaderOptions {
  /**
   * Hashes to try before giving up (default 1 000 000, Core's `generatetoaddress` maxtries
   * default; at most 2^53).
   */
  readonly maxTries?: number;
  /** First nonce tried on the first header (default 0); later headers start at 0. */
  readonly startNonce?: number;
  /** Clock in Unix seconds for rolling the header time (default: the system clock). */
  readonly now?: () => number;
  /**
   * Where the next header comes from once 2^32 nonces are tried (default: bump the time by a
   * second, never past now + MAX_FUTURE_BLOCK_TIME, which Core would reject).
   */
  readonly nextHeader?: NextHeader;
}

/** A solved header. */
export interface MinedHeader {
  /** The 80-byte header with the winning nonce (and possibly a rolled time). */
  readonly header: Uint8Array;
  /** Its hash (SHA256d, internal byte order). */
  readonly hash: Uint8Array;
  readonly nonce: number;
  /** Hashes computed, including the winning one. */
  readonly tries: number;
}

/**
 * Searches nonces `startNonce`, +1, +2, ... of `header` (80 bytes) for a hash at or below
 * `target`, moving to a fresh header when its nonces run out, like Core's GenerateBlock loop. Returns the solved
 * header, or null when `maxTries` hashes or the headers ran out (Core likewise returns without a
 * block). The solution is confirmed with consensus `sha256d` before it is returned.
 */
export function mineBlockHeader(
  header: Uint8Array,
  target: bigint,
  options: MineBlockHeaderOptions = {},
): MinedHeader | null {
  checkHeader80(header);
  const targetWords = targetToWords(target);
  const maxTries = checkInteger(
    "maxTries",
    options.maxTries ?? 1_000_000,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  const now = options.now ?? (() => Date.now() / 1000);
  const nextHeader =
    options.nextHeader ?? timeRoller(header, now, Math.floor(now()) + MAX_FUTURE_BLOCK_TIME);
  let start = checkInteger("startNonce", options.startNonce ?? 0, 0, NONCE_SPACE - 1);
  let current = header;
  let tries = 0;
  for (;;) {
    const count = Math.min(NONCE_SPACE - start, maxTries - tries);
    if (count === 0) return null;
    const hit = scanNonces(workFromHeader(current), targetWords, start, count);
    if (hit !== null) {
      const solved = withNonce(current, hit.nonce);
      const hash = sha256d(solved);
      if (hashToBigInt(hash) > target) {
        throw new MinerError(
          "bad-solution",
          `kernel reported nonce ${hit.nonce}: misses the target`,
        );
      }
      return { header: solved, hash, nonce: hit.nonce, tries: tries + hit.nonce - start + 1 };
    }
    tries += count;
    if (tries >= maxTries) return null;
    start = 0;
    const fresh = nextHeader();
    if (fresh === null) return null;
    checkHeader80(fresh);
    current = fresh;
  }
}
