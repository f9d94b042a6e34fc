import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Block,
  blockHash,
  hashToHex,
  merkleRoot,
  nobleBackend,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "../src/chain/block-index-entry.js";
import { ScriptCheckPool } from "../src/script-check/script-check-pool.js";
import {
  blockWithTxs,
  nextBlock,
  OP_TRUE_SCRIPT,
  solve,
  tempChain,
} from "./support/regtest-chain.js";

async function extend(
  chain: Awaited<ReturnType<typeof tempChain>>["chain"],
  from: BlockIndexEntry,
  count: number,
  tag: number,
  clock: { now: number },
) {
  let parent = from;
  const blocks: Block[] = [];
  for (let i = 0; i < count; i++) {
    clock.now += 1;
    const block = nextBlock(parent, clock.now, tag);
    const r = await chain.processBlock(block);
    assert.ok(r.ok, r.ok ? "" : `${r.reason} ${r.debug ?? ""}`);
    parent = r.entry;
    blocks.push(block);
  }
  return { tip: parent, blocks };
}

test("blocks connect, coins appear, and the chain survives a restart", async () => {
  const t = await tempChain();
  const { chain, clock } = t;
  assert.equal(chain.height, 0);
  const { tip, blocks } = await extend(chain, chain.tip, 5, 1, clock);
  assert.equal(chain.tip, tip);
  assert.equal(chain.height, 5);
  const coinbase = blocks[2]!.txs[0]!;
  const coin = chain.chainstate.coins.get(txid(coinbase), 0);
  assert.equal(coin?.height, 3);
  assert.equal(coin?.coinbase, true);
  assert.deepEqual(
    t.events.filter((e) => e.type === "block:connected").map((e) => e.entry.height),
    [1, 2, 3, 4, 5],
  );
  // Duplicate submission is recognised.
  const again = await chain.processBlock(blocks[4]!);
  assert.ok(again.ok && !again.isNew);
  await t.close();
  const reopened = await tempChain({ dir: t.dir });
  assert.equal(reopened.chain.height, 5);
  assert.equal(reopened.chain.tip.hashHex, tip.hashHex);
  assert.equal(reopened.chain.chainstate.coins.get(txid(coinbase), 0)?.height, 3);
  const more = await extend(reopened.chain, reopened.chain.tip, 2, 1, reopened.clock);
  assert.equal(reopened.chain.height, 7);
  assert.equal(more.tip.height, 7);
  await reopened.dispose();
});

test("a longer competing branch reorganizes the chain; undo restores the coins", async () => {
  const t = await tempChain();
  const { chain, clock, events } = t;
  const base = await extend(chain, chain.tip, 3, 1, clock);
  const a = await extend(chain, base.tip, 3, 2, clock);
  assert.equal(chain.height, 6);
  const aCoinbase = txid(a.blocks[0]!.txs[0]!);
  assert.ok(chain.chainstate.coins.get(aCoinbase, 0));
  // A branch from block 3 that is one block longer.
  events.length = 0;
  const b = await extend(chain, base.tip, 4, 3, clock);
  assert.equal(chain.tip, b.tip);
  assert.equal(chain.height, 7);
  assert.equal(
    chain.chainstate.coins.get(aCoinbase, 0),
    undefined,
    "the old branch's coins are gone",
  );
  assert.ok(chain.chainstate.coins.get(txid(b.blocks[0]!.txs[0]!), 0));
  const kinds = events.map((e) => `${e.type}:${"entry" in e ? e.entry.height : e.tip.height}`);
  assert.deepEqual(
    kinds.filter((k) => k.startsWith("block:disconnected")),
    ["block:disconnected:6", "block:disconnected:5", "block:disconnected:4"],
  );
  assert.ok(kinds.includes("tip:changed:7"));
  // invalidateblock on the new branch goes back to the old one; reconsiderblock returns.
  const b1 = chain.atHeight(4)!;
  await chain.invalidateBlock(b1);
  assert.equal(chain.tip, a.tip);
  assert.ok(chain.chainstate.coins.get(aCoinbase, 0));
  await chain.reconsiderBlock(b1);
  assert.equal(chain.tip, b.tip);
  await t.dispose();
});

