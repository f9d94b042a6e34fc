import type { Block } from "@hashforge/consensus";
import type { SpentCoins } from "../events/node-event.js";

/** The last block an index holds. */
export interface IndexTip {
  /** Block hash, internal byte order. */
  readonly hash: Uint8Array;
  readonly height: number;
}

/** A block as an indexer receives it: the block, where it sits, and the coins it spent. */
export interface IndexedBlock {
  readonly block: Block;
  /** Block hash, internal byte order. */
  readonly hash: Uint8Array;
  readonly height: number;
  readonly spent: SpentCoins;
}

/**
 * An index that follows the active chain (ARCHITECTURE.md, indexers; btcd's
 * blockchain/indexers, bcoin's lib/indexer): the transaction index now, the address index for
 * REST and Electrum next. It keeps its own persisted tip in its own store. The
 * {@link IndexerRunner} drives it: `open`, then disconnects back to the active chain and
 * catches up, then follows block events; `commit` makes everything connected or disconnected so
 * far durable together with the tip in one atomic write, and is only called for a tip the
 * chainstate has already flushed, so after a crash the index is never ahead of the chain.
 */
export interface Indexer {
  /** A short name for logs and getindexinfo ("txindex"). */
  readonly name: string;
  /** Opens the store and returns the persisted tip, or null for an empty index. */
  open(): Promise<IndexTip | null>;
  /** Deletes everything (a reindex, or a tip the chain does not know). */
  wipe(): Promise<void>;
  /** Adds a block on top of the index's tip (in memory until `commit`). */
  connect(block: IndexedBlock): void | Promise<void>;
  /** Removes the index's tip block (in memory until `commit`). */
  disconnect(block: IndexedBlock): void | Promise<void>;
  /** Writes what `connect`/`disconnect` changed, with `tip` as the new tip, atomically. */
  commit(tip: IndexTip): Promise<void>;
  /** Closes the store (after a final commit). */
  close(): Promise<void>;
}

/** An index cannot do its job: not open, or block data it needs is missing. */
export class IndexerError extends Error {
  override readonly name = "IndexerError";
}
