// The five notifications bitcoind publishes over ZMQ and how each is configured.

/** A notification type as `getzmqnotifications` names it (`pub` + topic). */
export type ZmqNotificationType =
  | "pubhashblock"
  | "pubhashtx"
  | "pubrawblock"
  | "pubrawtx"
  | "pubsequence";

/**
 * Every type, in the order Core creates its notifiers (its factory map is sorted by name), which
 * is also the order in which one event's messages go out across topics.
 */
export const ZMQ_NOTIFICATION_TYPES: readonly ZmqNotificationType[] = [
  "pubhashblock",
  "pubhashtx",
  "pubrawblock",
  "pubrawtx",
  "pubsequence",
];

/** One notifier to run: its type, the address it publishes on and its high-water mark. */
export interface ZmqEndpointConfig {
  readonly type: ZmqNotificationType;
  /** `tcp://host:port`; notifiers with the same address share one socket, as in Core. */
  readonly address: string;
  /** Per-subscriber high-water mark in messages. */
  readonly hwm: number;
}

/** The topic (first frame) a notifier of `type` publishes: the type without `pub`. */
export function zmqTopic(type: ZmqNotificationType): string {
  return type.slice(3);
}
