// Mempool over time: CPFP figures, blocks, reorgs, orphans, size limit, expiry, persistence.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError, hashToHex, txid, txWeight } from "@hashforge/consensus";
import { Mempool, type MempoolAcceptResult } from "../src/mempool/mempool.js";
import { decodeMempoolDump } from "../src/mempool/mempool-dump.js";
import {
  backend,
  harness,
  makeKey,
  outputOf,
  simpleSpend,
  spend,
} from "./support/mempool-fixture.js";

function rejected(result: MempoolAcceptResult, reason: string): void {
  assert.equal(result.ok ? "accepted" : result.reason, reason);
}

const vsizeOf = (tx: Parameters<typeof txWeight>[0]) => Math.ceil(txWeight(tx) / 4);

test("tracks ancestor and descendant figures for CPFP and sorts by ancestor score", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const b = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = simpleSpend(a, h.key, 110n);
  const pv = vsizeOf(parent);
  const parentFee = BigInt(pv); // 1 sat/vB
  const parentTx = simpleSpend(a, h.key, parentFee);
  assert.ok(h.pool.accept(parentTx).ok);
  const child = simpleSpend(outputOf(parentTx), h.key, 50n * BigInt(vsizeOf(parent)));
  assert.ok(h.pool.accept(child).ok);
  const other = simpleSpend(b, h.key, 10n * BigInt(pv));
  assert.ok(h.pool.accept(other).ok);

  const p = h.pool.getEntry(txid(parentTx))!;
  const c = h.pool.getEntry(txid(child))!;
  assert.equal(c.ancestorCount, 2);
  assert.equal(c.ancestorSize, p.vsize + c.vsize);
  assert.equal(c.ancestorFees, p.fee + c.fee);
  assert.equal(c.ancestorSigOpCost, 2);
  assert.equal(p.descendantCount, 2);
  assert.equal(p.descendantSize, p.vsize + c.vsize);
  assert.equal(p.descendantFees, p.fee + c.fee);
  assert.deepEqual(c.parentTxids, [txid(parentTx)]);
  assert.deepEqual(p.parentTxids, []);
  assert.equal(h.pool.sequence, 3n);
  // Child's package (~25 sat/vB) first, then the 10 sat/vB tx, then the 1 sat/vB parent.
  assert.deepEqual(
    h.pool.entries().map((e) => e.txidHex),
    [child, other, parentTx].map((t) => hashToHex(txid(t))),
  );
  h.pool.prioritiseTransaction(txid(parentTx), 1_000n);
  assert.equal(c.ancestorFees, p.fee + c.fee + 1_000n);
  assert.equal(p.descendantFees, p.fee + c.fee + 1_000n);
  assert.equal(p.modifiedFee, p.fee + 1_000n);
});

test("removeForBlock removes confirmed transactions and conflicts", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const b = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = simpleSpend(a, h.key, 1_000n);
  const child = simpleSpend(outputOf(parent), h.key, 1_000n);
  const loser = simpleSpend(b, h.key, 1_000n);
  const loserChild = simpleSpend(outputOf(loser), h.key, 1_000n);
  for (const tx of [parent, child, loser, loserChild]) assert.ok(h.pool.accept(tx).ok);
  const winner = simpleSpend(b, h.key, 2_000n, { locktime: 5 });
  h.chain.connect([parent, winner]);
  const removed = h.pool.removeForBlock([parent, winner]);
  assert.deepEqual(
    removed.map((r) => [r.entry.txidHex, r.reason]),
    [
      [hashToHex(txid(parent)), "block"],
      [hashToHex(txid(loser)), "conflict"],
      [hashToHex(txid(loserChild)), "conflict"],
    ],
  );
  assert.equal(h.pool.size, 1);
  const c = h.pool.getEntry(txid(child))!;
  assert.equal(c.ancestorCount, 1);
  assert.equal(c.ancestorSize, c.vsize);
  assert.equal(c.ancestorFees, c.fee);
  const removedEvents = h.events.filter((e) => e.type === "tx:removed").length;
  assert.equal(removedEvents, 3);
});

