// Mempool acceptance: every reject reason of AcceptToMemoryPool with real signed transactions.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  buildScript,
  hashToHex,
  OP,
  type Transaction,
  txid,
  txWeight,
  wtxid,
} from "@hashforge/consensus";
import type { MempoolAcceptResult } from "../src/mempool/mempool.js";
import {
  harness,
  makeKey,
  outputOf,
  p2wsh,
  SEQUENCE_FINAL,
  simpleSpend,
  spend,
} from "./support/mempool-fixture.js";

function rejected(result: MempoolAcceptResult, reason: string, code?: string): void {
  assert.equal(result.ok, false, `expected ${reason}, got accepted`);
  if (result.ok) return;
  assert.equal(result.reason, reason, result.debug);
  if (code !== undefined) assert.equal(result.code, code);
}

test("accepts a P2WPKH spend and records its entry", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const tx = simpleSpend(utxo, h.key, 1_000n);
  const r = h.pool.accept(tx);
  assert.ok(r.ok, r.ok ? "" : `${r.reason} ${r.debug}`);
  const e = h.pool.getEntry(txid(tx))!;
  assert.equal(e.fee, 1_000n);
  assert.equal(e.weight, txWeight(tx));
  assert.equal(e.vsize, Math.ceil(txWeight(tx) / 4));
  assert.equal(e.sigOpCost, 1);
  assert.equal(e.ancestorCount, 1);
  assert.equal(e.descendantCount, 1);
  assert.equal(e.time, 1_800_000_000);
  assert.equal(e.height, 200);
  assert.deepEqual(h.pool.getEntryByWtxid(wtxid(tx))?.txidHex, e.txidHex);
  assert.deepEqual(
    h.events.map((ev) => ev.type),
    ["tx:accepted"],
  );
  const info = h.pool.info();
  assert.equal(info.size, 1);
  assert.equal(info.bytes, e.vsize);
  assert.equal(info.totalFee, 1_000n);
  assert.equal(info.mempoolMinFee, 1000n);
  assert.ok(info.usage > 0);
});

test("accepts a P2TR key-path spend; testOnly leaves the pool unchanged", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2tr, 50_000n);
  const tx = spend({
    inputs: [{ utxo, key: h.key }],
    outputs: [{ value: 49_000n, scriptPubKey: h.key.p2tr }],
  });
  const test1 = h.pool.accept(tx, { testOnly: true });
  assert.ok(test1.ok);
  assert.equal(h.pool.size, 0);
  assert.equal(h.events.length, 0);
  assert.ok(h.pool.accept(tx).ok);
  assert.equal(h.pool.size, 1);
});

test("rejects invalid and non-standard transactions early", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const dup = spend({
    inputs: [
      { utxo, key: h.key },
      { utxo, key: h.key },
    ],
    outputs: [{ value: 1000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(dup), "bad-txns-inputs-duplicate", "consensus");
  const coinbase: Transaction = {
    version: 1,
    locktime: 0,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: new Uint8Array([1, 1]),
        sequence: 0,
        witness: [],
      },
    ],
    outputs: [{ value: 1000n, scriptPubKey: h.key.p2wpkh }],
  };
  rejected(h.pool.accept(coinbase), "coinbase", "consensus");
  rejected(h.pool.accept(simpleSpend(utxo, h.key, 99_800n)), "dust", "not-standard");
  rejected(
    h.pool.accept(simpleSpend(utxo, h.key, 1_000n, { version: 4 })),
    "version",
    "not-standard",
  );
  // 1 input + 1 OP_RETURN output of 4 bytes: 60 bytes without witness.
  const small = spend({
    inputs: [{ utxo, key: h.key }],
    outputs: [{ value: 0n, scriptPubKey: buildScript([OP.OP_RETURN, new Uint8Array(2)]) }],
  });
  rejected(h.pool.accept(small), "tx-size-small", "not-standard");
  // Non-standard transactions pass the standardness gates when requireStandard is off.
  const lax = harness({ requireStandard: false });
  const u2 = lax.chain.fund(lax.key.p2wpkh, 100_000n);
  assert.ok(lax.pool.accept(simpleSpend(u2, lax.key, 99_800n)).ok);
});

