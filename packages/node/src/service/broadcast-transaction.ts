import { type Transaction, txid as txidOf } from "@hashforge/consensus";
import type { Mempool, MempoolAccepted } from "../mempool/mempool.js";
import type { MempoolReject } from "../mempool/mempool-reject.js";
import { feeForSize } from "../policy/fee-rate.js";

/** Options of {@link HashforgeNode.broadcastTransaction}. */
export interface BroadcastOptions {
  /**
   * Refuse a transaction paying more than this fee rate, in sat/kvB (Core's maxfeerate; 0 = no
   * limit). Default 0.
   */
  readonly maxFeeRate?: bigint;
}

/** The outcome of a broadcast (Core's TransactionError). */
export type BroadcastResult =
  | {
      readonly ok: true;
      /** Internal byte order. */
      readonly txid: Uint8Array;
      /** True when it was in the mempool already (announced again, not re-accepted). */
      readonly alreadyInMempool: boolean;
    }
  /** Some output of it is an unspent coin: it is confirmed already (ALREADY_IN_UTXO_SET). */
  | { readonly ok: false; readonly error: "already-in-chain" }
  /** Its fee rate is above `maxFeeRate` (MAX_FEE_EXCEEDED). */
  | { readonly ok: false; readonly error: "max-fee-exceeded" }
  /** The mempool refused it (MEMPOOL_REJECTED / MISSING_INPUTS), with Core's reason. */
  | { readonly ok: false; readonly error: "rejected"; readonly reject: MempoolReject };

/** What a broadcast needs from the node. */
export interface BroadcastContext {
  readonly mempool: Mempool;
  /** True when `txid:vout` is an unspent coin of the active chain. */
  isUnspent(txid: Uint8Array, vout: number): boolean;
}

/**
 * Core's BroadcastTransaction (node/transaction.cpp), up to the relay: refuses a transaction
 * whose outputs are already unspent coins, takes one already in the mempool as a no-op, checks
 * the fee rate against `maxFeeRate` by a test acceptance first, then accepts it. The caller
 * announces it for relay when the result is ok.
 */
export function broadcastTransaction(
  ctx: BroadcastContext,
  tx: Transaction,
  options: BroadcastOptions,
): BroadcastResult {
  const id = txidOf(tx);
  for (let vout = 0; vout < tx.outputs.length; vout++) {
    if (ctx.isUnspent(id, vout)) return { ok: false, error: "already-in-chain" };
  }
  if (ctx.mempool.has(id)) return { ok: true, txid: id, alreadyInMempool: true };
  const maxFeeRate = options.maxFeeRate ?? 0n;
  if (maxFeeRate > 0n) {
    const test = ctx.mempool.accept(tx, { testOnly: true });
    if (!test.ok) return { ok: false, error: "rejected", reject: test };
    if (overFeeRate(test, maxFeeRate)) return { ok: false, error: "max-fee-exceeded" };
  }
  const result = ctx.mempool.accept(tx);
  if (!result.ok) return { ok: false, error: "rejected", reject: result };
  return { ok: true, txid: id, alreadyInMempool: false };
}

function overFeeRate(accepted: MempoolAccepted, maxFeeRate: bigint): boolean {
  return accepted.entry.fee > feeForSize(maxFeeRate, accepted.entry.vsize);
}
