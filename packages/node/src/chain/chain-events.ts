import type { Block } from "@hashforge/consensus";
import type { BlockIndexEntry } from "./block-index-entry.js";

/** A block joined the active chain. */
export interface BlockConnectedEvent {
  readonly type: "block:connected";
  readonly entry: BlockIndexEntry;
  readonly block: Block;
}

/** A block left the active chain (a reorg or invalidateblock). */
export interface BlockDisconnectedEvent {
  readonly type: "block:disconnected";
  readonly entry: BlockIndexEntry;
  readonly block: Block;
}

/** The active tip changed; sent once per activation, after its connects and disconnects. */
export interface TipChangedEvent {
  readonly type: "tip:changed";
  readonly tip: BlockIndexEntry;
  readonly previous: BlockIndexEntry;
}

/** Everything the chain announces to subscribers (mempool, wallet, templates, API, p2p). */
export type ChainEvent = BlockConnectedEvent | BlockDisconnectedEvent | TipChangedEvent;
