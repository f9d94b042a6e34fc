import assert from "node:assert/strict";
import { test } from "node:test";
import { fetchNetworkStats, NodeRpcError, rpcCall } from "../src/node-rpc.js";
import { fakeBitcoind } from "./fake-bitcoind.js";

test("fetchNetworkStats averages fees and block time over the sampled blocks", async () => {
  const node = fakeBitcoind({
    height: 925_343,
    difficulty: 149.3e12,
    timeOf: (h) => 1_764_000_000 + (h - 925_200) * 590,
    feeOf: (h) => (h % 2 === 0 ? 2_000_000 : 3_000_000),
  });
  const stats = await fetchNetworkStats(
    { url: "http://user:secret@127.0.0.1:8332", fetch: node.fetch },
    144,
  );
  assert.equal(stats.chain, "main");
  assert.equal(stats.height, 925_343);
  assert.equal(stats.difficulty, 149.3e12);
  assert.equal(stats.sampleBlocks, 144);
  assert.equal(stats.feesPerBlockBtc, 0.025); // alternating 0.02 and 0.03 BTC
  assert.equal(stats.blockIntervalSeconds, 590);
  assert.equal(stats.tipTime, 1_764_000_000 + 143 * 590);
  // Credentials moved from the URL to a Basic header; one batch for all 144 getblockstats.
  assert.equal(node.requests.length, 2);
  assert.equal(node.requests[0]!.url, "http://127.0.0.1:8332/");
  assert.equal(
    node.requests[0]!.headers.authorization,
    `Basic ${Buffer.from("user:secret").toString("base64")}`,
  );
  assert.equal((node.requests[1]!.body as unknown[]).length, 144);
});

test("a node without getblockstats still gives difficulty and height", async () => {
  const node = fakeBitcoind({ height: 100, difficulty: 1, noBlockStats: true, chain: "regtest" });
  const stats = await fetchNetworkStats({ url: "http://127.0.0.1:18443", fetch: node.fetch });
  assert.equal(stats.chain, "regtest");
  assert.equal(stats.feesPerBlockBtc, null);
  assert.equal(stats.blockIntervalSeconds, null);
  assert.match(stats.note ?? "", /block stats unavailable/);
});

test("node failures are NodeRpcErrors with a code", async () => {
  const code = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return "no error";
    } catch (err) {
      assert.ok(err instanceof NodeRpcError, String(err));
      return err.code;
    }
  };
  const locked = fakeBitcoind({ height: 1, difficulty: 1, authorization: "Basic nope" });
  assert.equal(
    await code(() =>
      rpcCall({ url: "http://127.0.0.1:8332", fetch: locked.fetch }, "getblockchaininfo"),
    ),
    "auth",
  );
  const node = fakeBitcoind({ height: 1, difficulty: 1 });
  assert.equal(
    await code(() => rpcCall({ url: "http://127.0.0.1:8332", fetch: node.fetch }, "stop")),
    "rpc",
  );
  assert.equal(await code(() => rpcCall({ url: "not a url", fetch: node.fetch }, "x")), "bad-url");
  assert.equal(
    await code(() => rpcCall({ url: "ftp://127.0.0.1", fetch: node.fetch }, "x")),
    "bad-url",
  );
  const refused = async () => Promise.reject(new TypeError("fetch failed"));
  assert.equal(
    await code(() => rpcCall({ url: "http://127.0.0.1:1", fetch: refused }, "x")),
    "network",
  );
  const garbage = async () => new Response("<html>", { status: 200 });
  assert.equal(
    await code(() => rpcCall({ url: "http://127.0.0.1:1", fetch: garbage }, "x")),
    "bad-response",
  );
  const huge = async () => new Response("x".repeat(9 * 1024 * 1024), { status: 200 });
  assert.equal(
    await code(() => rpcCall({ url: "http://127.0.0.1:1", fetch: huge }, "x")),
    "too-large",
  );
  assert.equal(
    await code(() => fetchNetworkStats({ url: "http://127.0.0.1:1", fetch: node.fetch }, 5000)),
    "bad-response",
  );
});
