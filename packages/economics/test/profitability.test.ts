import assert from "node:assert/strict";
import { test } from "node:test";
import {
  computeProfitability,
  EconomicsError,
  PROFITABILITY_LIMITS,
  type ProfitabilityInput,
} from "../src/index.js";

// 200 TH/s, 3500 W, $0.06/kWh, $95,000, difficulty 150 T, no fees, era of 3.125 BTC.
const BASE: ProfitabilityInput = {
  hashrate: 200e12,
  powerWatts: 3500,
  electricityPricePerKwh: 0.06,
  btcPrice: 95_000,
  network: { difficulty: 150e12, feesPerBlockBtc: 0, height: 925_344 },
};

const { powerWatts: _basePower, ...BASE_WITHOUT_POWER } = BASE;

/** BASE with efficiency instead of power. */
function withEfficiency(efficiencyJPerTH: number): ProfitabilityInput {
  return { ...BASE_WITHOUT_POWER, efficiencyJPerTH };
}

function close(actual: number | null, expected: number, tolerance = 1e-9, what = ""): void {
  assert.ok(actual !== null, `${what}: got null`);
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

test("hand-computed day: 200 TH/s, 3500 W at $0.06, $95k, D = 150 T", () => {
  const r = computeProfitability(BASE);
  // blocks/day = 200e12 x 86400 / (150e12 x 2^32) = 2.6822090148925781e-5; x 3.125 BTC
  close(r.daily.btc, 8.381903171539307e-5, 1e-12, "btc/day");
  close(r.daily.revenue, 7.962808012962341, 1e-12, "revenue/day");
  close(r.daily.energyKwh, 84, 1e-12, "kWh/day"); // 3.5 kW x 24 h
  close(r.daily.electricityCost, 5.04, 1e-12, "electricity/day");
  close(r.daily.profit, 2.9228080129623413, 1e-12, "profit/day");
  close(r.monthly.profit, 2.9228080129623413 * 30.4375, 1e-12, "profit/month");
  close(r.breakEven.electricityPricePerKwh, 0.09479533348764692, 1e-12, "break-even kWh price");
  close(r.breakEven.btcPrice, 60129.542144, 1e-9, "break-even BTC price");
  close(
    r.breakEven.difficulty,
    150e12 * (7.962808012962341 / 5.04),
    1e-12,
    "break-even difficulty",
  );
  close(r.miner.efficiencyJPerTH, 17.5, 1e-12, "J/TH");
  close(r.energy.kWhPerBtc, 84 / 8.381903171539307e-5, 1e-12, "kWh/BTC");
  assert.equal(r.energy.co2KgPerDay, null);
  close(r.costPerBtc, 60129.542144, 1e-9, "cost per BTC");
  close(
    r.operatingMarginPercent,
    ((7.962808012962341 - 5.04) / 7.962808012962341) * 100,
    1e-12,
    "margin",
  );
  assert.equal(r.network.subsidyBtc, 3.125);
  assert.equal(r.paybackDaysAtCurrentConditions, null, "no hardware cost, no payback");
  assert.deepEqual(r.warnings, []);
});

test("uptime, PUE, pool fee, fixed costs and CO2 enter where they should", () => {
  const r = computeProfitability({
    ...BASE,
    uptimePercent: 95,
    pue: 1.1,
    poolFeePercent: 2,
    fixedCostPerMonth: 30.4375,
    co2GramsPerKwh: 400,
  });
  const btc = 8.381903171539307e-5 * 0.95 * 0.98;
  const kWh = 3.5 * 1.1 * 24 * 0.95;
  close(r.daily.btc, btc, 1e-12, "btc");
  close(r.daily.energyKwh, kWh, 1e-12, "kWh");
  close(r.daily.fixedCost, 1, 1e-12, "fixed/day");
  close(r.daily.profit, btc * 95_000 - kWh * 0.06 - 1, 1e-12, "profit");
  close(
    r.breakEven.electricityPricePerKwh,
    (btc * 95_000 - 1) / kWh,
    1e-12,
    "break-even kWh price",
  );
  close(r.energy.co2KgPerDay, kWh * 0.4, 1e-12, "CO2 kg/day");
  close(r.energy.co2TonnesPerBtc, (kWh / btc) * 400e-6, 1e-12, "CO2 t/BTC");
  close(r.miner.facilityPowerWatts, 3850, 1e-12, "facility W");
});

test("efficiency instead of power; fees count except under PPS", () => {
  const byEfficiency = computeProfitability(withEfficiency(17.5));
  close(byEfficiency.miner.powerWatts, 3500, 1e-12, "power from J/TH");
  const fees = { ...BASE, network: { ...BASE.network, feesPerBlockBtc: 0.025 } };
  const fpps = computeProfitability(fees);
  const pps = computeProfitability({ ...fees, payoutScheme: "PPS" });
  close(fpps.daily.btc, 2.682209014892578e-5 * 3.15, 1e-12, "FPPS pays fees");
  close(pps.daily.btc, 2.682209014892578e-5 * 3.125, 1e-12, "PPS keeps fees");
  close(
    fpps.hashprice.perPhDay,
    pps.hashprice.perPhDay,
    1e-12,
    "market hashprice is scheme-independent",
  );
});

test("payback and break-even are consistent with each other", () => {
  const hardwareCost = 3000;
  const be = computeProfitability(BASE).breakEven.electricityPricePerKwh;
  for (const price of [0, 0.02, 0.05, 0.08, be * 0.999, be * 1.001, 0.12]) {
    // Start of an era and a horizon shorter than it, so no halving interferes.
    const r = computeProfitability({
      ...BASE,
      network: { ...BASE.network, height: 840_000 },
      electricityPricePerKwh: price,
      hardwareCost,
      horizonDays: 1400,
    });
    // Profit is linear in the electricity price and zero exactly at the break-even price.
    close(r.daily.profit, r.daily.energyKwh * (be - price), 1e-9, `profit at ${price}`);
    if (price < be) {
      close(
        r.paybackDaysAtCurrentConditions,
        hardwareCost / r.daily.profit,
        1e-12,
        `payback at ${price}`,
      );
      // With nothing growing, the projection pays back on the same day (or not within 1400 days).
      const staticDays = r.paybackDaysAtCurrentConditions!;
      if (staticDays <= 1400)
        close(r.projection.paybackDays, staticDays, 1e-9, `projected payback at ${price}`);
      else assert.equal(r.projection.paybackDays, null);
    } else {
      assert.equal(r.paybackDaysAtCurrentConditions, null, `no payback at ${price}`);
      assert.equal(r.projection.paybackDays, null);
      assert.ok(r.warnings.some((w) => w.startsWith("unprofitable")));
    }
  }
  // At the break-even BTC price the day nets zero, and payback needs an infinite time.
  const atBePrice = computeProfitability({
    ...BASE,
    btcPrice: computeProfitability(BASE).breakEven.btcPrice,
  });
  close(atBePrice.daily.profit, 0, 1e-9, "profit at break-even BTC price");
  // Break-even efficiency: at that J/TH the day nets zero too.
  const beEff = computeProfitability(BASE).breakEven.efficiencyJPerTH!;
  const atBeEff = computeProfitability(withEfficiency(beEff));
  close(atBeEff.daily.profit, 0, 1e-9, "profit at break-even efficiency");
});

test("payout comparison: same mean except PPS; variance only where luck stays with the miner", () => {
  const r = computeProfitability({
    ...BASE,
    network: { ...BASE.network, feesPerBlockBtc: 0.025 },
    poolFeePercent: 2,
    poolHashrate: 50e18,
  });
  const by = Object.fromEntries(r.payout.comparison.map((c) => [c.scheme, c]));
  const lambda = 2.682209014892578e-5;
  const reward = 3.15 * 0.98;
  close(by.FPPS!.expectedBtcPerDay, lambda * reward, 1e-12, "FPPS mean");
  close(by.PPLNS!.expectedBtcPerDay, lambda * reward, 1e-12, "PPLNS mean");
  close(by.SOLO!.expectedBtcPerDay, lambda * reward, 1e-12, "SOLO mean");
  close(by.PPS!.expectedBtcPerDay, lambda * 3.125 * 0.98, 1e-12, "PPS mean");
  assert.equal(by.FPPS!.stdDevBtcPerDay, 0);
  assert.equal(by.PPS!.stdDevBtcPerDay, 0);
  close(by.SOLO!.stdDevBtcPerDay, reward * Math.sqrt(lambda), 1e-12, "SOLO sd");
  const share = 200e12 / 50e18;
  close(by.PPLNS!.stdDevBtcPerDay, reward * Math.sqrt(lambda * share), 1e-12, "PPLNS sd");
  close(by["PPS+"]!.stdDevBtcPerDay, 0.025 * 0.98 * Math.sqrt(lambda * share), 1e-12, "PPS+ sd");
  close(by.SOLO!.noIncome30dPercent, Math.exp(-lambda * 30) * 100, 1e-12, "SOLO nothing in 30 d");
  assert.ok(by.SOLO!.variation30dPercent > by.PPLNS!.variation30dPercent);
  assert.equal(r.payout.selected.scheme, "FPPS");
});

test("invalid inputs give clear errors with codes and field names", () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [{ hashrate: 0 }, "not-positive", "hashrate"],
    [{ hashrate: -1 }, "not-positive", "hashrate"],
    [{ hashrate: Number.NaN }, "not-a-number", "hashrate"],
    [{ powerWatts: 0 }, "not-positive", "powerWatts"],
    [{ efficiencyJPerTH: 17.5 }, "conflicting-input", "powerWatts"],
    [{ electricityPricePerKwh: -0.01 }, "negative", "electricityPricePerKwh"],
    [{ btcPrice: 0 }, "not-positive", "btcPrice"],
    [{ network: { difficulty: 0, feesPerBlockBtc: 0, height: 1 } }, "not-positive", "difficulty"],
    [
      { network: { difficulty: 1e12, feesPerBlockBtc: -1, height: 1 } },
      "out-of-range",
      "feesPerBlockBtc",
    ],
    [{ network: { difficulty: 1e12, feesPerBlockBtc: 0, height: 1.5 } }, "not-integer", "height"],
    [{ uptimePercent: 0 }, "out-of-range", "uptimePercent"],
    [{ uptimePercent: 120 }, "out-of-range", "uptimePercent"],
    [{ pue: 0.9 }, "out-of-range", "pue"],
    [{ poolFeePercent: 100 }, "out-of-range", "poolFeePercent"],
    [{ poolHashrate: 1e12 }, "out-of-range", "poolHashrate"],
    [{ horizonDays: 0 }, "out-of-range", "horizonDays"],
    [{ difficultyGrowthPercentPerMonth: -100 }, "out-of-range", "difficultyGrowthPercentPerMonth"],
    [
      { priceGrowthPercentPerMonth: Number.POSITIVE_INFINITY },
      "not-a-number",
      "priceGrowthPercentPerMonth",
    ],
    [{ payoutScheme: "XYZ" as never }, "unknown-value", "payoutScheme"],
    [{ hardwareCost: -5 }, "negative", "hardwareCost"],
  ];
  assert.throws(
    () => computeProfitability(BASE_WITHOUT_POWER as ProfitabilityInput),
    (err: unknown) =>
      err instanceof EconomicsError && err.code === "missing-input" && err.field === "powerWatts",
  );
  for (const [patch, code, field] of cases) {
    assert.throws(
      () => computeProfitability({ ...BASE, ...patch } as unknown as ProfitabilityInput),
      (err: unknown) =>
        err instanceof EconomicsError &&
        err.code === code &&
        err.field === field &&
        err.message.startsWith(`${field}: `),
      `${JSON.stringify(patch)} should fail with ${code} on ${field}`,
    );
  }
});

