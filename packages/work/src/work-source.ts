// The seam miners and the pool get their work through.
import type { Block, ChainParams } from "@hashforge/consensus";
import type { BlockTemplate } from "@hashforge/node";

/** What a work source answered to a submitted block. */
export type SubmitOutcome =
  | { readonly accepted: true }
  /** `reason` is Core's BIP22 answer: "duplicate", "inconclusive", "high-hash", "bad-txnmrklroot"... */
  | { readonly accepted: false; readonly reason: string };

/**
 * Where block templates come from and where solved blocks go (ARCHITECTURE.md, seams): the
 * in-process node ({@link NodeWorkSource}) or any bitcoind-compatible node over JSON-RPC with
 * getblocktemplate long-polling ({@link RpcWorkSource}). The built-in miner and the Stratum pool
 * use nothing else, so either runs against either.
 */
export interface WorkSource {
  /** The network the work is for. */
  readonly params: ChainParams;
  /**
   * A template on the current tip whose coinbase pays `payoutScript` the subsidy plus fees, with
   * extranonce room (`template.extranonce`) for miners that roll it.
   */
  template(payoutScript: Uint8Array): Promise<BlockTemplate>;
  /**
   * Resolves when a template built now would differ from the one with `templateId` (BIP22
   * long-polling): at once on a new tip; after the mempool changed and the source's long-poll
   * delay passed. Resolves at once when `templateId` is not current; rejects with the signal's
   * reason when `signal` aborts.
   */
  waitForChange(templateId: string, signal: AbortSignal): Promise<void>;
  /** Submits a solved block. */
  submitBlock(block: Block): Promise<SubmitOutcome>;
}
