// The bitcoind-compatible JSON-RPC HTTP server on node:http (Core's httpserver.cpp + httprpc.cpp):
// loopback-unless-allowed binding, allow-list, method and path routing, bounded bodies and work
// queue, Basic auth with cookie and rpcauth, then JSON-RPC processing. Status codes and bodies
// match Core so its clients work.

import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import {
  type AddressInfo,
  createServer as createNetServer,
  isIP,
  type ListenOptions,
  type Server as NetServer,
  type Socket,
} from "node:net";
import type { RpcResultValue } from "./json-value.js";
import { RpcAllowList } from "./rpc-allow-list.js";
import { RpcAuthenticator, WWW_AUTHENTICATE } from "./rpc-auth.js";
import {
  bindFailure,
  formatBindAddress,
  isAddressUnavailable,
  isBindAny,
  RPC_BIND_ANY_WARNING,
  type RpcBindEndpoint,
  type RpcBindLookup,
  resolveBindHost,
  rpcBindPlan,
  systemBindLookup,
} from "./rpc-bind-endpoints.js";
import { createAuthCookie, deleteAuthCookie, writeAuthCookie } from "./rpc-cookie.js";
import { RpcError, RpcErrorCode } from "./rpc-error.js";
import { type JsonRpcHttpReply, processJsonRpcBody } from "./rpc-request.js";
import { RpcServerError } from "./rpc-server-error.js";
import type { RpcCall, RpcTable } from "./rpc-table.js";
import { DEFAULT_RPC_THREADS, DEFAULT_RPC_WORK_QUEUE, RpcWorkQueue } from "./rpc-work-queue.js";
import { requestHeadProblem, sniffLineEnding } from "./sniff-line-ending.js";

export { RpcServerError, type RpcServerErrorCode } from "./rpc-server-error.js";

/** Largest request body (Core's MAX_SIZE, 32 MiB); larger gets HTTP 413. */
export const DEFAULT_RPC_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Largest request head (Core's MAX_HEADERS_SIZE); larger gets HTTP 431. */
export const DEFAULT_RPC_MAX_HEADER_BYTES = 8192;
/** Time to receive a request and to keep an idle connection (Core's -rpcservertimeout, 30 s). */
export const DEFAULT_RPC_SERVER_TIMEOUT_MS = 30_000;
/** Core's pause before answering a wrong password, to slow brute force. */
export const AUTH_FAILURE_DELAY_MS = 250;

/** A pino-compatible logger. */
export interface RpcLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const SILENT: RpcLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Who may call: Core's rpcuser/rpcpassword, cookie and rpcauth settings. */
export interface RpcServerAuthOptions {
  /**
   * Cookie file path; when no password is set, a fresh cookie is written once every address is
   * bound (a start that fails leaves the file as it was) and deleted at stop.
   */
  readonly cookieFile?: string;
  /** Random source for the cookie. */
  readonly randomBytes?: (n: number) => Uint8Array;
  /** rpcuser (used with `password`). */
  readonly user?: string;
  /** rpcpassword; when set, no cookie is written (as in Core). */
  readonly password?: string;
  /** rpcauth entries `user:salt$hash`. */
  readonly rpcauth?: readonly string[];
}

/** Options of {@link RpcHttpServer}. */
export interface RpcHttpServerOptions {
  readonly table: RpcTable;
  /** Port to listen on (-rpcport); 0 picks a free one, which every address without its own port shares. */
  readonly port: number;
  /**
   * Addresses to bind (-rpcbind: `host`, `host:port`, `[v6]:port`). As in Core they are used only
   * together with `allowIps`; without it they are ignored with a warning and `loopbackBind` is
   * bound instead. Absent: `loopbackBind`. Every address must bind, or `start()` fails.
   */
  readonly bind?: readonly string[];
  /** Extra client networks allowed (rpcallowip); loopback is always allowed unless disabled. */
  readonly allowIps?: readonly string[];
  /**
   * What to bind when `bind` is absent or ignored (default `::1` and `127.0.0.1`, as Core); one
   * this host does not have (no IPv6) is skipped while another binds.
   */
  readonly loopbackBind?: readonly string[];
  /** Resolves a host name in `bind` (default: the system resolver). */
  readonly lookup?: RpcBindLookup;
  /**
   * Names of the loaded wallets. When given, a wallet method called through `/wallet/<name>` for
   * a name not among them fails with -18 "Requested wallet does not exist or is not loaded"
   * (Core's GetWalletForJSONRPCRequest); other methods ignore the name, as in Core.
   */
  readonly loadedWallets?: () => readonly string[];
  /** Allow 127.0.0.0/8 and ::1 implicitly (default true, as Core). */
  readonly allowLoopback?: boolean;
  readonly auth: RpcServerAuthOptions;
  /** Requests executed at once (rpcthreads, default 4). */
  readonly threads?: number;
  /** Requests waiting beyond that (rpcworkqueue, default 64); more get HTTP 503. */
  readonly workQueueDepth?: number;
  readonly maxBodyBytes?: number;
  readonly maxHeaderBytes?: number;
  /** Limit to receive one request and idle keep-alive time (rpcservertimeout). */
  readonly serverTimeoutMs?: number;
  /** Per-call execution limit; 0 (default) means none. A timed-out call fails with -1. */
  readonly requestTimeoutMs?: number;
  /** Wait before a 401 for wrong credentials (default: 250 ms timer); tests inject a fast one. */
  readonly authFailureDelay?: () => Promise<void>;
  /** Serve `/wallet/<name>` (default true). */
  readonly walletEndpoint?: boolean;
  readonly logger?: RpcLogger;
}

/** An address the server listens on. */
export interface RpcBoundAddress {
  readonly host: string;
  readonly port: number;
}

/** Methods Core's HTTP layer knows; anything else is answered 405 before routing. */
const KNOWN_HTTP_METHODS = new Set(["GET", "POST", "HEAD", "PUT"]);
const WALLET_PREFIX = "/wallet/";

/** Percent-decoding that leaves malformed escapes as they are (Core's `UrlDecode`). */
function urlDecode(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text, "utf8");
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString("latin1");
    if (raw[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i]!);
  }
  return Buffer.from(bytes).toString("utf8");
}