test("inputs outside PROFITABILITY_LIMITS fail on the input given, not on a derived figure", () => {
  const net = (patch: object) => ({ network: { ...BASE.network, ...patch } });
  const cases: [Partial<Record<string, unknown>>, string][] = [
    // Each of these once failed as poolShare, blocksPerDay or an infinite difficulty.
    [{ hashrate: 1e308 }, "hashrate"],
    [{ hashrate: 5e-324 }, "hashrate"],
    [{ powerWatts: 1e308 }, "powerWatts"],
    [{ powerWatts: undefined, efficiencyJPerTH: 1e-300 }, "efficiencyJPerTH"],
    [{ btcPrice: 1e300 }, "btcPrice"],
    [{ electricityPricePerKwh: 1e300 }, "electricityPricePerKwh"],
    [{ hardwareCost: 1e300 }, "hardwareCost"],
    [{ fixedCostPerMonth: 1e300 }, "fixedCostPerMonth"],
    [net({ difficulty: 1e-300 }), "difficulty"],
    [net({ difficulty: 1e300 }), "difficulty"],
    [net({ blockIntervalSeconds: 1e-300 }), "blockIntervalSeconds"],
    [net({ height: 99_999_999_999_999 }), "height"],
    [{ poolHashrate: 1e308 }, "poolHashrate"],
    [{ horizonDays: 1e-300 }, "horizonDays"],
    [{ uptimePercent: 5e-324 }, "uptimePercent"],
    [
      { difficultyGrowthPercentPerMonth: 1000, horizonDays: 36_525 },
      "difficultyGrowthPercentPerMonth",
    ],
    [
      { difficultyGrowthPercentPerMonth: -99.99, horizonDays: 36_525 },
      "difficultyGrowthPercentPerMonth",
    ],
    [{ priceGrowthPercentPerMonth: 1000, horizonDays: 36_525 }, "priceGrowthPercentPerMonth"],
    [{ priceGrowthPercentPerMonth: -99.9, horizonDays: 36_525 }, "priceGrowthPercentPerMonth"],
  ];
  for (const [patch, field] of cases) {
    assert.throws(
      () => computeProfitability({ ...BASE, ...patch } as unknown as ProfitabilityInput),
      (err: unknown) =>
        err instanceof EconomicsError && err.code === "out-of-range" && err.field === field,
      `${JSON.stringify(patch)} should fail on ${field}`,
    );
  }
  // The extremes themselves still compute to finite figures.
  const L = PROFITABILITY_LIMITS;
  const extreme = computeProfitability({
    ...BASE,
    hashrate: L.hashrate.max,
    network: { difficulty: L.difficulty.min, feesPerBlockBtc: 0, height: 0 },
    btcPrice: L.money.max,
  });
  assert.ok(Number.isFinite(extreme.daily.revenue) && extreme.daily.revenue > 0);
  const faint = computeProfitability({
    ...BASE,
    hashrate: L.hashrate.min,
    network: {
      difficulty: L.difficulty.max,
      feesPerBlockBtc: 0,
      height: 0,
      blockIntervalSeconds: L.blockIntervalSeconds.min,
    },
  });
  assert.ok(faint.daily.btc > 0 && Number.isFinite(faint.solo.expectedDaysPerBlock));
});
