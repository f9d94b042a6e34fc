import assert from "node:assert/strict";
import { test } from "node:test";
import { FeeEstimator, INSUFFICIENT_DATA } from "../src/fees/fee-estimator.js";
import { FeeEstimatorError } from "../src/fees/fee-estimator-error.js";
import { type FeeClass, FeeMarket, satPerVb } from "./fees-simulation.js";

/** A steady market: 50 and 20 sat/vB next block, 10 after 3, 5 after 8, 2 never. */
const STEADY: readonly FeeClass[] = [
  { satPerVb: 50, perBlock: 4, confirmAfter: 1 },
  { satPerVb: 20, perBlock: 4, confirmAfter: 1 },
  { satPerVb: 10, perBlock: 4, confirmAfter: 3 },
  { satPerVb: 5, perBlock: 4, confirmAfter: 8 },
  { satPerVb: 2, perBlock: 4, confirmAfter: null },
];

/** After the steady market, fees fall: everything down to 2 sat/vB is mined next block. */
const CHEAP: readonly FeeClass[] = [
  { satPerVb: 20, perBlock: 4, confirmAfter: 1 },
  { satPerVb: 5, perBlock: 4, confirmAfter: 1 },
  { satPerVb: 2, perBlock: 4, confirmAfter: 1 },
];

function steadyEstimator(blocks: number): { estimator: FeeEstimator; market: FeeMarket } {
  const estimator = new FeeEstimator({ now: () => 1_700_000_000 });
  const market = new FeeMarket(estimator);
  market.run(blocks, STEADY);
  return { estimator, market };
}

test("estimates converge to the cheapest feerate that confirms within the target", () => {
  const { estimator } = steadyEstimator(300);
  const expected: [number, number][] = [
    [1, 20], // answered as target 2
    [2, 20],
    [3, 20], // 10 sat/vB takes 3 blocks: not within 85 % for target 3's half (1 block)
    [6, 10],
    [12, 10],
    [24, 5],
    [48, 5],
    [100, 5],
  ];
  for (const [target, rate] of expected) {
    for (const mode of ["economical", "conservative"] as const) {
      const estimate = estimator.estimateSmartFee(target, mode);
      assert.equal(satPerVb(estimate), rate, `target ${target} ${mode}`);
      assert.equal(estimate.blocks, target === 1 ? 2 : target);
    }
  }
  // BTC/kvB, like Core's RPC: 20 sat/vB = 20,000 sat/kvB = 0.0002 BTC/kvB.
  assert.deepEqual(estimator.estimateSmartFee(2), {
    feerate: 0.0002,
    satPerKvB: 20_000,
    blocks: 2,
  });
  // Estimates never increase with the target.
  let previous = Number.POSITIVE_INFINITY;
  for (let target = 2; target <= 140; target++) {
    const rate = satPerVb(estimator.estimateSmartFee(target));
    assert.ok(rate !== null && rate <= previous, `target ${target}`);
    previous = rate;
  }
});

test("insufficient data is reported with Core's message and the usable target", () => {
  const fresh = new FeeEstimator();
  assert.deepEqual(fresh.estimateSmartFee(6), { errors: [INSUFFICIENT_DATA], blocks: 0 });
  assert.equal(INSUFFICIENT_DATA, "Insufficient data or no feerate found");
  // Three blocks of data: targets are capped at half the span (1), too little to answer.
  const { estimator } = steadyEstimator(4);
  assert.equal(estimator.maxUsableEstimate(), 1);
  assert.deepEqual(estimator.estimateSmartFee(2), { errors: [INSUFFICIENT_DATA], blocks: 1 });
  // Long targets are lowered to what the data supports, and say so in `blocks`.
  const { estimator: short } = steadyEstimator(40);
  const capped = short.estimateSmartFee(500);
  assert.equal(capped.blocks, short.maxUsableEstimate());
  assert.equal(capped.blocks, 19);
  // A market where nothing ever confirms has no answer.
  const stuck = new FeeEstimator();
  new FeeMarket(stuck).run(200, [{ satPerVb: 3, perBlock: 10, confirmAfter: null }]);
  assert.ok("errors" in stuck.estimateSmartFee(6));
});

