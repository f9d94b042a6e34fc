// A ZMQ PUB socket bound to one tcp:// endpoint, spoken in TypeScript (no native libzmq).
import { createServer, type Server, type Socket } from "node:net";
import { ZmqBindError } from "./zmq-bind-error.js";
import { ZmqConfigError } from "./zmq-config-error.js";
import { formatTcpEndpoint, parseZmqEndpoint, type ZmqEndpoint } from "./zmq-endpoint.js";
import { SILENT_ZMQ_LOGGER, type ZmqLogger } from "./zmq-logger.js";
import { encodeMessage } from "./zmtp-frame.js";
import { type ZmqPeerInfo, type ZmqPeerLimits, ZmtpPubConnection } from "./zmtp-pub-connection.js";

/** Core's default per-subscriber high-water mark (DEFAULT_ZMQ_SNDHWM), in messages. */
export const DEFAULT_ZMQ_SNDHWM = 1000;

/** Default bounds on one subscriber; see {@link ZmqPeerLimits}. */
export const DEFAULT_ZMQ_PEER_LIMITS: ZmqPeerLimits = {
  maxFrameBytes: 8192,
  maxSubscriptions: 1024,
  handshakeTimeoutMs: 30_000,
};

/** Default cap on simultaneous connections to one endpoint. */
export const DEFAULT_ZMQ_MAX_PEERS = 1024;

/** How to build a {@link ZmqPublisher}. */
export interface ZmqPublisherOptions {
  /** `tcp://host:port` (see {@link parseZmqEndpoint}). */
  readonly address: string;
  /** Per-subscriber high-water mark in messages (`-zmqpub<type>hwm`); default 1000. */
  readonly hwm?: number;
  readonly logger?: ZmqLogger;
  /** Bounds on what one subscriber may send or make the publisher hold. */
  readonly limits?: Partial<ZmqPeerLimits>;
  /** Most simultaneous connections; further ones are closed at once. */
  readonly maxPeers?: number;
}

/** A subscription change on some peer, for observers such as tests. */
export interface ZmqSubscriptionChange {
  readonly peer: string;
  readonly prefix: Uint8Array;
  readonly subscribed: boolean;
}

/**
 * A ZMTP 3.1 PUB socket over TCP (RFC 23/ZMTP, 29/PUBSUB). SUB and XSUB peers connect, subscribe
 * to topic prefixes, and receive every published message whose first frame starts with one of
 * their prefixes. Each subscriber has its own queue of at most `hwm` messages; when a slow one's
 * queue is full its messages are dropped, as libzmq's PUB drops them, so memory stays bounded. A
 * subscriber that breaks the protocol is logged and disconnected; the others carry on.
 */
export class ZmqPublisher {
  /** The endpoint as parsed from the address. */
  readonly endpoint: ZmqEndpoint;
  /** Per-subscriber high-water mark in messages. */
  readonly hwm: number;
  readonly #logger: ZmqLogger;
  readonly #limits: ZmqPeerLimits;
  readonly #maxPeers: number;
  readonly #peers = new Set<ZmtpPubConnection>();
  readonly #listeners = new Set<(change: ZmqSubscriptionChange) => void>();
  #server: Server | undefined;
  #port: number | undefined;
  #starting: Promise<void> | undefined;

  /** Throws {@link ZmqConfigError} for a bad address or high-water mark. */
  constructor(options: ZmqPublisherOptions) {
    this.endpoint = parseZmqEndpoint(options.address);
    this.hwm = options.hwm ?? DEFAULT_ZMQ_SNDHWM;
    if (!Number.isSafeInteger(this.hwm) || this.hwm < 1) {
      throw new ZmqConfigError(
        `ZMQ high-water mark for ${options.address} must be a positive integer (got ${this.hwm})`,
      );
    }
    this.#logger = options.logger ?? SILENT_ZMQ_LOGGER;
    this.#limits = { ...DEFAULT_ZMQ_PEER_LIMITS, ...options.limits };
    this.#maxPeers = options.maxPeers ?? DEFAULT_ZMQ_MAX_PEERS;
  }

