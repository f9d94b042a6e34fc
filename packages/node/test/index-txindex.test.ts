// The indexer seam on a real node: -txindex catches up on an existing chain, follows blocks and
// reorgs through the event bus, commits with the chainstate, and rolls back a tip that was
// reorged out while it was not running.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { type Block, REGTEST_PARAMS, txid } from "@hashforge/consensus";
import type { NodeEvent } from "../src/events/node-event.js";
import type { HashforgeNode } from "../src/service/hashforge-node.js";
import { OP_TRUE_SCRIPT } from "./support/regtest-chain.js";

/** Payouts that make each branch's coinbases (and so their txids) differ from the others'. */
const BRANCH_B = Uint8Array.of(0x52);
const BRANCH_C = Uint8Array.of(0x53);

import { mineBlocks, startRegtestNode } from "./support/regtest-node.js";

/** txid -> the height the node's index reports for it (null: not indexed). */
async function indexedHeight(node: HashforgeNode, block: Block): Promise<number | null> {
  const found = await node.indexedTransaction(txid(block.txs[0]!));
  return found === null ? null : found.block.height;
}

test("txindex catches up, follows reorgs and rolls back a stale tip at start", {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-txindex-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  // A chain built without the index.
  let node = await startRegtestNode(dir, clock, { wallet: false });
  try {
    const first = await mineBlocks(node, OP_TRUE_SCRIPT, clock, 10);
    assert.equal(node.hasTxIndex, false);
    assert.equal(await node.indexedTransaction(txid(first[0]!.txs[0]!)), null);
    await node.stop();

    // Enabled later: it catches up on every block at start.
    node = await startRegtestNode(dir, clock, { wallet: false, txindex: true });
    assert.deepEqual(node.indexInfo(), [{ name: "txindex", synced: true, bestBlockHeight: 10 }]);
    for (const [i, block] of first.entries()) {
      assert.equal(await indexedHeight(node, block), i + 1, `block ${i + 1}`);
    }
    const found = await node.indexedTransaction(txid(first[4]!.txs[0]!));
    assert.deepEqual(txid(found!.tx), txid(first[4]!.txs[0]!), "the bytes decode to the tx");

    // A reorg through the bus: the disconnected block's transactions leave the index.
    const stale = first[9]!;
    await node.invalidateBlock(node.chain.tip);
    const replacement = await mineBlocks(node, BRANCH_B, clock, 2);
    await node.events.drain();
    assert.equal(await indexedHeight(node, stale), null, "reorged out");
    assert.equal(await indexedHeight(node, replacement[1]!), 11);
    await node.stop();

    // Without the index the chain moves on another branch: blocks 10 and 11 are reorged out.
    node = await startRegtestNode(dir, clock, { wallet: false });
    await node.invalidateBlock(node.chain.atHeight(10)!);
    const other = await mineBlocks(node, BRANCH_C, clock, 3);
    await node.stop();

    // Back with the index: its tip (old block 11) is not active; it rolls back, then catches up.
    node = await startRegtestNode(dir, clock, { wallet: false, txindex: true });
    assert.deepEqual(node.indexInfo(), [{ name: "txindex", synced: true, bestBlockHeight: 12 }]);
    assert.equal(await indexedHeight(node, replacement[0]!), null);
    assert.equal(await indexedHeight(node, replacement[1]!), null);
    for (const [i, block] of other.entries())
      assert.equal(await indexedHeight(node, block), 10 + i);
    assert.equal(await indexedHeight(node, first[8]!), 9, "below the fork it stays");
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("events carry the spent coins; a failing subscriber neither stops blocks nor others", {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-events-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  const node = await startRegtestNode(dir, clock, { wallet: false });
  try {
    const seen: NodeEvent[] = [];
    node.events.subscribe("broken", () => {
      throw new Error("subscriber bug");
    });
    node.events.subscribe("slow", async (event) => {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(event);
    });
    const blocks = await mineBlocks(node, OP_TRUE_SCRIPT, clock, 3);
    await node.invalidateBlock(node.chain.tip);
    await node.events.drain();
    const types = seen.map((e) => e.type);
    assert.deepEqual(
      types.filter((t) => t.startsWith("block:") || t === "tip:changed"),
      [
        "block:connected",
        "tip:changed",
        "block:connected",
        "tip:changed",
        "block:connected",
        "tip:changed",
        "block:disconnected",
        "tip:changed",
      ],
      "in order, every one",
    );
    const disconnected = seen.find((e) => e.type === "block:disconnected");
    assert.ok(disconnected?.type === "block:disconnected");
    assert.equal(disconnected.height, 3);
    assert.deepEqual(disconnected.block, blocks[2]);
    assert.deepEqual(disconnected.spent, [[]], "a coinbase-only block spent nothing");
    const tip = seen.filter((e) => e.type === "tip:changed").at(-1);
    assert.ok(tip?.type === "tip:changed");
    assert.equal(tip.fork.height, 2, "moved back to the fork");
    const stats = node.events.stats();
    assert.equal(
      stats.find((s) => s.name === "broken")!.failed,
      stats.find((s) => s.name === "broken")!.delivered,
    );
    assert.equal(stats.find((s) => s.name === "slow")!.failed, 0);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
