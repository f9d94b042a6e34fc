import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  addressToScript,
  type Block,
  encodeBlock,
  REGTEST_PARAMS,
  txid,
} from "@hashforge/consensus";
import { BlockFileStore } from "../src/blockstore/block-file-store.js";
import type { HashforgeNode } from "../src/service/hashforge-node.js";
import { reindexDir } from "../src/service/reindex.js";
import { acceptTx, mineBlocks, startRegtestNode } from "./support/regtest-node.js";

/** What a reindex must rebuild: the tip, every transaction's first coin, the wallet balance. */
async function state(node: HashforgeNode, blocks: readonly Block[]) {
  return {
    height: node.chain.height,
    tip: node.chain.tip.hashHex,
    coins: await Promise.all(
      blocks.flatMap((b) =>
        b.txs.map(async (tx) => {
          const c = (await node.readCoin(txid(tx), 0)).coin;
          return c === undefined ? "-" : `${c.height}:${c.output.value}`;
        }),
      ),
    ),
    balance: node.wallet!.getBalances().trusted,
  };
}

test("-reindex rebuilds the index and UTXO set from the block files, stale branch and all", {
  timeout: 120_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-reindex-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  let node = await startRegtestNode(dir, clock);
  try {
    const payout = addressToScript(await node.wallet!.getNewAddress(), REGTEST_PARAMS);
    const blocks = await mineBlocks(node, payout, clock, 105);
    const to = await node.wallet!.getNewAddress();
    const sent = await node.wallet!.sendToAddress(to, 10n * 100_000_000n, { feeRate: 2 });
    await acceptTx(node, sent.tx);
    blocks.push(...(await mineBlocks(node, payout, clock, 1)));
    // A branch that loses: its blocks stay in the files and must not win after the reindex.
    await node.invalidateBlock(node.chain.tip);
    blocks.push(...(await mineBlocks(node, payout, clock, 2)));
    const before = await state(node, blocks);
    await node.stop();

    node = await startRegtestNode(dir, clock, { reindex: true });
    assert.deepEqual(await state(node, blocks), before);
    assert.equal(existsSync(reindexDir(dir)), false, "the old files are gone");
    // The rebuilt chain keeps working and survives a plain restart.
    await mineBlocks(node, payout, clock, 1);
    const after = await state(node, blocks);
    await node.stop();
    node = await startRegtestNode(dir, clock);
    assert.deepEqual(await state(node, blocks), after);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an interrupted reindex resumes; blocks stored before their parent wait for it", {
  timeout: 60_000,
}, async () => {
  const source = mkdtempSync(join(tmpdir(), "hf-reindex-src-"));
  const dir = mkdtempSync(join(tmpdir(), "hf-reindex-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  const producer = await startRegtestNode(source, clock);
  let node: HashforgeNode | null = null;
  try {
    const payout = addressToScript(await producer.wallet!.getNewAddress(), REGTEST_PARAMS);
    const blocks = await mineBlocks(producer, payout, clock, 6);
    const want = await state(producer, blocks);
    await producer.stop();
    // blocks-reindex/ as a crash would leave it, holding the blocks out of order.
    const files = await BlockFileStore.open({
      dir: reindexDir(dir),
      messageStart: REGTEST_PARAMS.messageStart,
      resume: "scan",
    });
    for (const i of [1, 0, 3, 2, 5, 4]) await files.writeBlock(encodeBlock(blocks[i]!));
    await files.close();
    node = await startRegtestNode(dir, clock);
    // Same chain and coins (the wallets differ: each data directory has its own keys).
    assert.deepEqual({ ...(await state(node, blocks)), balance: 0n }, { ...want, balance: 0n });
    assert.equal(existsSync(reindexDir(dir)), false);
  } finally {
    await node?.stop();
    rmSync(source, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