  /** The bound TCP port once started (the chosen one when the address said port 0). */
  get port(): number | undefined {
    return this.#port;
  }

  /** The bound endpoint (`tcp://127.0.0.1:40123`) once started, as libzmq's ZMQ_LAST_ENDPOINT. */
  get boundAddress(): string | undefined {
    return this.#port === undefined ? undefined : formatTcpEndpoint(this.endpoint.host, this.#port);
  }

  /**
   * Binds the endpoint. Rejects with {@link ZmqBindError} naming the endpoint when the port is
   * taken or the address is not on this host. Calling it again while started does nothing.
   */
  start(): Promise<void> {
    this.#starting ??= this.#listen().catch((err: unknown) => {
      this.#starting = undefined;
      throw err;
    });
    return this.#starting;
  }

  /** Closes every subscriber connection and the listener. Safe to call more than once. */
  async stop(): Promise<void> {
    const starting = this.#starting;
    this.#starting = undefined;
    if (starting !== undefined) await starting.catch(() => {});
    const server = this.#server;
    this.#server = undefined;
    this.#port = undefined;
    for (const peer of this.#peers) peer.close();
    this.#peers.clear();
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#logger.debug({ endpoint: this.endpoint.address }, "ZMQ endpoint closed");
  }

  /** True when some connected subscriber would receive a message with this first frame. */
  hasSubscriberFor(topic: Uint8Array): boolean {
    for (const peer of this.#peers) if (peer.wants(topic)) return true;
    return false;
  }

  /**
   * Publishes one multi-part message to every subscriber whose prefix matches its first frame.
   * Never blocks and never throws for a slow subscriber: past its high-water mark the message is
   * dropped for that subscriber. Returns the number of subscribers it was sent or queued to.
   */
  publish(frames: readonly Uint8Array[]): number {
    const topic = frames[0];
    if (topic === undefined) return 0;
    let wire: Uint8Array | undefined;
    let delivered = 0;
    for (const peer of this.#peers) {
      if (!peer.wants(topic)) continue;
      wire ??= encodeMessage(frames);
      if (peer.deliver(wire)) delivered++;
    }
    return delivered;
  }

  /** A snapshot of every connected peer. */
  peers(): ZmqPeerInfo[] {
    return [...this.#peers].map((p) => p.info());
  }

  /** Calls `listener` whenever a peer's prefix becomes subscribed or unsubscribed. */
  onSubscription(listener: (change: ZmqSubscriptionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #listen(): Promise<void> {
    const { address, host, port } = this.endpoint;
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new ZmqBindError(address, err.code ?? "unknown", err.message, { cause: err }));
      };
      server.once("error", onError);
      server.listen({ host, port, exclusive: true }, () => {
        server.off("error", onError);
        resolve();
      });
    });
    server.on("error", (err: NodeJS.ErrnoException) => {
      this.#logger.error(
        { endpoint: address, code: err.code, err: err.message },
        "ZMQ listener error",
      );
    });
    const bound = server.address();
    this.#port = typeof bound === "object" && bound !== null ? bound.port : port;
    this.#server = server;
    this.#logger.info(
      { endpoint: address, bound: this.boundAddress, hwm: this.hwm },
      "ZMQ endpoint bound",
    );
  }

  #accept(socket: Socket): void {
    if (this.#server === undefined || this.#peers.size >= this.#maxPeers) {
      this.#logger.warn(
        { endpoint: this.endpoint.address, peer: socket.remoteAddress, maxPeers: this.#maxPeers },
        "ZMQ connection refused: too many subscribers",
      );
      socket.destroy();
      return;
    }
    const peer = new ZmtpPubConnection({
      socket,
      endpoint: this.endpoint.address,
      hwm: this.hwm,
      limits: this.#limits,
      logger: this.#logger,
      onSubscription: (p, prefix, subscribed) => {
        for (const listener of this.#listeners) listener({ peer: p.peer, prefix, subscribed });
      },
      onClose: (p) => {
        this.#peers.delete(p);
        this.#logger.debug(
          { endpoint: this.endpoint.address, peer: p.peer },
          "ZMQ subscriber left",
        );
      },
    });
    this.#peers.add(peer);
  }
}
