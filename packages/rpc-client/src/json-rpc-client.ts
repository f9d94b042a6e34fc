// A JSON-RPC client for bitcoind-compatible nodes, behaving like bitcoin-cli on the wire.

import { readFileSync } from "node:fs";
import { httpTransport } from "./http-transport.js";
import { RpcClientError } from "./rpc-client-error.js";
import {
  basicAuthorization,
  CookieReadError,
  type RpcCredentials,
  readCookieFile,
} from "./rpc-credentials.js";
import type { RpcTransport } from "./rpc-transport.js";

/** bitcoin-cli's default `-rpcclienttimeout`: 900 s. */
export const DEFAULT_RPC_TIMEOUT_MS = 900_000;

/**
 * Default response size cap: a getblocktemplate of a full 4 MWU block is about 10 MB of JSON and a
 * verbose block a few times that.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Largest timeout a timer can hold (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * HTTP statuses whose body is still read as a JSON-RPC reply, as bitcoin-cli does: bitcoind
 * answers a legacy (JSON-RPC 1.0) error with 500, an invalid request with 400 and an unknown
 * method with 404, each with the error in the body.
 */
const REPLY_STATUSES = new Set([400, 404, 500]);

/** Where and how to reach the node. */
export interface JsonRpcClientOptions {
  /** `http://127.0.0.1:8332`, possibly with `user:password@`; https:// works too. */
  readonly url: string;
  /** Credentials; they take precedence over any in the URL. */
  readonly credentials?: RpcCredentials;
  /** Send calls to `/wallet/<name>` (bitcoin-cli's `-rpcwallet`); the name is URL-encoded. */
  readonly wallet?: string | undefined;
  /** Per-call timeout in ms (default {@link DEFAULT_RPC_TIMEOUT_MS}); 0 waits indefinitely. */
  readonly timeoutMs?: number;
  /** Largest response accepted (default {@link DEFAULT_MAX_RESPONSE_BYTES}). */
  readonly maxResponseBytes?: number;
  /** How requests travel (default {@link httpTransport}; tests pass `fetchTransport(fake)`). */
  readonly transport?: RpcTransport;
  /** Reads the cookie file (default: `fs.readFileSync` as UTF-8). */
  readonly readFile?: (path: string) => string;
}

/** Per-call overrides. */
export interface RpcCallOptions {
  /** This call's timeout in ms; 0 waits indefinitely (a long poll). */
  readonly timeoutMs?: number;
  /** Aborts the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** JSON-RPC params: positional or named (bitcoin-cli's `-named`). */
export type RpcParams = readonly unknown[] | { readonly [name: string]: unknown };

/** One call of a {@link JsonRpcClient.batch}. */
export interface RpcRequest {
  readonly method: string;
  readonly params?: RpcParams;
}

/** The outcome of one call in a batch. */
export type RpcBatchResult =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: RpcClientError };

/** A reply as the node sent it: its HTTP status and body text, not yet parsed. */
export interface RawRpcReply {
  readonly status: number;
  readonly text: string;
}

interface Endpoint {
  /** Request URL without credentials. */
  readonly url: string;
  readonly fixedAuthorization: string | undefined;
  readonly cookieFile: string | undefined;
}

function endpointOf(options: JsonRpcClientOptions): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new RpcClientError("bad-url", `not a URL: ${options.url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new RpcClientError(
      "bad-url",
      `expected an http:// or https:// URL (got ${parsed.protocol})`,
    );
  }
  // fetch refuses URLs with embedded credentials, and they must not show up in messages: move
  // them into the Basic auth header.
  const fromUrl = parsed.username
    ? basicAuthorization(decodeURIComponent(parsed.username), decodeURIComponent(parsed.password))
    : undefined;
  parsed.username = "";
  parsed.password = "";
  if (options.wallet !== undefined)
    parsed.pathname = `/wallet/${encodeURIComponent(options.wallet)}`;
  const credentials = options.credentials;
  let fixedAuthorization = fromUrl;
  let cookieFile: string | undefined;
  if (credentials !== undefined) {
    if ("cookieFile" in credentials) {
      fixedAuthorization = undefined;
      cookieFile = credentials.cookieFile;
    } else fixedAuthorization = basicAuthorization(credentials.user, credentials.password);
  }
  return { url: parsed.toString(), fixedAuthorization, cookieFile };
}

function checkTimeout(ms: number, what: string): number {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMEOUT_MS) {
    throw new RpcClientError(
      "bad-request",
      `${what} must be an integer number of ms in [0, ${MAX_TIMEOUT_MS}] (got ${ms})`,
    );
  }
  return ms;
}

