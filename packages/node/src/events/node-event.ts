// The typed events the node publishes on its event bus (docs/architecture.md, event flow).
import type { Block, Coin } from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import type { TxAcceptedEvent, TxRemovedEvent } from "../mempool/mempool-events.js";

export type { TxAcceptedEvent, TxRemovedEvent };

/**
 * The coins a block's transactions spent, in block order: index 0 (the coinbase) is empty, and
 * entry `t` holds the coins of transaction `t`'s inputs in input order (the block's undo data).
 */
export type SpentCoins = readonly (readonly Coin[])[];

/** A block joined the active chain; `spent` are the coins it spent (Core's BlockConnected). */
export interface BlockConnectedEvent {
  readonly type: "block:connected";
  readonly entry: BlockIndexEntry;
  readonly block: Block;
  readonly height: number;
  readonly spent: SpentCoins;
}

/** A block left the active chain (a reorg or invalidateblock); `spent` come back as coins. */
export interface BlockDisconnectedEvent {
  readonly type: "block:disconnected";
  readonly entry: BlockIndexEntry;
  readonly block: Block;
  readonly height: number;
  readonly spent: SpentCoins;
}

/**
 * The active tip changed; sent once per activation, after its connects and disconnects (Core's
 * UpdatedBlockTip). `fork` is the last block both tips share (`previous` itself when the chain
 * only grew); `initialDownload` is the node's initial-block-download state after the change.
 */
export interface TipChangedEvent {
  readonly type: "tip:changed";
  readonly tip: BlockIndexEntry;
  readonly previous: BlockIndexEntry;
  readonly fork: BlockIndexEntry;
  readonly initialDownload: boolean;
}

/**
 * The chainstate reached disk at `tip` (one atomic batch): every block up to it survives a
 * crash. Indexers commit what they hold in memory up to here.
 */
export interface ChainFlushedEvent {
  readonly type: "chain:flushed";
  readonly tip: BlockIndexEntry;
}

/**
 * A transaction to announce to peers (Core's RelayTransaction): sent by broadcastTransaction for
 * a newly accepted transaction and for one already in the mempool.
 */
export interface TxAnnounceEvent {
  readonly type: "tx:announce";
  readonly txid: Uint8Array;
  readonly wtxid: Uint8Array;
}

/** Every event the node publishes. */
export type NodeEvent =
  | BlockConnectedEvent
  | BlockDisconnectedEvent
  | TipChangedEvent
  | ChainFlushedEvent
  | TxAcceptedEvent
  | TxRemovedEvent
  | TxAnnounceEvent;

/** The event names, for subscribers that want some of them. */
export type NodeEventType = NodeEvent["type"];