test("a reorg re-adds disconnected transactions and drops what became invalid", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = simpleSpend(a, h.key, 1_000n);
  const child = simpleSpend(outputOf(parent), h.key, 1_000n);
  // A coinbase from height 102 may be spent in block 202, on top of tip 201, not before.
  const cb = h.chain.fund(h.key.p2wpkh, 1_000_000n, 102, true);
  const coinbaseSpend = simpleSpend(cb, h.key, 1_000n);
  assert.ok(h.pool.accept(parent).ok);
  rejected(h.pool.accept(coinbaseSpend), "bad-txns-premature-spend-of-coinbase");
  h.chain.connect([parent]);
  h.pool.removeForBlock([parent]);
  assert.ok(h.pool.accept(coinbaseSpend).ok);
  assert.ok(h.pool.accept(child).ok);
  assert.equal(h.pool.getEntry(txid(child))!.ancestorCount, 1);

  h.chain.disconnect([parent], [a]);
  const { added, removed } = h.pool.addBackFromDisconnectedBlock([parent]);
  assert.deepEqual(
    added.map((e) => e.txidHex),
    [hashToHex(txid(parent))],
  );
  assert.deepEqual(
    removed.map((r) => [r.entry.txidHex, r.reason]),
    [[hashToHex(txid(coinbaseSpend)), "reorg"]],
  );
  const p = h.pool.getEntry(txid(parent))!;
  const c = h.pool.getEntry(txid(child))!;
  assert.equal(p.descendantCount, 2);
  assert.equal(p.descendantFees, 2_000n);
  assert.equal(c.ancestorCount, 2);
  assert.equal(c.ancestorSize, p.vsize + c.vsize);
  // A disconnected transaction that no longer validates takes its mempool children with it.
  h.pool.removeForBlock([parent]);
  h.chain.spendCoin(a.txid, a.vout);
  const res = h.pool.addBackFromDisconnectedBlock([parent]);
  assert.equal(res.added.length, 0);
  assert.deepEqual(
    res.removed.map((r) => r.reason),
    ["reorg"],
  );
  assert.equal(h.pool.size, 0);
});

test("orphans wait for their parents and are bounded and expired", () => {
  const h = harness({ orphans: { maxCount: 2 } });
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = simpleSpend(a, h.key, 1_000n);
  const child = simpleSpend(outputOf(parent), h.key, 1_000n);
  const grandchild = simpleSpend(outputOf(child), h.key, 1_000n);
  const r1 = h.pool.processTransaction(grandchild, { peer: 7 });
  assert.equal(r1.orphaned, true);
  assert.equal(r1.result.ok ? "" : r1.result.code, "missing-inputs");
  assert.equal(h.pool.processTransaction(child).orphaned, true);
  assert.equal(h.pool.orphans.size, 2);
  const r2 = h.pool.processTransaction(parent);
  assert.ok(r2.result.ok);
  assert.deepEqual(
    r2.resolved.map((e) => e.txidHex),
    [child, grandchild].map((t) => hashToHex(txid(t))),
  );
  assert.equal(h.pool.orphans.size, 0);
  assert.equal(h.pool.size, 3);

  // Bounded: a third orphan evicts one at random.
  const missing = (n: number) =>
    simpleSpend({ txid: new Uint8Array(32).fill(n), vout: 0, output: a.output }, h.key, 1_000n);
  for (const n of [1, 2, 3]) h.pool.processTransaction(missing(n), { peer: 1 });
  assert.equal(h.pool.orphans.size, 2);
  assert.equal(h.pool.orphans.removeForPeer(1), 2);
  // Expiry after 20 minutes on the injected clock.
  h.pool.processTransaction(missing(4));
  h.clock.ms += 20 * 60 * 1000 + 1000;
  assert.equal(h.pool.orphans.expire(), 1);
  // An orphan that turns out invalid is dropped when its parent arrives.
  const b = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const p2 = simpleSpend(b, h.key, 1_000n);
  const badChild = simpleSpend(outputOf(p2), makeKey(5), 1_000n);
  assert.equal(h.pool.processTransaction(badChild).orphaned, true);
  assert.equal(h.pool.processTransaction(p2).resolved.length, 0);
  assert.equal(h.pool.orphans.size, 0);
});

