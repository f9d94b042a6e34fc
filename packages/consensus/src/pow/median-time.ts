// Median time past and the timestamp bounds that go with it.
import { RangeCheckError } from "../errors.js";

/** Number of blocks, ending at a block, whose times form its median time past (Core's nMedianTimeSpan). */
export const MEDIAN_TIME_SPAN = 11;

/**
 * A block's time may be at most this many seconds past the node's adjusted time
 * (Core's MAX_FUTURE_BLOCK_TIME, two hours).
 */
export const MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;

/**
 * BIP94: the first block of a retarget window may be at most this many seconds earlier than
 * its parent, which closes the timewarp attack (Core's MAX_TIMEWARP).
 */
export const MAX_TIMEWARP = 600;

/**
 * Median of the last up-to-11 block times (Core's CBlockIndex::GetMedianTimePast). `times` are
 * in chain order, oldest first, ending with the block whose median is wanted; only the last
 * {@link MEDIAN_TIME_SPAN} are used. Near genesis fewer exist, and with an even count Core takes
 * the upper of the two middle values (index n/2 of the sorted list), so this does too.
 */
export function medianTimePast(times: readonly number[]): number {
  if (times.length === 0) {
    throw new RangeCheckError("median time past needs at least one block time");
  }
  const recent = times.slice(-MEDIAN_TIME_SPAN).sort((a, b) => a - b);
  return recent[Math.floor(recent.length / 2)]!;
}
