import assert from "node:assert/strict";
import { test } from "node:test";
import {
  annualInflationPercent,
  blockSubsidy,
  COIN,
  EconomicsError,
  formatBtc,
  issuedBetween,
  issuedSupply,
  MAINNET_SUPPLY,
  maxSupply,
  meanSubsidyBtc,
  nextHalvingHeight,
  SUPPLY_PRESETS,
  type SupplyParams,
  satsToBtc,
  subsidyEras,
  supplyInfo,
  supplyParamsFor,
  validateSupplyParams,
} from "../src/index.js";

test("blockSubsidy follows Core's GetBlockSubsidy on mainnet", () => {
  assert.equal(blockSubsidy(0), 50n * COIN);
  assert.equal(blockSubsidy(209_999), 50n * COIN);
  assert.equal(blockSubsidy(210_000), 25n * COIN);
  assert.equal(blockSubsidy(840_000), 312_500_000n);
  assert.equal(blockSubsidy(1_050_000), 156_250_000n);
  assert.equal(blockSubsidy(32 * 210_000), 1n); // last era that pays: 5e9 >> 32 = 1 sat
  assert.equal(blockSubsidy(33 * 210_000), 0n);
  assert.equal(blockSubsidy(64 * 210_000), 0n); // the >= 64 halvings guard
  assert.equal(blockSubsidy(1_000_000_000), 0n);
});

test("issued supply is exact at every mainnet halving height (independent double-precision sum)", () => {
  let checked = 0;
  for (let k = 1; k <= 34; k += 1) {
    // Every term is below 2^53, so this plain-number sum is exact and independent of the bigint code.
    let expected = 0;
    for (let j = 0; j < k; j += 1) expected += 210_000 * Math.floor(5e9 / 2 ** j);
    const height = k * 210_000;
    assert.equal(issuedSupply(height - 1), BigInt(expected), `supply before halving ${k}`);
    assert.equal(
      issuedSupply(height),
      BigInt(expected) + blockSubsidy(height),
      `supply at halving ${k}`,
    );
    checked += 1;
  }
  assert.equal(checked, 34);
  assert.equal(issuedSupply(209_999), 10_500_000n * COIN);
  assert.equal(issuedSupply(419_999), 15_750_000n * COIN);
  assert.equal(issuedSupply(629_999), 18_375_000n * COIN);
  assert.equal(issuedSupply(839_999), 1_968_750_000_000_000n);
  assert.equal(issuedSupply(0), 50n * COIN);
  assert.equal(maxSupply(), 2_099_999_997_690_000n);
  assert.equal(issuedSupply(7_000_000), maxSupply());
  assert.equal(subsidyEras(), 33);
});

test("supply for custom networks: regtest and a made-up chain", () => {
  const regtest = supplyParamsFor("regtest");
  assert.equal(regtest.halvingInterval, 150);
  assert.equal(blockSubsidy(150, regtest), 25n * COIN);
  assert.equal(issuedSupply(149, regtest), 7_500n * COIN);
  assert.equal(maxSupply(regtest), (maxSupply() / 210_000n) * 150n);
  const custom: SupplyParams = {
    name: "custom",
    halvingInterval: 1000,
    initialSubsidy: 1000n,
    targetSpacing: 60,
    genesisTime: 0,
  };
  // 1000 + 500 + 250 + 125 + 62 + 31 + 15 + 7 + 3 + 1 = 1994 per block-era, times 1000 blocks
  assert.equal(maxSupply(custom), 1_994_000n);
  assert.equal(subsidyEras(custom), 10);
  assert.equal(issuedSupply(1499, custom), 1_000_000n + 500n * 500n);
  assert.equal(supplyParamsFor("mainnet"), MAINNET_SUPPLY);
  assert.equal(supplyParamsFor("testnet3").name, "test");
  assert.deepEqual(Object.keys(SUPPLY_PRESETS), [
    "main",
    "test",
    "testnet4",
    "signet",
    "regtest",
    "demo",
  ]);
  const demo = supplyParamsFor("demo");
  assert.equal(demo.halvingInterval, 150);
  assert.equal(demo.targetSpacing, 10);
  assert.equal(blockSubsidy(150, demo), 25n * COIN);
});

test("invalid supply inputs are rejected with codes", () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof EconomicsError);
      return err.code;
    }
    return "no error";
  };
  assert.equal(
    codeOf(() => blockSubsidy(-1)),
    "negative",
  );
  assert.equal(
    codeOf(() => issuedSupply(1.5)),
    "not-integer",
  );
  assert.equal(
    codeOf(() => supplyParamsFor("dogecoin")),
    "unknown-value",
  );
  assert.equal(
    codeOf(() => validateSupplyParams({ ...MAINNET_SUPPLY, halvingInterval: 0 })),
    "not-positive",
  );
  assert.equal(
    codeOf(() => validateSupplyParams({ ...MAINNET_SUPPLY, initialSubsidy: 0n })),
    "not-positive",
  );
  assert.equal(
    codeOf(() => validateSupplyParams({ ...MAINNET_SUPPLY, targetSpacing: -600 })),
    "not-positive",
  );
});