test("rejects non-final and non-BIP68-final transactions", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n, 195);
  rejected(
    h.pool.accept(simpleSpend(utxo, h.key, 1000n, { locktime: 201 })),
    "non-final",
    "premature-spend",
  );
  const timeLocked = simpleSpend(utxo, h.key, 1000n, { locktime: h.chain.medianTimePast() });
  rejected(h.pool.accept(timeLocked), "non-final");
  // A final sequence disables the lock time.
  const finalSeq = spend({
    inputs: [{ utxo, key: h.key, sequence: SEQUENCE_FINAL }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
    locktime: 500,
  });
  assert.ok(h.pool.accept(finalSeq, { testOnly: true }).ok);
  assert.ok(
    h.pool.accept(simpleSpend(utxo, h.key, 1000n, { locktime: 200 }), { testOnly: true }).ok,
  );
  // Coin at 195, next block 201: a relative lock of 7 blocks needs height 202.
  const rel = (n: number) =>
    spend({
      inputs: [{ utxo, key: h.key, sequence: n }],
      outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
    });
  rejected(h.pool.accept(rel(7)), "non-BIP68-final", "premature-spend");
  assert.ok(h.pool.accept(rel(6), { testOnly: true }).ok);
  // Version 1 does not enforce BIP68.
  const v1 = spend({
    version: 1,
    inputs: [{ utxo, key: h.key, sequence: 7 }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  assert.ok(h.pool.accept(v1, { testOnly: true }).ok);
});

test("detects duplicates, missing inputs and already-confirmed transactions", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const tx = simpleSpend(utxo, h.key, 1000n);
  assert.ok(h.pool.accept(tx).ok);
  rejected(h.pool.accept(tx), "txn-already-in-mempool", "conflict");
  const malleated = simpleSpend(utxo, h.key, 1000n, { entropy: new Uint8Array(32).fill(7) });
  assert.deepEqual(txid(malleated), txid(tx));
  assert.notDeepEqual(wtxid(malleated), wtxid(tx));
  rejected(h.pool.accept(malleated), "txn-same-nonwitness-data-in-mempool", "conflict");
  const orphan = simpleSpend(
    { txid: new Uint8Array(32).fill(9), vout: 0, output: utxo.output },
    h.key,
    1000n,
  );
  rejected(h.pool.accept(orphan), "bad-txns-inputs-missingorspent", "missing-inputs");
  // Confirmed: its input is gone and its output is in the UTXO set.
  const h2 = harness();
  const u2 = h2.chain.fund(h2.key.p2wpkh, 100_000n);
  const mined = simpleSpend(u2, h2.key, 1000n);
  h2.chain.connect([mined]);
  rejected(h2.pool.accept(mined), "txn-already-known", "conflict");
});

test("checks inputs by consensus: coinbase maturity and value", () => {
  const h = harness();
  const young = h.chain.fund(h.key.p2wpkh, 100_000n, 150, true);
  rejected(
    h.pool.accept(simpleSpend(young, h.key, 1000n)),
    "bad-txns-premature-spend-of-coinbase",
    "premature-spend",
  );
  const mature = h.chain.fund(h.key.p2wpkh, 100_000n, 101, true);
  assert.ok(h.pool.accept(simpleSpend(mature, h.key, 1000n)).ok);
  assert.equal(h.pool.getEntry(txid(simpleSpend(mature, h.key, 1000n)))?.spendsCoinbase, true);
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  rejected(h.pool.accept(simpleSpend(utxo, h.key, -1n)), "bad-txns-in-belowout", "consensus");
});

test("rejects non-standard inputs, witnesses and sigop-heavy transactions", () => {
  const h = harness();
  const bare = h.chain.fund(new Uint8Array([OP.OP_1]), 100_000n);
  const spendBare = spend({
    inputs: [{ utxo: bare, key: null }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(spendBare), "bad-txns-nonstandard-inputs", "inputs-not-standard");

  const script = buildScript([OP.OP_DROP, OP.OP_1]);
  const wsh = h.chain.fund(p2wsh(script), 100_000n);
  const bigItem = spend({
    inputs: [{ utxo: wsh, key: null, witness: [new Uint8Array(81), script] }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(bigItem), "bad-witness-nonstandard", "witness-mutated");
  const okItem = spend({
    inputs: [{ utxo: wsh, key: null, witness: [new Uint8Array(80), script] }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  assert.ok(h.pool.accept(okItem, { testOnly: true }).ok);

  // 801 CHECKMULTISIGs without a key count: 20 sigops each, 16,020 > 16,000.
  const heavy = new Uint8Array(801).fill(OP.OP_CHECKMULTISIG);
  const heavyCoin = h.chain.fund(p2wsh(heavy), 100_000n);
  const heavyTx = spend({
    inputs: [{ utxo: heavyCoin, key: null, witness: [heavy] }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(h.pool.accept(heavyTx), "bad-txns-too-many-sigops", "not-standard");
});

test("enforces the minimum relay fee on the sigop-adjusted size", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const probe = simpleSpend(utxo, h.key, 1n);
  const vsize = Math.ceil(txWeight(probe) / 4);
  rejected(
    h.pool.accept(simpleSpend(utxo, h.key, BigInt(vsize - 1))),
    "min relay fee not met",
    "reconsiderable",
  );
  assert.ok(h.pool.accept(simpleSpend(utxo, h.key, BigInt(vsize)), { testOnly: true }).ok);
  // bypassLimits skips the fee floors (reorg re-adds).
  assert.ok(h.pool.accept(simpleSpend(utxo, h.key, 0n), { bypassLimits: true, testOnly: true }).ok);
  // A prioritisation delta counts as fee.
  const cheap = simpleSpend(utxo, h.key, 10n);
  h.pool.prioritiseTransaction(txid(cheap), 1000n);
  const r = h.pool.accept(cheap);
  assert.ok(r.ok);
  assert.equal(r.entry.fee, 10n);
  assert.equal(r.entry.modifiedFee, 1010n);
});

test("tells policy script failures from consensus ones", () => {
  const h = harness();
  // OP_NOP10 is fine by consensus but discouraged by policy.
  const script = buildScript([OP.OP_NOP10, OP.OP_1]);
  const coin = h.chain.fund(p2wsh(script), 100_000n);
  const nop = spend({
    inputs: [{ utxo: coin, key: null, witness: [script] }],
    outputs: [{ value: 99_000n, scriptPubKey: h.key.p2wpkh }],
  });
  rejected(
    h.pool.accept(nop),
    "mempool-script-verify-flag-failed (NOPx reserved for soft-fork upgrades)",
    "not-standard",
  );
  // A signature by the wrong key: NULLFAIL under policy, a false result by consensus.
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const other = makeKey(9);
  const forged = simpleSpend(utxo, h.key, 1000n);
  const wrongSig = simpleSpend(utxo, { ...h.key, secret: other.secret }, 1000n);
  const tx: Transaction = {
    ...forged,
    inputs: [{ ...forged.inputs[0]!, witness: [wrongSig.inputs[0]!.witness[0]!, h.key.pubkey] }],
  };
  rejected(
    h.pool.accept(tx),
    "mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)",
    "consensus",
  );
  // The same spend without its witness looks stripped.
  const stripped: Transaction = { ...forged, inputs: [{ ...forged.inputs[0]!, witness: [] }] };
  const r = h.pool.accept(stripped);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.code, "witness-stripped");
    assert.match(r.reason, /^mandatory-script-verify-flag-failed/);
  }
});

test("applies TRUC (version 3) inheritance and size rules", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const parent = simpleSpend(utxo, h.key, 1000n);
  assert.ok(h.pool.accept(parent).ok);
  rejected(
    h.pool.accept(simpleSpend(outputOf(parent), h.key, 1000n, { version: 3 })),
    "TRUC-violation",
    "mempool-policy",
  );
  const u2 = h.chain.fund(h.key.p2wpkh, 100_000n);
  const trucParent = simpleSpend(u2, h.key, 1000n, { version: 3 });
  assert.ok(h.pool.accept(trucParent).ok);
  rejected(
    h.pool.accept(simpleSpend(outputOf(trucParent), h.key, 1000n, { version: 2 })),
    "TRUC-violation",
  );
  assert.ok(h.pool.accept(simpleSpend(outputOf(trucParent), h.key, 1000n, { version: 3 })).ok);
  const grandchild = simpleSpend(
    outputOf(simpleSpend(outputOf(trucParent), h.key, 1000n, { version: 3 })),
    h.key,
    1000n,
    { version: 3 },
  );
  rejected(h.pool.accept(grandchild), "TRUC-violation");
});

test("a TRUC child may evict its sibling under replacement rules", () => {
  const h = harness();
  const utxo = h.chain.fund(h.key.p2wpkh, 100_000n);
  const parent = spend({
    version: 3,
    inputs: [{ utxo, key: h.key }],
    outputs: [
      { value: 40_000n, scriptPubKey: h.key.p2wpkh },
      { value: 40_000n, scriptPubKey: h.key.p2wpkh },
    ],
  });
  assert.ok(h.pool.accept(parent).ok);
  const first = simpleSpend(outputOf(parent, 0), h.key, 1_000n, { version: 3 });
  assert.ok(h.pool.accept(first).ok);
  const cheap = simpleSpend(outputOf(parent, 1), h.key, 1_000n, { version: 3 });
  rejected(h.pool.accept(cheap), "insufficient fee (including sibling eviction)", "reconsiderable");
  const better = simpleSpend(outputOf(parent, 1), h.key, 3_000n, { version: 3 });
  const r = h.pool.accept(better);
  assert.ok(r.ok, r.ok ? "" : r.reason);
  assert.deepEqual(
    r.replaced.map((e) => e.txidHex),
    [hashToHex(txid(first))],
  );
  assert.equal(h.pool.has(txid(first)), false);
});
