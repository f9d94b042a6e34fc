// ZMTP 3 command bodies (RFC 23/ZMTP "Commands", 37/ZMTP for SUBSCRIBE, CANCEL, PING and PONG):
// a 1-byte name length, the name, then command data; READY carries metadata properties.
import { encodeCommandFrame } from "./zmtp-frame.js";
import { ZmtpProtocolError } from "./zmtp-protocol-error.js";

/** A parsed command: its name and the bytes after it. */
export interface ZmtpCommand {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Longest PING context a peer may send (RFC 37: 0 to 16 octets). */
export const ZMTP_MAX_PING_CONTEXT = 16;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Parses a command frame's body; throws {@link ZmtpProtocolError} when it does not fit. */
export function parseCommand(body: Uint8Array): ZmtpCommand {
  const nameLength = body[0] ?? 0;
  if (nameLength === 0 || body.length < 1 + nameLength) {
    throw new ZmtpProtocolError("malformed-command", "command frame has no valid name");
  }
  const name = String.fromCharCode(...body.subarray(1, 1 + nameLength));
  return { name, data: body.subarray(1 + nameLength) };
}

/** Encodes a whole command frame named `name` with `data`. */
export function encodeCommand(name: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const n = ascii(name);
  const body = new Uint8Array(1 + n.length + data.length);
  body[0] = n.length;
  body.set(n, 1);
  body.set(data, 1 + n.length);
  return encodeCommandFrame(body);
}

/**
 * Encodes metadata properties as READY carries them: per property a 1-byte name length, the
 * name, a 4-byte network-order value length and the value.
 */
export function encodeProperties(properties: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const parts: number[] = [];
  for (const [name, value] of properties) {
    const n = ascii(name);
    parts.push(n.length, ...n);
    parts.push(
      (value.length >>> 24) & 0xff,
      (value.length >>> 16) & 0xff,
      (value.length >>> 8) & 0xff,
      value.length & 0xff,
    );
    parts.push(...value);
  }
  return Uint8Array.from(parts);
}

/**
 * Parses READY metadata. Names are returned lower-cased, since ZMTP property names are
 * case-insensitive; a property that runs past the end is a malformed command.
 */
export function parseProperties(data: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  let at = 0;
  while (at < data.length) {
    const nameLength = data[at]!;
    if (nameLength === 0 || at + 1 + nameLength + 4 > data.length) {
      throw new ZmtpProtocolError("malformed-command", "READY metadata property is truncated");
    }
    const name = String.fromCharCode(...data.subarray(at + 1, at + 1 + nameLength));
    at += 1 + nameLength;
    const valueLength = view.getUint32(at);
    at += 4;
    if (at + valueLength > data.length) {
      throw new ZmtpProtocolError("malformed-command", `READY property ${name} is truncated`);
    }
    out.set(name.toLowerCase(), data.subarray(at, at + valueLength));
    at += valueLength;
  }
  return out;
}

/** The READY command a PUB socket sends under the NULL mechanism (`Socket-Type` = `PUB`). */
export function encodePubReady(): Uint8Array {
  return encodeCommand("READY", encodeProperties(new Map([["Socket-Type", ascii("PUB")]])));
}

/** The PONG answering a PING whose data (2-byte TTL, then context) is `pingData`. */
export function encodePong(pingData: Uint8Array): Uint8Array {
  if (pingData.length < 2 || pingData.length - 2 > ZMTP_MAX_PING_CONTEXT) {
    throw new ZmtpProtocolError("malformed-command", "PING must carry a TTL and at most 16 bytes");
  }
  return encodeCommand("PONG", pingData.subarray(2));
}
