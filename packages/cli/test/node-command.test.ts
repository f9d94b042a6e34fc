import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { UsageError } from "../src/command.js";
import { parseMiningMode } from "../src/node/builtin-miner.js";
import { chainFromArgs, parseNodeArgs } from "../src/node/node-args.js";

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

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", MAIN, ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

test("hashforge node serves RPC with cookie auth, mines, and stops on the stop RPC", {
  timeout: 90_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-nodecmd-"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const node = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      MAIN,
      "node",
      "-regtest",
      `-datadir=${dir}`,
      `-rpcport=${port}`,
      "-mine=1",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const exited = new Promise<number | null>((resolve) => node.on("exit", resolve));
  node.stdout.on("data", (d: Buffer) => (log += d.toString()));
  node.stderr.on("data", (d: Buffer) => (log += d.toString()));
  try {
    for (let i = 0; i < 300 && !log.includes(`rpc: http://127.0.0.1:${port}`); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(log.includes(`rpc: http://127.0.0.1:${port}`), log);
    const cookie = join(dir, "regtest", ".cookie");
    assert.ok(existsSync(cookie), "the cookie exists while the node runs");
    for (let i = 0; i < 100 && !log.includes("Mined block"); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.ok(log.includes("Mined block"), "the built-in miner found blocks");
    const uptime = await run(["rpc", "-regtest", `-datadir=${dir}`, `-rpcport=${port}`, "uptime"]);
    assert.equal(uptime.code, 0, uptime.out);
    assert.match(uptime.out.trim(), /^\d+$/);
    const bad = await run([
      "rpc",
      "-regtest",
      `-datadir=${dir}`,
      `-rpcport=${port}`,
      "nosuchmethod",
    ]);
    assert.equal(bad.code, 32601 % 256, "bitcoin-cli exits with the error code (mod 256)");
    assert.match(bad.out, /error code: -32601/);
    const stop = await run(["rpc", "-regtest", `-datadir=${dir}`, `-rpcport=${port}`, "stop"]);
    assert.equal(stop.code, 0, stop.out);
    assert.equal(await exited, 0);
    assert.ok(!existsSync(cookie), "the cookie is removed at stop");
  } finally {
    node.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