type BodyResult = { kind: "ok"; body: Buffer } | { kind: "too-large" } | { kind: "failed" };

function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > max) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      total += chunk.length;
      if (total > max) {
        chunks.length = 0;
        finish({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish({ kind: "ok", body: Buffer.concat(chunks) }));
    req.on("error", () => finish({ kind: "failed" }));
    req.on("aborted", () => finish({ kind: "failed" }));
  });
}

/**
 * The JSON-RPC HTTP server. `start()` binds every address, then writes the cookie (if used);
 * `stop()` stops accepting, lets running calls finish, closes connections and deletes the
 * cookie. Connections whose first line ends in a bare LF are parsed leniently (see
 * {@link sniffLineEnding}); all others strictly.
 */
export class RpcHttpServer {
  readonly #options: RpcHttpServerOptions;
  readonly #log: RpcLogger;
  readonly #allow: RpcAllowList;
  readonly #queue: RpcWorkQueue;
  readonly #shutdown = new AbortController();
  readonly #listeners: NetServer[] = [];
  readonly #bound: RpcBoundAddress[] = [];
  readonly #httpServers: HttpServer[] = [];
  /** Connections still being looked at by {@link sniffLineEnding}. */
  readonly #sniffing = new Set<Socket>();
  #strict: HttpServer | undefined;
  #lenient: HttpServer | undefined;
  #auth: RpcAuthenticator | undefined;
  #cookieWritten = false;
  #state: "new" | "running" | "stopping" | "stopped" = "new";

