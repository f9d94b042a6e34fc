import assert from "node:assert/strict";
import { test } from "node:test";
import { COIN, MAX_MONEY } from "../src/constants.js";
import { blockSubsidy, issuedSupply } from "../src/subsidy.js";

const MAIN = { subsidyHalvingInterval: 210_000, initialSubsidy: 50n * COIN };

test("subsidy halves every interval and reaches zero after 64 halvings", () => {
  assert.equal(blockSubsidy(0, MAIN), 5_000_000_000n);
  assert.equal(blockSubsidy(209_999, MAIN), 5_000_000_000n);
  assert.equal(blockSubsidy(210_000, MAIN), 2_500_000_000n);
  assert.equal(blockSubsidy(840_000, MAIN), 312_500_000n);
  assert.equal(blockSubsidy(210_000 * 33 - 1, MAIN), 1n);
  assert.equal(blockSubsidy(210_000 * 33, MAIN), 0n);
  assert.equal(blockSubsidy(210_000 * 64, MAIN), 0n);
  assert.equal(blockSubsidy(210_000 * 1000, MAIN), 0n);
});

test("total issuance summed block by block era is 2,099,999,997,690,000 sat", () => {
  let total = 0n;
  for (let era = 0; era < 70; era++) total += 210_000n * blockSubsidy(era * 210_000, MAIN);
  assert.equal(total, 2_099_999_997_690_000n);
  assert.ok(total < MAX_MONEY);
  assert.equal(issuedSupply(210_000 * 70, MAIN), 2_099_999_997_690_000n);
});

test("issued supply is exact at every halving boundary", () => {
  let expected = 0n;
  for (let era = 0; era < 34; era++) {
    const lastOfEra = (era + 1) * 210_000 - 1;
    expected += 210_000n * (MAIN.initialSubsidy >> BigInt(era));
    assert.equal(issuedSupply(lastOfEra, MAIN), expected, `era ${era}`);
    assert.equal(issuedSupply(lastOfEra + 1, MAIN), expected + blockSubsidy(lastOfEra + 1, MAIN));
  }
  assert.equal(issuedSupply(0, MAIN), 5_000_000_000n);
  assert.equal(issuedSupply(-1, MAIN), 0n);
});

test("custom schedules follow the same rule", () => {
  const custom = { subsidyHalvingInterval: 150, initialSubsidy: 50n * COIN };
  assert.equal(blockSubsidy(149, custom), 50n * COIN);
  assert.equal(blockSubsidy(150, custom), 25n * COIN);
  assert.equal(issuedSupply(299, custom), 150n * 50n * COIN + 150n * 25n * COIN);
});
