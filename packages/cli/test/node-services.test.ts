// `hashforge node` and `hashforge up` as services from the outside: a part that cannot start
// ends the process with one line and a non-zero code and leaves no cookie; the RPC binds as
// Core does; `up` serves the HTTP API; a block file that cannot be written stops the node.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { maxMinerThreads } from "@hashforge/miner";
import { type CliProcess, runCli, spawnCli, waitForOutput } from "./support/spawn-cli.js";

function freePort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

/** A user's mistake is one line on stderr: no stack trace. */
function assertOneLine(out: string, pattern: RegExp): void {
  const lines = out.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("{"));
  assert.equal(lines.length, 1, out);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(out, /\n\s+at /, "no stack trace");
}

async function withDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "hf-services-"));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function stopWith(p: CliProcess, signal: NodeJS.Signals): Promise<number | null> {
  p.child.kill(signal);
  return p.exited;
}

test("a part that cannot start exits non-zero with one line and leaves no cookie", {
  timeout: 120_000,
}, async () => {
  await withDir(async (dir) => {
    const cookie = join(dir, "regtest", ".cookie");
    const base = ["node", "-regtest", `-datadir=${dir}`];
    const tooMany = await runCli([...base, `-mine=${maxMinerThreads() + 1}`]);
    assert.equal(tooMany.code, 1);
    assertOneLine(tooMany.out, /^hashforge: -mine: at most \d+ threads/);
    assert.equal(existsSync(cookie), false);

    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const busy = await runCli([...base, `-rpcport=${port}`]);
      assert.equal(busy.code, 1, busy.out);
      assertOneLine(busy.out, /^hashforge: cannot listen on .*:\d+: address in use/);
      assert.equal(existsSync(cookie), false, "no stale cookie");
    } finally {
      taken.close();
    }
    const badBind = await runCli([...base, "-rpcbind=999.1.1.1", "-rpcallowip=127.0.0.1"]);
    assert.equal(badBind.code, 1, badBind.out);
    assertOneLine(badBind.out, /999\.1\.1\.1/);
    const badAllow = await runCli([...base, "-rpcallowip=garbage"]);
    assert.equal(badAllow.code, 1, badAllow.out);
    assertOneLine(badAllow.out, /garbage/);
    const badZmq = await runCli([...base, "-zmqpubhashblock=udp://x"]);
    assert.equal(badZmq.code, 1, badZmq.out);
    assertOneLine(badZmq.out, /zmqpubhashblock/);
  });
});

test("-rpcbind without -rpcallowip stays on loopback; -rpcpassword prints no cookie hint", {
  timeout: 60_000,
}, async () => {
  await withDir(async (dir) => {
    const port = freePort();
    const node = spawnCli([
      "node",
      "-regtest",
      `-datadir=${dir}`,
      `-rpcport=${port}`,
      "-rpcbind=0.0.0.0",
      "-rpcuser=u",
      "-rpcpassword=p",
    ]);
    try {
      assert.ok(await waitForOutput(node, "mining: off", 30_000), node.output());
      const out = node.output();
      assert.match(
        out,
        new RegExp(`rpc: http://127\\.0\\.0\\.1:${port}( http://\\[::1\\]:${port})?\\n`),
      );
      assert.doesNotMatch(out, /0\.0\.0\.0:/, "the wildcard bind is ignored");
      assert.match(out, /-rpcbind was ignored because -rpcallowip was not specified/);
      assert.doesNotMatch(out, /cookie:|try:/);
      assert.equal(existsSync(join(dir, "regtest", ".cookie")), false);
      assert.equal(await stopWith(node, "SIGTERM"), 0);
    } finally {
      node.child.kill("SIGKILL");
    }
  });
});

test("hashforge up serves the HTTP API in-process and prints its URL", {
  timeout: 60_000,
}, async () => {
  await withDir(async (dir) => {
    const up = spawnCli(["up", `-datadir=${dir}`, `-rpcport=${freePort()}`, "-apiport=0"]);
    try {
      assert.ok(await waitForOutput(up, "mining: 1 thread", 30_000), up.output());
      const url = /http api: (http:\/\/127\.0\.0\.1:\d+)\//.exec(up.output())?.[1];
      assert.ok(url, up.output());
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string };
      assert.equal(health.status, "ok");
      const halving = await fetch(`${url}/api/v1/economics/halving`);
      assert.equal(halving.status, 200);
      const body = (await halving.json()) as Record<string, unknown>;
      assert.equal((body.network as { name: string }).name, "demo", "the node's own network");
      assert.equal(body.tipSource, "node", "live figures from the running node");
      assert.equal(await stopWith(up, "SIGINT"), 0);
    } finally {
      up.child.kill("SIGKILL");
    }
  });
});

/** Mounts a tmpfs of `kib` KiB at `dir`; false where this machine does not allow it. */
function mountTiny(dir: string, kib: number): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test("a block file that cannot be written stops the node with a fatal error (Core's AbortNode)", {
  timeout: 90_000,
}, async (t) => {
  await withDir(async (dir) => {
    const blocks = join(dir, "regtest", "blocks");
    mkdirSync(blocks, { recursive: true });
    if (!mountTiny(blocks, 128)) {
      // A full disk needs a small filesystem: mounting one takes root (CI runs as root).
      assert.notEqual(process.env.CI, "true", "CI must be able to mount a tmpfs");
      t.skip("mounting a tmpfs needs root");
      return;
    }
    try {
      const node = spawnCli([
        "node",
        "-regtest",
        `-datadir=${dir}`,
        `-rpcport=${freePort()}`,
        "-mine=1",
      ]);
      const code = await node.exited;
      assert.equal(code, 1, node.output());
      assert.match(node.output(), /ENOSPC[^\n]*Fatal error: the node cannot go on/);
      assert.equal(existsSync(join(dir, "regtest", ".cookie")), false);
    } finally {
      execFileSync("umount", [blocks]);
    }
  });
});
