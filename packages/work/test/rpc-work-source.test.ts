// RpcWorkSource and the JSON-RPC client against a real bitcoind-compatible node: `hashforge node
// -regtest` from the compiled CLI (HASHFORGE_TEST_CLI points elsewhere, e.g. a stable build).
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  addressToScript,
  type Block,
  blockHash,
  txid as computeTxid,
  decodeHeader,
  encodeHeader,
  hashToHex,
  merkleRoot,
  REGTEST_PARAMS,
} from "@hashforge/consensus";
import { mineBlockHeader } from "@hashforge/miner";
import type { BlockTemplate } from "@hashforge/node";
import { JsonRpcClient, RpcClientError } from "@hashforge/rpc-client";
import { RpcWorkSource } from "../src/index.js";

const CLI =
  process.env.HASHFORGE_TEST_CLI ??
  fileURLToPath(new URL("../../cli/dist/src/main.js", import.meta.url));

interface RegtestNode {
  readonly url: string;
  readonly cookieFile: string;
  /** A client with the node's cookie. */
  readonly client: JsonRpcClient;
  readonly child: ChildProcess;
  readonly exited: Promise<unknown>;
  readonly dataDir: string;
}

/** A port nothing listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

/** Starts `hashforge node -regtest` in a fresh data directory and waits until RPC is served. */
async function startNode(): Promise<RegtestNode> {
  assert.ok(
    existsSync(CLI),
    `${CLI} does not exist: run \`npm run build\` first, or set HASHFORGE_TEST_CLI to a built main.js`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), "hf-rpc-work-"));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [CLI, "node", "-regtest", `-datadir=${dataDir}`, `-rpcport=${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = once(child, "exit");
  let output = "";
  const banner = `rpc: http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the node did not serve RPC within 60 s:\n${output}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (!output.includes(banner)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${code}) before serving RPC:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const cookieFile = join(dataDir, "regtest", ".cookie");
  const client = new JsonRpcClient({ url, credentials: { cookieFile }, timeoutMs: 30_000 });
  return { url, cookieFile, client, child, exited, dataDir };
}

let node: RegtestNode;

before(async () => {
  node = await startNode();
});

after(async () => {
  if (node === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await node.client.call("stop");
    const stopped = await Promise.race([
      node.exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(resolve, 20_000, false);
      }),
    ]);
    assert.ok(stopped, "the node exits after the stop RPC");
  } finally {
    clearTimeout(timer);
    node.child.kill("SIGKILL");
    rmSync(node.dataDir, { recursive: true, force: true });
  }
});

/** Mines `template` on this thread (regtest's target takes a couple of hashes). */
function solve(template: BlockTemplate, txs = template.block.txs): Block {
  const header = { ...template.block.header, merkleRoot: merkleRoot(txs.map(computeTxid)).root };
  const mined = mineBlockHeader(encodeHeader(header), template.target);
  assert.ok(mined, "regtest's target is met within the default tries");
  return { header: decodeHeader(mined.header), txs };
}

async function rpcFailure(p: Promise<unknown>): Promise<RpcClientError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RpcClientError, String(err));
    return err;
  }
  assert.fail("expected an RpcClientError");
}

test("RpcWorkSource mines on the node's template: accepted, duplicate, Core's reject reason", {
  timeout: 120_000,
}, async () => {
  const { client } = node;
  const address = (await client.call("getnewaddress")) as string;
  const start = (await client.call("getblockcount")) as number;
  await client.call("generatetoaddress", [101, address]);
  const sent = (await client.call("sendtoaddress", [address, 1.5])) as string;
  const source = new RpcWorkSource({ client, params: REGTEST_PARAMS });
  // P2WPKH to a key nobody holds: the reward is ours in form only.
  const payout = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(0x11));

  const template = await source.template(payout);
  const tip = (await client.call("getbestblockhash")) as string;
  assert.equal(template.height, start + 102);
  assert.equal(hashToHex(template.previousBlockHash), tip);
  assert.deepEqual(
    template.transactions.map((t) => hashToHex(t.txid)),
    [sent],
  );
  assert.ok(template.segwitActive);
  assert.ok(template.fees > 0n);
  assert.deepEqual(template.block.txs[0]!.outputs[0]!.scriptPubKey, payout);
  assert.equal(template.block.txs[0]!.outputs[0]!.value, template.coinbaseValue);

  const block = solve(template);
  assert.deepEqual(await source.submitBlock(block), { accepted: true });
  const best = (await client.call("getbestblockhash")) as string;
  assert.equal(best, hashToHex(blockHash(block.header)));
  const mined = (await client.call("getblock", [best, 1])) as { tx: string[]; height: number };
  assert.equal(mined.height, template.height);
  assert.deepEqual(mined.tx, [hashToHex(computeTxid(block.txs[0]!)), sent]);
  const header = (await client.call("getblockheader", [best])) as { hash: string };
  assert.equal(header.hash, best);
  assert.deepEqual(await source.submitBlock(block), { accepted: false, reason: "duplicate" });

  // A coinbase that claims one satoshi more than subsidy plus fees: Core's bad-cb-amount.
  const next = await source.template(payout);
  const coinbase = next.block.txs[0]!;
  const greedy = {
    ...coinbase,
    outputs: [
      { ...coinbase.outputs[0]!, value: next.coinbaseValue + 1n },
      ...coinbase.outputs.slice(1),
    ],
  };
  const tampered = solve(next, [greedy, ...next.block.txs.slice(1)]);
  assert.deepEqual(await source.submitBlock(tampered), {
    accepted: false,
    reason: "bad-cb-amount",
  });
  assert.equal(await client.call("getbestblockhash"), best, "the tip did not move");
  // A block on a parent the node does not know is refused with a reason too.
  const orphan = solve({
    ...next,
    block: {
      ...next.block,
      header: { ...next.block.header, prevBlock: new Uint8Array(32).fill(9) },
    },
  });
  const refused = await source.submitBlock(orphan);
  assert.ok(!refused.accepted && refused.reason.length > 0, JSON.stringify(refused));
});

