import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import {
  createControlMethods,
  defineRpcMethod,
  RpcError,
  RpcErrorCode,
  RpcHttpServer,
  type RpcServerAuthOptions,
  RpcTable,
  valueFromAmount,
} from "@hashforge/api";
import type { CommandDeps } from "../src/command-deps.js";
import { runRpc } from "../src/commands/rpc.js";

interface Node {
  port: number;
  dataDir: string;
  run: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
}

/** A regtest-like RPC server with a few node-shaped methods, and a CLI runner pointed at it. */
async function startNode(t: TestContext, auth?: RpcServerAuthOptions): Promise<Node> {
  const dataDir = await mkdtemp(join(tmpdir(), "hashforge-cli-rpc-"));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await mkdir(join(dataDir, "regtest"));
  const table = new RpcTable({ warmup: false });
  table.registerAll(createControlMethods({ table, now: () => 0, onStop: () => {} }));
  table.register(
    defineRpcMethod({
      name: "getbalances",
      category: "wallet",
      description: "Balances of the wallet named in the URI.",
      params: [],
      result: { type: "obj", inner: [{ type: "str_amount", key: "trusted" }] },
      handler: (_a, ctx) => ({
        wallet: ctx.wallet ?? null,
        trusted: valueFromAmount(123n),
        list: [],
      }),
    }),
  );
  table.register(
    defineRpcMethod({
      name: "sendtoaddress",
      category: "wallet",
      description: "Pretends to send; returns the amount in satoshis.",
      params: [
        { name: "address", type: "str", description: "Destination" },
        { name: "amount", type: "amount", description: "BTC" },
      ],
      result: { type: "str" },
      handler: ({ address, amount }) => `${address}:${amount}`,
    }),
  );
  table.register(
    defineRpcMethod({
      name: "getblockhash",
      category: "blockchain",
      description: "Hash of the block at a height.",
      params: [{ name: "height", type: "int", description: "Height" }],
      result: { type: "str_hex" },
      handler: ({ height }) => {
        if (height > 0)
          throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, "Block height out of range");
        return "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";
      },
    }),
  );
  const server = new RpcHttpServer({
    table,
    port: 0,
    auth: auth ?? { cookieFile: join(dataDir, "regtest", ".cookie") },
  });
  await server.start();
  t.after(() => server.stop());
  const run = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const deps: CommandDeps = {
      fetch: (url, init) => fetch(url, init),
      now: () => 0,
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      readFile: (p) => readFileSync(p, "utf8"),
      dataDir,
    };
    const code = await runRpc(["-regtest", `-rpcport=${server.port}`, ...args], deps);
    return { code, stdout, stderr };
  };
  return { port: server.port, dataDir, run };
}

test("the CLI reads the cookie from the data directory and prints results like bitcoin-cli", async (t) => {
  const node = await startNode(t);
  assert.deepEqual(await node.run("uptime"), { code: 0, stdout: "0\n", stderr: "" });
  assert.deepEqual(await node.run("getblockhash", "0"), {
    code: 0,
    stdout: "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\n",
    stderr: "",
  });
  assert.deepEqual(await node.run("-rpcwallet=my wallet", "getbalances"), {
    code: 0,
    stdout: '{\n  "wallet": "my wallet",\n  "trusted": 0.00000123,\n  "list": [\n  ]\n}\n',
    stderr: "",
  });
  const help = await node.run("help", "uptime");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^uptime\n\nReturns the total uptime of the server\.\n/);
});

test("arguments are converted per method; amounts reach the server exactly", async (t) => {
  const node = await startNode(t);
  assert.equal((await node.run("sendtoaddress", "bcrt1qx", "0.29")).stdout, "bcrt1qx:29000000\n");
  assert.equal((await node.run("sendtoaddress", "a", "1e-8")).stdout, "a:1\n");
  assert.equal(
    (await node.run("-named", "sendtoaddress", "amount=21000000", "address=b")).stdout,
    "b:2100000000000000\n",
  );
  assert.equal(
    (await node.run("-named", "sendtoaddress", "c", "amount=0.5")).stdout,
    "c:50000000\n",
  );
  assert.equal(
    (await node.run("echojson", "1", "0.10", '{"a":[true,null]}')).stdout,
    '[\n  1,\n  0.10,\n  {\n    "a": [\n      true,\n      null\n    ]\n  }\n]\n',
  );
  assert.equal((await node.run("echo", "1", "true")).stdout, '[\n  "1",\n  "true"\n]\n');
});

