import assert from "node:assert/strict";
import { test } from "node:test";
import type { Transaction } from "@hashforge/consensus";
import { compareDescendantScore } from "../src/mempool/entry-scores.js";
import { MutableEntry } from "../src/mempool/mempool-entry.js";
import { MempoolGraph } from "../src/mempool/mempool-graph.js";

/** A deterministic pseudo-random generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let nextId = 1;
/** An entry spending `parents`' first outputs (or a confirmed coin), with a random fee and size. */
function entry(parents: readonly MutableEntry[], rand: () => number): MutableEntry {
  const id = nextId++;
  const txid = new Uint8Array(32);
  new DataView(txid.buffer).setUint32(0, id, true);
  const inputs = (parents.length > 0 ? parents : [null]).map((p, i) => ({
    prevout: { txid: p?.txid ?? new Uint8Array(32).fill(0xee), vout: p ? 0 : id * 8 + i },
    scriptSig: new Uint8Array(0),
    sequence: 0,
    witness: [],
  }));
  const tx: Transaction = {
    version: 2,
    inputs,
    outputs: [{ value: 1000n, scriptPubKey: Uint8Array.of(0x51, id & 0xff, id >> 8) }],
    locktime: id,
  };
  const vsize = 100 + Math.floor(rand() * 900);
  return new MutableEntry({
    tx,
    fee: BigInt(Math.floor(rand() * 50_000)),
    feeDelta: 0n,
    weight: vsize * 4,
    vsize,
    sigOpCost: 0,
    time: Math.floor(rand() * 1000),
    height: 1,
    spendsCoinbase: false,
  });
}

test("the lazy eviction queue always names an entry of the lowest descendant score", () => {
  const rand = random(7);
  const graph = new MempoolGraph();
  const live: MutableEntry[] = [];
  let checks = 0;
  for (let step = 0; step < 3000; step++) {
    const r = rand();
    if (r < 0.55 || live.length < 5) {
      // A new entry, often a child (or grandchild) of live ones: package figures change.
      const parents =
        live.length > 0 && rand() < 0.6 ? [live[Math.floor(rand() * live.length)]!] : [];
      const e = entry(parents, rand);
      graph.add(e);
      live.push(e);
    } else if (r < 0.8) {
      // Remove an entry with its descendants, as eviction and conflicts do.
      const victim = live[Math.floor(rand() * live.length)]!;
      const set = new Set([victim, ...graph.descendantsOf(victim)]);
      graph.remove(set);
      for (let i = live.length - 1; i >= 0; i--) if (set.has(live[i]!)) live.splice(i, 1);
    } else {
      // prioritisetransaction, up or down.
      const e = live[Math.floor(rand() * live.length)]!;
      graph.applyDelta(e, BigInt(Math.floor(rand() * 40_000) - 20_000));
    }
    let worst: MutableEntry | undefined;
    for (const e of live)
      if (worst === undefined || compareDescendantScore(e, worst) < 0) worst = e;
    const picked = graph.lowestDescendantScore();
    assert.ok(picked !== undefined && worst !== undefined);
    assert.equal(compareDescendantScore(picked, worst), 0, `step ${step}`);
    checks++;
  }
  assert.equal(checks, 3000);
});
