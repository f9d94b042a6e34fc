// Unmodified bitcoind clients against `hashforge node` over real HTTP: curl exactly as Core's RPC
// help examples use it, and python-bitcoinlib's `bitcoin.rpc.Proxy`, which deserializes blocks
// and transactions itself. Both are strict about what bitcoind sends, so they catch wire-format
// drift that our own client (written next to the server) would share.
//
// A missing client is a skip with its reason locally, but a failure under CI, where it is
// installed on purpose and a silent skip would hide a broken job.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { spawnCli, waitForOutput } from "./support/spawn-cli.js";

const run = promisify(execFile);

const PYTHON_CLIENT = fileURLToPath(new URL("./support/bitcoinlib-client.py", import.meta.url));
const CURL_CANDIDATES = ["/usr/bin/curl", "curl"];
// The `python3` on PATH may be a pyenv shim without Debian's dist-packages, so try the system one.
const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3"];

/** The first candidate for which `args` exits 0, or undefined. */
async function firstWorking(
  candidates: readonly string[],
  args: readonly string[],
): Promise<string | undefined> {
  for (const exe of candidates) {
    try {
      await run(exe, args, { timeout: 10_000 });
      return exe;
    } catch {
      // Not installed, or lacks the module: try the next one.
    }
  }
  return undefined;
}

/** Skips with `reason` locally; fails under CI, where every client must be installed. */
function missingClient(t: TestContext, reason: string): void {
  if (process.env.CI) assert.fail(`${reason} (required when CI is set)`);
  t.skip(reason);
}

/** A loopback port nobody listens on right now (the OS picks it; we release it at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/** A regtest node on its own datadir and port, with the cookie's credentials. */
interface RunningNode {
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

/** Sends the `stop` RPC with fetch: the default way {@link withNode} ends a node. */
async function stopWithFetch(node: RunningNode): Promise<void> {
  const auth = Buffer.from(`${node.user}:${node.password}`).toString("base64");
  const reply = await fetch(node.url, {
    method: "POST",
    headers: { authorization: `Basic ${auth}` },
    body: JSON.stringify({ jsonrpc: "1.0", id: "stop", method: "stop", params: [] }),
  });
  assert.equal(reply.status, 200);
}

/**
 * Runs `body` against a fresh regtest node, then `stop`s it with the `stop` RPC and checks it
 * exits cleanly. The node is killed and its datadir removed whatever happens, so a failing test
 * leaves nothing behind.
 */
async function withNode(
  body: (node: RunningNode) => Promise<void>,
  stop: (node: RunningNode) => Promise<void> = stopWithFetch,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hf-clients-"));
  const port = await freePort();
  const proc = spawnCli(["node", "-regtest", `-datadir=${dir}`, `-rpcport=${port}`, "-par=1"]);
  try {
    // Printed once the RPC server listens and the cookie is written.
    assert.ok(await waitForOutput(proc, `rpc: http://127.0.0.1:${port}`, 30_000), proc.output());
    const cookie = readFileSync(join(dir, "regtest", ".cookie"), "utf8");
    const colon = cookie.indexOf(":");
    const node: RunningNode = {
      dir,
      port,
      url: `http://127.0.0.1:${port}/`,
      user: cookie.slice(0, colon),
      password: cookie.slice(colon + 1),
    };
    assert.equal(node.user, "__cookie__");
    await body(node);
    await stop(node);
    assert.equal(await proc.exited, 0, proc.output());
  } finally {
    proc.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What one curl call returned: HTTP status and body. */
interface CurlReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * POSTs `body` the way Core's `HelpExampleRpc` does (`--data-binary`, `content-type: text/plain;`);
 * `-sS -w` only add the status line we assert on, they do not change the request.
 */
async function curlRpc(
  curl: string,
  userPass: string,
  url: string,
  body: string,
): Promise<CurlReply> {
  const { stdout } = await run(curl, [
    "-sS",
    "--user",
    userPass,
    "--data-binary",
    body,
    "-H",
    "content-type: text/plain;",
    "-w",
    "\n%{http_code} %{content_type}",
    url,
  ]);
  const cut = stdout.lastIndexOf("\n");
  const [status, contentType = ""] = stdout.slice(cut + 1).split(" ");
  return { status: Number(status), contentType, body: stdout.slice(0, cut) };
}

/** curl exchanges the test below makes (7 while the node runs, then `stop`). */
const CURL_EXCHANGES = 8;

test("curl, as in Core's RPC help examples, talks JSON-RPC 1.0, 2.0 and batches", {
  timeout: 60_000,
}, async (t) => {
  const curl = await firstWorking(CURL_CANDIDATES, ["--version"]);
  if (curl === undefined) {
    missingClient(t, "curl not installed: apt-get install curl");
    return;
  }
  let passed = 0;
  /** Counts one curl exchange for the diagnostic; a failing check still fails the test. */
  const exchange = async (fn: () => Promise<void>) => {
    await fn();
    passed++;
  };
  try {
    await withNode(
      async (node) => {
        const creds = `${node.user}:${node.password}`;

        // The exact request of Core's help text: legacy 1.0 replies carry result, error and id.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            '{"jsonrpc": "1.0", "id": "curltest", "method": "getblockcount", "params": []}',
          );
          assert.equal(r.status, 200);
          assert.equal(r.contentType, "application/json");
          assert.deepEqual(JSON.parse(r.body), { result: 0, error: null, id: "curltest" });
        });

        // JSON-RPC 2.0: "jsonrpc" echoed, only one of result/error present.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            '{"jsonrpc": "2.0", "id": "curltest", "method": "getblockchaininfo", "params": []}',
          );
          assert.equal(r.status, 200);
          const reply = JSON.parse(r.body);
          assert.deepEqual(Object.keys(reply).sort(), ["id", "jsonrpc", "result"]);
          assert.equal(reply.jsonrpc, "2.0");
          assert.equal(reply.result.chain, "regtest");
          assert.equal(reply.result.blocks, 0);
        });

        // Named parameters, then a block fetched by the hash it returned.
        await exchange(async () => {
          const best = JSON.parse(
            (
              await curlRpc(
                curl,
                creds,
                node.url,
                '{"jsonrpc": "1.0", "id": "curltest", "method": "getbestblockhash", "params": []}',
              )
            ).body,
          ).result;
          assert.match(best, /^[0-9a-f]{64}$/);
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            JSON.stringify({
              jsonrpc: "2.0",
              id: 3,
              method: "getblockheader",
              params: { blockhash: best, verbose: true },
            }),
          );
          const reply = JSON.parse(r.body);
          assert.equal(reply.result.hash, best);
          assert.equal(reply.result.height, 0);
        });

