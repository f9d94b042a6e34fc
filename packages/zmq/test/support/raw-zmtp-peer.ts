// A hand-driven TCP client for tests that need to send what no ZMQ library would: bad
// greetings, oversized frames, raw SUBSCRIBE commands.
import { connect, type Socket } from "node:net";
import { encodeCommand, encodeProperties } from "../../src/zmtp-command.js";
import { encodeMessage, type ZmtpFrame, ZmtpFrameDecoder } from "../../src/zmtp-frame.js";
import { encodeGreeting } from "../../src/zmtp-greeting.js";

/** A raw connection to a publisher on 127.0.0.1. */
export class RawZmtpPeer {
  readonly socket: Socket;
  /** Resolves when the publisher (or anything) closed the connection. */
  readonly closed: Promise<void>;
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;
  readonly #decoder = new ZmtpFrameDecoder(1 << 24);

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on("error", () => {}); // a reset by the publisher is what some tests provoke
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    this.closed.then(() => this.#wake?.());
  }

  /** Connects to `port` on 127.0.0.1. */
  static connect(port: number): Promise<RawZmtpPeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawZmtpPeer(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends raw bytes. */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Reads exactly `n` bytes; rejects if the connection closes first. */
  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n) {
      if (this.socket.destroyed || this.socket.readableEnded) throw new Error("connection closed");
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(n);
    return out;
  }

  /** Reads the next frame the publisher sent. */
  async readFrame(): Promise<ZmtpFrame> {
    for (;;) {
      const frames = this.#decoder.push(await this.read(1));
      if (frames.length > 0) return frames[0]!;
    }
  }

  /** Reads one whole multi-part message. */
  async readMessage(): Promise<Buffer[]> {
    const parts: Buffer[] = [];
    for (;;) {
      const f = await this.readFrame();
      parts.push(Buffer.from(f.body));
      if (!f.more) return parts;
    }
  }

  /**
   * Exchanges greetings and READY as a peer of `socketType`; returns the publisher's greeting
   * and the body of its READY command.
   */
  async handshake(socketType = "SUB"): Promise<{ greeting: Buffer; ready: Uint8Array }> {
    this.write(encodeGreeting());
    const greeting = Buffer.from(await this.read(64));
    const ready = await this.readFrame();
    const props = new Map([["Socket-Type", new TextEncoder().encode(socketType)]]);
    this.write(encodeCommand("READY", encodeProperties(props)));
    return { greeting, ready: ready.body };
  }

  /** Subscribes the ZMTP 3.0 way: a one-frame message `0x01 prefix`. */
  subscribeMessage(prefix: string): void {
    this.write(encodeMessage([Buffer.concat([Buffer.from([1]), Buffer.from(prefix)])]));
  }

  /** Ends the connection. */
  destroy(): void {
    this.socket.destroy();
  }
}
