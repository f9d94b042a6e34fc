// Issue #3: a reorganisation more than 100 blocks deep through the real HashforgeNode. Branch A
// confirms wallet transactions; branch B, one block longer, confirms a double-spend of one of
// them. The node must switch to B, return A's still-valid transactions to the mempool, drop the
// conflicted one, let the wallet and the UTXO set follow, and keep B's tip across a restart.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  addressToScript,
  type Block,
  blockSubsidy,
  hashToHex,
  REGTEST_PARAMS,
  type Transaction,
  txid,
  txWeight,
  wtxid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "../src/chain/block-index-entry.js";
import { assembleBlockTemplate } from "../src/mining/assemble-block-template.js";
import type { TemplateCandidate } from "../src/mining/block-template.js";
import { templateTip } from "../src/mining/template-inputs.js";
import type { HashforgeNode } from "../src/service/hashforge-node.js";
import type { PrevoutInfo } from "../src/wallet/wallet-rpc-types.js";
import { OP_TRUE_SCRIPT, solve } from "./support/regtest-chain.js";
import { acceptTx, startRegtestNode } from "./support/regtest-node.js";

const params = REGTEST_PARAMS;
const COMMON = 110;
const BRANCH_A = 105;
const BRANCH_B = 106;

async function submitOk(node: HashforgeNode, block: Block): Promise<BlockIndexEntry> {
  const r = await node.submitBlock(block);
  assert.ok(r.ok, r.ok ? "" : `${r.reason}: ${r.debug ?? ""}`);
  return r.entry;
}

/** A block on `parent` (not necessarily the tip) with exactly `txs`, paying OP_TRUE. */
function blockOn(
  parent: BlockIndexEntry,
  time: number,
  candidates: readonly TemplateCandidate[],
): Block {
  const template = assembleBlockTemplate({
    tip: templateTip(parent, params),
    params,
    candidates,
    payoutScript: OP_TRUE_SCRIPT,
    mempoolSequence: 0,
    now: time,
    options: { coinbaseExtraData: Uint8Array.of(0xb) },
  });
  assert.equal(template.transactions.length, candidates.length, "every candidate was selected");
  return solve(template.block, params);
}

function candidateOf(tx: Transaction, fee: bigint): TemplateCandidate {
  // One P2WPKH signature check per input: the sigop cost only feeds the block limit.
  return {
    tx,
    txid: txid(tx),
    wtxid: wtxid(tx),
    fee,
    weight: txWeight(tx),
    sigopCost: tx.inputs.length,
    parents: [],
  };
}

function subsidies(fromHeight: number, toHeight: number): bigint {
  let sum = 0n;
  for (let h = fromHeight; h <= toHeight; h++) sum += blockSubsidy(h, params);
  return sum;
}

function walletTotal(node: HashforgeNode): bigint {
  const b = node.wallet!.getBalances();
  return b.trusted + b.untrustedPending + b.immature;
}