test("waitForChange resolves on a new block, at once for a stale id, and rejects on abort", {
  timeout: 120_000,
}, async () => {
  const { client } = node;
  const source = new RpcWorkSource({ client, params: REGTEST_PARAMS });
  const address = (await client.call("getnewaddress")) as string;
  const payout = addressToScript(address, REGTEST_PARAMS);

  const current = await source.template(payout);
  await source.waitForChange("not-the-current-id", AbortSignal.timeout(30_000));

  let settled = false;
  const waiting = source.waitForChange(current.templateId, new AbortController().signal);
  waiting.then(
    () => {
      settled = true;
    },
    () => {},
  );
  // A full round trip on another connection while the long poll is open: it is still waiting.
  await client.call("getblockcount");
  assert.equal(settled, false, "the long poll waits while the template is current");
  await client.call("generatetoaddress", [1, address]);
  await waiting;
  const after = await source.template(payout);
  assert.notEqual(after.templateId, current.templateId);
  assert.equal(after.height, current.height + 1);

  const controller = new AbortController();
  const pending = source.waitForChange(after.templateId, controller.signal);
  const reason = new Error("the miner is stopping");
  controller.abort(reason);
  await assert.rejects(pending, (err) => err === reason);
  assert.equal(await client.call("getblockcount"), after.height - 1, "the node still answers");
});

test("the client against the node: credentials, unknown methods, wallet paths, batches", {
  timeout: 60_000,
}, async () => {
  const { client, url, cookieFile } = node;
  const wrong = await rpcFailure(
    new JsonRpcClient({ url, credentials: { user: "__cookie__", password: "wrong" } }).call(
      "getblockcount",
    ),
  );
  assert.deepEqual([wrong.code, wrong.httpStatus, wrong.missingCookie], ["auth", 401, undefined]);
  const noCookie = await rpcFailure(
    new JsonRpcClient({ url, credentials: { cookieFile: `${cookieFile}.missing` } }).call("uptime"),
  );
  assert.deepEqual([noCookie.code, noCookie.missingCookie], ["auth", `${cookieFile}.missing`]);

  const unknown = await rpcFailure(client.call("nosuchmethod"));
  assert.equal(unknown.code, "rpc");
  assert.equal(unknown.rpcCode, -32601);
  assert.equal(unknown.rpcMessage, "Method not found");

  // The wallet endpoint answers wallet calls for the loaded wallet (the dev wallet is Core's
  // default one, named ""), -18 for any other name; a path the node does not serve is HTTP 404.
  const balances = (await client.withWallet("").call("getbalances")) as {
    mine: { trusted: number };
  };
  assert.equal(typeof balances.mine.trusted, "number");
  const notLoaded = await rpcFailure(client.withWallet("hf dev/wallet").call("getbalances"));
  assert.deepEqual([notLoaded.code, notLoaded.rpcCode], ["rpc", -18]);
  const raw = await client.withWallet("").callRaw("getbalances", "[]");
  assert.match(raw.text, /"trusted":\d+\.\d{8}[,}]/, "amounts arrive with their 8 decimals");
  const offPath = await rpcFailure(
    new JsonRpcClient({ url: `${url}/nowhere`, credentials: { cookieFile } }).call("uptime"),
  );
  assert.deepEqual([offPath.code, offPath.httpStatus], ["http", 404]);

  const results = await client.batch([
    { method: "getblockhash", params: [0] },
    { method: "nosuchmethod" },
    { method: "getblockchaininfo" },
  ]);
  assert.deepEqual(results[0], { ok: true, result: REGTEST_PARAMS.genesisHash });
  const failed = results[1]!;
  assert.ok(!failed.ok && failed.error.rpcCode === -32601);
  const info = results[2]!;
  assert.ok(info.ok && (info.result as { chain: string }).chain === "regtest");
});
