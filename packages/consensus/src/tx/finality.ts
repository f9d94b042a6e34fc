import { LOCKTIME_THRESHOLD, SEQUENCE_FINAL } from "../constants.js";
import type { Transaction } from "./transaction.js";

/**
 * True when the transaction may be included in a block at `height` whose lock-time cutoff is
 * `cutoffTime` (the block time, or the previous block's median time past under BIP113), as
 * Core's IsFinalTx: lock time 0, or below the height/time it is compared with, or every input
 * with a final sequence.
 */
export function isFinalTx(tx: Transaction, height: number, cutoffTime: number): boolean {
  if (tx.locktime === 0) return true;
  const limit = tx.locktime < LOCKTIME_THRESHOLD ? height : cutoffTime;
  if (tx.locktime < limit) return true;
  return tx.inputs.every((input) => input.sequence === SEQUENCE_FINAL);
}
