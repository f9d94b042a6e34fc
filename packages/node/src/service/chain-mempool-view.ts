import type { Coin } from "@hashforge/consensus";
import type { ChainManager } from "../chain/chain-manager.js";
import type { MempoolChain } from "../mempool/mempool-chain.js";

/** The active chain as the mempool sees it: tip height, median times and confirmed coins. */
export function chainMempoolView(chain: ChainManager): MempoolChain {
  return {
    height: () => chain.height,
    medianTimePast: () => chain.tip.medianTimePast(),
    medianTimePastAt: (height: number) =>
      chain.atHeight(Math.min(height, chain.height))!.medianTimePast(),
    getCoin: (txid: Uint8Array, vout: number): Coin | undefined =>
      chain.chainstate.coins.get(txid, vout),
  };
}
