import assert from "node:assert/strict";
import { test } from "node:test";
import { feeBucketBoundaries, feeBucketIndex, INF_FEERATE } from "../src/fees/fee-buckets.js";
import { TxConfirmStats } from "../src/fees/tx-confirm-stats.js";

test("buckets start at 1 sat/vB, grow by 1.05 and end with an infinite bucket", () => {
  const buckets = feeBucketBoundaries();
  assert.equal(buckets[0], 1000);
  assert.equal(buckets.at(-1), INF_FEERATE);
  assert.ok(Math.abs(buckets[1]! / buckets[0]! - 1.05) < 1e-12);
  assert.ok(buckets.at(-2)! <= 1e7 && buckets.at(-2)! * 1.05 > 1e7);
  assert.equal(buckets.length, 190);
  // lower_bound: a feerate on a boundary belongs to that boundary's bucket.
  assert.equal(feeBucketIndex(buckets, 1000), 0);
  assert.equal(feeBucketIndex(buckets, 1), 0);
  assert.equal(feeBucketIndex(buckets, 1000.5), 1);
  assert.equal(feeBucketIndex(buckets, 1050), 1);
  assert.equal(feeBucketIndex(buckets, 5e9), buckets.length - 1);
});

test("averages decay by the horizon's factor each block", () => {
  const stats = new TxConfirmStats(feeBucketBoundaries(), 4, 0.9, 1);
  stats.record(2, 5000);
  const b = feeBucketIndex(stats.buckets, 5000);
  assert.equal(stats.txCtAvg[b], 1);
  assert.deepEqual(
    stats.confAvg.map((row) => row[b]),
    [0, 1, 1, 1], // confirmed within 2, 3 and 4 periods, not within 1
  );
  for (let i = 0; i < 10; i++) stats.updateMovingAverages();
  assert.ok(Math.abs(stats.txCtAvg[b]! - 0.9 ** 10) < 1e-12);
  assert.ok(Math.abs(stats.feerateAvg[b]! - 5000 * 0.9 ** 10) < 1e-9);
  assert.ok(Math.abs(stats.confAvg[3]![b]! - 0.9 ** 10) < 1e-12);
});

test("estimateMedianVal needs enough decayed data and the success threshold", () => {
  const buckets = feeBucketBoundaries();
  const stats = new TxConfirmStats(buckets, 12, 0.962, 1);
  const feed = (blocks: number, perBlock: number) => {
    for (let i = 0; i < blocks; i++) {
      stats.updateMovingAverages();
      for (let k = 0; k < perBlock; k++) stats.record(1, 8000);
    }
  };
  feed(200, 4);
  assert.equal(Math.round(stats.estimateMedianVal(2, 0.5, 0.85, 200)), 8000);
  // Without new data the decayed count (~105 at steady state) fades below
  // 0.5 / (1 - 0.962) = 13.2 data points after about 55 blocks.
  for (let i = 0; i < 40; i++) stats.updateMovingAverages();
  assert.equal(Math.round(stats.estimateMedianVal(2, 0.5, 0.85, 240)), 8000);
  for (let i = 0; i < 30; i++) stats.updateMovingAverages();
  assert.equal(stats.estimateMedianVal(2, 0.5, 0.85, 270), -1);
});

test("waiting and evicted transactions lower the success rate", () => {
  const buckets = feeBucketBoundaries();
  const stats = new TxConfirmStats(buckets, 12, 0.962, 1);
  for (let h = 1; h <= 100; h++) {
    stats.clearCurrent(h);
    stats.updateMovingAverages();
    for (let k = 0; k < 4; k++) stats.record(1, 8000);
  }
  assert.equal(Math.round(stats.estimateMedianVal(3, 0.5, 0.85, 100)), 8000);
  // About as many as the decayed confirmed count entered 10 blocks ago and still wait:
  // roughly 50 % success.
  const bucket = stats.newTx(90, 8000);
  for (let k = 1; k < 100; k++) stats.newTx(90, 8000);
  assert.equal(stats.estimateMedianVal(3, 0.5, 0.85, 100), -1);
  assert.equal(Math.round(stats.estimateMedianVal(3, 0.5, 0.4, 100)), 8000);
  // Evicting them records failures for every period waited.
  for (let k = 0; k < 100; k++) assert.equal(stats.removeTx(90, 100, bucket, false), true);
  assert.equal(stats.failAvg[9]![bucket], 100);
  assert.equal(stats.failAvg[10]![bucket], 0);
  assert.equal(stats.estimateMedianVal(3, 0.5, 0.85, 100), -1);
  assert.equal(stats.removeTx(90, 100, bucket, false), false);
});

test("transactions older than the ring still count as waiting until removed", () => {
  const stats = new TxConfirmStats(feeBucketBoundaries(), 12, 0.962, 1);
  for (let h = 1; h <= 100; h++) {
    stats.clearCurrent(h);
    stats.updateMovingAverages();
    for (let k = 0; k < 4; k++) stats.record(1, 8000);
  }
  let bucket = 0;
  for (let k = 0; k < 100; k++) bucket = stats.newTx(100, 8000);
  // Blocks 101..113 pass without confirming them; at 112 their ring slot is reused, so they
  // move to the "old" counts (Core's ClearCurrent) and must still weigh against success.
  for (let h = 101; h <= 113; h++) stats.clearCurrent(h);
  assert.equal(stats.estimateMedianVal(3, 0.5, 0.85, 113), -1);
  assert.equal(Math.round(stats.estimateMedianVal(3, 0.5, 0.4, 113)), 8000);
  // Leaving in a block (the caller records the confirmation) clears them without a failure.
  for (let k = 0; k < 100; k++) assert.equal(stats.removeTx(100, 113, bucket, true), true);
  assert.equal(Math.round(stats.estimateMedianVal(3, 0.5, 0.85, 113)), 8000);
  assert.equal(stats.removeTx(100, 113, bucket, true), false);
});
