import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EconomicsError,
  formatHashrate,
  formatSi,
  parseAmount,
  parseDifficulty,
  parseEfficiency,
  parseHashrate,
  parseHorizonDays,
  parsePercent,
  parsePower,
  parsePowerSpec,
} from "../src/index.js";

function rejects(fn: () => unknown, code: string, field?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof EconomicsError, `expected EconomicsError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (field !== undefined) assert.equal(err.field, field);
    return true;
  });
}

test("parseHashrate reads the ways miners write hashrate", () => {
  const cases: [string | number, number][] = [
    ["200TH", 200e12],
    ["200 TH/s", 200e12],
    ["200th/s", 200e12],
    ["200T", 200e12],
    ["1.5EH/s", 1.5e18],
    ["1.5 EH", 1.5e18],
    ["500GH", 500e9],
    ["12 MH/s", 12e6],
    ["3kH", 3e3],
    ["7 H/s", 7],
    ["2e14", 2e14],
    ["2e2TH", 200e12],
    ["1,000TH", 1000e12],
    ["1_000 TH", 1000e12],
    ["0.5 ZH/s", 0.5e21],
    ["100 THps", 100e12],
    [123, 123],
  ];
  for (const [input, expected] of cases) {
    const got = parseHashrate(input);
    assert.ok(
      Math.abs(got - expected) <= expected * 1e-12,
      `${String(input)} -> ${got}, want ${expected}`,
    );
  }
});

test("parseHashrate rejects zero, negatives, unknown units and non-numbers with specific codes", () => {
  rejects(() => parseHashrate("0TH"), "not-positive", "hashrate");
  rejects(() => parseHashrate("-5TH"), "not-positive", "hashrate");
  rejects(() => parseHashrate(0), "not-positive");
  rejects(() => parseHashrate("200TB"), "unknown-unit");
  rejects(() => parseHashrate("200 XH/s"), "unknown-unit");
  rejects(() => parseHashrate("200,5TH"), "unknown-unit");
  rejects(() => parseHashrate("fast"), "bad-format");
  rejects(() => parseHashrate(""), "bad-format");
  rejects(() => parseHashrate(Number.NaN), "not-a-number");
  rejects(() => parseHashrate("1e999TH"), "not-a-number");
});

test("parsePower, parseEfficiency and parsePowerSpec convert to W and J/TH", () => {
  assert.equal(parsePower("3500W"), 3500);
  assert.equal(parsePower("3.5kW"), 3500);
  assert.equal(parsePower("3.5 KW"), 3500);
  assert.equal(parsePower("2MW"), 2e6);
  assert.equal(parsePower("3500"), 3500);
  rejects(() => parsePower("3500 kWh"), "unknown-unit", "power");
  rejects(() => parsePower("-1W"), "not-positive");
  assert.equal(parseEfficiency("17.5J/TH"), 17.5);
  assert.equal(parseEfficiency("17.5 W/TH"), 17.5);
  assert.equal(parseEfficiency("17.5 J/T"), 17.5);
  assert.ok(Math.abs(parseEfficiency("0.0175 J/GH") - 17.5) < 1e-9);
  assert.ok(Math.abs(parseEfficiency("17500 J/PH") - 17.5) < 1e-9);
  assert.equal(parseEfficiency("30"), 30);
  rejects(() => parseEfficiency("17.5 J/"), "unknown-unit");
  rejects(() => parseEfficiency("17.5 J/kg"), "unknown-unit");
  assert.deepEqual(parsePowerSpec("3500W"), { kind: "power", watts: 3500 });
  assert.deepEqual(parsePowerSpec("17.5J/TH"), { kind: "efficiency", joulesPerTerahash: 17.5 });
});

test("parseDifficulty, parsePercent, parseAmount and parseHorizonDays", () => {
  assert.equal(parseDifficulty("152T"), 152e12);
  assert.equal(parseDifficulty("152.27 T"), 152.27e12);
  assert.equal(parseDifficulty("1.52e14"), 1.52e14);
  assert.equal(parseDifficulty("149300000000000"), 149.3e12);
  rejects(() => parseDifficulty("0"), "not-positive", "difficulty");
  rejects(() => parseDifficulty("152 TH"), "unknown-unit");
  assert.equal(parsePercent("3%", "growth"), 3);
  assert.equal(parsePercent("3", "growth"), 3);
  assert.equal(parsePercent("-2.5 %", "growth"), -2.5);
  rejects(() => parsePercent("3 per cent", "growth"), "unknown-unit", "growth");
  assert.equal(parseAmount("95000", "price"), 95000);
  assert.equal(parseAmount("$95,000", "price"), 95000);
  assert.equal(parseAmount("95k", "price"), 95000);
  assert.equal(parseAmount("€1.2m", "price"), 1.2e6);
  assert.equal(parseAmount("0.06", "electricity", { perKwh: true }), 0.06);
  assert.equal(parseAmount("$0.06/kWh", "electricity", { perKwh: true }), 0.06);
  assert.equal(parseAmount("6c", "electricity", { perKwh: true }), 0.06);
  rejects(() => parseAmount("-5", "price"), "negative", "price");
  rejects(() => parseAmount("95 BTC", "price"), "unknown-unit");
  rejects(() => parseAmount("6 kWh", "electricity", { perKwh: true }), "unknown-unit");
  assert.equal(parseHorizonDays("24"), 24 * 30.4375);
  assert.equal(parseHorizonDays("24m"), 24 * 30.4375);
  assert.equal(parseHorizonDays("90d"), 90);
  assert.equal(parseHorizonDays("2y"), 730.5);
  assert.equal(parseHorizonDays("12 weeks"), 84);
  assert.equal(parseHorizonDays(6), 6 * 30.4375);
  rejects(() => parseHorizonDays("0"), "not-positive");
  rejects(() => parseHorizonDays("3 fortnights"), "unknown-unit");
});

test("formatHashrate and formatSi pick the largest readable unit", () => {
  assert.equal(formatHashrate(200e12), "200.00 TH/s");
  assert.equal(formatHashrate(1.0687e21, 3), "1.069 ZH/s");
  assert.equal(formatHashrate(999), "999.00 H/s");
  assert.equal(formatSi(149.3e12), "149.30 T");
  assert.equal(formatSi(12), "12.00");
});
