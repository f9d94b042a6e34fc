import type { ChainParams } from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";

/** Core's DEFAULT_MAX_TIP_AGE: a tip older than this means the node is still catching up. */
export const DEFAULT_MAX_TIP_AGE_SECONDS = 24 * 60 * 60;

/**
 * Core's IsInitialBlockDownload: true while importing or reindexing, while the tip has less work
 * than the network's minimum chain work, or while it is older than the maximum tip age. Once
 * false it latches: a node that caught up never goes back to initial download.
 */
export class InitialBlockDownload {
  private finished = false;

  constructor(
    private readonly params: ChainParams,
    private readonly maxTipAge: number,
  ) {}

  /** The state for `tip` at `now` (UNIX seconds); `importing` during -reindex. */
  check(tip: BlockIndexEntry, now: number, importing: boolean): boolean {
    if (this.finished) return false;
    if (importing) return true;
    if (tip.chainWork < this.params.minimumChainWork) return true;
    if (tip.header.time < now - this.maxTipAge) return true;
    this.finished = true;
    return false;
  }
}
