import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { addressToScript, hashToHex, REGTEST_PARAMS, txid } from "@hashforge/consensus";
import { acceptTx, mineBlocks, startRegtestNode } from "./support/regtest-node.js";

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
    node = await startRegtestNode(dir, clock);
    assert.equal(node.chain.height, 101);
    assert.equal(node.mempool.size, 1, "mempool.dat survives a restart");
    assert.ok(node.wallet!.getBalance() > 0n);
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