test("RPC errors print code and message and exit with |code|", async (t) => {
  const node = await startNode(t);
  assert.deepEqual(await node.run("getblockhash", "5"), {
    code: 8,
    stdout: "",
    stderr: "error code: -8\nerror message:\nBlock height out of range\n",
  });
  assert.deepEqual(await node.run("nosuchmethod"), {
    code: 32601,
    stdout: "",
    stderr: "error code: -32601\nerror message:\nMethod not found\n",
  });
  assert.deepEqual(await node.run("sendtoaddress", "a", "0.000000001"), {
    code: 3,
    stdout: "",
    stderr: "error code: -3\nerror message:\nInvalid amount\n",
  });
  const usage = await node.run("getblockhash");
  assert.equal(usage.code, 1);
  assert.match(
    usage.stderr,
    /^error code: -1\nerror message:\ngetblockhash height\n\nHash of the block/,
  );
  assert.deepEqual(await node.run("-named", "getblockhash", "height=1", "foo=2"), {
    code: 8,
    stdout: "",
    stderr: "error code: -8\nerror message:\nUnknown named parameter foo\n",
  });
  assert.deepEqual(await node.run("echojson", "{bad"), {
    code: 1,
    stdout: "",
    stderr: "error: Error parsing JSON: {bad\n",
  });
});

test("credential and connection failures print bitcoin-cli style errors", async (t) => {
  const node = await startNode(t);
  const wrong = await node.run("-rpcuser=x", "-rpcpassword=y", "uptime");
  assert.deepEqual(wrong, {
    code: 1,
    stdout: "",
    stderr: "error: Authorization failed: Incorrect rpcuser or rpcpassword\n",
  });
  const otherDir = await node.run(`-datadir=${join(node.dataDir, "missing")}`, "uptime");
  assert.equal(otherDir.code, 1);
  assert.match(otherDir.stderr, /^error: Could not locate RPC credentials/);
  const closed = await node.run("-rpcport=1", "uptime");
  assert.equal(closed.code, 1);
  assert.match(closed.stderr, /^error: Could not connect to the server 127\.0\.0\.1:1\n/);
  const usage = await node.run("-bogus", "uptime");
  assert.equal(usage.code, 1);
  assert.match(usage.stderr, /^error: Invalid parameter -bogus\n/);
});

test("-generate-auth makes an rpcauth entry the server accepts with -rpcuser/-rpcpassword", async (t) => {
  const deps = {
    out: "",
  };
  const generated = await runRpc(["-generate-auth", "alice", "s3cret"], {
    fetch: (url, init) => fetch(url, init),
    now: () => 0,
    stdout: (s) => {
      deps.out += s;
    },
    stderr: () => {},
    readFile: (p) => readFileSync(p, "utf8"),
    dataDir: "/nonexistent",
  });
  assert.equal(generated, 0);
  const entry = /^rpcauth=(alice:[0-9a-f]{32}\$[0-9a-f]{64})$/m.exec(deps.out)?.[1];
  assert.ok(entry, deps.out);
  assert.match(deps.out, /^Your password:\ns3cret$/m);
  const node = await startNode(t, { rpcauth: [entry] });
  assert.equal((await node.run("-rpcuser=alice", "-rpcpassword=s3cret", "uptime")).stdout, "0\n");
  assert.equal((await node.run("-rpcuser=alice", "-rpcpassword=nope", "uptime")).code, 1);
  // No cookie is written when only rpcauth is configured.
  await assert.rejects(readFile(join(node.dataDir, "regtest", ".cookie")), { code: "ENOENT" });
});