function paramsJson(method: string, params: RpcParams): string {
  if (typeof method !== "string" || method === "") {
    throw new RpcClientError("bad-request", "the method name must be a non-empty string");
  }
  try {
    return JSON.stringify(params);
  } catch (err) {
    throw new RpcClientError(
      "bad-request",
      `${method}: params cannot be encoded as JSON (${err instanceof Error ? err.message : String(err)})`,
      { cause: err },
    );
  }
}

/** A request object as bitcoin-cli writes it (Core's legacy JSON-RPC 1.0 form). */
function requestText(method: string, params: string, id: number): string {
  return `{"method":${JSON.stringify(method)},"params":${params},"id":${id}}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A JSON-RPC client for bitcoind and compatible nodes. Requests are Core's legacy JSON-RPC 1.0
 * objects (`{"method","params","id"}`, exactly what bitcoin-cli sends), so every bitcoind since
 * 0.x answers them; HTTP statuses are read as bitcoin-cli reads them (401 is an auth failure;
 * 400, 404 and 500 carry the JSON-RPC error in the body; other 4xx/5xx are HTTP errors).
 *
 * Numbers: {@link call} and {@link batch} parse with `JSON.parse`, so values are JS numbers,
 * exact for integers up to 2^53 (satoshi amounts, heights, times, fees in getblocktemplate and
 * getblockstats) but the nearest double for decimal BTC amounts. Callers that need the exact
 * decimal text use {@link callRaw} and parse the text with an exact parser (the CLI's
 * `hashforge rpc` uses @hashforge/api's parseJson, whose numbers keep their source text); the
 * client itself stays free of a JSON model of its own.
 */
export class JsonRpcClient {
  /** The URL calls go to, without credentials (with the wallet path when one is set). */
  readonly url: string;
  readonly #options: JsonRpcClientOptions;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #transport: RpcTransport;
  readonly #readFile: (path: string) => string;
  #nextId = 1;

  /** Throws {@link RpcClientError} `bad-url` or `bad-request` for unusable options. */
  constructor(options: JsonRpcClientOptions) {
    this.#options = options;
    this.#endpoint = endpointOf(options);
    this.url = this.#endpoint.url;
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS, "timeoutMs");
    const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RpcClientError("bad-request", `maxResponseBytes must be a positive integer`);
    }
    this.#maxResponseBytes = max;
    this.#transport = options.transport ?? httpTransport();
    this.#readFile = options.readFile ?? ((path) => readFileSync(path, "utf8"));
  }

  /** The same client with calls sent to `/wallet/<wallet>`, or to `/` when undefined. */
  withWallet(wallet: string | undefined): JsonRpcClient {
    return new JsonRpcClient({ ...this.#options, wallet });
  }

  /**
   * Calls `method` and returns its result. Failures are {@link RpcClientError}s (`rpc` with the
   * node's code and message when it answered with an error); an aborted `signal` rejects with its
   * reason.
   */
  async call(
    method: string,
    params: RpcParams = [],
    options: RpcCallOptions = {},
  ): Promise<unknown> {
    const id = this.#nextId++;
    const { status, text } = await this.#post(
      requestText(method, paramsJson(method, params), id),
      options,
    );
    const reply = this.#parse(text, status, method);
    if (!isObject(reply)) throw this.#notAReply(method, status, "the reply is not an object");
    return this.#unwrap(reply, id, method, status);
  }

  /**
   * Sends the calls as one JSON-RPC batch (one HTTP request) and returns each call's outcome in
   * call order; a call's own failure is its entry's `error`, while a failure of the whole request
   * (network, auth, HTTP, a reply that is no batch) throws.
   */
  async batch(
    requests: readonly RpcRequest[],
    options: RpcCallOptions = {},
  ): Promise<RpcBatchResult[]> {
    if (requests.length === 0) return [];
    const ids = requests.map(() => this.#nextId++);
    const body = `[${requests
      .map((r, i) => requestText(r.method, paramsJson(r.method, r.params ?? []), ids[i]!))
      .join(",")}]`;
    const { status, text } = await this.#post(body, options);
    const reply = this.#parse(text, status, "batch");
    if (!Array.isArray(reply)) {
      // A request-wide failure comes back as one error object instead of an array.
      if (isObject(reply) && reply.error !== null && reply.error !== undefined) {
        this.#unwrap(reply, reply.id, "batch", status);
      }
      throw this.#notAReply("batch", status, "the reply to a batch is not an array");
    }
    const byId = new Map<unknown, Record<string, unknown>>();
    for (const entry of reply) if (isObject(entry)) byId.set(entry.id, entry);
    return requests.map((r, i): RpcBatchResult => {
      const entry = byId.get(ids[i]);
      if (entry === undefined) {
        return {
          ok: false,
          error: new RpcClientError("bad-response", `${r.method}: missing from the batch reply`),
        };
      }
      try {
        return { ok: true, result: this.#unwrap(entry, ids[i], r.method, status) };
      } catch (err) {
        if (err instanceof RpcClientError) return { ok: false, error: err };
        throw err;
      }
    });
  }

  /**
   * Sends one call whose params are given as JSON text (an array or object, e.g. with numbers
   * written exactly) and returns the reply's status and text unparsed, after the HTTP status
   * handling: 401 throws `auth`, statuses other than 2xx/3xx, 400, 404 and 500 throw `http`. For
   * callers that parse replies themselves, such as the bitcoin-cli front end.
   */
  callRaw(method: string, params: string, options: RpcCallOptions = {}): Promise<RawRpcReply> {
    if (typeof method !== "string" || method === "") {
      return Promise.reject(
        new RpcClientError("bad-request", "the method name must be a non-empty string"),
      );
    }
    return this.#post(requestText(method, params, this.#nextId++), options);
  }

  #authorization(): {
    header: string | undefined;
    missingCookie: string | undefined;
    why?: string;
  } {
    const { cookieFile, fixedAuthorization } = this.#endpoint;
    if (cookieFile === undefined) return { header: fixedAuthorization, missingCookie: undefined };
    try {
      const { user, password } = readCookieFile(cookieFile, this.#readFile);
      return { header: basicAuthorization(user, password), missingCookie: undefined };
    } catch (err) {
      if (!(err instanceof CookieReadError)) throw err;
      // As bitcoin-cli: without a readable cookie the request goes out without credentials, so a
      // node that is down still reads as "cannot connect" rather than as a credentials problem.
      return { header: undefined, missingCookie: cookieFile, why: err.message };
    }
  }

  async #post(body: string, options: RpcCallOptions): Promise<RawRpcReply> {
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.#timeoutMs, "timeoutMs");
    const signal = options.signal;
    if (signal?.aborted) throw signal.reason;
    const auth = this.#authorization();
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth.header !== undefined) headers.authorization = auth.header;

    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let status: number;
    let text: string;
    try {
      ({ status, body: text } = await this.#transport({
        url: this.url,
        headers,
        body,
        signal: controller.signal,
        maxResponseBytes: this.#maxResponseBytes,
      }));
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) {
        throw new RpcClientError(
          "timeout",
          `node at ${this.url} did not answer within ${timeoutMs} ms`,
        );
      }
      if (err instanceof RpcClientError && err.code !== "network") throw err;
      throw new RpcClientError(
        "network",
        `cannot reach node at ${this.url}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }

    if (status === 401) {
      const message =
        auth.missingCookie === undefined
          ? `node at ${this.url} refused the credentials (HTTP 401)`
          : `node at ${this.url} refused a request without credentials (HTTP 401): cannot read cookie file ${auth.missingCookie}: ${auth.why}`;
      throw new RpcClientError("auth", message, {
        httpStatus: 401,
        ...(auth.missingCookie === undefined ? {} : { missingCookie: auth.missingCookie }),
      });
    }
    if (status >= 400 && !REPLY_STATUSES.has(status)) {
      const detail = text.trim() === "" ? "" : `: ${text.trim().slice(0, 200)}`;
      throw new RpcClientError("http", `node at ${this.url} answered HTTP ${status}${detail}`, {
        httpStatus: status,
        responseText: text,
      });
    }
    return { status, text };
  }

  #parse(text: string, status: number, method: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw this.#notAReply(
        method,
        status,
        text === "" ? "an empty reply" : "a reply that is not JSON",
      );
    }
  }

  /** A reply that is no JSON-RPC reply: an HTTP error when the status was one, else bad-response. */
  #notAReply(method: string, status: number, what: string): RpcClientError {
    if (status >= 400) {
      return new RpcClientError(
        "http",
        `${method}: node at ${this.url} answered HTTP ${status} with ${what}`,
        {
          httpStatus: status,
        },
      );
    }
    return new RpcClientError("bad-response", `${method}: node at ${this.url} sent ${what}`, {
      httpStatus: status,
    });
  }

  #unwrap(reply: Record<string, unknown>, id: unknown, method: string, status: number): unknown {
    const error = reply.error;
    if (error !== null && error !== undefined) {
      if (isObject(error) && typeof error.code === "number" && typeof error.message === "string") {
        throw new RpcClientError("rpc", `${method}: ${error.message} (code ${error.code})`, {
          rpcCode: error.code,
          rpcMessage: error.message,
          httpStatus: status,
        });
      }
      throw new RpcClientError(
        "rpc",
        `${method}: the node answered the error ${JSON.stringify(error)}`,
        {
          httpStatus: status,
        },
      );
    }
    if (reply.id !== id)
      throw this.#notAReply(
        method,
        status,
        `a reply with id ${JSON.stringify(reply.id)}, not ${id}`,
      );
    if (!("result" in reply)) throw this.#notAReply(method, status, "a reply without a result");
    return reply.result;
  }
}