test("decay: economical follows a fee drop quickly, conservative remembers longer", () => {
  const { estimator, market } = steadyEstimator(300);
  market.run(90, CHEAP);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "economical")), 5);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "conservative")), 10);
  market.run(20, CHEAP);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "economical")), 2);
  assert.equal(satPerVb(estimator.estimateSmartFee(6, "economical")), 2);
  assert.equal(satPerVb(estimator.estimateSmartFee(6, "conservative")), 5);
});

test("a fee rise is followed once the new market dominates the short horizon", () => {
  const { estimator, market } = steadyEstimator(300);
  const expensive: FeeClass[] = [
    { satPerVb: 80, perBlock: 4, confirmAfter: 1 },
    { satPerVb: 50, perBlock: 4, confirmAfter: 4 },
    { satPerVb: 20, perBlock: 4, confirmAfter: null },
  ];
  market.run(100, expensive);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "economical")), 80);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "conservative")), 80);
});

test("evictions count as failures and untracked transactions are ignored", () => {
  const estimator = new FeeEstimator();
  const market = new FeeMarket(estimator, 5);
  // 30 sat/vB always mined next block; 15 sat/vB evicted after 5 blocks.
  market.run(100, [
    { satPerVb: 30, perBlock: 5, confirmAfter: 1 },
    { satPerVb: 15, perBlock: 5, confirmAfter: null },
  ]);
  assert.equal(satPerVb(estimator.estimateSmartFee(6)), 30);
  // Entries at another height than the last block, duplicates and invalid ones are not tracked.
  const txid = new Uint8Array(32).fill(1);
  const h = estimator.bestSeenHeight;
  assert.equal(
    estimator.processTransaction({ txid, fee: 1000n, vsize: 100, height: h - 1 }),
    false,
  );
  assert.equal(
    estimator.processTransaction({
      txid,
      fee: 1000n,
      vsize: 100,
      height: h,
      validForEstimation: false,
    }),
    false,
  );
  assert.equal(estimator.processTransaction({ txid, fee: 1000n, vsize: 0, height: h }), false);
  assert.equal(estimator.untrackedCount, 2);
  assert.equal(estimator.processTransaction({ txid, fee: 1000n, vsize: 100, height: h }), true);
  assert.equal(estimator.processTransaction({ txid, fee: 1000n, vsize: 100, height: h }), false);
  assert.equal(estimator.removeTx(txid), true);
  assert.equal(estimator.removeTx(txid), false);
  // Reorged or replayed blocks are ignored.
  assert.equal(estimator.processBlock(h, []), 0);
  assert.equal(estimator.bestSeenHeight, h);
});

test("tracking is bounded", () => {
  const estimator = new FeeEstimator({ maxTrackedTxs: 3 });
  estimator.processBlock(1, []);
  const results = [1, 2, 3, 4, 5].map((i) =>
    estimator.processTransaction({
      txid: new Uint8Array(32).fill(i),
      fee: 500n,
      vsize: 100,
      height: 1,
    }),
  );
  assert.deepEqual(results, [true, true, true, false, false]);
  assert.equal(estimator.trackedCount, 3);
  assert.equal(estimator.flushUnconfirmed(), 3);
  assert.equal(estimator.trackedCount, 0);
});

test("invalid confirmation targets are typed errors; the floor applies", () => {
  const { estimator } = steadyEstimator(100);
  for (const target of [0, -1, 1009, 2.5, Number.NaN]) {
    assert.throws(
      () => estimator.estimateSmartFee(target),
      (e: unknown) => e instanceof FeeEstimatorError && e.code === "invalid-conf-target",
    );
  }
  assert.deepEqual(estimator.estimateSmartFee(1008).blocks, estimator.maxUsableEstimate());
  assert.equal(satPerVb(estimator.estimateSmartFee(24, "economical", 7_000)), 7);
  assert.equal(satPerVb(estimator.estimateSmartFee(2, "economical", 7_000)), 20);
});
