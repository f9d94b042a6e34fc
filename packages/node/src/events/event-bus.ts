import type { ChainLogger } from "../chain/chain-manager.js";
import type { NodeEvent } from "./node-event.js";

/** A subscriber's handler: may be async; the bus awaits it before handing it the next event. */
export type NodeEventHandler = (event: NodeEvent) => void | Promise<void>;

/** Options of {@link NodeEventBus.subscribe}. */
export interface SubscribeOptions {
  /**
   * Events queued for this subscriber before the node waits for it (backpressure). Default
   * {@link DEFAULT_MAX_QUEUED}.
   */
  readonly maxQueued?: number;
}

/** What the bus knows of one subscriber (getzmqnotifications-style introspection, /metrics). */
export interface SubscriberStats {
  readonly name: string;
  /** Events handed to the handler. */
  readonly delivered: number;
  /** Handler calls that threw or rejected. */
  readonly failed: number;
  /** Events waiting for the handler. */
  readonly queued: number;
}

/**
 * Events a subscriber may have waiting before the node holds back (Core limits its validation
 * callback queue the same way: LimitValidationInterfaceQueue waits at 10 pending callbacks).
 */
export const DEFAULT_MAX_QUEUED = 1000;

interface Subscriber {
  readonly name: string;
  readonly handler: NodeEventHandler;
  readonly maxQueued: number;
  readonly queue: NodeEvent[];
  running: boolean;
  delivered: number;
  failed: number;
  /** Resolvers waiting for this queue to drop to its limit, or to empty. */
  readonly waiters: { readonly below: number; readonly resolve: () => void }[];
}

/**
 * The node's event bus (ARCHITECTURE.md, seams): every subscriber gets every event in publish
 * order through its own queue, one at a time, so an async handler (an indexer writing to disk, a
 * socket) sees event N+1 only after event N settled. Publishing never waits; the node calls
 * {@link NodeEventBus.ready} after each block so a subscriber that falls too far behind slows
 * block connection instead of growing without bound. A handler that throws is logged and
 * counted, and the next event is delivered as usual.
 */
export class NodeEventBus {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly logger: ChainLogger) {}

  /** Subscribes `handler` under `name` (for logs and stats); returns the function that unsubscribes. */
  subscribe(name: string, handler: NodeEventHandler, options: SubscribeOptions = {}): () => void {
    const sub: Subscriber = {
      name,
      handler,
      maxQueued: Math.max(1, options.maxQueued ?? DEFAULT_MAX_QUEUED),
      queue: [],
      running: false,
      delivered: 0,
      failed: 0,
      waiters: [],
    };
    this.subscribers.add(sub);
    return () => {
      this.subscribers.delete(sub);
      sub.queue.length = 0;
      for (const w of sub.waiters.splice(0)) w.resolve();
    };
  }

  /** Queues `event` for every subscriber; handlers run after the caller's synchronous work. */
  publish(event: NodeEvent): void {
    for (const sub of this.subscribers) {
      sub.queue.push(event);
      if (!sub.running) void this.run(sub);
    }
  }

  /** Resolves once no subscriber has more than its limit of events waiting (backpressure). */
  async ready(): Promise<void> {
    for (const sub of this.subscribers) {
      if (sub.queue.length > sub.maxQueued) await waitBelow(sub, sub.maxQueued);
    }
  }

  /** Resolves once every event published so far has been handled by every subscriber. */
  async drain(): Promise<void> {
    for (const sub of this.subscribers) {
      if (sub.queue.length > 0 || sub.running) await waitBelow(sub, 0);
    }
  }

  /** Per-subscriber counts. */
  stats(): SubscriberStats[] {
    return [...this.subscribers].map((s) => ({
      name: s.name,
      delivered: s.delivered,
      failed: s.failed,
      queued: s.queue.length,
    }));
  }

  private async run(sub: Subscriber): Promise<void> {
    sub.running = true;
    // Handlers start after the publisher's synchronous work, as every subscriber expects.
    await Promise.resolve();
    while (sub.queue.length > 0) {
      const event = sub.queue.shift()!;
      sub.delivered++;
      try {
        await sub.handler(event);
      } catch (error: unknown) {
        sub.failed++;
        this.logger.error(
          { subscriber: sub.name, event: event.type, err: errorText(error) },
          "Event subscriber failed",
        );
      }
      wake(sub, sub.queue.length);
    }
    sub.running = false;
    wake(sub, -1);
  }
}

function waitBelow(sub: Subscriber, below: number): Promise<void> {
  return new Promise((resolve) => sub.waiters.push({ below, resolve }));
}

/** Resolves the waiters satisfied by a queue of `length` (-1: idle, every waiter). */
function wake(sub: Subscriber, length: number): void {
  for (let i = sub.waiters.length - 1; i >= 0; i--) {
    const w = sub.waiters[i]!;
    if (length < 0 || (w.below > 0 && length <= w.below)) {
      sub.waiters.splice(i, 1);
      w.resolve();
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