test("annual inflation, supply info, and helpers", () => {
  // One year = round(365.25 x 144) = 52,596 blocks, all at 3.125 BTC, over 19,687,503.125 BTC.
  assert.ok(Math.abs(annualInflationPercent(840_000) - 0.8348570103401571) < 1e-9);
  // Crossing a halving: blocks 1,000,001..1,052,596 are 49,999 at 3.125 and 2,597 at 1.5625.
  const supply = satsToBtc(issuedSupply(1_000_000));
  assert.ok(
    Math.abs(
      annualInflationPercent(1_000_000) - ((49_999 * 3.125 + 2_597 * 1.5625) / supply) * 100,
    ) < 1e-9,
  );
  const info = supplyInfo(925_344);
  assert.equal(info.epoch, 4);
  assert.equal(info.subsidySats, 312_500_000n);
  assert.equal(info.nextHalvingHeight, 1_050_000);
  assert.equal(info.blocksToNextHalving, 124_656);
  assert.equal(info.subsidyAfterNextHalvingSats, 156_250_000n);
  assert.equal(info.issuedSats, 1_995_420_312_500_000n);
  assert.ok(
    Math.abs(info.issuedPercent - (1_995_420_312_500_000 / 2_099_999_997_690_000) * 100) < 1e-9,
  );
  assert.equal(nextHalvingHeight(840_000), 1_050_000);
  assert.equal(issuedBetween(210_000, 210_001), 50n * COIN);
  assert.equal(formatBtc(312_500_000n), "3.12500000");
  assert.equal(formatBtc(2_099_999_997_690_000n), "20999999.97690000");
  assert.equal(meanSubsidyBtc(1_049_000, 2000), (1000 * 3.125 + 1000 * 1.5625) / 2000);
  assert.equal(meanSubsidyBtc(100, 10), 50);
});

test("custom schedules get network new's bounds, the 21 million BTC cap among them", () => {
  const fails = (patch: Partial<SupplyParams>, code: string, field: string) =>
    assert.throws(
      () => validateSupplyParams({ ...MAINNET_SUPPLY, ...patch }),
      (err: unknown) => err instanceof EconomicsError && err.code === code && err.field === field,
      `${JSON.stringify(patch, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`,
    );
  fails({ initialSubsidy: 22_000_000n * COIN }, "out-of-range", "initialSubsidy");
  fails({ halvingInterval: 420_000 }, "out-of-range", "initialSubsidy"); // 42M BTC in all
  fails({ halvingInterval: 2 ** 31 }, "out-of-range", "halvingInterval");
  fails({ targetSpacing: 0.5 }, "out-of-range", "targetSpacing");
  fails({ targetSpacing: 1.5 }, "not-integer", "targetSpacing");
  fails({ targetSpacing: 2 ** 31 }, "out-of-range", "targetSpacing");
  fails({ genesisTime: 2 ** 32 }, "out-of-range", "genesisTime");
  assert.throws(
    () => validateSupplyParams({ ...MAINNET_SUPPLY, initialSubsidy: 22_000_000n * COIN }),
    (err: unknown) =>
      err instanceof EconomicsError &&
      /^initialSubsidy: the schedule would issue 9239999999999\.9622 ?0* BTC in all, more than MAX_MONEY \(21000000\.00000000 BTC\)/.test(
        err.message,
      ),
  );
  // Mainnet itself, and a schedule issuing exactly up to the cap, pass.
  assert.equal(validateSupplyParams(MAINNET_SUPPLY), MAINNET_SUPPLY);
  const atCap = { ...MAINNET_SUPPLY, halvingInterval: 1, initialSubsidy: 1_050_000_000_000_000n };
  assert.equal(maxSupply(atCap) <= 21_000_000n * COIN, true);
  assert.equal(validateSupplyParams(atCap), atCap);
});

test("meanSubsidyBtc skips the empty eras after the last subsidy", () => {
  // 10^11 regtest blocks span 6.7e8 eras of 150 blocks; only the first 33 pay anything, and
  // stepping through the rest one by one took seconds (minutes for a long profit projection).
  const regtest = SUPPLY_PRESETS.regtest!;
  const blocks = 1e11;
  const issued = satsToBtc(maxSupply(regtest));
  const started = performance.now();
  const mean = meanSubsidyBtc(0, blocks, regtest);
  const tail = meanSubsidyBtc(64 * 150, blocks, regtest);
  const elapsedMs = performance.now() - started;
  assert.ok(Math.abs(mean - issued / blocks) <= 1e-9 * (issued / blocks), `${mean}`);
  assert.equal(tail, 0);
  assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms`);
});