test("invalid blocks are rejected with Core's reasons and never connected", async () => {
  const t = await tempChain();
  const { chain, clock } = t;
  const base = await extend(chain, chain.tip, 2, 1, clock);
  clock.now += 1;
  const good = nextBlock(base.tip, clock.now, 5);
  // Coinbase claims one satoshi too much: fails when connecting.
  const cb = good.txs[0]!;
  const greedyCb = {
    ...cb,
    outputs: [{ ...cb.outputs[0]!, value: cb.outputs[0]!.value + 1n }, ...cb.outputs.slice(1)],
  };
  const greedy = solve({
    header: {
      ...good.header,
      merkleRoot: merkleRoot([txid(greedyCb), ...good.txs.slice(1).map(txid)]).root,
    },
    txs: [greedyCb, ...good.txs.slice(1)],
  });
  const r = await chain.processBlock(greedy);
  assert.equal(r.ok ? "ok" : r.reason, "bad-cb-amount");
  assert.equal(chain.tip, base.tip);
  // A child of the invalid block is refused outright.
  clock.now += 1;
  const greedyEntry = chain.tree.get(hashToHex(blockHash(greedy.header)))!;
  const child = await chain.processBlock(nextBlock(greedyEntry, clock.now, 6));
  assert.equal(child.ok ? "ok" : child.reason, "bad-prevblk");
  // A merkle mismatch is "mutated": the header is not marked invalid, the good block still goes in.
  const mutated = { header: good.header, txs: [good.txs[0]!, good.txs[0]!] };
  const m = await chain.processBlock(mutated);
  assert.ok(!m.ok && ["bad-txnmrklroot", "bad-txns-duplicate"].includes(m.reason));
  const ok = await chain.processBlock(good);
  assert.ok(ok.ok);
  assert.equal(chain.tip, ok.entry);
  await t.dispose();
});

test("blocks submitted concurrently are processed one at a time", async () => {
  const t = await tempChain();
  const { chain, clock } = t;
  // Build 30 blocks on a branch first (on a scratch chain), then submit them all at once.
  const scratch = await tempChain();
  const built = await extend(scratch.chain, scratch.chain.tip, 30, 7, scratch.clock);
  await scratch.dispose();
  clock.now = scratch.clock.now;
  const results = await Promise.all(built.blocks.map((b) => chain.processBlock(b)));
  assert.ok(results.every((r) => r.ok));
  assert.equal(chain.height, 30);
  assert.equal(chain.tip.hashHex, built.tip.hashHex);
  await t.dispose();
});

test("with a script check pool, blocks connect and a failing script rejects the block", async () => {
  const pool = (await ScriptCheckPool.start({
    threads: 1,
    backend: nobleBackend,
    minParallelInputs: 1,
  }))!;
  let verified = 0;
  const t = await tempChain({
    scriptChecks: {
      verify(jobs, flags) {
        verified += jobs.length;
        return pool.verify(jobs, flags);
      },
    },
  });
  try {
    const { chain, clock } = t;
    const base = await extend(chain, chain.tip, 105, 1, clock);
    const coinbaseOf = (h: number) => base.blocks[h - 1]!.txs[0]!;
    const spend = (h: number, scriptSig: Uint8Array): Transaction => ({
      version: 2,
      inputs: [
        {
          prevout: { txid: txid(coinbaseOf(h)), vout: 0 },
          scriptSig,
          sequence: 0xffffffff,
          witness: [],
        },
      ],
      outputs: [{ value: coinbaseOf(h).outputs[0]!.value - 1000n, scriptPubKey: OP_TRUE_SCRIPT }],
      locktime: 0,
    });
    const OP_RETURN = Uint8Array.of(0x6a);
    // The third of four transactions fails: its batch is the worker's.
    clock.now += 1;
    const bad = blockWithTxs(base.tip, clock.now, [
      spend(1, new Uint8Array(0)),
      spend(2, new Uint8Array(0)),
      spend(3, OP_RETURN),
      spend(4, new Uint8Array(0)),
    ]);
    const rejected = await chain.processBlock(bad);
    assert.equal(
      rejected.ok ? "ok" : rejected.reason,
      "block-script-verify-flag-failed (OP_RETURN was encountered)",
    );
    assert.match(
      rejected.ok ? "" : (rejected.debug ?? ""),
      /OP_RETURN in input 0 of transaction 3/,
    );
    assert.equal(chain.tip, base.tip);
    assert.ok(chain.chainstate.coins.get(txid(coinbaseOf(1)), 0), "nothing was spent");
    // The same spends, all valid, connect.
    const good = blockWithTxs(
      base.tip,
      clock.now,
      [1, 2, 3, 4].map((h) => spend(h, new Uint8Array(0))),
    );
    const accepted = await chain.processBlock(good);
    assert.ok(accepted.ok, accepted.ok ? "" : accepted.reason);
    assert.equal(chain.tip, accepted.entry);
    assert.equal(chain.chainstate.coins.get(txid(coinbaseOf(1)), 0), undefined);
    assert.ok(verified >= 8, "both blocks went through the pool");
  } finally {
    await t.dispose();
    await pool.close();
  }
});

