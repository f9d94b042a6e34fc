// A minimal bitcoind-compatible JSON-RPC client: just what `profit` and `halving` need to read
// difficulty, tip and recent fees from a node. Fetch is injectable so tests need no network.

/** The subset of `fetch` this client uses; tests pass a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Why a node query failed. */
export type NodeRpcErrorCode =
  | "bad-url"
  | "network"
  | "timeout"
  | "auth"
  | "http"
  | "rpc"
  | "bad-response"
  | "too-large";

/** A failed node query, with a message that says what to check. */
export class NodeRpcError extends Error {
  override readonly name = "NodeRpcError";
  readonly code: NodeRpcErrorCode;
  /** The JSON-RPC error code when the node answered with one (e.g. -32601 method not found). */
  readonly rpcCode: number | undefined;

  constructor(code: NodeRpcErrorCode, message: string, rpcCode?: number) {
    super(message);
    this.code = code;
    this.rpcCode = rpcCode;
  }
}

/** Where and how to reach the node. */
export interface NodeRpcOptions {
  /** `http://user:pass@127.0.0.1:8332` or without credentials. */
  readonly url: string;
  /** `user:password`, e.g. the contents of bitcoind's `.cookie` file; overrides URL credentials. */
  readonly credentials?: string;
  readonly fetch?: FetchLike;
  /** Per-request timeout (default 15 s; 0 waits indefinitely). */
  readonly timeoutMs?: number;
}

/** Largest response body we accept: a 2016-block batch of getblockstats is well under this. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

interface RpcReply {
  readonly result?: unknown;
  readonly error?: { readonly code?: number; readonly message?: string } | null;
  readonly id?: unknown;
}

interface Endpoint {
  readonly url: string;
  readonly headers: Record<string, string>;
}

function endpoint(options: NodeRpcOptions): Endpoint {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new NodeRpcError("bad-url", `not a URL: ${options.url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new NodeRpcError(
      "bad-url",
      `expected an http:// or https:// URL (got ${parsed.protocol})`,
    );
  }
  // fetch refuses URLs with embedded credentials, so move them into a Basic auth header.
  const fromUrl = parsed.username
    ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
    : undefined;
  parsed.username = "";
  parsed.password = "";
  const credentials = options.credentials ?? fromUrl;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (credentials) headers.authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
  return { url: parsed.toString(), headers };
}

/** An HTTP answer from the node, not yet interpreted. */
export interface RawRpcResponse {
  readonly status: number;
  readonly body: string;
  /** The URL that was called, without credentials. */
  readonly url: string;
}

/**
 * Posts a JSON-RPC body and returns the HTTP status and body text as they came, for clients that
 * interpret statuses themselves (the `rpc` command mirrors bitcoin-cli's). Network failures and
 * timeouts are NodeRpcErrors; a `timeoutMs` of 0 waits indefinitely.
 */
