import assert from "node:assert/strict";
import { test } from "node:test";
import {
  computeProfitability,
  type ProfitabilityInput,
  projectProfitability,
  resolveProfitabilityInput,
} from "../src/index.js";

const BASE: ProfitabilityInput = {
  hashrate: 200e12,
  powerWatts: 3500,
  electricityPricePerKwh: 0.06,
  btcPrice: 95_000,
  network: { difficulty: 150e12, feesPerBlockBtc: 0, height: 840_000 },
};
const LAMBDA_PER_DAY = 2.682209014892578e-5; // 200 TH/s at 150 T
const MONTH = 30.4375;

test("flat projection: every month equals the static month", () => {
  const r = computeProfitability({ ...BASE, horizonDays: 12 * MONTH });
  assert.equal(r.projection.months.length, 12);
  for (const m of r.projection.months) {
    assert.ok(Math.abs(m.profit - r.monthly.profit) < 1e-9, `month ${m.month}`);
    assert.equal(m.halving, false);
  }
  assert.ok(Math.abs(r.projection.totalBtc - r.daily.btc * 12 * MONTH) < 1e-12);
  assert.equal(r.projection.halvings.length, 0);
  assert.equal(r.projection.roiPercent, null);
});

test("difficulty and price growth compound monthly; a partial last month is pro-rated", () => {
  const r = computeProfitability({
    ...BASE,
    horizonDays: 2.5 * MONTH,
    difficultyGrowthPercentPerMonth: 3,
    priceGrowthPercentPerMonth: -1,
    startTime: 1_764_206_160,
  });
  const [m1, m2, m3] = r.projection.months;
  assert.equal(r.projection.months.length, 3);
  assert.equal(m3!.days, 0.5 * MONTH);
  assert.ok(Math.abs(m3!.difficulty - 150e12 * 1.03 ** 2) < 1);
  assert.ok(Math.abs(m2!.btcPrice - 95_000 * 0.99) < 1e-9);
  const expectedBtc3 = ((LAMBDA_PER_DAY / 1.03 ** 2) * 3.125 * MONTH) / 2;
  assert.ok(Math.abs(m3!.btc - expectedBtc3) < 1e-15);
  assert.ok(Math.abs(m3!.electricityCost - 84 * 0.06 * MONTH * 0.5) < 1e-9);
  assert.equal(m1!.startTime, 1_764_206_160);
  assert.equal(m2!.startTime, Math.round(1_764_206_160 + MONTH * 86_400));
  assert.ok(Math.abs(r.projection.endBtcPrice - 95_000 * 0.99 ** 2) < 1e-9);
  assert.ok(Math.abs(r.projection.holdValue - r.projection.totalBtc * 95_000 * 0.99 ** 2) < 1e-9);
});

test("a halving inside the horizon cuts the subsidy from the right block", () => {
  // 1000 blocks (6.94 days at 600 s) before the fifth halving at 1,050,000.
  const r = computeProfitability({
    ...BASE,
    network: { ...BASE.network, height: 1_049_000 },
    horizonDays: 3 * MONTH,
  });
  const [m1, m2] = r.projection.months;
  const blocksPerMonth = MONTH * 144; // 4383
  assert.equal(m1!.halving, true);
  assert.equal(m2!.halving, false);
  assert.ok(
    Math.abs(m1!.subsidyBtc - (1000 * 3.125 + (blocksPerMonth - 1000) * 1.5625) / blocksPerMonth) <
      1e-12,
  );
  assert.equal(m2!.subsidyBtc, 1.5625);
  assert.equal(r.projection.halvings.length, 1);
  assert.equal(r.projection.halvings[0]!.height, 1_050_000);
  assert.ok(Math.abs(r.projection.halvings[0]!.day - 1000 / 144) < 1e-9);
  assert.equal(r.projection.halvings[0]!.month, 1);
  assert.equal(r.projection.halvings[0]!.subsidyAfterBtc, 1.5625);
  assert.ok(r.warnings.some((w) => w.includes("halving at block 1050000")));
  // The static day still uses today's 3.125 subsidy.
  assert.equal(r.network.subsidyBtc, 3.125);
});

test("the observed block rate moves the halving: faster blocks bring it forward", () => {
  const input = {
    ...BASE,
    network: { ...BASE.network, height: 1_049_000, blockIntervalSeconds: 540 },
    horizonDays: MONTH,
  };
  const p = projectProfitability(resolveProfitabilityInput(input));
  assert.ok(Math.abs(p.halvings[0]!.day - (1000 * 540) / 86_400) < 1e-9);
});

test("payback, ROI and shutdown when unprofitable", () => {
  const r = computeProfitability({ ...BASE, hardwareCost: 1000, horizonDays: 12 * MONTH });
  const daily = r.daily.profit;
  assert.ok(Math.abs(r.projection.paybackDays! - 1000 / daily) < 1e-9);
  assert.ok(Math.abs(r.projection.netProfit - (daily * 12 * MONTH - 1000)) < 1e-6);
  assert.ok(Math.abs(r.projection.roiPercent! - (r.projection.netProfit / 1000) * 100) < 1e-9);
  assert.ok(
    Math.abs(
      r.projection.allInCostPerBtc! -
        (r.projection.totalElectricityCost + 1000) / r.projection.totalBtc,
    ) < 1e-6,
  );

  // Difficulty growing 10 %/month turns the miner unprofitable at month 6 (7.96/1.1^5 < 5.04).
  const growing = { ...BASE, horizonDays: 12 * MONTH, difficultyGrowthPercentPerMonth: 10 };
  const stay = computeProfitability(growing);
  const stop = computeProfitability({ ...growing, shutdownWhenUnprofitable: true });
  assert.equal(stay.projection.unprofitableFromMonth, 6);
  assert.equal(stop.projection.unprofitableFromMonth, null);
  assert.equal(stop.projection.months[5]!.mining, false);
  assert.equal(stop.projection.months[5]!.btc, 0);
  assert.equal(stop.projection.months[4]!.mining, true);
  assert.ok(stop.projection.operatingProfit > stay.projection.operatingProfit);
  assert.ok(stay.warnings.some((w) => w.includes("month 6")));
});
