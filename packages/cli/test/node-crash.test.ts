import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REGTEST_PARAMS, scriptToAddress } from "@hashforge/consensus";
import { checkReplay } from "../../node/test/support/replay-check.js";
import { spawnCli, waitForOutput } from "./support/spawn-cli.js";

const ROUNDS = Number(process.env.HASHFORGE_CRASH_ROUNDS ?? 20);

/** Deterministic pseudo-random kill delays, so a failing round can be reproduced. */
function delays(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return 1500 + (s % 2500);
  };
}

test(`SIGKILL at random moments ${ROUNDS} times: the chainstate equals a replay of the stored blocks, the txindex follows it`, {
  timeout: 600_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "hf-crash-"));
  const payout = scriptToAddress(
    Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(7)),
    REGTEST_PARAMS,
  )!;
  const nextDelay = delays(20261123);
  const heights: number[] = [];
  const indexHeights: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const port = 30000 + Math.floor(Math.random() * 20000);
      const node = spawnCli([
        "node",
        "-regtest",
        `-datadir=${dir}`,
        `-rpcport=${port}`,
        "-mine=1",
        "-nowallet",
        `-mineaddress=${payout}`,
        "-flushinterval=0",
        // Every other round with the transaction index: it must catch up and stay consistent.
        ...(round % 2 === 0 ? ["-txindex"] : []),
        "-loglevel=warn",
      ]);
      assert.ok(
        await waitForOutput(node, "rpc: http", 10_000),
        `round ${round}: the node did not start:\n${node.output()}`,
      );
      await new Promise((r) => setTimeout(r, nextDelay()));
      node.child.kill("SIGKILL");
      await node.exited;
      const check = await checkReplay(join(dir, "regtest"));
      assert.equal(check.mismatch, null, `round ${round}: ${check.mismatch}`);
      heights.push(check.height);
      if (check.txindexHeight !== undefined) indexHeights.push(check.txindexHeight);
    }
    t.diagnostic(`txindex tips after each kill: ${indexHeights.join(", ")}`);
    assert.ok(indexHeights.length > 0 && indexHeights.at(-1)! > 0, "the index was written");
    t.diagnostic(`heights after each kill: ${heights.join(", ")}`);
    for (let i = 1; i < heights.length; i++)
      assert.ok(heights[i]! >= heights[i - 1]!, "no flushed block is ever lost");
    assert.ok(heights.at(-1)! > heights[0]!, "the node keeps going across restarts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
