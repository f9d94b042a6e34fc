// One subscriber connected to a ZMQ PUB endpoint: the ZMTP 3 handshake, its subscriptions and its
// bounded outbound queue (RFC 23/ZMTP, 29/PUBSUB, 37/ZMTP).
import type { Socket } from "node:net";
import { SubscriptionSet } from "./subscription-set.js";
import type { ZmqLogger } from "./zmq-logger.js";
import { encodePong, encodePubReady, parseCommand, parseProperties } from "./zmtp-command.js";
import { type ZmtpFrame, ZmtpFrameDecoder } from "./zmtp-frame.js";
import {
  checkGreetingPrefix,
  decodeGreeting,
  encodeGreeting,
  ZMTP_GREETING_SIZE,
} from "./zmtp-greeting.js";
import { ZmtpProtocolError } from "./zmtp-protocol-error.js";

/** Bounds on what one subscriber may make the publisher hold. */
export interface ZmqPeerLimits {
  /** Largest frame accepted from a subscriber, in bytes. */
  readonly maxFrameBytes: number;
  /** Most distinct topic prefixes one subscriber may hold. */
  readonly maxSubscriptions: number;
  /** Time allowed for the greeting and READY exchange (libzmq's ZMQ_HANDSHAKE_IVL), in ms. */
  readonly handshakeTimeoutMs: number;
}

/** What the publisher reports about one connected subscriber. */
export interface ZmqPeerInfo {
  /** Remote `address:port`. */
  readonly peer: string;
  /** True once the handshake finished. */
  readonly ready: boolean;
  /** ZMTP version the peer greeted with, e.g. `3.1`, once known. */
  readonly version: string | undefined;
  /** Peer socket type (`SUB` or `XSUB`), once known. */
  readonly socketType: string | undefined;
  /** Distinct subscribed prefixes. */
  readonly subscriptions: number;
  /** Messages waiting for the socket to drain (never more than the high-water mark). */
  readonly queued: number;
  /** Messages dropped because the queue was full. */
  readonly dropped: number;
  /** Bytes accepted by the socket but not yet handed to the kernel. */
  readonly bufferedBytes: number;
}

/** How a connection reaches its publisher. */
export interface ZmtpPubConnectionOptions {
  readonly socket: Socket;
  /** The endpoint the peer connected to, for log lines. */
  readonly endpoint: string;
  /** Most messages queued for this peer; more are dropped (ZMQ_SNDHWM). */
  readonly hwm: number;
  readonly limits: ZmqPeerLimits;
  readonly logger: ZmqLogger;
  /** Called when a prefix becomes subscribed or stops being subscribed. */
  readonly onSubscription: (peer: ZmtpPubConnection, prefix: Uint8Array, on: boolean) => void;
  /** Called once when the socket has closed. */
  readonly onClose: (peer: ZmtpPubConnection) => void;
}

type State = "greeting" | "handshake" | "ready" | "closed";

/**
 * The PUB side of one ZMTP 3.x connection under the NULL mechanism. It sends its greeting and
 * READY (`Socket-Type=PUB`), accepts SUB and XSUB peers, tracks subscriptions sent as `0x01`/`0x00`
 * messages or as ZMTP 3.1 SUBSCRIBE/CANCEL commands, answers PING, and queues at most `hwm`
 * messages while the socket is backed up, dropping whole messages beyond that as libzmq's PUB
 * does. Any protocol violation is logged and closes this connection only.
 */
export class ZmtpPubConnection {
  /** Remote `address:port`. */
  readonly peer: string;
  readonly #o: ZmtpPubConnectionOptions;
  readonly #decoder: ZmtpFrameDecoder;
  readonly #subs = new SubscriptionSet();
  readonly #timer: NodeJS.Timeout;
  #state: State = "greeting";
  #greeting = new Uint8Array(0);
  #queue: Uint8Array[] = [];
  #dropped = 0;
  #dropping = false;
  #inMessage = false;
  #version: string | undefined;
  #socketType: string | undefined;

