import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../src/command.js";
import { scriptThreads } from "../src/commands/node.js";
import { parseMiningMode } from "../src/node/mining-mode.js";
import { chainFromArgs, parseNodeArgs } from "../src/node/node-args.js";
import { runCli, spawnCli, waitForOutput } from "./support/spawn-cli.js";

test("node options parse bitcoind style, with a conf file below the command line", () => {
  const conf = "# comment\nrpcport=1234\nmine=2\nrpcauth=a:b$c\nnowallet=1\n";
  const args = parseNodeArgs(
    ["-regtest", "-rpcport=9999", "--conf=/x.conf", "-rpcbind=127.0.0.1", "-rpcbind=::1"],
    () => conf,
  );
  assert.equal(args.values.get("rpcport"), "9999");
  assert.equal(args.values.get("mine"), "2");
  assert.deepEqual(args.repeated.get("rpcbind"), ["127.0.0.1", "::1"]);
  assert.deepEqual(args.repeated.get("rpcauth"), ["a:b$c"]);
  assert.equal(args.flags.get("wallet"), false);
  assert.equal(chainFromArgs(args, "main"), "regtest");
  const more = parseNodeArgs(["-reindex", "-par=-1"], () => "");
  assert.equal(more.flags.get("reindex"), true);
  assert.equal(more.values.get("par"), "-1");
  assert.throws(
    () => parseNodeArgs(["-frobnicate=1"]),
    (e: unknown) => e instanceof UsageError && /unknown option -frobnicate/.test(e.message),
  );
  assert.throws(() => parseNodeArgs(["-rpcport"]), /-rpcport needs a value/);
  assert.throws(() => parseNodeArgs(["regtest"]), /unexpected argument/);
  assert.throws(
    () => chainFromArgs(parseNodeArgs(["-regtest", "-signet"]), "main"),
    /conflicting chains/,
  );
  assert.throws(
    () =>
      parseNodeArgs(["-conf=/missing"], () => {
        throw new Error("ENOENT");
      }),
    /-conf: cannot read/,
  );
  assert.deepEqual(parseMiningMode("3"), { kind: "threads", threads: 3 });
  assert.deepEqual(parseMiningMode("interval:10s"), { kind: "interval", seconds: 10 });
  assert.deepEqual(parseMiningMode("interval:2m"), { kind: "interval", seconds: 120 });
  assert.throws(() => parseMiningMode("0"));
  assert.throws(() => parseMiningMode("fast"));
});

test("-par counts script threads as Core does: 0 = one per core, negative leaves cores free", () => {
  assert.equal(scriptThreads(0, 8), 8);
  assert.equal(scriptThreads(-2, 8), 6);
  assert.equal(scriptThreads(-8, 8), 1);
  assert.equal(scriptThreads(3, 8), 3);
  assert.equal(scriptThreads(0, 64), 15);
  assert.equal(scriptThreads(1, 2), 1);
});

test("hashforge node serves RPC with cookie auth, mines, and stops on the stop RPC", {
  timeout: 90_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-nodecmd-"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const node = spawnCli(["node", "-regtest", `-datadir=${dir}`, `-rpcport=${port}`, "-mine=1"]);
  try {
    assert.ok(await waitForOutput(node, `rpc: http://127.0.0.1:${port}`, 30_000), node.output());
    const rpc = (method: string) =>
      runCli(["rpc", "-regtest", `-datadir=${dir}`, `-rpcport=${port}`, method]);
    const cookie = join(dir, "regtest", ".cookie");
    assert.ok(existsSync(cookie), "the cookie exists while the node runs");
    assert.ok(await waitForOutput(node, "Mined block", 10_000), "the built-in miner found blocks");
    const uptime = await rpc("uptime");
    assert.equal(uptime.code, 0, uptime.out);
    assert.match(uptime.out.trim(), /^\d+$/);
    // The UTXO set statistics of the real node: Core's hash, and the chainstate's size on disk.
    const utxo = await rpc("gettxoutsetinfo");
    assert.equal(utxo.code, 0, utxo.out);
    const stats = JSON.parse(utxo.out) as Record<string, unknown>;
    assert.match(String(stats.hash_serialized_3), /^[0-9a-f]{64}$/);
    assert.ok(typeof stats.disk_size === "number" && stats.disk_size > 0, utxo.out);
    const bad = await rpc("nosuchmethod");
    assert.equal(bad.code, 32601 % 256, "bitcoin-cli exits with the error code (mod 256)");
    assert.match(bad.out, /error code: -32601/);
    const stop = await rpc("stop");
    assert.equal(stop.code, 0, stop.out);
    assert.equal(await node.exited, 0);
    assert.ok(!existsSync(cookie), "the cookie is removed at stop");
  } finally {
    node.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
