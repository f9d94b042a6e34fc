// Replace-by-fee (full RBF, Core 28 rules) and chain limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hashToHex, txid, txWeight } from "@hashforge/consensus";
import type { MempoolAcceptResult } from "../src/mempool/mempool.js";
import {
  harness,
  outputOf,
  SEQUENCE_FINAL,
  simpleSpend,
  spend,
  type Utxo,
} from "./support/mempool-fixture.js";

function rejected(result: MempoolAcceptResult, reason: string, code?: string): void {
  assert.equal(result.ok, false, `expected ${reason}, got accepted`);
  if (result.ok) return;
  assert.equal(result.reason, reason, result.debug);
  if (code !== undefined) assert.equal(result.code, code);
}

test("a replacement paying more evicts the original and its descendants", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  // No BIP125 signal: full RBF replaces it anyway.
  const original = spend({
    inputs: [{ utxo, key: h.key, sequence: SEQUENCE_FINAL }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  assert.ok(h.pool.accept(original).ok);
  const child = simpleSpend(outputOf(original), h.key, 1_000n);
  assert.ok(h.pool.accept(child).ok);
  const replacement = simpleSpend(utxo, h.key, 3_000n + 200n);
  const r = h.pool.accept(replacement);
  assert.ok(r.ok, r.ok ? "" : `${r.reason} ${r.debug}`);
  assert.deepEqual(
    new Set(r.replaced.map((e) => e.txidHex)),
    new Set([hashToHex(txid(original)), hashToHex(txid(child))]),
  );
  assert.equal(r.replaced.length, 2);
  assert.equal(h.pool.size, 1);
  assert.ok(h.pool.has(txid(replacement)));
  const removed = h.events.filter((e) => e.type === "tx:removed");
  assert.deepEqual(
    removed.map((e) => e.type === "tx:removed" && e.reason),
    ["replaced", "replaced"],
  );
});

test("replacement fee rules reject with Core's reasons", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const original = simpleSpend(utxo, h.key, 1_000n);
  assert.ok(h.pool.accept(original).ok);
  const vsize = Math.ceil(txWeight(original) / 4);
  // Same fee, same size: the fee rate is not higher (rule 6).
  rejected(
    h.pool.accept(
      simpleSpend(utxo, h.key, 1_000n, { entropy: new Uint8Array(32).fill(1), locktime: 1 }),
    ),
    "insufficient fee",
    "reconsiderable",
  );
  // Higher rate but not paying the incremental relay fee for its own size (rule 4).
  rejected(
    h.pool.accept(simpleSpend(utxo, h.key, 1_000n + BigInt(vsize) - 1n)),
    "insufficient fee",
    "reconsiderable",
  );
  const ok = h.pool.accept(simpleSpend(utxo, h.key, 1_000n + BigInt(vsize)));
  assert.ok(ok.ok);
});

test("a replacement must pay at least the fees of everything it evicts", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const original = simpleSpend(utxo, h.key, 1_000n);
  assert.ok(h.pool.accept(original).ok);
  const child = simpleSpend(outputOf(original), h.key, 20_000n);
  assert.ok(h.pool.accept(child).ok);
  // Beats the parent's rate but not the 21,000 sat the pair pays (rule 3).
  const r = h.pool.accept(simpleSpend(utxo, h.key, 5_000n));
  rejected(r, "insufficient fee");
  assert.match(r.ok ? "" : (r.debug ?? ""), /less fees than conflicting txs/);
  assert.equal(h.pool.size, 2);
});