  constructor(options: ZmtpPubConnectionOptions) {
    this.#o = options;
    const { socket } = options;
    const host = socket.remoteAddress ?? "unknown";
    this.peer = `${host.includes(":") ? `[${host}]` : host}:${socket.remotePort ?? 0}`;
    this.#decoder = new ZmtpFrameDecoder(options.limits.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setKeepAlive(true); // Core sets ZMQ_TCP_KEEPALIVE on its PUB sockets
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("drain", () => this.#flush());
    socket.on("error", (err: NodeJS.ErrnoException) => {
      options.logger.debug(
        { endpoint: options.endpoint, peer: this.peer, code: err.code, err: err.message },
        "ZMQ subscriber socket error",
      );
    });
    socket.on("close", () => this.#closed());
    this.#timer = setTimeout(() => {
      this.#fail(new ZmtpProtocolError("handshake-timeout", "handshake did not finish in time"));
    }, options.limits.handshakeTimeoutMs);
    this.#timer.unref();
    socket.write(encodeGreeting());
  }

  /** True when the handshake is done and some subscription matches `topic`. */
  wants(topic: Uint8Array): boolean {
    return this.#state === "ready" && this.#subs.matches(topic);
  }

  /**
   * Sends one encoded message, or queues it while the socket is backed up. Returns false when
   * it was dropped: the queue already held `hwm` messages, or the connection is not ready.
   */
  deliver(wire: Uint8Array): boolean {
    if (this.#state !== "ready") return false;
    const { socket, hwm, logger } = this.#o;
    if (this.#queue.length === 0 && !socket.writableNeedDrain) {
      socket.write(wire);
      return true;
    }
    if (this.#queue.length >= hwm) {
      this.#dropped++;
      if (!this.#dropping) {
        this.#dropping = true;
        logger.debug(
          { endpoint: this.#o.endpoint, peer: this.peer, hwm },
          "ZMQ subscriber too slow, dropping messages",
        );
      }
      return false;
    }
    this.#queue.push(wire);
    return true;
  }

  /** Closes the connection at once, dropping anything queued. */
  close(): void {
    this.#closed();
    this.#o.socket.destroy();
  }

  /** A snapshot for diagnostics and tests. */
  info(): ZmqPeerInfo {
    return {
      peer: this.peer,
      ready: this.#state === "ready",
      version: this.#version,
      socketType: this.#socketType,
      subscriptions: this.#subs.size,
      queued: this.#queue.length,
      dropped: this.#dropped,
      bufferedBytes: this.#o.socket.writableLength,
    };
  }

  #flush(): void {
    const { socket } = this.#o;
    while (this.#queue.length > 0 && !socket.writableNeedDrain && !this.#isClosed()) {
      socket.write(this.#queue.shift()!);
    }
    if (this.#queue.length === 0) this.#dropping = false;
  }

  #isClosed(): boolean {
    return this.#state === "closed";
  }

  /** Marks the connection closed (once) and tells the publisher. */
  #closed(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    clearTimeout(this.#timer);
    this.#queue = [];
    this.#o.onClose(this);
  }

  #fail(err: ZmtpProtocolError): void {
    if (this.#state === "closed") return;
    this.#o.logger.warn(
      { endpoint: this.#o.endpoint, peer: this.peer, code: err.code, err: err.message },
      "ZMQ subscriber disconnected: protocol error",
    );
    this.close();
  }

  #onData(chunk: Buffer): void {
    if (this.#state === "closed") return;
    try {
      let rest: Uint8Array = chunk;
      if (this.#state === "greeting") rest = this.#readGreeting(chunk);
      if (rest.length === 0) return;
      for (const frame of this.#decoder.push(rest)) {
        this.#onFrame(frame);
        if (this.#isClosed()) return;
      }
    } catch (err: unknown) {
      if (err instanceof ZmtpProtocolError) {
        this.#fail(err);
        return;
      }
      this.#o.logger.error(
        { endpoint: this.#o.endpoint, peer: this.peer, err },
        "ZMQ subscriber input failed",
      );
      this.close();
    }
  }

  /** Takes greeting bytes from `chunk`; returns what follows the greeting. */
  #readGreeting(chunk: Uint8Array): Uint8Array {
    const need = ZMTP_GREETING_SIZE - this.#greeting.length;
    const next = new Uint8Array(this.#greeting.length + Math.min(need, chunk.length));
    next.set(this.#greeting);
    next.set(chunk.subarray(0, need), this.#greeting.length);
    this.#greeting = next;
    checkGreetingPrefix(next);
    if (next.length < ZMTP_GREETING_SIZE) return new Uint8Array(0);
    const greeting = decodeGreeting(next);
    if (greeting.mechanism !== "NULL") {
      throw new ZmtpProtocolError(
        "unsupported-mechanism",
        `security mechanism ${greeting.mechanism || "(empty)"} is not supported (only NULL)`,
      );
    }
    this.#version = `${greeting.major}.${greeting.minor}`;
    this.#state = "handshake";
    this.#o.socket.write(encodePubReady());
    return chunk.subarray(need);
  }

  #onFrame(frame: ZmtpFrame): void {
    if (this.#state === "handshake") {
      this.#onHandshakeFrame(frame);
      return;
    }
    if (frame.command) {
      this.#onCommand(frame.body);
      return;
    }
    // Only the first frame of a message can be a subscription (libzmq's xpub reads it so).
    const first = !this.#inMessage;
    this.#inMessage = frame.more;
    if (!first || frame.body.length === 0) return;
    const kind = frame.body[0];
    if (kind === 1) this.#subscribe(frame.body.subarray(1));
    else if (kind === 0) this.#cancel(frame.body.subarray(1));
    // Any other message is not for a PUB socket; libzmq drops it too.
  }

  #onHandshakeFrame(frame: ZmtpFrame): void {
    if (!frame.command) {
      throw new ZmtpProtocolError("unexpected-command", "message data arrived before READY");
    }
    const command = parseCommand(frame.body);
    if (command.name === "ERROR") throw peerError(command.data);
    if (command.name !== "READY") {
      throw new ZmtpProtocolError("unexpected-command", `expected READY, got ${command.name}`);
    }
    const socketType = parseProperties(command.data).get("socket-type");
    const type = socketType === undefined ? "" : String.fromCharCode(...socketType);
    if (type !== "SUB" && type !== "XSUB") {
      throw new ZmtpProtocolError(
        "incompatible-socket-type",
        `a ${type || "peer without Socket-Type"} cannot connect to a PUB socket`,
      );
    }
    this.#socketType = type;
    this.#state = "ready";
    clearTimeout(this.#timer);
    this.#o.logger.debug(
      { endpoint: this.#o.endpoint, peer: this.peer, version: this.#version, socketType: type },
      "ZMQ subscriber connected",
    );
  }

  #onCommand(body: Uint8Array): void {
    const { name, data } = parseCommand(body);
    switch (name) {
      case "SUBSCRIBE":
        this.#subscribe(data);
        return;
      case "CANCEL":
        this.#cancel(data);
        return;
      case "PING": {
        const pong = encodePong(data);
        // A peer that pings without reading gets no PONGs rather than a growing buffer.
        if (!this.#o.socket.writableNeedDrain) this.#o.socket.write(pong);
        return;
      }
      case "PONG":
        return;
      case "ERROR":
        throw peerError(data);
      case "READY":
        throw new ZmtpProtocolError("unexpected-command", "READY after the handshake");
      default:
        // RFC 37 leaves room for commands this PUB does not know; they change nothing here.
        this.#o.logger.debug(
          { endpoint: this.#o.endpoint, peer: this.peer, command: name },
          "ZMQ subscriber sent an unknown command",
        );
    }
  }

  #subscribe(prefix: Uint8Array): void {
    if (!this.#subs.has(prefix) && this.#subs.size >= this.#o.limits.maxSubscriptions) {
      throw new ZmtpProtocolError(
        "too-many-subscriptions",
        `more than ${this.#o.limits.maxSubscriptions} subscriptions`,
      );
    }
    if (this.#subs.add(prefix)) this.#o.onSubscription(this, prefix, true);
  }

  #cancel(prefix: Uint8Array): void {
    if (this.#subs.remove(prefix)) this.#o.onSubscription(this, prefix, false);
  }
}

function peerError(data: Uint8Array): ZmtpProtocolError {
  const length = data[0] ?? 0;
  const reason = String.fromCharCode(...data.subarray(1, 1 + length));
  return new ZmtpProtocolError("peer-error", `peer sent ERROR: ${reason || "(no reason)"}`);
}
