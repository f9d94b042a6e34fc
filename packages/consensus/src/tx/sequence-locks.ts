import type { Transaction } from "./transaction.js";

/** BIP68: set on an input's sequence, the relative lock time is disabled. */
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;
/** BIP68: set, the relative lock is in units of 512 seconds; clear, in blocks. */
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 1 << 22;
/** BIP68: the bits of the sequence that carry the relative lock value. */
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
/** BIP68: time locks count in 2^9 = 512-second units. */
export const SEQUENCE_LOCKTIME_GRANULARITY = 9;

/**
 * The lowest block height and median time past a block's parent must exceed for the
 * transaction to be included; -1 means no constraint.
 */
export interface SequenceLocks {
  readonly minHeight: number;
  readonly minTime: number;
}

/**
 * Computes BIP68 relative lock-time constraints, as Core's CalculateSequenceLocks.
 * `prevHeights[i]` is the height of the block that created input i's coin (the spending block's
 * height for coins from the mempool); `medianTimePastAt(h)` returns the median time past of the
 * block at height h on the chain being built on. Only enforced when `enforce` (BIP68 active) and
 * the transaction version is at least 2.
 */
export function calculateSequenceLocks(
  tx: Transaction,
  enforce: boolean,
  prevHeights: readonly number[],
  medianTimePastAt: (height: number) => number,
): SequenceLocks {
  let minHeight = -1;
  let minTime = -1;
  if (!enforce || tx.version < 2) return { minHeight, minTime };
  tx.inputs.forEach((input, i) => {
    const seq = input.sequence;
    if ((seq & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return;
    const coinHeight = prevHeights[i]!;
    const value = seq & SEQUENCE_LOCKTIME_MASK;
    if ((seq & SEQUENCE_LOCKTIME_TYPE_FLAG) !== 0) {
      const coinTime = medianTimePastAt(Math.max(coinHeight - 1, 0));
      minTime = Math.max(minTime, coinTime + value * 2 ** SEQUENCE_LOCKTIME_GRANULARITY - 1);
    } else {
      minHeight = Math.max(minHeight, coinHeight + value - 1);
    }
  });
  return { minHeight, minTime };
}

/**
 * True when a block at `height`, whose parent has median time past `prevMedianTimePast`,
 * satisfies the locks (Core's EvaluateSequenceLocks).
 */
export function sequenceLocksSatisfied(
  locks: SequenceLocks,
  height: number,
  prevMedianTimePast: number,
): boolean {
  return locks.minHeight < height && locks.minTime < prevMedianTimePast;
}
