// What `profit` and `halving` read from a node (difficulty, tip, recent fees), over the shared
// JSON-RPC client. Fetch is injectable so tests need no network.

import {
  type FetchLike,
  fetchTransport,
  JsonRpcClient,
  RpcClientError,
  splitUserPassword,
} from "@hashforge/rpc-client";

export type { FetchLike } from "@hashforge/rpc-client";

/** A failed node query: the shared client's error, under the name this module always gave it. */
export { RpcClientError as NodeRpcError };

/** Where and how to reach the node. */
export interface NodeRpcOptions {
  /** `http://user:pass@127.0.0.1:8332` or without credentials. */
  readonly url: string;
  /** `user:password`, e.g. the contents of bitcoind's `.cookie` file; overrides URL credentials. */
  readonly credentials?: string;
  /** The fetch to post with (default: the client's node:http transport). */
  readonly fetch?: FetchLike;
  /** Per-request timeout (default 15 s; 0 waits indefinitely). */
  readonly timeoutMs?: number;
}

/** Largest response body we accept: a 2016-block batch of getblockstats is well under this. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** A JSON-RPC client for `options`; throws RpcClientError `bad-url` for an unusable URL. */
export function nodeRpcClient(options: NodeRpcOptions): JsonRpcClient {
  const split = options.credentials === undefined ? null : splitUserPassword(options.credentials);
  if (options.credentials !== undefined && split === null) {
    throw new RpcClientError("bad-request", "credentials must be user:password");
  }
  return new JsonRpcClient({
    url: options.url,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    ...(split === null ? {} : { credentials: split }),
    ...(options.fetch === undefined ? {} : { transport: fetchTransport(options.fetch) }),
  });
}

/** Calls one JSON-RPC method and returns its result. */
export async function rpcCall(
  options: NodeRpcOptions,
  method: string,
  params: unknown[] = [],
): Promise<unknown> {
  return nodeRpcClient(options).call(method, params);
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

interface BlockSample {
  readonly time: number;
  readonly totalfee: number;
}

/**
 * The `time` and `totalfee` of each height from one getblockstats batch, or the reason the node
 * could not give them (an RPC error, such as a pruned or old node's, or a malformed answer).
 */
async function blockSamples(
  client: JsonRpcClient,
  heights: readonly number[],
): Promise<BlockSample[] | string> {
  let replies: Awaited<ReturnType<JsonRpcClient["batch"]>>;
  try {
    replies = await client.batch(
      heights.map((h) => ({
        method: "getblockstats",
        params: [h, ["height", "time", "totalfee"]],
      })),
    );
  } catch (err) {
    if (err instanceof RpcClientError && (err.code === "rpc" || err.code === "bad-response"))
      return err.message;
    throw err;
  }
  const samples: BlockSample[] = [];
  for (const [i, reply] of replies.entries()) {
    if (!reply.ok) return reply.error.message;
    const s = reply.result as Record<string, unknown> | null;
    if (typeof s?.time !== "number" || typeof s.totalfee !== "number") {
      return `getblockstats ${heights[i]}: missing time or totalfee`;
    }
    samples.push({ time: s.time, totalfee: s.totalfee });
  }
  return samples;
}

/**
 * Reads chain, tip, difficulty (getblockchaininfo) and the mean fee and block interval of the last
 * `sampleBlocks` blocks (one getblockstats batch with `totalfee` and `time`).
 */
export async function fetchNetworkStats(
  options: NodeRpcOptions,
  sampleBlocks = 144,
): Promise<NodeNetworkStats> {
  if (!Number.isSafeInteger(sampleBlocks) || sampleBlocks < 1 || sampleBlocks > MAX_SAMPLE_BLOCKS) {
    throw new RpcClientError(
      "bad-response",
      `sample size must be 1..${MAX_SAMPLE_BLOCKS} blocks (got ${sampleBlocks})`,
    );
  }
  const client = nodeRpcClient(options);
  const info = (await client.call("getblockchaininfo")) as Record<string, unknown> | null;
  const chain = info?.chain;
  const height = info?.blocks;
  const difficulty = info?.difficulty;
  if (
    typeof chain !== "string" ||
    !Number.isSafeInteger(height) ||
    typeof difficulty !== "number" ||
    !(difficulty > 0)
  ) {
    throw new RpcClientError(
      "bad-response",
      "getblockchaininfo: missing chain, blocks or difficulty",
    );
  }
  const tip = height as number;
  const first = Math.max(1, tip - sampleBlocks + 1); // genesis has no stats worth averaging
  const heights = Array.from({ length: tip - first + 1 }, (_, i) => first + i);
  const stats = heights.length === 0 ? [] : await blockSamples(client, heights);
  if (typeof stats === "string") {
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
      note: `block stats unavailable (${stats}); fees from --fees or the default`,
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