test("a full mempool evicts the lowest-feerate package and raises its minimum fee", () => {
  const probe = harness();
  const u = probe.chain.fund(probe.key.p2wpkh, 1_000_000n);
  const one = simpleSpend(u, probe.key, 1_000n);
  probe.pool.accept(one);
  const usage = probe.pool.info().usage;
  const v = BigInt(vsizeOf(one));

  // A low relay floor makes the rolling minimum visible when it drops to zero.
  const h = harness({ maxMempoolBytes: usage * 3 + usage / 2, policy: { minRelayFeeRate: 100n } });
  const coins = Array.from({ length: 6 }, () => h.chain.fund(h.key.p2wpkh, 1_000_000n));
  const at = (i: number, satPerVb: bigint) => simpleSpend(coins[i]!, h.key, satPerVb * v);
  const low = at(0, 2n);
  for (const tx of [low, at(1, 10n), at(2, 20n)]) assert.ok(h.pool.accept(tx).ok);
  assert.equal(h.pool.info().mempoolMinFee, 100n);
  assert.ok(h.pool.accept(at(3, 30n)).ok);
  assert.equal(h.pool.size, 3);
  assert.equal(h.pool.has(txid(low)), false);
  const evicted = h.events.find((e) => e.type === "tx:removed");
  assert.equal(evicted?.type === "tx:removed" && evicted.reason, "sizelimit");
  assert.equal(h.pool.info().mempoolMinFee, 3000n);
  const tooCheap = h.pool.accept(at(4, 2n));
  assert.equal(tooCheap.ok ? "" : tooCheap.reason, "mempool min fee not met");
  // Above the floor but the cheapest in a full pool: trimmed at once.
  const full = h.pool.accept(at(4, 5n));
  assert.equal(full.ok ? "" : full.reason, "mempool full");
  assert.equal(h.pool.size, 3);
  // Evicting it raised the floor to its rate plus the incremental relay fee.
  assert.equal(h.pool.info().mempoolMinFee, 6000n);
  h.clock.ms += 24 * 3600 * 1000;
  assert.equal(h.pool.info().mempoolMinFee, 6000n, "no decay before a block");

  // After a block the floor decays with a 12-hour half-life (the pool is over half full), is
  // never below the incremental relay fee, and drops to zero under half of it.
  h.pool.removeForBlock([]);
  const halve = [3000n, 1500n, 1000n, 100n];
  for (const expected of halve) {
    h.clock.ms += 12 * 3600 * 1000;
    assert.equal(h.pool.info().mempoolMinFee, expected);
  }
});

