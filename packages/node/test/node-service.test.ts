import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { addressToScript, hashToHex, REGTEST_PARAMS, txid } from "@hashforge/consensus";
import { HashforgeNode } from "../src/service/hashforge-node.js";
import { nextBlock, OP_TRUE_SCRIPT } from "./support/regtest-chain.js";
import {
  acceptTx,
  mineBlocks,
  regtestNodeOptions,
  startRegtestNode,
} from "./support/regtest-node.js";

test("mine to the wallet, send, confirm, reorg back to the mempool, restart", {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-node-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  let node = await startRegtestNode(dir, clock);
  try {
    const wallet = node.wallet!;
    const address = await wallet.getNewAddress();
    const payout = addressToScript(address, REGTEST_PARAMS);
    await mineBlocks(node, payout, clock, 101);
    assert.equal(node.chain.height, 101);
    assert.equal(wallet.getBalances().trusted, 50n * 100_000_000n, "one mature coinbase");
    // Send to a fresh address: the transaction enters the mempool through the normal path.
    const to = await wallet.getNewAddress("", "bech32m");
    const sent = await wallet.sendToAddress(to, 10n * 100_000_000n, { feeRate: 2 });
    await acceptTx(node, sent.tx);
    assert.equal(node.mempool.size, 1);
    const tipBefore = node.chain.tip;
    await mineBlocks(node, payout, clock);
    assert.equal(node.mempool.size, 0, "confirmed transactions leave the mempool");
    const block = await node.chain.readBlock(node.chain.tip);
    assert.ok(
      block.txs.some((tx) => hashToHex(txid(tx)) === sent.txid),
      "the template included it",
    );
    // invalidateblock puts the transaction back into the mempool.
    await node.invalidateBlock(node.chain.tip);
    assert.equal(node.chain.tip, tipBefore);
    assert.equal(node.mempool.size, 1, "reorged-out transaction is back in the mempool");
    await node.stop();
    // A subscriber that comes before start() sees start-up: the reloaded mempool's transaction.
    node = new HashforgeNode(regtestNodeOptions(dir, clock));
    const seen: string[] = [];
    node.events.subscribe("test", (e) => {
      if (e.type === "tx:accepted") seen.push(hashToHex(e.entry.txid));
    });
    await node.start();
    await node.events.drain();
    assert.deepEqual(seen, [sent.txid], "nothing fired during start-up is lost");
    assert.equal(node.chain.height, 101);
    assert.equal(node.mempool.size, 1, "mempool.dat survives a restart");
    assert.ok(node.wallet!.getBalance() > 0n);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("readers see the old tip until a reorg's new branch is connected, never a half-way chain", {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-node-view-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  const node = await startRegtestNode(dir, clock, { wallet: false });
  try {
    await mineBlocks(node, OP_TRUE_SCRIPT, clock, 10);
    const oldTip = node.chain.tip;
    const fork = node.chain.atHeight(5)!;
    // A branch from height 5 that overtakes at its sixth block (height 11).
    let parent = fork;
    const branch = [];
    for (let i = 0; i < 5; i++) {
      clock.now += 1;
      const r = await node.submitBlock(nextBlock(parent, clock.now, 1));
      assert.ok(r.ok);
      parent = r.entry;
      branch.push(r.entry);
    }
    assert.equal(node.chain.tip, oldTip, "an equal-work branch does not win");
    const seen = new Set<string>();
    let polling = true;
    let polls = 0;
    const poll = () => {
      polls++;
      const tip = node.chain.tip;
      const whole =
        node.chain.atHeight(tip.height) === tip &&
        node.chain.atHeight(5) === fork &&
        node.chain.isActive(tip) &&
        node.chain.height === tip.height;
      seen.add(`${tip.hashHex}:${whole}`);
      if (polling) setImmediate(poll);
    };
    poll();
    clock.now += 1;
    const overtaking = await node.submitBlock(nextBlock(parent, clock.now, 1));
    polling = false;
    poll();
    assert.ok(polls > 2, "the reader ran while the reorg awaited its I/O");
    assert.ok(overtaking.ok);
    assert.equal(node.chain.tip, overtaking.entry);
    assert.deepEqual(
      [...seen].sort(),
      [`${oldTip.hashHex}:true`, `${overtaking.entry.hashHex}:true`].sort(),
      "only whole chains: the old one, then the new one",
    );
    for (const e of branch) assert.ok(node.chain.isActive(e));
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
