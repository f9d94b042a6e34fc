// The 64-byte greeting that opens every ZMTP 3.x connection (RFC 23/ZMTP, "The Greeting").
import { ZmtpProtocolError } from "./zmtp-protocol-error.js";

/** Size of a ZMTP 3 greeting: signature 10, version 2, mechanism 20, as-server 1, filler 31. */
export const ZMTP_GREETING_SIZE = 64;

const MECHANISM_OFFSET = 12;
const MECHANISM_SIZE = 20;
const AS_SERVER_OFFSET = 32;

/** What a peer's greeting says. */
export interface ZmtpGreeting {
  readonly major: number;
  readonly minor: number;
  /** Security mechanism name, e.g. `NULL`, `PLAIN`, `CURVE`. */
  readonly mechanism: string;
  readonly asServer: boolean;
}

/**
 * Encodes a greeting for ZMTP 3.`minor` with the NULL mechanism. The padding is zero and
 * as-server is 0, which is what libzmq sends for NULL.
 */
export function encodeGreeting(minor = 1): Uint8Array {
  const g = new Uint8Array(ZMTP_GREETING_SIZE);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = minor;
  g.set(new TextEncoder().encode("NULL"), MECHANISM_OFFSET);
  return g;
}

/**
 * Checks as much of a greeting as has arrived, so a peer that is not speaking ZMTP 3 is refused
 * at its first bytes rather than after 64. Like libzmq, the signature is `0xFF`, eight bytes of
 * any value, then a byte with bit 0 set (`0x7F`); the major version must be at least 3.
 */
export function checkGreetingPrefix(prefix: Uint8Array): void {
  if (prefix.length > 0 && prefix[0] !== 0xff) {
    throw new ZmtpProtocolError("bad-signature", "not a ZMTP 3 greeting (first byte is not 0xFF)");
  }
  if (prefix.length > 9 && (prefix[9]! & 0x01) === 0) {
    throw new ZmtpProtocolError("bad-signature", "not a ZMTP 3 greeting (byte 9 lacks bit 0)");
  }
  if (prefix.length > 10 && prefix[10]! < 3) {
    throw new ZmtpProtocolError(
      "unsupported-version",
      `ZMTP ${prefix[10]}.x peers are not supported (need 3.0 or later)`,
    );
  }
}

/** Decodes a complete 64-byte greeting; throws {@link ZmtpProtocolError} on a bad one. */
export function decodeGreeting(bytes: Uint8Array): ZmtpGreeting {
  if (bytes.length !== ZMTP_GREETING_SIZE) {
    throw new ZmtpProtocolError("bad-signature", `greeting is ${bytes.length} bytes, not 64`);
  }
  checkGreetingPrefix(bytes);
  const field = bytes.subarray(MECHANISM_OFFSET, MECHANISM_OFFSET + MECHANISM_SIZE);
  const end = field.indexOf(0);
  const mechanism = String.fromCharCode(...field.subarray(0, end < 0 ? MECHANISM_SIZE : end));
  return {
    major: bytes[10]!,
    minor: bytes[11]!,
    mechanism,
    asServer: bytes[AS_SERVER_OFFSET] === 1,
  };
}
