// Bare-LF HTTP clients. Core's HTTP server (libevent's evhttp) accepts header lines ending in a
// bare LF, and pool software talking to bitcoind sends exactly that; Node's strict parser
// (llhttp) answers 400. Node 20 offers no public switch for llhttp's one narrow leniency
// (optional CR before LF): `insecureHTTPParser` turns on all of them. So the server looks at how
// a connection's first line ends and gives only bare-LF connections to a lenient parser, and
// re-checks, for every request, the head rules that the lenient parser stops enforcing.

import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/** How a connection's first line ended: `crlf`, bare `lf`, or `none` within the byte limit. */
export type FirstLineEnding = "crlf" | "lf" | "none";

/** Limits of {@link sniffLineEnding}. */
export interface SniffLineEndingOptions {
  /** Bytes to read while looking for the first LF; past that the answer is `none`. */
  readonly maxBytes: number;
  /** Time to wait for the first line; past that the connection is given up. */
  readonly timeoutMs: number;
}

/**
 * Reads `socket` up to its first LF and calls `done` with how that line ended, after pausing
 * the socket and putting back (`unshift`) every byte read, so the HTTP parser the caller hands
 * it to sees the stream from its first byte. `done` gets `undefined` when the socket ended,
 * failed or timed out first (the caller destroys it). `done` runs inside the socket's own event,
 * so no event can slip in between the sniffing and the hand-over.
 */
export function sniffLineEnding(
  socket: Socket,
  options: SniffLineEndingOptions,
  done: (ending: FirstLineEnding | undefined) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let lastByte = -1;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (ending: FirstLineEnding | undefined) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("end", onGone);
    socket.off("close", onGone);
    socket.off("error", onGone);
    if (ending !== undefined) {
      socket.pause();
      socket.unshift(Buffer.concat(chunks, size));
    }
    done(ending);
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    const lf = chunk.indexOf(0x0a);
    if (lf !== -1) {
      const before = lf > 0 ? chunk[lf - 1] : lastByte;
      finish(before === 0x0d ? "crlf" : "lf");
    } else if (size >= options.maxBytes) finish("none");
    else lastByte = chunk[chunk.length - 1] ?? lastByte;
  };
  const onGone = () => finish(undefined);
  timer = setTimeout(onGone, options.timeoutMs);
  socket.on("data", onData);
  socket.once("end", onGone);
  socket.once("close", onGone);
  socket.once("error", onGone);
}

/** True for a control character other than TAB, which llhttp's lenient mode lets into values. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Why a parsed request head must be refused (400 and the connection closed), or undefined when
 * it is fine: the rules llhttp's strict mode enforces and its lenient mode drops, which matter
 * for request smuggling and for what Core accepts. Strict connections never fail these (their
 * parser already refused such heads); lenient ones are held to them here.
 */
export function requestHeadProblem(req: IncomingMessage): string | undefined {
  if (req.httpVersion !== "1.1" && req.httpVersion !== "1.0") return "unsupported HTTP version";
  const transferEncoding = req.headers["transfer-encoding"];
  if (transferEncoding !== undefined) {
    if (req.headers["content-length"] !== undefined) {
      return "both Transfer-Encoding and Content-Length";
    }
    if (transferEncoding.trim().toLowerCase() !== "chunked") return "unsupported Transfer-Encoding";
  }
  for (let i = 1; i < req.rawHeaders.length; i += 2) {
    if (hasControlCharacter(req.rawHeaders[i]!)) return "control character in a header value";
  }
  return undefined;
}
