// Issue #3: the demo network (10 s blocks, 20-block retargets, 150-block halvings) run by the real
// HashforgeNode under a mock clock. ~320 blocks are mined from templates: slow windows keep or
// bring difficulty back to the pow limit, fast ones raise it (once clamped x4, once unclamped),
// every block's bits are checked against consensus getNextWorkRequired, and the subsidy halves
// at 150 and 300. The nonce search uses the miner package's midstate kernel (~1.4 MH/s):
// consensus sha256d (~0.2 MH/s) would need minutes for the ~28 M hashes; every solution is
// confirmed with consensus checkProofOfWork.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  addressToScript,
  type Block,
  blockHash,
  blockSubsidy,
  bytesEqual,
  type ChainEntry,
  COIN,
  checkProofOfWork,
  DEMO_PARAMS,
  decodeHeader,
  difficulty,
  encodeCompact,
  encodeHeader,
  getNextWorkRequired,
  merkleRoot,
  targetFromBits,
  txid,
} from "@hashforge/consensus";
import { mineBlockHeader } from "@hashforge/miner";
import { HashforgeNode } from "../src/service/hashforge-node.js";
import { silentLogger } from "./support/regtest-chain.js";
import { acceptTx } from "./support/regtest-node.js";

const params = DEMO_PARAMS;
const INTERVAL = 20;
const LAST_HEIGHT = 320;
const LIMIT_BITS = encodeCompact(params.pow.powLimit);

/**
 * Seconds between blocks in each retarget window (window k holds heights 20k..20k+19; its
 * timespan sets the bits of height 20(k+1)). 100 s keeps or lowers difficulty, 1 s raises it
 * by the x4 clamp, 10 s by 200/190, 3 s by 200/57; every hard window is followed by a slow one
 * so the total work stays bounded.
 */
const SPACING = [100, 1, 100, 10, 100, 100, 3, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100];

/** What each boundary must do relative to the pow limit (checked besides the exact bits). */
const BOUNDARY: Record<number, "limit" | "harder"> = {
  20: "limit",
  40: "harder",
  60: "limit",
  80: "harder",
  100: "limit",
  140: "harder",
  160: "limit",
};

let hashes = 0;

/** Solves `block` at its own bits (the miner kernel), confirmed by consensus checkProofOfWork. */
function mine(block: Block): Block {
  const target = targetFromBits(block.header.bits, params.pow.powLimit);
  assert.ok(target !== null, "bits within the pow limit");
  const found = mineBlockHeader(encodeHeader({ ...block.header, nonce: 0 }), target, {
    maxTries: 2 ** 32,
    nextHeader: () => null,
  });
  assert.ok(found, "a nonce within 2^32 tries");
  hashes += found.tries;
  const header = decodeHeader(found.header);
  assert.equal(header.time, block.header.time, "no time roll");
  assert.ok(checkProofOfWork(blockHash(header), header.bits, params.pow.powLimit));
  return { header, txs: block.txs };
}

/** `block` with its coinbase output `vout` set to `value` and the merkle root recomputed. */
function withCoinbaseValue(block: Block, vout: number, value: bigint): Block {
  const coinbase = block.txs[0]!;
  const outputs = coinbase.outputs.map((o, i) => (i === vout ? { ...o, value } : o));
  const txs = [{ ...coinbase, outputs }, ...block.txs.slice(1)];
  return { header: { ...block.header, merkleRoot: merkleRoot(txs.map(txid)).root }, txs };
}

