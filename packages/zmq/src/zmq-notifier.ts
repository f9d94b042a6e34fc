// bitcoind's ZMQ notifications from the node's events (Core's CZMQNotificationInterface and its
// publish notifiers, src/zmq/zmqnotificationinterface.cpp and zmqpublishnotifier.cpp).
import {
  type Block,
  encodeBlock,
  encodeTx,
  hashToHex,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { NodeEvent } from "@hashforge/node";
import { SILENT_ZMQ_LOGGER, type ZmqLogger } from "./zmq-logger.js";
import {
  displayOrder,
  encodeSequenceBody,
  encodeSequenceNumber,
  type ZmqSequenceLabel,
} from "./zmq-message.js";
import {
  ZMQ_NOTIFICATION_TYPES,
  type ZmqEndpointConfig,
  type ZmqNotificationType,
  zmqTopic,
} from "./zmq-notification-type.js";
import { ZmqPublisher } from "./zmq-publisher.js";
import type { ZmqPeerLimits } from "./zmtp-pub-connection.js";

type BlockConnected = Extract<NodeEvent, { type: "block:connected" }>;
type BlockDisconnected = Extract<NodeEvent, { type: "block:disconnected" }>;
type TipChanged = Extract<NodeEvent, { type: "tip:changed" }>;
type TxAccepted = Extract<NodeEvent, { type: "tx:accepted" }>;
type TxRemoved = Extract<NodeEvent, { type: "tx:removed" }>;

/**
 * The node's event bus as the notifier uses it: `subscribe(name, handler)` registers one
 * subscriber called `name` (for the bus's logs and stats) that gets every event in order; the
 * handler may be async and is awaited before the next event.
 */
export interface ZmqEventSource {
  subscribe(name: string, handler: (event: NodeEvent) => void | Promise<void>): () => void;
}

/** The subscriber name the notifier registers on the bus. */
export const ZMQ_SUBSCRIBER_NAME = "zmq";

/** How to build a {@link ZmqNotifier}. */
export interface ZmqNotifierOptions {
  /** The notifiers to run (see zmqEndpointsFromArgs). */
  readonly endpoints: readonly ZmqEndpointConfig[];
  readonly events: ZmqEventSource;
  readonly logger?: ZmqLogger;
  /**
   * Reads a block by hash (internal order) for `rawblock` when the new tip was not among the
   * blocks this notifier saw connect (Core reads it from disk).
   */
  readonly getBlock?: (hash: Uint8Array) => Block | undefined | Promise<Block | undefined>;
  /** Bounds on each subscriber, for every endpoint. */
  readonly limits?: Partial<ZmqPeerLimits>;
  /** Most simultaneous subscribers per endpoint. */
  readonly maxPeers?: number;
}

/** One row of `getzmqnotifications`. */
export interface ZmqNotificationInfo {
  readonly type: ZmqNotificationType;
  readonly address: string;
  readonly hwm: number;
}

interface Notifier {
  readonly type: ZmqNotificationType;
  readonly address: string;
  readonly hwm: number;
  readonly topic: Uint8Array;
  readonly publisher: ZmqPublisher;
  /** Messages this notifier has sent, modulo 2^32 (Core's nSequence). */
  sequence: number;
}

/** Memoizes one encoding so several notifiers of a kind encode an object once. */
function lazy(make: () => Uint8Array): () => Uint8Array {
  let value: Uint8Array | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * Publishes bitcoind's ZMQ notifications, as Core's CZMQNotificationInterface does:
 * - `hashblock`/`rawblock` when the tip changes, for the new tip only, neither during initial
 *   block download nor when blocks were only disconnected (UpdatedBlockTip);
 * - `hashtx`/`rawtx` for every transaction added to the mempool and every transaction of a
 *   connected or disconnected block (rawtx with witness data);
 * - `sequence`: `<hash>C` per connected block, `<hash>D` per disconnected block, `<txid>A<seq>`
 *   per mempool addition and `<txid>R<seq>` per removal for any reason but inclusion in a block.
 * Every message has three frames: topic, body, and the notifier's own 4-byte little-endian
 * message counter starting at 0. Hashes go out in display order. Notifiers with the same address
 * share one socket (and its first high-water mark), as in Core.
 */
export class ZmqNotifier {
  readonly #notifiers: readonly Notifier[];
  readonly #publishers: ReadonlyMap<string, ZmqPublisher>;
  readonly #events: ZmqEventSource;
  readonly #logger: ZmqLogger;
  readonly #getBlock: ZmqNotifierOptions["getBlock"];
  #unsubscribe: (() => void) | undefined;
  /** The block of the last block:connected, so tip:changed can send rawblock without a read. */
  #lastConnected: { readonly hashHex: string; readonly block: Block } | undefined;

  /** Throws {@link ZmqConfigError} for a bad address or high-water mark. */
  constructor(options: ZmqNotifierOptions) {
    this.#events = options.events;
    this.#logger = options.logger ?? SILENT_ZMQ_LOGGER;
    this.#getBlock = options.getBlock;
    const publishers = new Map<string, ZmqPublisher>();
    const order = (t: ZmqNotificationType) => ZMQ_NOTIFICATION_TYPES.indexOf(t);
    const sorted = [...options.endpoints].sort((a, b) => order(a.type) - order(b.type));
    this.#notifiers = sorted.map((e) => {
      let publisher = publishers.get(e.address);
      if (publisher === undefined) {
        publisher = new ZmqPublisher({
          address: e.address,
          hwm: e.hwm,
          logger: this.#logger,
          ...(options.limits === undefined ? {} : { limits: options.limits }),
          ...(options.maxPeers === undefined ? {} : { maxPeers: options.maxPeers }),
        });
        publishers.set(e.address, publisher);
      } else {
        this.#logger.debug({ endpoint: e.address, type: e.type }, "ZMQ reusing socket");
      }
      const topic = new TextEncoder().encode(zmqTopic(e.type));
      return { type: e.type, address: e.address, hwm: e.hwm, topic, publisher, sequence: 0 };
    });
    this.#publishers = publishers;
  }

  /**
   * Binds every endpoint, then subscribes to the node's events. When one endpoint cannot be
   * bound, the ones already bound are closed and the {@link ZmqBindError} is rethrown.
   */
  async start(): Promise<void> {
    if (this.#unsubscribe !== undefined) return;
    const bound: ZmqPublisher[] = [];
    try {
      for (const publisher of this.#publishers.values()) {
        await publisher.start();
        bound.push(publisher);
      }
    } catch (err: unknown) {
      await Promise.all(bound.map((p) => p.stop()));
      throw err;
    }
    this.#unsubscribe = this.#events.subscribe(ZMQ_SUBSCRIBER_NAME, (event) =>
      this.#onEvent(event),
    );
    for (const n of this.#notifiers) {
      this.#logger.info({ type: n.type, endpoint: n.address, hwm: n.hwm }, "ZMQ notifier ready");
    }
  }

  /** Unsubscribes from the node's events and closes every endpoint. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#lastConnected = undefined;
    await Promise.all([...this.#publishers.values()].map((p) => p.stop()));
  }

  /** The socket publishing for `address` (as configured), e.g. to inspect its peers. */
  publisherFor(address: string): ZmqPublisher | undefined {
    return this.#publishers.get(address);
  }

  /**
   * The active notifiers as `getzmqnotifications` lists them, in Core's order. The address is the
   * configured one, except that a port-0 address reports the port actually bound.
   */
  notifications(): ZmqNotificationInfo[] {
    return this.#notifiers.map((n) => ({
      type: n.type,
      address:
        n.publisher.endpoint.port === 0 ? (n.publisher.boundAddress ?? n.address) : n.address,
      hwm: n.hwm,
    }));
  }

  #onEvent(event: NodeEvent): void | Promise<void> {
    try {
      switch (event.type) {
        case "block:connected":
          return this.#blockConnected(event);
        case "block:disconnected":
          return this.#blockDisconnected(event);
        case "tip:changed":
          return this.#tipChanged(event);
        case "tx:accepted":
          return this.#txAccepted(event);
        case "tx:removed":
          return this.#txRemoved(event);
        default:
          return;
      }
    } catch (err: unknown) {
      this.#logger.error({ event: event.type, err }, "ZMQ notification failed");
    }
  }

  /** Sends one message from notifier `n`; the body is built only if someone will receive it. */
  #send(n: Notifier, body: () => Uint8Array): void {
    if (n.publisher.hasSubscriberFor(n.topic)) {
      n.publisher.publish([n.topic, body(), encodeSequenceNumber(n.sequence)]);
    }
    // Core counts a message once zmq_send accepted it, which a PUB socket always does.
    n.sequence = (n.sequence + 1) >>> 0;
  }

  /** Core's NotifyTransaction: hashtx and rawtx for one transaction. */
  #notifyTransaction(tx: Transaction, id: Uint8Array): void {
    const hash = lazy(() => displayOrder(id));
    const raw = lazy(() => encodeTx(tx, true));
    for (const n of this.#notifiers) {
      if (n.type === "pubhashtx") this.#send(n, hash);
      else if (n.type === "pubrawtx") this.#send(n, raw);
    }
  }

  #notifySequence(hash: Uint8Array, label: ZmqSequenceLabel, mempoolSequence?: bigint): void {
    const body = lazy(() => encodeSequenceBody(hash, label, mempoolSequence));
    for (const n of this.#notifiers) if (n.type === "pubsequence") this.#send(n, body);
  }

  #blockConnected(event: BlockConnected): void {
    this.#lastConnected = { hashHex: event.entry.hashHex, block: event.block };
    for (const tx of event.block.txs) this.#notifyTransaction(tx, txid(tx));
    this.#notifySequence(event.entry.hash, "C");
  }

  #blockDisconnected(event: BlockDisconnected): void {
    for (const tx of event.block.txs) this.#notifyTransaction(tx, txid(tx));
    this.#notifySequence(event.entry.hash, "D");
  }

  #txAccepted(event: TxAccepted): void {
    this.#notifyTransaction(event.entry.tx, event.entry.txid);
    this.#notifySequence(event.entry.txid, "A", event.sequence);
  }

  #txRemoved(event: TxRemoved): void {
    // Inclusion in a block is announced by the block's own notifications instead.
    if (event.reason === "block") return;
    this.#notifySequence(event.entry.txid, "R", event.sequence);
  }

  #tipChanged(event: TipChanged): void | Promise<void> {
    const last = this.#lastConnected;
    this.#lastConnected = undefined;
    // Core: `if (fInitialDownload || pindexNew == pindexFork) return;`
    if (event.initialDownload || event.tip.hashHex === event.fork.hashHex) return;
    const tip = event.tip;
    const hash = lazy(() => displayOrder(tip.hash));
    for (const n of this.#notifiers) if (n.type === "pubhashblock") this.#send(n, hash);
    const raw = this.#notifiers.filter((n) => n.type === "pubrawblock");
    if (raw.length === 0) return;
    if (last?.hashHex === tip.hashHex) return this.#sendRawBlock(raw, last.block);
    return this.#readAndSendRawBlock(raw, tip.hash);
  }

  async #readAndSendRawBlock(raw: readonly Notifier[], hash: Uint8Array): Promise<void> {
    try {
      const block = await this.#getBlock?.(hash);
      if (block !== undefined) return this.#sendRawBlock(raw, block);
      this.#logger.error(
        { hash: hashToHex(hash) },
        "ZMQ rawblock skipped: block data not available",
      );
    } catch (err: unknown) {
      this.#logger.error({ hash: hashToHex(hash), err }, "ZMQ rawblock skipped: block read failed");
    }
  }

  #sendRawBlock(raw: readonly Notifier[], block: Block): void {
    const body = lazy(() => encodeBlock(block, true));
    for (const n of raw) this.#send(n, body);
  }
}
