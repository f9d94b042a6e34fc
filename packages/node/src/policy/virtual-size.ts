// Sigop-adjusted virtual size (Core's GetVirtualTransactionSize).
import { WITNESS_SCALE_FACTOR } from "@hashforge/consensus";
import { DEFAULT_BYTES_PER_SIGOP } from "./policy-constants.js";

/**
 * Computes a transaction's virtual size for relay and mining, as Core's
 * GetVirtualTransactionSize: the larger of its weight and its sigop cost times
 * `bytesPerSigop`, divided by 4 and rounded up. Charging sigop-heavy transactions as if they were
 * bigger keeps them from filling a block's sigop budget while paying for little weight.
 */
export function virtualTransactionSize(
  weight: number,
  sigOpCost: number,
  bytesPerSigop: number = DEFAULT_BYTES_PER_SIGOP,
): number {
  const adjusted = Math.max(weight, sigOpCost * bytesPerSigop);
  return Math.floor((adjusted + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR);
}