export async function postRpcText(
  options: NodeRpcOptions,
  bodyText: string,
  maxResponseBytes = MAX_RESPONSE_BYTES,
): Promise<RawRpcResponse> {
  const { url, headers } = endpoint(options);
  const doFetch = options.fetch ?? (fetch as FetchLike);
  const timeoutMs = options.timeoutMs ?? 15_000;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers,
      body: bodyText,
      ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
      throw new NodeRpcError("timeout", `node at ${url} did not answer in time`);
    }
    throw new NodeRpcError(
      "network",
      `cannot reach node at ${url}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const text = await readCapped(response, maxResponseBytes);
  return { status: response.status, body: text, url };
}

async function post(options: NodeRpcOptions, body: unknown): Promise<unknown> {
  const { status, body: text, url } = await postRpcText(options, JSON.stringify(body));
  if (status === 401 || status === 403) {
    throw new NodeRpcError(
      "auth",
      `node at ${url} refused the credentials (HTTP ${status}); check --node user:pass or --rpc-cookie`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NodeRpcError(
      status >= 200 && status < 300 ? "bad-response" : "http",
      `node at ${url} answered HTTP ${status} with non-JSON`,
    );
  }
  // bitcoind answers RPC errors with HTTP 500 and a JSON body, so the body decides, not the status.
  return json;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes)
    throw new NodeRpcError("too-large", `node response of ${declared} bytes exceeds ${maxBytes}`);
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new NodeRpcError("too-large", `node response exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function unwrap(reply: unknown, method: string): unknown {
  if (typeof reply !== "object" || reply === null)
    throw new NodeRpcError("bad-response", `${method}: malformed reply`);
  const { result, error } = reply as RpcReply;
  if (error) {
    throw new NodeRpcError(
      "rpc",
      `${method}: ${error.message ?? "error"} (code ${error.code ?? "?"})`,
      error.code,
    );
  }
  return result;
}

/** Calls one JSON-RPC method and returns its result. */
export async function rpcCall(
  options: NodeRpcOptions,
  method: string,
  params: unknown[] = [],
): Promise<unknown> {
  const reply = await post(options, { jsonrpc: "1.0", id: method, method, params });
  return unwrap(reply, method);
}

/** Sends calls as one JSON-RPC batch and returns their results in call order. */
export async function rpcBatch(
  options: NodeRpcOptions,
  calls: readonly { method: string; params: unknown[] }[],
): Promise<unknown[]> {
  if (calls.length === 0) return [];
  const reply = await post(
    options,
    calls.map((c, i) => ({ jsonrpc: "1.0", id: i, method: c.method, params: c.params })),
  );
  if (!Array.isArray(reply)) return [unwrap(reply, calls[0]!.method)];
  const byId = new Map<unknown, unknown>(reply.map((r: RpcReply) => [r?.id, r]));
  return calls.map((c, i) => {
    const r = byId.get(i);
    if (r === undefined)
      throw new NodeRpcError("bad-response", `${c.method}: missing from batch reply`);
    return unwrap(r, c.method);
  });
}

/** Network figures read from a node. */
export interface NodeNetworkStats {
  /** Core chain name (`main`, `test`, `testnet4`, `signet`, `regtest`). */
  readonly chain: string;
  readonly height: number;
  readonly difficulty: number;
  /** Tip header time, unix seconds. */
  readonly tipTime: number;
  /** Mean fees per block over the sample in BTC, or null when the node cannot give block stats. */
  readonly feesPerBlockBtc: number | null;
  /** Mean seconds between the sampled blocks, or null with fewer than two. */
  readonly blockIntervalSeconds: number | null;
  readonly sampleBlocks: number;
  /** Why fees or interval are missing, when they are. */
  readonly note: string | null;
}

/** Most blocks sampled for fees: two weeks of blocks. */
export const MAX_SAMPLE_BLOCKS = 2016;

/**
 * Reads chain, tip, difficulty (getblockchaininfo) and the mean fee and block interval of the last
 * `sampleBlocks` blocks (one getblockstats batch with `totalfee` and `time`).
 */
export async function fetchNetworkStats(
  options: NodeRpcOptions,
  sampleBlocks = 144,
): Promise<NodeNetworkStats> {
  if (!Number.isSafeInteger(sampleBlocks) || sampleBlocks < 1 || sampleBlocks > MAX_SAMPLE_BLOCKS) {
    throw new NodeRpcError(
      "bad-response",
      `sample size must be 1..${MAX_SAMPLE_BLOCKS} blocks (got ${sampleBlocks})`,
    );
  }
  const info = (await rpcCall(options, "getblockchaininfo")) as Record<string, unknown> | null;
  const chain = info?.chain;
  const height = info?.blocks;
  const difficulty = info?.difficulty;
  if (
    typeof chain !== "string" ||
    !Number.isSafeInteger(height) ||
    typeof difficulty !== "number" ||
    !(difficulty > 0)
  ) {
    throw new NodeRpcError(
      "bad-response",
      "getblockchaininfo: missing chain, blocks or difficulty",
    );
  }
  const tip = height as number;
  const first = Math.max(1, tip - sampleBlocks + 1); // genesis has no stats worth averaging
  const heights = Array.from({ length: tip - first + 1 }, (_, i) => first + i);
  let stats: { height: number; time: number; totalfee: number }[];
  try {
    const replies = await rpcBatch(
      options,
      heights.map((h) => ({
        method: "getblockstats",
        params: [h, ["height", "time", "totalfee"]],
      })),
    );
    stats = replies.map((r, i) => {
      const s = r as Record<string, unknown> | null;
      if (typeof s?.time !== "number" || typeof s.totalfee !== "number") {
        throw new NodeRpcError(
          "bad-response",
          `getblockstats ${heights[i]}: missing time or totalfee`,
        );
      }
      return { height: heights[i]!, time: s.time, totalfee: s.totalfee };
    });
  } catch (err) {
    if (!(err instanceof NodeRpcError) || (err.code !== "rpc" && err.code !== "bad-response"))
      throw err;
    const tipTime =
      typeof info?.time === "number"
        ? info.time
        : typeof info?.mediantime === "number"
          ? info.mediantime
          : 0;
    return {
      chain,
      height: tip,
      difficulty,
      tipTime,
      feesPerBlockBtc: null,
      blockIntervalSeconds: null,
      sampleBlocks: 0,
      note: `block stats unavailable (${err.message}); fees from --fees or the default`,
    };
  }
  if (stats.length === 0) {
    return {
      chain,
      height: tip,
      difficulty,
      tipTime: 0,
      feesPerBlockBtc: null,
      blockIntervalSeconds: null,
      sampleBlocks: 0,
      note: "chain has no blocks beyond genesis",
    };
  }
  const totalFees = stats.reduce((sum, s) => sum + s.totalfee, 0);
  const last = stats[stats.length - 1]!;
  const interval = stats.length >= 2 ? (last.time - stats[0]!.time) / (stats.length - 1) : null;
  return {
    chain,
    height: tip,
    difficulty,
    tipTime: last.time,
    feesPerBlockBtc: totalFees / stats.length / 1e8,
    blockIntervalSeconds: interval !== null && interval > 0 ? interval : null,
    sampleBlocks: stats.length,
    note: null,
  };
}