test("entries expire after 336 hours with their descendants", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = simpleSpend(a, h.key, 1_000n);
  assert.ok(h.pool.accept(parent).ok);
  h.clock.ms += 3600 * 1000;
  assert.ok(h.pool.accept(simpleSpend(outputOf(parent), h.key, 1_000n)).ok);
  h.clock.ms += 335 * 3600 * 1000;
  assert.equal(h.pool.expire().length, 0);
  h.clock.ms += 1000;
  const removed = h.pool.expire();
  assert.deepEqual(
    removed.map((r) => r.reason),
    ["expiry", "expiry"],
  );
  assert.equal(h.pool.size, 0);
  // Accepting also expires old entries.
  const b = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  assert.ok(h.pool.accept(simpleSpend(b, h.key, 1_000n)).ok);
  h.clock.ms += 337 * 3600 * 1000;
  const c = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  assert.ok(h.pool.accept(simpleSpend(c, h.key, 1_000n)).ok);
  assert.equal(h.pool.size, 1);
  // An entry added later with an older time (a reloaded one) expires on its own schedule.
  const d = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const nowSeconds = Math.floor(h.clock.ms / 1000);
  const reloaded = simpleSpend(d, h.key, 1_000n);
  assert.ok(h.pool.accept(reloaded, { acceptTime: nowSeconds - 300 * 3600 }).ok);
  h.clock.ms += 37 * 3600 * 1000;
  assert.deepEqual(
    h.pool.expire().map((r) => r.entry.txidHex),
    [hashToHex(txid(reloaded))],
  );
  assert.equal(h.pool.size, 1);
});

test("serializes and reloads the mempool with times and prioritisations", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const b = h.chain.fund(makeKey(2).p2tr, 1_000_000n);
  const parent = simpleSpend(a, h.key, 1_000n);
  const child = simpleSpend(outputOf(parent), h.key, 1_000n);
  const taproot = spend({
    inputs: [{ utxo: b, key: makeKey(2) }],
    outputs: [{ value: 990_000n, scriptPubKey: h.key.p2tr }],
  });
  assert.ok(h.pool.accept(parent).ok);
  h.clock.ms += 60_000;
  assert.ok(h.pool.accept(child).ok);
  assert.ok(h.pool.accept(taproot).ok);
  h.pool.prioritiseTransaction(txid(taproot), 500n);
  const future = new Uint8Array(32).fill(0xaa);
  h.pool.prioritiseTransaction(future, -300n);
  const bytes = h.pool.serialize();
  const dump = decodeMempoolDump(bytes);
  assert.equal(dump.txs.length, 3);
  assert.deepEqual(dump.deltas, [{ txid: future, delta: -300n }]);

  const fresh = new Mempool({ chain: h.chain, backend, now: () => h.clock.ms });
  const result = fresh.deserialize(bytes);
  assert.deepEqual(result, { accepted: 3, failed: 0, expired: 0, alreadyThere: 0 });
  for (const tx of [parent, child, taproot]) {
    const before = h.pool.getEntry(txid(tx))!;
    const after = fresh.getEntry(txid(tx))!;
    assert.equal(after.time, before.time);
    assert.equal(after.modifiedFee, before.modifiedFee);
    assert.equal(after.ancestorCount, before.ancestorCount);
  }
  assert.equal(fresh.getEntry(txid(parent))!.time, 1_800_000_000);
  assert.deepEqual(fresh.serialize(), bytes);
  assert.deepEqual(fresh.deserialize(bytes), {
    accepted: 0,
    failed: 0,
    expired: 0,
    alreadyThere: 3,
  });

  // Re-validated on load: spent inputs fail; old entries expire.
  const later = new Mempool({ chain: h.chain, backend, now: () => h.clock.ms + 336 * 3600 * 1000 });
  // The parent expired; its child then misses its input.
  assert.deepEqual(later.deserialize(bytes), {
    accepted: 1,
    failed: 1,
    expired: 1,
    alreadyThere: 0,
  });
  h.chain.spendCoin(b.txid, b.vout);
  const spent = new Mempool({ chain: h.chain, backend, now: () => h.clock.ms });
  assert.deepEqual(spent.deserialize(bytes), {
    accepted: 2,
    failed: 1,
    expired: 0,
    alreadyThere: 0,
  });

  assert.throws(() => fresh.deserialize(bytes.subarray(0, bytes.length - 1)), DecodeError);
  const badMagic = bytes.slice();
  badMagic[0] = 0;
  assert.throws(
    () => fresh.deserialize(badMagic),
    (e: unknown) => e instanceof DecodeError && e.code === "bad-mempool-dump",
  );
});