test("a replacement may not add unconfirmed inputs or spend what it replaces", () => {
  const h = harness();
  const a = h.chain.fund(h.key.p2wpkh, 100_000n);
  const b = h.chain.fund(h.key.p2wpkh, 100_000n);
  const original = simpleSpend(a, h.key, 1_000n);
  const unrelated = simpleSpend(b, h.key, 1_000n);
  assert.ok(h.pool.accept(original).ok);
  assert.ok(h.pool.accept(unrelated).ok);
  const addsUnconfirmed = spend({
    inputs: [
      { utxo: a, key: h.key },
      { utxo: outputOf(unrelated), key: h.key },
    ],
    outputs: [{ value: 150_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(addsUnconfirmed), "replacement-adds-unconfirmed", "mempool-policy");
  const spendsConflict = spend({
    inputs: [
      { utxo: a, key: h.key },
      { utxo: outputOf(original), key: h.key },
    ],
    outputs: [{ value: 150_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(spendsConflict), "bad-txns-spends-conflicting-tx", "consensus");
});

test("without full RBF a non-signalling transaction cannot be replaced", () => {
  const h = harness({ fullRbf: false });
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const final = spend({
    inputs: [{ utxo, key: h.key, sequence: 0xfffffffe }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  assert.ok(h.pool.accept(final).ok);
  rejected(h.pool.accept(simpleSpend(utxo, h.key, 5_000n)), "txn-mempool-conflict", "conflict");
  const u2 = h.chain.fund(h.key.p2wpkh, 100_000n);
  assert.ok(h.pool.accept(simpleSpend(u2, h.key, 1_000n)).ok);
  assert.ok(h.pool.accept(simpleSpend(u2, h.key, 5_000n)).ok);
});

test("a replacement may evict at most 100 transactions", () => {
  const h = harness({
    limits: { descendantCount: 200, ancestorCount: 200, descendantSizeVbytes: 1_000_000 },
  });
  const utxo = h.chain.fund(h.key.p2wpkh, 10_000_000n);
  const fanout = spend({
    inputs: [{ utxo, key: h.key }],
    outputs: Array.from({ length: 100 }, () => ({ value: 99_000n, scriptPubKey: h.key.p2wpkh })),
  });
  assert.ok(h.pool.accept(fanout).ok);
  for (let i = 0; i < 100; i++) {
    const r = h.pool.accept(simpleSpend(outputOf(fanout, i), h.key, 500n));
    assert.ok(r.ok, `child ${i}`);
  }
  assert.equal(h.pool.getEntry(txid(fanout))?.descendantCount, 101);
  rejected(
    h.pool.accept(simpleSpend(utxo, h.key, 1_000_000n)),
    "too many potential replacements",
    "mempool-policy",
  );
});

function chainOf(h: ReturnType<typeof harness>, start: Utxo, n: number): { tip: Utxo; ok: number } {
  let tip = start;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const tx = simpleSpend(tip, h.key, 1_000n);
    const r = h.pool.accept(tx);
    if (!r.ok) break;
    ok++;
    tip = outputOf(tx);
  }
  return { tip, ok };
}

test("limits unconfirmed chains to 25 transactions", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const { tip, ok } = chainOf(h, utxo, 25);
  assert.equal(ok, 25);
  const last = h.pool.entries().find((e) => e.ancestorCount === 25);
  assert.ok(last);
  const r = h.pool.accept(simpleSpend(tip, h.key, 1_000n));
  rejected(r, "too-long-mempool-chain", "mempool-policy");
  assert.match(r.ok ? "" : (r.debug ?? ""), /too many unconfirmed ancestors \[limit: 25\]/);
});

test("limits descendants, with Core's CPFP carve-out of one small extra child", () => {
  const h = harness({ limits: { descendantCount: 3 } });
  const utxo = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const parent = spend({
    inputs: [{ utxo, key: h.key }],
    outputs: Array.from({ length: 5 }, () => ({ value: 100_000n, scriptPubKey: h.key.p2wpkh })),
  });
  assert.ok(h.pool.accept(parent).ok);
  assert.ok(h.pool.accept(simpleSpend(outputOf(parent, 0), h.key, 1_000n)).ok);
  assert.ok(h.pool.accept(simpleSpend(outputOf(parent, 1), h.key, 1_000n)).ok);
  // Third child: over the limit, but allowed by the carve-out (one parent, small).
  assert.ok(h.pool.accept(simpleSpend(outputOf(parent, 2), h.key, 1_000n)).ok);
  const r = h.pool.accept(simpleSpend(outputOf(parent, 3), h.key, 1_000n));
  rejected(r, "too-long-mempool-chain");
  assert.match(r.ok ? "" : (r.debug ?? ""), /too many descendants for tx/);
});

test("limits ancestor size", () => {
  const h = harness({ limits: { ancestorSizeVbytes: 250 } });
  const utxo = h.chain.fund(h.key.p2wpkh, 1_000_000n);
  const { ok } = chainOf(h, utxo, 3);
  assert.equal(ok, 2);
});
