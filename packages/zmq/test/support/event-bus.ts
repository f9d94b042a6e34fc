// The node's real event bus for feeding the notifier in tests, with a helper that publishes an
// event and waits until every subscriber has handled it.
import { type NodeEvent, NodeEventBus } from "@hashforge/node";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A fresh node event bus. */
export function testEventBus(): NodeEventBus {
  return new NodeEventBus(silent);
}

/** Publishes `event` and resolves once every subscriber has handled it. */
export async function deliver(bus: NodeEventBus, event: NodeEvent): Promise<void> {
  bus.publish(event);
  await bus.drain();
}

/** Names of the bus's live subscribers. */
export function subscriberNames(bus: NodeEventBus): string[] {
  return bus.stats().map((s) => s.name);
}