test("a >100-block reorg returns still-valid transactions to the mempool and survives a restart", {
  timeout: 120_000,
}, async (t) => {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "hf-deep-reorg-"));
  const clock = { now: params.genesisHeader.time + 100_000 };
  let node = await startRegtestNode(dir, clock, { flushIntervalSeconds: 3600 });
  try {
    const wallet = node.wallet!;
    const payout = addressToScript(await wallet.getNewAddress(), params);
    for (let i = 0; i < COMMON; i++) {
      clock.now += 1;
      await submitOk(node, solve(node.blockTemplate(payout).block, params));
    }
    const fork = node.chain.tip;
    assert.equal(fork.height, COMMON);
    assert.equal(walletTotal(node), subsidies(1, COMMON), "every coinbase is the wallet's");

    // Wallet payments to the wallet itself (only fees leave it), signed by the wallet: P0, P1,
    // P2 spend the coinbases of heights 1, 2, 3 and P3 spends P1 (a child, re-added after its
    // parent). A double-spend of P0 (same coin, a lower fee) is kept aside for branch B: the
    // mempool would refuse it, a block on another branch need not.
    const pay = async (prevout: PrevoutInfo, fee: bigint) => {
      const unsigned: Transaction = {
        version: 2,
        inputs: [
          {
            prevout: { txid: prevout.txid, vout: prevout.vout },
            scriptSig: new Uint8Array(0),
            sequence: 0xfffffffd,
            witness: [],
          },
        ],
        outputs: [
          {
            value: prevout.amount - fee,
            scriptPubKey: addressToScript(await wallet.getNewAddress(), params),
          },
        ],
        locktime: 0,
      };
      const signed = wallet.signRawTransactionWithWallet(unsigned, [prevout]);
      assert.ok(signed.complete, "the wallet signs its own coin");
      return { tx: signed.tx, fee };
    };
    const coinbaseCoin = (height: number) => {
      const coin = wallet.coins().find((c) => c.coinbase && c.height === height);
      assert.ok(coin && !coin.immature, `mature coinbase of height ${height}`);
      return {
        txid: coin.txid,
        vout: coin.vout,
        scriptPubKey: coin.scriptPubKey,
        amount: coin.value,
      };
    };
    const sent: { tx: Transaction; fee: bigint }[] = [];
    for (const height of [1, 2, 3]) {
      const coin = coinbaseCoin(height);
      sent.push(await pay(coin, 2_000n + BigInt(height) * 100n));
    }
    const parentOut = sent[1]!.tx.outputs[0]!;
    sent.push(
      await pay(
        {
          txid: txid(sent[1]!.tx),
          vout: 0,
          scriptPubKey: parentOut.scriptPubKey,
          amount: parentOut.value,
        },
        1_500n,
      ),
    );
    const conflicted = sent[0]!;
    // A lower fee than P0's, so the mempool's BIP125 rules refuse it as a replacement.
    const doubleSpendFee = 1_000n;
    const doubleSpend = (await pay(coinbaseCoin(1), doubleSpendFee)).tx;
    for (const s of sent) {
      await acceptTx(node, s.tx);
    }
    const refused = await node.broadcastTransaction(doubleSpend);
    assert.ok(!refused.ok && refused.error === "rejected", "the mempool keeps P0");
    assert.equal(refused.reject.reason, "insufficient fee", "BIP125 rule 3/4");
    assert.equal(node.mempool.size, 4);

    // Branch A: the payments in its first block, then 104 empty ones.
    const branchA: BlockIndexEntry[] = [];
    for (let i = 0; i < BRANCH_A; i++) {
      clock.now += 1;
      branchA.push(await submitOk(node, solve(node.blockTemplate(payout).block)));
      if (i === 0) assert.equal(node.mempool.size, 0, "A's first block confirms all four");
    }
    const tipA = node.chain.tip;
    assert.equal(tipA.height, COMMON + BRANCH_A);
    const firstA = await node.chain.readBlock(branchA[0]!);
    assert.equal(firstA.txs.length, 5);
    assert.equal(walletTotal(node), subsidies(1, tipA.height), "A's fees return in its coinbase");

    // Branch B from the fork: the double-spend in its first block; ties keep A.
    let parent = fork;
    let time = fork.header.time + 5;
    for (let i = 0; i < BRANCH_B; i++) {
      time += 1;
      const candidates = i === 0 ? [candidateOf(doubleSpend, doubleSpendFee)] : [];
      parent = await submitOk(node, blockOn(parent, time, candidates));
      if (i === BRANCH_A - 1) {
        assert.equal(node.chain.tip, tipA, "equal work: the first-seen branch A stays active");
        assert.equal(node.mempool.size, 0);
      }
    }
    const tipB = parent;
    assert.equal(node.chain.tip, tipB, "the longer branch B is active");
    assert.equal(node.chain.height, COMMON + BRANCH_B);
    assert.equal(node.chain.atHeight(COMMON), fork);
    assert.ok(!node.chain.isActive(branchA[0]!));

    // The payments A alone confirmed are back (P3 after its parent P1); P0 is not.
    const pooled = new Set(node.mempool.entries().map((e) => hashToHex(e.txid)));
    assert.deepEqual(
      pooled,
      new Set(sent.slice(1).map((s) => hashToHex(txid(s.tx)))),
      "only the still-valid transactions return",
    );
    const coin = async (id: Uint8Array, vout: number) => (await node.readCoin(id, vout)).coin;
    assert.ok(await coin(txid(doubleSpend), 0), "B's double-spend output is unspent");
    assert.equal(await coin(txid(conflicted.tx), 0), undefined, "A's version left the UTXO set");
    for (const input of conflicted.tx.inputs)
      assert.equal(await coin(input.prevout.txid, input.prevout.vout), undefined, "input spent");
    for (const entry of branchA.slice(0, 3)) {
      const coinbase = (await node.chain.readBlock(entry)).txs[0]!;
      assert.equal(await coin(txid(coinbase), 0), undefined, "A's coinbases are gone");
    }

    // Wallet: A's coinbases are gone; B paid OP_TRUE; only the fees of B's double-spend and of
    // the three pending payments left the wallet.
    const expected =
      subsidies(1, COMMON) - doubleSpendFee - sent[1]!.fee - sent[2]!.fee - sent[3]!.fee;
    assert.equal(walletTotal(node), expected, "wallet balances follow the reorg");
    assert.ok(
      wallet.coins().every((c) => c.height === null || c.height <= COMMON + 1),
      "no wallet coin from branch A",
    );

    await node.stop();
    clock.now += 10;
    node = await startRegtestNode(dir, clock, { flushIntervalSeconds: 3600 });
    assert.equal(hashToHex(node.chain.tip.hash), hashToHex(tipB.hash), "B's tip after restart");
    assert.equal(node.chain.height, COMMON + BRANCH_B);
    assert.equal(node.mempool.size, 3, "the re-added payments survive the restart");
    // The transactions reloaded from mempool.dat reach the restarted wallet.
    assert.equal(walletTotal(node), expected, "the restarted wallet agrees");
    t.diagnostic(
      `reorg depth ${BRANCH_A} (fork ${COMMON}, A ${tipA.height}, B ${tipB.height}); ` +
        `mempool after reorg ${pooled.size}; ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