        // A batch: one reply per request, in order, each in its own dialect; the 2.0
        // notification (no id) gets none; a failing item does not fail the batch.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            JSON.stringify([
              { jsonrpc: "2.0", id: 1, method: "getblockcount", params: [] },
              { jsonrpc: "1.0", id: 2, method: "getmempoolinfo", params: [] },
              { jsonrpc: "2.0", id: 3, method: "nosuchmethod", params: [] },
              { jsonrpc: "2.0", method: "getblockcount", params: [] },
            ]),
          );
          assert.equal(r.status, 200);
          const replies = JSON.parse(r.body);
          assert.ok(Array.isArray(replies));
          assert.equal(replies.length, 3);
          assert.deepEqual(replies[0], { jsonrpc: "2.0", result: 0, id: 1 });
          assert.equal(replies[1].id, 2);
          assert.equal(replies[1].error, null);
          assert.equal(replies[1].result.size, 0);
          assert.equal(replies[2].id, 3);
          assert.equal(replies[2].error.code, -32601);
        });

        // A wrong password is HTTP 401 with an empty body, as bitcoind answers it.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            `${node.user}:not-the-cookie`,
            node.url,
            '{"jsonrpc": "1.0", "id": "curltest", "method": "getblockcount", "params": []}',
          );
          assert.equal(r.status, 401);
          assert.equal(r.body, "");
        });

        // Unknown method, legacy dialect: Core answers HTTP 404 with the error in the body.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            '{"jsonrpc": "1.0", "id": "curltest", "method": "nosuchmethod", "params": []}',
          );
          assert.equal(r.status, 404);
          const reply = JSON.parse(r.body);
          assert.deepEqual(Object.keys(reply).sort(), ["error", "id", "result"]);
          assert.equal(reply.result, null);
          assert.equal(reply.error.code, -32601);
          assert.equal(reply.id, "curltest");
        });

        // help answers with text that names the method.
        await exchange(async () => {
          const r = await curlRpc(
            curl,
            creds,
            node.url,
            '{"jsonrpc": "1.0", "id": "curltest", "method": "help", "params": ["getblockcount"]}',
          );
          assert.equal(r.status, 200);
          assert.match(JSON.parse(r.body).result, /^getblockcount\n/);
        });
      },
      // stop through curl too: it must answer before the node goes down.
      async (node) =>
        exchange(async () => {
          const r = await curlRpc(
            curl,
            `${node.user}:${node.password}`,
            node.url,
            '{"jsonrpc": "1.0", "id": "curltest", "method": "stop", "params": []}',
          );
          assert.equal(r.status, 200);
          const reply = JSON.parse(r.body);
          assert.equal(typeof reply.result, "string");
          assert.equal(reply.error, null);
        }),
    );
    assert.equal(passed, CURL_EXCHANGES, "every planned curl exchange ran");
  } finally {
    t.diagnostic(`curl: ${passed}/${CURL_EXCHANGES} calls passed`);
  }
});

