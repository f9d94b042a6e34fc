// A fake bitcoind JSON-RPC endpoint for tests: answers getblockchaininfo and getblockstats from
// a small in-memory chain, and records what it was asked.

import type { FetchLike } from "../src/node-rpc.js";

/** Options for {@link fakeBitcoind}. */
export interface FakeChain {
  readonly chain?: string;
  readonly height: number;
  readonly difficulty: number;
  /** Header time of block h. */
  readonly timeOf?: (h: number) => number;
  /** Fees of block h in satoshis. */
  readonly feeOf?: (h: number) => number;
  /** Answer getblockstats with a method-not-found error (like a pruned or old node). */
  readonly noBlockStats?: boolean;
  /** Required `Authorization` header value; anything else gets HTTP 401. */
  readonly authorization?: string;
}

/** A fetch that behaves like bitcoind, plus the requests it saw. */
export function fakeBitcoind(chain: FakeChain): {
  fetch: FetchLike;
  requests: { url: string; headers: Record<string, string>; body: unknown }[];
} {
  const requests: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  const timeOf = chain.timeOf ?? ((h: number) => 1_700_000_000 + h * 600);
  const feeOf = chain.feeOf ?? (() => 2_500_000);
  const answer = (call: { id: unknown; method: string; params: unknown[] }) => {
    if (call.method === "getblockchaininfo") {
      return {
        id: call.id,
        error: null,
        result: {
          chain: chain.chain ?? "main",
          blocks: chain.height,
          difficulty: chain.difficulty,
          time: timeOf(chain.height),
          mediantime: timeOf(chain.height) - 3000,
        },
      };
    }
    if (call.method === "getblockstats") {
      if (chain.noBlockStats)
        return { id: call.id, result: null, error: { code: -32601, message: "Method not found" } };
      const h = call.params[0] as number;
      if (h > chain.height)
        return {
          id: call.id,
          result: null,
          error: { code: -8, message: "Target block height after current tip" },
        };
      return {
        id: call.id,
        error: null,
        result: { height: h, time: timeOf(h), totalfee: feeOf(h) },
      };
    }
    return { id: call.id, result: null, error: { code: -32601, message: "Method not found" } };
  };
  const fetch: FetchLike = async (url, init) => {
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>),
    );
    const body: unknown = JSON.parse(String(init.body));
    requests.push({ url, headers, body });
    if (chain.authorization !== undefined && headers.authorization !== chain.authorization) {
      return new Response("", { status: 401 });
    }
    const reply = Array.isArray(body)
      ? body.map(answer)
      : answer(body as { id: unknown; method: string; params: unknown[] });
    const status = !Array.isArray(reply) && reply.error ? 500 : 200;
    return new Response(JSON.stringify(reply), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch, requests };
}
