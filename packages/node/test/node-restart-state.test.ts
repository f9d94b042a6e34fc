// What a restarted node keeps: fee estimates (fee_estimates.dat, refused once older than 60 hours
// on the node's clock), and a wallet that resumes after its last block instead of rescanning.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { addressToScript, REGTEST_PARAMS } from "@hashforge/consensus";
import type { HashforgeNode } from "../src/service/hashforge-node.js";
import { mineBlocks, startRegtestNode } from "./support/regtest-node.js";
import { RecordingLogger } from "./wallet-fixtures.js";

const HOUR = 3600;

function logged(log: RecordingLogger, msg: string): object[] {
  return log.entries.filter((e) => e.msg === msg).map((e) => e.obj);
}

test("fee estimates persist across restarts and the wallet resumes after its last block", {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-restart-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  let node: HashforgeNode = await startRegtestNode(dir, clock);
  try {
    const payout = addressToScript(await node.wallet!.getNewAddress(), REGTEST_PARAMS);
    await mineBlocks(node, payout, clock, 30);
    const balance = node.wallet!.getBalances();
    await node.stop();
    assert.ok(existsSync(join(dir, "fee_estimates.dat")), "written at stop");

    let log = new RecordingLogger();
    node = await startRegtestNode(dir, clock, { logger: log });
    assert.deepEqual(logged(log, "Loaded fee_estimates.dat"), [{ bestSeenHeight: 30 }]);
    assert.deepEqual(
      logged(log, "wallet attached to the active chain"),
      [{ lastBlockHeight: 30, resumeHeight: 31 }],
      "the wallet resumes after block 30: nothing to rescan",
    );
    assert.deepEqual(logged(log, "Rescanning the wallet"), []);
    assert.deepEqual(node.wallet!.getBalances(), balance);
    // Five more blocks, and a restart 61 hours later on the node's clock.
    await mineBlocks(node, payout, clock, 5);
    const after = node.wallet!.getBalances();
    await node.stop();

    clock.now += 61 * HOUR;
    log = new RecordingLogger();
    node = await startRegtestNode(dir, clock, { logger: log });
    assert.deepEqual(logged(log, "Loaded fee_estimates.dat"), [], "older than 60 hours");
    assert.equal(logged(log, "Ignoring fee_estimates.dat").length, 1);
    assert.deepEqual(node.wallet!.getBalances().trusted, after.trusted);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
