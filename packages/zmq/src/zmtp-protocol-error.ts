/** Why a ZMTP peer was disconnected. */
export type ZmtpProtocolErrorCode =
  /** The first ten bytes are not a ZMTP 3 signature (`0xFF`, 8 bytes, `0x7F`). */
  | "bad-signature"
  /** The greeting names a ZMTP major version below 3 (1.0 and 2.0 are not spoken here). */
  | "unsupported-version"
  /** The greeting names a security mechanism other than NULL. */
  | "unsupported-mechanism"
  /** A frame's flags have reserved bits set, or a command frame has the MORE flag. */
  | "bad-flags"
  /** A frame is larger than the publisher accepts from subscribers. */
  | "frame-too-large"
  /** A command frame whose name or properties do not parse. */
  | "malformed-command"
  /** The first command after the greeting is not READY, or READY came twice. */
  | "unexpected-command"
  /** The peer's Socket-Type cannot talk to a PUB socket (only SUB and XSUB can). */
  | "incompatible-socket-type"
  /** The peer sent an ERROR command. */
  | "peer-error"
  /** The peer holds more subscriptions than the publisher allows. */
  | "too-many-subscriptions"
  /** The greeting and READY exchange did not finish in time. */
  | "handshake-timeout";

/**
 * A ZMTP protocol violation by a peer (RFC 23/ZMTP, 37/ZMTP). The publisher catches it, logs the
 * code and disconnects that peer; it never leaves the connection that raised it.
 */
export class ZmtpProtocolError extends Error {
  override readonly name = "ZmtpProtocolError";
  readonly code: ZmtpProtocolErrorCode;

  constructor(code: ZmtpProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
