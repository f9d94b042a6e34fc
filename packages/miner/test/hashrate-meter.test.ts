// The sliding-window hashrate with an injected clock.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HashrateMeter } from "../src/hashrate-meter.js";
import { MinerError } from "../src/miner-error.js";

test("rate over completed buckets since start, then over the window; total is exact", () => {
  let now = 1_000_050;
  const meter = new HashrateMeter({ now: () => now, windowMs: 1000, bucketMs: 100 });
  assert.equal(meter.rate(), 0);
  meter.start();
  now += 40;
  meter.record(400);
  assert.equal(meter.rate(), 10_000, "within the first bucket: what there is over 40 ms");
  for (let i = 0; i < 4; i++) {
    now += 100;
    meter.record(1000); // 10 000 H/s, reported every 100 ms
  }
  // Completed buckets cover 1 000 050 .. 1 000 400: 3 reports of 1000 plus the first 400.
  assert.ok(Math.abs(meter.rate() - 3400 / 0.35) < 1e-6, `rate ${meter.rate()}`);
  for (let i = 0; i < 30; i++) {
    now += 100;
    meter.record(500); // then a steady 5000 H/s
  }
  assert.equal(meter.rate(), 5000);
  now += 30; // mid-bucket: the filling bucket is not counted, the rate holds
  assert.equal(meter.rate(), 5000);
  assert.equal(meter.total, 400 + 4000 + 30 * 500);
  now += 5000; // silence longer than the window
  assert.equal(meter.rate(), 0);
  meter.record(0);
  meter.record(-5);
  assert.equal(meter.total, 19_400);
});

test("invalid window sizes are rejected", () => {
  const now = () => 0;
  assert.throws(
    () => new HashrateMeter({ now, windowMs: 5 }),
    (e: unknown) => e instanceof MinerError && e.code === "invalid-argument",
  );
  assert.throws(() => new HashrateMeter({ now, windowMs: 1000, bucketMs: 2000 }), /bucketMs/);
});