test("verifychain checks stored blocks, undo data and a disconnect/reconnect of the tip", async () => {
  const t = await tempChain();
  try {
    const { chain, clock } = t;
    const base = await extend(chain, chain.tip, 103, 1, clock);
    const spend = (h: number): Transaction => {
      const cb = base.blocks[h - 1]!.txs[0]!;
      return {
        version: 2,
        inputs: [
          {
            prevout: { txid: txid(cb), vout: 0 },
            scriptSig: new Uint8Array(0),
            sequence: 0xffffffff,
            witness: [],
          },
        ],
        outputs: [{ value: cb.outputs[0]!.value - 500n, scriptPubKey: OP_TRUE_SCRIPT }],
        locktime: 0,
      };
    };
    for (const h of [1, 2]) {
      clock.now += 1;
      const r = await chain.processBlock(blockWithTxs(chain.tip, clock.now, [spend(h)]));
      assert.ok(r.ok, r.ok ? "" : r.reason);
    }
    await chain.flush();
    for (const level of [0, 1, 2, 3, 4]) {
      assert.equal(await chain.verifyChain(level, 6), true, `level ${level}`);
    }
    assert.equal(await chain.verifyChain(4, 0), true, "all blocks");
    // The live UTXO set was only read: the tip's coins are there, the spent ones are not.
    const tipTx = (await chain.readBlock(chain.tip)).txs[1]!;
    assert.equal(chain.height, 105);
    assert.equal(hashToHex(chain.chainstate.bestBlock!), chain.tip.hashHex);
    assert.ok(chain.chainstate.coins.get(txid(tipTx), 0));
    assert.equal(chain.chainstate.coins.get(tipTx.inputs[0]!.prevout.txid, 0), undefined);
    // A coin the tip block created changes value: disconnecting the tip is no longer clean
    // (Core's "transaction output mismatch").
    const created = chain.chainstate.coins.spend(txid(tipTx), 0)!;
    const tampered = {
      ...created,
      output: { ...created.output, value: created.output.value + 1n },
    };
    chain.chainstate.coins.add(txid(tipTx), 0, tampered, false);
    assert.equal(await chain.verifyChain(2, 6), true, "levels below 3 do not look at coins");
    assert.equal(await chain.verifyChain(3, 6), false, "a coin of the wrong value");
    chain.chainstate.coins.spend(txid(tipTx), 0);
    chain.chainstate.coins.add(txid(tipTx), 0, { ...created, height: created.height - 1 }, false);
    assert.equal(await chain.verifyChain(3, 6), false, "a coin at the wrong height");
    // It goes missing.
    chain.chainstate.coins.spend(txid(tipTx), 0);
    assert.equal(await chain.verifyChain(3, 6), false, "a missing coin");
  } finally {
    await t.dispose();
  }
});

test("a UTXO snapshot keeps its tip's coins while more blocks connect", async () => {
  const t = await tempChain();
  try {
    const { chain, clock } = t;
    await extend(chain, chain.tip, 5, 1, clock);
    const { tip, entries } = await chain.utxoSnapshot();
    assert.equal(tip, chain.tip);
    await extend(chain, chain.tip, 3, 1, clock);
    await chain.flush();
    let count = 0;
    for await (const _ of entries) count++;
    assert.equal(
      count,
      5,
      "one coinbase coin per block up to the snapshot's tip (genesis has none)",
    );
    const later = await chain.utxoSnapshot();
    let now = 0;
    for await (const _ of later.entries) now++;
    assert.equal(now, 8);
  } finally {
    await t.dispose();
  }
});
