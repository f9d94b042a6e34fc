import assert from "node:assert/strict";
import { test } from "node:test";
import { FeeEstimator, MAX_FILE_AGE_SECONDS } from "../src/fees/fee-estimator.js";
import { FeeEstimatorError } from "../src/fees/fee-estimator-error.js";
import { FeeMarket, satPerVb } from "./fees-simulation.js";

const T0 = 1_700_000_000;

function trained(): FeeEstimator {
  const estimator = new FeeEstimator({ now: () => T0 });
  new FeeMarket(estimator).run(200, [
    { satPerVb: 40, perBlock: 4, confirmAfter: 1 },
    { satPerVb: 12, perBlock: 4, confirmAfter: 4 },
    { satPerVb: 3, perBlock: 4, confirmAfter: null },
  ]);
  estimator.flushUnconfirmed();
  return estimator;
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof FeeEstimatorError, String(error));
    return error.code;
  }
  return "no error";
}

test("serialize/deserialize round trip keeps every estimate and the bytes", () => {
  const original = trained();
  const bytes = original.serialize();
  const restored = FeeEstimator.deserialize(bytes, { now: () => T0 + 3600 });
  assert.equal(restored.bestSeenHeight, original.bestSeenHeight);
  assert.equal(restored.maxUsableEstimate(), original.maxUsableEstimate());
  for (const target of [1, 2, 3, 5, 8, 12, 24, 48, 99]) {
    for (const mode of ["economical", "conservative"] as const) {
      assert.deepEqual(
        restored.estimateSmartFee(target, mode),
        original.estimateSmartFee(target, mode),
      );
    }
  }
  assert.equal(satPerVb(restored.estimateSmartFee(2)), 40);
  assert.equal(satPerVb(restored.estimateSmartFee(8)), 12);
  // Re-serializing at the same time gives the same bytes: nothing is lost or invented.
  const again = FeeEstimator.deserialize(bytes, { now: () => T0 }).serialize();
  assert.deepEqual(again, bytes);
  // The restored estimator keeps learning from new blocks.
  const market = new FeeMarket(restored);
  market.height = restored.bestSeenHeight;
  market.run(100, [{ satPerVb: 90, perBlock: 6, confirmAfter: 1 }]);
  assert.equal(satPerVb(restored.estimateSmartFee(2)), 90);
});

test("corrupt, foreign, newer and stale files are refused with typed errors", () => {
  const bytes = trained().serialize();
  const flipped = bytes.slice();
  flipped[100] = flipped[100]! ^ 1;
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(flipped, { now: () => T0 })),
    "corrupt",
  );
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(bytes.subarray(0, 500), { now: () => T0 })),
    "corrupt",
  );
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(new Uint8Array(3))),
    "bad-magic",
  );
  const foreign = bytes.slice();
  foreign[0] = 0x00;
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(foreign, { now: () => T0 })),
    "bad-magic",
  );
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(bytes, { now: () => T0 + MAX_FILE_AGE_SECONDS + 1 })),
    "stale",
  );
  const accepted = FeeEstimator.deserialize(bytes, {
    now: () => T0 + MAX_FILE_AGE_SECONDS + 1,
    acceptStale: true,
  });
  assert.equal(satPerVb(accepted.estimateSmartFee(2)), 40);
});

test("a file from a newer format version is refused even with a valid checksum", async () => {
  const { sha256d } = await import("@hashforge/consensus");
  const bytes = trained().serialize();
  const body = bytes.slice(0, bytes.length - 4);
  body[4] = 2; // version field (little-endian u32 after the magic)
  const resealed = new Uint8Array(bytes.length);
  resealed.set(body);
  resealed.set(sha256d(body).subarray(0, 4), body.length);
  assert.equal(
    errorCode(() => FeeEstimator.deserialize(resealed, { now: () => T0 })),
    "unsupported-version",
  );
});
