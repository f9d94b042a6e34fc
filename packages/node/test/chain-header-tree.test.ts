import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type BlockHeader,
  blockHash,
  checkProofOfWork,
  decodeHeader,
  getNextWorkRequired,
  MAIN_PARAMS,
  REGTEST_PARAMS,
} from "@hashforge/consensus";
import { readVector, reportCases, vectorSuite } from "../../consensus/test/support/vectors.js";
import { lastCommonAncestor } from "../src/chain/block-index-entry.js";
import { BlockStatus } from "../src/chain/block-status.js";
import { HeaderTree } from "../src/chain/header-tree.js";

test("mainnet headers 0..10236 build the tree through every header check", vectorSuite(), (t) => {
  const data = readVector("headers", "main-0-10236.bin");
  const tree = new HeaderTree(MAIN_PARAMS);
  const failures: string[] = [];
  const count = data.length / 80;
  for (let h = 1; h < count; h++) {
    const header = decodeHeader(data.subarray(h * 80, h * 80 + 80));
    const r = tree.addHeader(header, header.time + 60);
    if (!r.ok) failures.push(`${h}: ${r.reason}`);
    else if (r.entry.height !== h) failures.push(`${h}: height ${r.entry.height}`);
  }
  reportCases(t, "header tree: main 1..10236", count - 1, failures);
  assert.equal(tree.bestHeader.height, 10236);
  assert.equal(tree.bestHeader.chainWork, 10237n * 0x100010001n);
  // Skip-list ancestors agree with walking prev pointers.
  const tip = tree.bestHeader;
  for (const h of [0, 1, 2015, 2016, 4031, 5000, 10235]) {
    let walk = tip;
    while (walk.height > h) walk = walk.prev!;
    assert.equal(tip.ancestor(h), walk, `ancestor ${h}`);
  }
  // Re-adding is a no-op; a header whose bits are off fails the retarget rule.
  const h5 = decodeHeader(data.subarray(5 * 80, 6 * 80));
  const again = tree.addHeader(h5, h5.time);
  assert.ok(again.ok && !again.isNew);
  const h2017 = decodeHeader(data.subarray(2017 * 80, 2018 * 80));
  const lowDiff = { ...h2017, bits: 0x1d00fffe, nonce: 0 };
  assert.equal(reasonOf(tree.addHeader(lowDiff, h2017.time)), "high-hash");
  const orphan = { ...h5, prevBlock: new Uint8Array(32).fill(7) };
  assert.equal(reasonOf(tree.addHeader(orphan, h5.time)), "high-hash");
});

function reasonOf(r: { ok: boolean; reason?: string }): string {
  return r.ok ? "ok" : r.reason!;
}

/** Solves a regtest header (pow limit 0x207fffff: about one try in two). */
function mine(prev: BlockHeader, time: number, tag: number): BlockHeader {
  const params = REGTEST_PARAMS;
  const bits = getNextWorkRequired(
    { height: 0, bits: prev.bits, time: prev.time },
    () => ({ height: 0, bits: prev.bits, time: prev.time }),
    time,
    params.pow,
  );
  for (let nonce = 0; ; nonce++) {
    const header = {
      version: 4,
      prevBlock: blockHash(prev),
      merkleRoot: new Uint8Array(32).fill(tag),
      time,
      bits,
      nonce,
    };
    if (checkProofOfWork(blockHash(header), bits, params.pow.powLimit)) return header;
  }
}

test("forks: most work wins, ties keep the first seen, invalidity spreads and clears", () => {
  const tree = new HeaderTree(REGTEST_PARAMS);
  const genesis = REGTEST_PARAMS.genesisHeader;
  const now = genesis.time + 100_000;
  const add = (h: BlockHeader) => {
    const r = tree.addHeader(h, now);
    assert.ok(r.ok, reasonOf(r));
    return r.entry;
  };
  // Branch A: 3 blocks; branch B: 3 blocks from the same parent (equal work), then a 4th.
  const a1 = mine(genesis, genesis.time + 1, 1);
  const a2 = mine(a1, genesis.time + 2, 1);
  const a3 = mine(a2, genesis.time + 3, 1);
  const b2 = mine(a1, genesis.time + 2, 2);
  const b3 = mine(b2, genesis.time + 3, 2);
  const b4 = mine(b3, genesis.time + 4, 2);
  const ea1 = add(a1);
  add(a2);
  const ea3 = add(a3);
  add(b2);
  const eb3 = add(b3);
  assert.equal(tree.bestHeader, ea3, "equal work: the first seen stays best");
  const eb4 = add(b4);
  assert.equal(tree.bestHeader, eb4);
  assert.equal(lastCommonAncestor(ea3, eb4), ea1);
  assert.equal(tree.tips().length, 2);
  // Invalidate b2: b3 and b4 become FAILED_CHILD and branch A is best again.
  const eb2 = tree.get(eb3.prev!.hashHex)!;
  tree.markInvalid(eb2);
  assert.ok(eb2.status & BlockStatus.FAILED);
  assert.ok(eb4.status & BlockStatus.FAILED_CHILD);
  assert.equal(tree.bestHeader, ea3);
  // A child of an invalid block is refused; the invalid header itself is a duplicate.
  const b5 = mine(b4, genesis.time + 5, 2);
  assert.equal(reasonOf(tree.addHeader(b5, now)), "bad-prevblk");
  assert.equal(reasonOf(tree.addHeader(b3, now)), "duplicate");
  tree.clearInvalid(eb2);
  assert.equal(tree.bestHeader, eb4);
  // Timestamps: not above the median time past, or too far in the future.
  const old = mine(a3, genesis.time + 1, 3);
  assert.equal(reasonOf(tree.addHeader(old, now)), "time-too-old");
  const future = mine(a3, now + 7201, 3);
  assert.equal(reasonOf(tree.addHeader(future, now)), "time-too-new");
  const unknownParent = { ...a1, prevBlock: new Uint8Array(32).fill(9) };
  let solved = unknownParent;
  while (!checkProofOfWork(blockHash(solved), solved.bits, REGTEST_PARAMS.pow.powLimit))
    solved = { ...solved, nonce: solved.nonce + 1 };
  assert.equal(reasonOf(tree.addHeader(solved, now)), "prev-blk-not-found");
});