test("demo network: retargets follow getNextWorkRequired and the subsidy halves at 150 and 300", {
  timeout: 120_000,
}, async (t) => {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "hf-demo-"));
  const clock = { now: params.genesisHeader.time };
  const node = await HashforgeNode.start({
    params,
    dataDir: dir,
    logger: silentLogger,
    now: () => clock.now,
    wallet: true,
    flushIntervalSeconds: 3600,
  });
  const trajectory: string[] = [];
  const rejected: string[] = [];
  try {
    const wallet = node.wallet!;
    const payout = addressToScript(await wallet.getNewAddress(), params);
    // Our own record of the chain, independent of the node's block index.
    const history: ChainEntry[] = [
      { height: 0, bits: params.genesisHeader.bits, time: params.genesisHeader.time },
    ];
    const expectReject = async (label: string, block: Block, reason: string) => {
      const r = await node.submitBlock(block);
      assert.ok(!r.ok, `${label}: rejected`);
      assert.equal(r.reason, reason, label);
      rejected.push(`${label}: ${r.reason}`);
    };

    for (let height = 1; height <= LAST_HEIGHT; height++) {
      const window = Math.floor(height / INTERVAL);
      clock.now = history[height - 1]!.time + SPACING[window]!;
      const halving = height === 150 || height === 300;
      if (halving) {
        // A wallet payment, so the halving block also collects a fee.
        const sent = await wallet.sendToAddress(await wallet.getNewAddress(), COIN, {
          feeRate: 5,
        });
        await acceptTx(node, sent.tx);
      }
      const template = node.blockTemplate(payout);
      const block = template.block;
      const expectedBits = getNextWorkRequired(
        history[height - 1]!,
        (h) => history[h]!,
        block.header.time,
        params.pow,
      );
      assert.equal(template.bits, expectedBits, `template bits at ${height}`);

      // Subsidy: 50 BTC, 25 from 150, 12.5 from 300, plus the fees the template collects.
      const subsidy = height < 150 ? 50n * COIN : height < 300 ? 25n * COIN : 1_250_000_000n;
      assert.equal(blockSubsidy(height, params), subsidy);
      const coinbaseValue = block.txs[0]!.outputs.reduce((sum, o) => sum + o.value, 0n);
      assert.equal(coinbaseValue, subsidy + template.fees, `coinbase value at ${height}`);
      if (halving) {
        assert.ok(template.fees > 0n, "the payment's fee is collected");
        const payoutIndex = block.txs[0]!.outputs.findIndex((o) =>
          bytesEqual(o.scriptPubKey, payout),
        );
        const old = blockSubsidy(height - 1, params);
        await expectReject(
          `height ${height} claiming the old subsidy`,
          mine(withCoinbaseValue(block, payoutIndex, old + template.fees)),
          "bad-cb-amount",
        );
      }
      if (height % INTERVAL === 0 && expectedBits !== history[height - 1]!.bits) {
        // The previous window's bits are wrong now (the block claims easier or harder work).
        await expectReject(
          `height ${height} with the previous bits`,
          mine({ header: { ...block.header, bits: history[height - 1]!.bits }, txs: block.txs }),
          "bad-diffbits",
        );
      }

      const solved = mine(block);
      const r = await node.submitBlock(solved);
      assert.ok(r.ok, r.ok ? "" : `height ${height}: ${r.reason}: ${r.debug ?? ""}`);
      assert.equal(node.chain.height, height);
      assert.equal(node.chain.tip.header.bits, expectedBits, `node tip bits at ${height}`);
      history.push({ height, bits: solved.header.bits, time: solved.header.time });

      if (height % INTERVAL === 0) {
        const target = targetFromBits(expectedBits, params.pow.powLimit)!;
        const want = BOUNDARY[height] ?? "limit";
        if (want === "limit") assert.equal(expectedBits, LIMIT_BITS, `limit at ${height}`);
        else assert.ok(target < params.pow.powLimit, `harder at ${height}`);
        const prevWindow = SPACING[window - 1]!;
        const ratio = difficulty(expectedBits) / difficulty(LIMIT_BITS);
        trajectory.push(
          `h${height} (${prevWindow} s) ${expectedBits.toString(16)} x${ratio.toFixed(2)}`,
        );
      }
    }
    // The 1 s window hits the x4 clamp; the 10 s window moves by exactly 190/200.
    const at = (h: number) => targetFromBits(history[h]!.bits, params.pow.powLimit)!;
    assert.ok(
      at(40) * 4n <= params.pow.powLimit && at(40) * 4n > (params.pow.powLimit * 99n) / 100n,
    );
    assert.ok(at(80) < params.pow.powLimit && at(80) > (params.pow.powLimit * 94n) / 100n);
    assert.ok(at(140) * 3n < params.pow.powLimit, "3 s blocks: about x3.5 harder");
    assert.equal(node.chain.height, LAST_HEIGHT);
    assert.ok(
      wallet.getBalance() > 0n && node.mempool.size === 0,
      "the payments were mined and the wallet holds mature coinbases",
    );
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`trajectory: ${trajectory.join(" | ")}`);
    t.diagnostic(`rejected: ${rejected.join("; ")}`);
    t.diagnostic(
      `${LAST_HEIGHT} blocks, ${(hashes / 1e6).toFixed(1)} M hashes, ${seconds.toFixed(1)} s`,
    );
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