/** The calls bitcoinlib-client.py makes, in order; the summary must list exactly these. */
const PYTHON_CALLS = [
  "getblockcount",
  "getnewaddress",
  "generatetoaddress",
  "getblockcount",
  "getbestblockhash",
  "getblock",
  "getblock(verbosity 0)",
  "getblockheader",
  "getbalance",
  "getnewaddress",
  "sendtoaddress",
  "getrawmempool",
  "getrawtransaction",
  "generatetoaddress",
  "getblockcount",
  "getrawmempool",
  "getblock",
  "getrawtransaction(verbose)",
  "getbalance",
];

/** The JSON summary printed by bitcoinlib-client.py. */
interface PythonSummary {
  calls: { name: string; ok: boolean; error?: string }[];
  error: string | null;
  [key: string]: unknown;
}

const COIN = 100_000_000;

test("python-bitcoinlib's Proxy mines, pays and parses blocks and transactions", {
  timeout: 60_000,
}, async (t) => {
  const python = await firstWorking(PYTHON_CANDIDATES, ["-c", "import bitcoin.rpc"]);
  if (python === undefined) {
    missingClient(t, "python3-bitcoinlib not installed: apt-get install python3-bitcoinlib");
    return;
  }
  let summary: PythonSummary | undefined;
  try {
    await withNode(async (node) => {
      // Proxy reads datadir and rpcport from a bitcoin.conf and then finds
      // <datadir>/regtest/.cookie itself: the same path it takes against bitcoind.
      const conf = join(node.dir, "bitcoinlib.conf");
      writeFileSync(conf, `datadir=${node.dir}\nrpcport=${node.port}\nrpcconnect=127.0.0.1\n`);
      const { stdout, stderr } = await run(python, [PYTHON_CLIENT, conf], { timeout: 50_000 });
      summary = JSON.parse(stdout) as PythonSummary;
      const s = summary;
      assert.equal(s.error, null, `${s.error}\n${stderr}`);
      for (const c of s.calls) assert.ok(c.ok, `${c.name}: ${c.error}`);
      assert.deepEqual(
        s.calls.map((c) => c.name),
        PYTHON_CALLS,
      );

      // Mining: 101 blocks so the first coinbase matures (regtest maturity is 100).
      assert.equal(s.startHeight, 0);
      assert.equal(s.addressClass, "P2WPKHBitcoinAddress");
      assert.match(String(s.address), /^bcrt1q[02-9ac-hj-np-z]{38}$/);
      assert.equal(s.minedCount, 101);
      assert.equal(s.heightAfterMining, 101);
      assert.equal(s.bestBlockHash, s.lastMinedHash);

      // bitcoinlib parsed the block and header hex and re-hashed them: our bytes are exact.
      assert.equal(s.tipRecomputedHash, s.bestBlockHash);
      assert.equal(s.headerRecomputedHash, s.bestBlockHash);
      assert.equal(s.tipMerkleOk, true);
      assert.equal(s.tipTxCount, 1);
      assert.equal(s.tipReserializes, true, "bitcoinlib re-serializes the block byte for byte");
      assert.equal(s.balance, 50 * COIN, "only the first coinbase is mature");

      // Spending: the tx bitcoinlib parsed from getrawtransaction has the txid we were given.
      assert.match(String(s.txid), /^[0-9a-f]{64}$/);
      assert.deepEqual(s.mempoolBefore, [s.txid]);
      assert.equal(s.txRecomputedTxid, s.txid);
      assert.equal(s.txHasWitness, true, "the wallet spends its P2WPKH coinbase");
      assert.equal(s.txPaysDest, true, "an output pays 1 BTC to the requested address");

      // Confirmation: the next block carries it and the mempool is empty again.
      assert.equal(s.heightAfterConfirm, 102);
      assert.deepEqual(s.mempoolAfter, []);
      assert.equal(s.confirmRecomputedHash, s.confirmBlockHash);
      assert.equal((s.confirmTxids as string[])[1], s.txid);
      assert.equal(s.confirmMerkleOk, true);
      assert.equal(s.confirmWitnessCommitmentOk, true, "BIP141 commitment matches the wtxids");
      assert.equal(s.txBlockHash, s.confirmBlockHash);
      assert.equal(s.txVerboseTxid, s.txid);

      // Block 2's coinbase matured and the 1 BTC came back to us: 100 BTC less a small fee.
      const fee = 100 * COIN - Number(s.balanceAfter);
      assert.ok(fee > 0 && fee < 0.001 * COIN, `fee ${fee} sat`);
    });
  } finally {
    const ok = summary?.calls.filter((c) => c.ok).length ?? 0;
    t.diagnostic(`python-bitcoinlib: ${ok}/${PYTHON_CALLS.length} calls passed`);
  }
});