  /** Checks the allow-list (throws RpcAllowListError naming a bad `allowIps` entry). */
  constructor(options: RpcHttpServerOptions) {
    this.#options = options;
    this.#log = options.logger ?? SILENT;
    this.#allow = new RpcAllowList(options.allowIps ?? [], options.allowLoopback ?? true);
    this.#queue = new RpcWorkQueue(
      options.threads ?? DEFAULT_RPC_THREADS,
      options.workQueueDepth ?? DEFAULT_RPC_WORK_QUEUE,
    );
  }

  /**
   * Checks the credentials and bind settings, listens on every address, then writes the cookie.
   * Rejects with {@link RpcServerError} (one line naming the address or file and the reason),
   * or the auth configuration error, leaving nothing listening and the cookie file untouched.
   */
  async start(): Promise<void> {
    if (this.#state !== "new") throw new RpcServerError("lifecycle", "RPC server already started");
    this.#state = "running";
    try {
      const auth = this.#options.auth;
      // The cookie is made now but written only once the server listens (Core's order), so a
      // second node that cannot bind never replaces the cookie of the one running.
      let cookie: string | undefined;
      let userColonPass: string | undefined;
      if (auth.password) userColonPass = `${auth.user ?? ""}:${auth.password}`;
      else if (auth.cookieFile) userColonPass = cookie = createAuthCookie(auth.randomBytes);
      this.#auth = new RpcAuthenticator({
        ...(userColonPass !== undefined ? { userColonPass } : {}),
        rpcauth: auth.rpcauth ?? [],
      });
      const port = this.#options.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new RpcServerError("invalid-bind", `Invalid port specified in -rpcport: '${port}'`);
      }
      const plan = rpcBindPlan({
        bind: this.#options.bind,
        allowIps: this.#options.allowIps,
        loopback: this.#options.loopbackBind,
      });
      for (const warning of plan.warnings) this.#log.warn({}, warning);
      this.#strict = this.#createHttpServer(false);
      this.#lenient = this.#createHttpServer(true);
      await this.#listenAll(plan.endpoints);
      if (cookie !== undefined && auth.cookieFile) await this.#writeCookie(auth.cookieFile, cookie);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async #writeCookie(path: string, cookie: string): Promise<void> {
    try {
      await writeAuthCookie({ path, cookie });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new RpcServerError("cookie-failed", `cannot write RPC cookie file ${path}: ${reason}`, {
        cause: err,
      });
    }
    this.#cookieWritten = true;
    this.#log.info({ path }, "Using random cookie authentication");
  }

  #createHttpServer(lenient: boolean): HttpServer {
    const server = createHttpServer(
      {
        maxHeaderSize: this.#options.maxHeaderBytes ?? DEFAULT_RPC_MAX_HEADER_BYTES,
        // Only for connections whose first line ends in a bare LF; requestHeadProblem() re-checks
        // the head rules this turns off.
        insecureHTTPParser: lenient,
        // libevent does not require Host; neither do Core's clients' peers.
        requireHostHeader: false,
      },
      (req, res) => this.#onRequest(req, res),
    );
    const timeout = this.#options.serverTimeoutMs ?? DEFAULT_RPC_SERVER_TIMEOUT_MS;
    server.requestTimeout = timeout;
    server.headersTimeout = timeout;
    server.keepAliveTimeout = timeout;
    // Long-poll calls (getblocktemplate, waitfornewblock) keep sockets quiet for minutes.
    server.timeout = 0;
    server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
      this.#log.debug({ err: String(err) }, "Malformed HTTP request");
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const status =
        err.code === "HPE_HEADER_OVERFLOW"
          ? "431 Request Header Fields Too Large"
          : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
            ? "408 Request Timeout"
            : "400 Bad Request";
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    // These servers never listen themselves (the net listeners hand them their sockets), and
    // node:http starts its connection tracking, which enforces headersTimeout/requestTimeout and
    // which closeIdleConnections()/closeAllConnections() act on, on 'listening'.
    server.emit("listening");
    this.#httpServers.push(server);
    return server;
  }

  async #listenAll(endpoints: readonly RpcBindEndpoint[]): Promise<void> {
    if (endpoints.length === 0) throw new RpcServerError("invalid-bind", "no RPC address to bind");
    let sharedPort = this.#options.port;
    let skipped: RpcServerError | undefined;
    for (const endpoint of endpoints) {
      const port = endpoint.port ?? sharedPort;
      const shown = formatBindAddress(endpoint.host, port);
      const address = await resolveBindHost(
        endpoint.host,
        shown,
        this.#options.lookup ?? systemBindLookup,
      );
      const listener = createNetServer({ noDelay: true }, (socket) => this.#onConnection(socket));
      // `::` takes IPv4 too unless told not to, which would make a `0.0.0.0` on the same port
      // fail; with both configured each gets its own family.
      const ipv6Only =
        isIP(endpoint.host) === 6 &&
        isBindAny(endpoint.host) &&
        endpoints.some((e) => isIP(e.host) === 4 && isBindAny(e.host) && e.port === endpoint.port);
      try {
        await listen(listener, {
          port,
          ...(address !== undefined ? { host: address } : {}),
          ...(ipv6Only ? { ipv6Only } : {}),
        });
      } catch (err) {
        const failure = bindFailure(shown, err);
        if (endpoint.implicit && isAddressUnavailable(err)) {
          this.#log.info({ address: shown, reason: failure.message }, "Binding RPC skipped");
          skipped ??= failure;
          continue;
        }
        this.#log.error({ address: shown, reason: failure.message }, "Binding RPC failed");
        throw failure;
      }
      const bound = listener.address() as AddressInfo;
      if (endpoint.port === null && sharedPort === 0) sharedPort = bound.port;
      listener.on("error", (err) => this.#log.error({ err: String(err) }, "RPC listener error"));
      this.#listeners.push(listener);
      this.#bound.push({ host: bound.address, port: bound.port });
      this.#log.info({ host: bound.address, port: bound.port }, "Binding RPC");
      if (isBindAny(endpoint.host)) {
        this.#log.warn({ host: bound.address, port: bound.port }, RPC_BIND_ANY_WARNING);
      }
    }
    if (this.#listeners.length === 0) throw skipped!;
  }

  /** Looks at how the connection's first line ends, then hands it to the matching parser. */
  #onConnection(socket: Socket): void {
    const peer = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? 0}`;
    socket.on("error", (err) => this.#log.debug({ peer, err: String(err) }, "RPC socket error"));
    if (this.#state !== "running") {
      socket.destroy();
      return;
    }
    this.#sniffing.add(socket);
    const limits = {
      maxBytes: this.#options.maxHeaderBytes ?? DEFAULT_RPC_MAX_HEADER_BYTES,
      timeoutMs: this.#options.serverTimeoutMs ?? DEFAULT_RPC_SERVER_TIMEOUT_MS,
    };
    sniffLineEnding(socket, limits, (ending) => {
      this.#sniffing.delete(socket);
      const target = ending === "lf" ? this.#lenient : this.#strict;
      if (ending === undefined || this.#state !== "running" || !target) {
        socket.destroy();
        return;
      }
      if (ending === "lf") this.#log.debug({ peer }, "HTTP client ends lines with a bare LF");
      target.emit("connection", socket);
      socket.resume();
    });
  }

  /** The addresses and ports actually listened on (empty before start and after stop). */
  get boundAddresses(): readonly RpcBoundAddress[] {
    return [...this.#bound];
  }

  /** The listening port (of the first bound address). */
  get port(): number {
    return this.#bound[0]?.port ?? 0;
  }

  /** Requests waiting for a worker and being run, for metrics and tests. */
  queueStats(): { queued: number; running: number } {
    return { queued: this.#queue.queued, running: this.#queue.running };
  }

  /** Stops accepting, aborts and awaits running calls, closes connections, deletes the cookie. */
  async stop(): Promise<void> {
    if (this.#state === "stopped" || this.#state === "stopping") return;
    this.#state = "stopping";
    const closed = this.#listeners.map(
      (s) => new Promise<void>((resolve) => s.close(() => resolve())),
    );
    for (const socket of this.#sniffing) socket.destroy();
    this.#sniffing.clear();
    for (const s of this.#httpServers) s.closeIdleConnections();
    this.#shutdown.abort();
    await this.#queue.drain();
    for (const s of this.#httpServers) {
      s.closeAllConnections();
      s.close();
    }
    await Promise.all(closed);
    this.#listeners.length = 0;
    this.#bound.length = 0;
    this.#httpServers.length = 0;
    if (this.#cookieWritten && this.#options.auth.cookieFile) {
      await deleteAuthCookie(this.#options.auth.cookieFile);
      this.#cookieWritten = false;
    }
    this.#state = "stopped";
  }

  #send(
    res: ServerResponse,
    status: number,
    body: string | null,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    const all: Record<string, string | number> = { ...headers };
    if (body !== null) {
      all["Content-Length"] = Buffer.byteLength(body);
      all["Content-Type"] ??= "text/html; charset=ISO-8859-1";
    } else if (status !== 204) all["Content-Length"] = 0;
    res.writeHead(status, all);
    res.end(body ?? undefined);
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const peer = req.socket.remoteAddress;
    const peerText = `${peer ?? "?"}:${req.socket.remotePort ?? 0}`;
    res.on("error", (err) =>
      this.#log.debug({ peer: peerText, err: String(err) }, "RPC reply failed"),
    );
    req.on("error", (err) =>
      this.#log.debug({ peer: peerText, err: String(err) }, "RPC request failed"),
    );
    if (!this.#allow.allows(peer)) {
      this.#log.debug({ peer: peerText }, "Client network is not allowed RPC access");
      this.#send(res, 403, null, { Connection: "close" });
      return;
    }
    const problem = requestHeadProblem(req);
    if (problem !== undefined) {
      this.#log.debug({ peer: peerText, problem }, "Malformed HTTP request");
      this.#send(res, 400, null, { Connection: "close" });
      res.once("finish", () => req.socket.destroySoon());
      return;
    }
    const method = req.method ?? "";
    if (!KNOWN_HTTP_METHODS.has(method)) {
      this.#send(res, 405, null);
      return;
    }
    const uri = req.url ?? "";
    let wallet: string | undefined;
    if (uri === "/") wallet = undefined;
    else if ((this.#options.walletEndpoint ?? true) && uri.startsWith(WALLET_PREFIX)) {
      wallet = urlDecode(uri.slice(WALLET_PREFIX.length));
    } else {
      this.#send(res, 404, null);
      return;
    }
    const max = this.#options.maxBodyBytes ?? DEFAULT_RPC_MAX_BODY_BYTES;
    readBody(req, max)
      .then((read) => this.#dispatch(req, res, read, wallet, peerText))
      .catch((err: unknown) => {
        this.#log.error({ peer: peerText, err: String(err) }, "RPC dispatch failed");
        res.destroy();
      });
  }

  /** Queues a fully read request, or answers 413 / 503 right away. */
  #dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    read: BodyResult,
    wallet: string | undefined,
    peerText: string,
  ): void {
    if (read.kind === "failed") return;
    if (read.kind === "too-large") {
      this.#send(res, 413, null, { Connection: "close" });
      res.once("finish", () => req.socket.destroySoon());
      return;
    }
    const accepted = this.#queue.tryEnqueue(() =>
      this.#work(req, res, read.body, wallet, peerText).catch((err: unknown) => {
        this.#log.error({ peer: peerText, err: String(err) }, "RPC request crashed");
        this.#send(res, 500, null);
      }),
    );
    if (!accepted) {
      this.#log.warn(
        { peer: peerText },
        "Request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting",
      );
      this.#send(res, 503, "Work queue depth exceeded");
    }
  }

  async #work(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    wallet: string | undefined,
    peer: string,
  ): Promise<void> {
    if (res.destroyed) return;
    if (req.method !== "POST") {
      this.#send(res, 405, "JSONRPC server handles only POST requests");
      return;
    }
    const header = req.headers.authorization;
    if (header === undefined) {
      this.#send(res, 401, null, { "WWW-Authenticate": WWW_AUTHENTICATE });
      return;
    }
    const auth = this.#auth!.check(header);
    if (!auth.ok) {
      this.#log.warn({ peer }, "ThreadRPCServer incorrect password attempt");
      await (this.#options.authFailureDelay ?? defaultAuthDelay)();
      this.#send(res, 401, null, { "WWW-Authenticate": WWW_AUTHENTICATE });
      return;
    }
    const after: (() => void)[] = [];
    const execute = (call: RpcCall) => this.#execute(call, wallet, auth.user, peer, after);
    const reply: JsonRpcHttpReply = await processJsonRpcBody(body, execute);
    if (after.length > 0) {
      res.once("close", () => {
        for (const fn of after) {
          try {
            fn();
          } catch (err) {
            this.#log.error({ err: String(err) }, "RPC after-response hook failed");
          }
        }
      });
    }
    if (reply.body === null) this.#send(res, reply.status, null);
    else this.#send(res, reply.status, reply.body, { "Content-Type": "application/json" });
  }

  #execute(
    call: RpcCall,
    wallet: string | undefined,
    user: string,
    peer: string,
    after: (() => void)[],
  ): Promise<RpcResultValue> {
    const limit = this.#options.requestTimeoutMs ?? 0;
    const controller = new AbortController();
    const onShutdown = () => controller.abort(this.#shutdown.signal.reason);
    this.#shutdown.signal.addEventListener("abort", onShutdown, { once: true });
    const loadedWallets = this.#options.loadedWallets;
    const run = this.#options.table.execute(call, {
      wallet,
      user,
      peer,
      signal: controller.signal,
      afterResponse: (fn) => after.push(fn),
      ...(loadedWallets ? { loadedWallets } : {}),
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut =
      limit > 0
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              controller.abort(new Error("timeout"));
              reject(
                new RpcError(RpcErrorCode.RPC_MISC_ERROR, `Request timed out after ${limit} ms`),
              );
            }, limit);
          })
        : undefined;
    const result = timedOut ? Promise.race([run, timedOut]) : run;
    return result.finally(() => {
      if (timer) clearTimeout(timer);
      this.#shutdown.signal.removeEventListener("abort", onShutdown);
    });
  }
}

function defaultAuthDelay(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, AUTH_FAILURE_DELAY_MS));
}

function listen(server: NetServer, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
