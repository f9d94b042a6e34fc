// ZMTP 3 framing (RFC 23/ZMTP, "Framing"): a flags byte, a 1- or 8-byte size, then the body.
import { ZmtpProtocolError } from "./zmtp-protocol-error.js";

/** More frames of the same message follow. */
export const ZMTP_FLAG_MORE = 0x01;
/** The size field is 8 bytes (network order) instead of 1. */
export const ZMTP_FLAG_LONG = 0x02;
/** The frame is a command, not message data. */
export const ZMTP_FLAG_COMMAND = 0x04;

const RESERVED_FLAGS = 0xf8;
const SHORT_MAX = 0xff;

/** One decoded frame. */
export interface ZmtpFrame {
  readonly more: boolean;
  readonly command: boolean;
  readonly body: Uint8Array;
}

function headerSize(length: number): number {
  return length > SHORT_MAX ? 9 : 2;
}

function writeHeader(out: Uint8Array, at: number, flags: number, length: number): number {
  if (length > SHORT_MAX) {
    out[at] = flags | ZMTP_FLAG_LONG;
    new DataView(out.buffer, out.byteOffset + at + 1, 8).setBigUint64(0, BigInt(length));
    return at + 9;
  }
  out[at] = flags;
  out[at + 1] = length;
  return at + 2;
}

/**
 * Encodes a multi-part message as data frames: every frame but the last carries MORE, and a
 * frame over 255 bytes uses the long size. The result is one buffer, written once per peer.
 */
export function encodeMessage(frames: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const f of frames) total += headerSize(f.length) + f.length;
  const out = new Uint8Array(total);
  let at = 0;
  frames.forEach((f, i) => {
    at = writeHeader(out, at, i < frames.length - 1 ? ZMTP_FLAG_MORE : 0, f.length);
    out.set(f, at);
    at += f.length;
  });
  return out;
}

/** Encodes one command frame around an already built command body (name and data). */
export function encodeCommandFrame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(headerSize(body.length) + body.length);
  out.set(body, writeHeader(out, 0, ZMTP_FLAG_COMMAND, body.length));
  return out;
}

/**
 * Splits a byte stream into frames. Chunks may cut frames anywhere; a frame larger than
 * `maxFrameBytes` is refused as soon as its size field arrives, before any of its body is held,
 * so a peer cannot make the decoder buffer more than one bounded frame.
 */
export class ZmtpFrameDecoder {
  readonly #maxFrameBytes: number;
  #pending: Uint8Array = new Uint8Array(0);

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held for an incomplete frame. */
  get bufferedBytes(): number {
    return this.#pending.length;
  }

  /** Feeds bytes; returns the frames they complete. Throws {@link ZmtpProtocolError}. */
  push(chunk: Uint8Array): ZmtpFrame[] {
    let buf = chunk;
    if (this.#pending.length > 0) {
      buf = new Uint8Array(this.#pending.length + chunk.length);
      buf.set(this.#pending);
      buf.set(chunk, this.#pending.length);
    }
    const frames: ZmtpFrame[] = [];
    let at = 0;
    for (;;) {
      const frame = this.#next(buf, at);
      if (frame === null) break;
      frames.push(frame.frame);
      at = frame.end;
    }
    this.#pending = buf.slice(at);
    return frames;
  }

  #next(buf: Uint8Array, at: number): { frame: ZmtpFrame; end: number } | null {
    if (buf.length - at < 1) return null;
    const flags = buf[at]!;
    if ((flags & RESERVED_FLAGS) !== 0) {
      throw new ZmtpProtocolError(
        "bad-flags",
        `frame flags 0x${flags.toString(16)} set reserved bits`,
      );
    }
    const command = (flags & ZMTP_FLAG_COMMAND) !== 0;
    const more = (flags & ZMTP_FLAG_MORE) !== 0;
    if (command && more) throw new ZmtpProtocolError("bad-flags", "a command frame has MORE set");
    const long = (flags & ZMTP_FLAG_LONG) !== 0;
    const sizeBytes = long ? 8 : 1;
    if (buf.length - at < 1 + sizeBytes) return null;
    const size = long
      ? new DataView(buf.buffer, buf.byteOffset + at + 1, 8).getBigUint64(0)
      : BigInt(buf[at + 1]!);
    if (size > BigInt(this.#maxFrameBytes)) {
      throw new ZmtpProtocolError(
        "frame-too-large",
        `a ${size}-byte frame exceeds the ${this.#maxFrameBytes}-byte limit for subscribers`,
      );
    }
    const start = at + 1 + sizeBytes;
    const end = start + Number(size);
    if (buf.length < end) return null;
    return { frame: { more, command, body: buf.slice(start, end) }, end };
  }
}
