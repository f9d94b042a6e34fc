import { hashToHex } from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import type { ChainLogger } from "../chain/chain-manager.js";
import type { ChainView } from "../chain/chain-view.js";
import type { NodeEvent } from "../events/node-event.js";
import { progressReporter } from "../logging/progress.js";
import { type IndexedBlock, type Indexer, IndexerError, type IndexTip } from "./indexer.js";

/** Blocks caught up between two commits while an index syncs at start-up. */
const CATCH_UP_COMMIT_BLOCKS = 1000;

/** Where an index stands, as getindexinfo reports it. */
export interface IndexInfo {
  readonly name: string;
  readonly synced: boolean;
  readonly bestBlockHeight: number;
}

/**
 * Drives one {@link Indexer} (Core's BaseIndex): at start it rolls the index back to the active
 * chain when its tip was reorged out while the node was down, then catches up to the tip with
 * progress; afterwards it follows the node's block events and commits whenever the chainstate
 * has flushed. Commit only follows a chainstate flush, so the index's durable tip is always a
 * block the chain knows with its data and undo data, and a crash leaves an index that the next
 * start rolls back or forward from its own tip.
 */
export class IndexerRunner {
  private tip: IndexTip | null = null;
  private synced = false;
  /** Set when applying a block failed: the index stops here and replays on the next start. */
  private broken = false;
  /** Blocks applied since the last commit. */
  private pending = 0;

  constructor(
    readonly indexer: Indexer,
    private readonly chain: ChainView,
    private readonly logger: ChainLogger,
  ) {}

  /** The index's state for getindexinfo. */
  info(): IndexInfo {
    return {
      name: this.indexer.name,
      synced: this.synced,
      bestBlockHeight: this.tip?.height ?? -1,
    };
  }

  /**
   * Opens the index and brings it to the chain's tip. `wipe` starts it over (a reindex). Runs
   * before the node accepts blocks, so no event can arrive meanwhile.
   */
  async sync(wipe: boolean): Promise<void> {
    let tip = await this.indexer.open();
    if (wipe && tip !== null) {
      await this.indexer.wipe();
      tip = null;
    }
    if (tip !== null && this.chain.entry(hashToHex(tip.hash)) === undefined) {
      this.logger.warn(
        { index: this.indexer.name, tip: hashToHex(tip.hash) },
        "Index tip unknown to the block index; rebuilding the index",
      );
      await this.indexer.wipe();
      tip = null;
    }
    this.tip = tip;
    await this.rollBackToActiveChain();
    await this.catchUp();
    this.synced = true;
    this.logger.info(
      { index: this.indexer.name, height: this.tip?.height ?? -1 },
      "Index is in sync with the chain",
    );
  }

  /**
   * Applies one node event; the node's event bus calls this in order. A failure stops the index
   * where it is (nothing after it is committed), so the next start replays from its durable tip
   * instead of committing a tip with a block missing.
   */
  async onEvent(event: NodeEvent): Promise<void> {
    if (this.broken) return;
    try {
      await this.apply(event);
    } catch (error: unknown) {
      this.broken = true;
      this.synced = false;
      this.logger.error(
        { index: this.indexer.name, err: error instanceof Error ? error.message : String(error) },
        "Index stopped following the chain; it catches up on the next start",
      );
    }
  }

  private async apply(event: NodeEvent): Promise<void> {
    if (event.type === "block:connected") {
      await this.indexer.connect(indexed(event.entry, event));
      this.tip = { hash: event.entry.hash, height: event.height };
      this.pending++;
    } else if (event.type === "block:disconnected") {
      await this.indexer.disconnect(indexed(event.entry, event));
      const parent = event.entry.prev!;
      this.tip = { hash: parent.hash, height: parent.height };
      this.pending++;
    } else if (event.type === "chain:flushed" && this.pending > 0 && this.tip !== null) {
      await this.commit();
    }
  }

  /** Closes the index; what is not committed replays from its tip on the next start. */
  async close(): Promise<void> {
    await this.indexer.close();
  }

  private async commit(): Promise<void> {
    await this.indexer.commit(this.tip!);
    this.pending = 0;
  }

  private async rollBackToActiveChain(): Promise<void> {
    for (;;) {
      const tip = this.tip;
      if (tip === null) return;
      const entry = this.chain.entry(hashToHex(tip.hash))!;
      if (this.chain.isActive(entry)) break;
      this.logger.info(
        { index: this.indexer.name, block: entry.hashHex, height: entry.height },
        "Rolling back a reorged-out block from the index",
      );
      await this.indexer.disconnect(await this.read(entry));
      const parent = entry.prev!;
      this.tip = { hash: parent.hash, height: parent.height };
      this.pending++;
    }
    if (this.pending > 0) await this.commit();
  }

  private async catchUp(): Promise<void> {
    const from = (this.tip?.height ?? -1) + 1;
    const to = this.chain.height;
    if (from > to) return;
    const progress =
      to - from >= CATCH_UP_COMMIT_BLOCKS
        ? progressReporter(this.logger, `Syncing ${this.indexer.name}`, to)
        : () => {};
    for (let h = from; h <= to; h++) {
      const entry = this.chain.atHeight(h)!;
      await this.indexer.connect(await this.read(entry));
      this.tip = { hash: entry.hash, height: h };
      this.pending++;
      if (this.pending >= CATCH_UP_COMMIT_BLOCKS) await this.commit();
      progress(h);
    }
    if (this.pending > 0) await this.commit();
  }

  private async read(entry: BlockIndexEntry): Promise<IndexedBlock> {
    const block = await this.chain.readBlock(entry);
    // The genesis block spends nothing and has no undo data.
    const spent = entry.height === 0 ? [[]] : await this.chain.readUndo(entry);
    if (spent === null) throw new IndexerError(`block ${entry.hashHex} has no undo data`);
    return { block, hash: entry.hash, height: entry.height, spent };
  }
}

function indexed(
  entry: BlockIndexEntry,
  event: { readonly block: IndexedBlock["block"]; readonly spent: IndexedBlock["spent"] },
): IndexedBlock {
  return { block: event.block, hash: entry.hash, height: entry.height, spent: event.spent };
}
