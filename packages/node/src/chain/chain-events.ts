import type {
  BlockConnectedEvent,
  BlockDisconnectedEvent,
  ChainFlushedEvent,
  TipChangedEvent,
} from "../events/node-event.js";

/** The tip change as the chain reports it; the node adds its initial-download state. */
export type ChainTipChangedEvent = Omit<TipChangedEvent, "initialDownload">;

/**
 * What the chain announces to the node, in order: each connected and disconnected block with the
 * coins it spent, one tip change per activation, and each flush. The chain awaits the handler's
 * promise before going on, so a slow consumer holds block connection back.
 */
export type ChainEvent =
  | BlockConnectedEvent
  | BlockDisconnectedEvent
  | ChainTipChangedEvent
  | ChainFlushedEvent;
