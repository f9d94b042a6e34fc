import type { ChainEvent } from "../chain/chain-events.js";
import type { MempoolEvent } from "../mempool/mempool-events.js";

/** Every event the node publishes: chain events and mempool events. */
export type NodeEvent = ChainEvent | MempoolEvent;

type Listener = (event: NodeEvent) => void;

/**
 * A small synchronous publisher of node events. Listeners run in subscription order; one that
 * throws is logged by the caller's `onListenerError` and does not stop the others.
 */
export class NodeEventBus {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly onListenerError: (error: unknown, event: NodeEvent) => void) {}

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an event to every listener. */
  publish(event: NodeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error: unknown) {
        this.onListenerError(error, event);
      }
    }
  }
}
