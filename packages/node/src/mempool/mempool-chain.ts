// What the mempool needs to know about the active chain.
import type { Coin } from "@hashforge/consensus";

/**
 * The view of the active chain the mempool validates against, injected so the mempool needs no
 * chain state of its own and tests can use a fake. Every method describes the current tip; the
 * caller updates the chain before telling the mempool about a block (removeForBlock) or a reorg
 * (addBackFromDisconnectedBlock).
 */
export interface MempoolChain {
  /** Height of the active tip (the next block has height + 1). */
  height(): number;
  /** Median time past of the tip: the BIP113 lock-time cutoff for the next block. */
  medianTimePast(): number;
  /**
   * Median time past of the active-chain block at `height` (0 <= height <= tip), which BIP68
   * time-based relative locks count from.
   */
  medianTimePastAt(height: number): number;
  /** The unspent confirmed output at (txid, vout), or undefined when missing or spent. */
  getCoin(txid: Uint8Array, vout: number): Coin | undefined;
}
