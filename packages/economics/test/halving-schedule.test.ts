import assert from "node:assert/strict";
import { test } from "node:test";
import {
  estimateHeightAt,
  halvingSchedule,
  issuedSupply,
  MAINNET_SNAPSHOT,
  MAINNET_SUPPLY,
  nextHalving,
  SUPPLY_PRESETS,
  tipFromGenesis,
} from "../src/index.js";

test("mainnet schedule: 33 halvings, real dates for the past four, estimates after", () => {
  const tip = { height: MAINNET_SNAPSHOT.height, time: MAINNET_SNAPSHOT.time };
  const events = halvingSchedule(MAINNET_SUPPLY, { tip });
  assert.equal(events.length, 33);
  assert.deepEqual(
    events.slice(0, 4).map((e) => [e.height, new Date(e.time * 1000).toISOString(), e.timeSource]),
    [
      [210_000, "2012-11-28T15:24:38.000Z", "actual"],
      [420_000, "2016-07-09T16:46:13.000Z", "actual"],
      [630_000, "2020-05-11T19:23:43.000Z", "actual"],
      [840_000, "2024-04-20T00:09:27.000Z", "actual"],
    ],
  );
  const fifth = events[4]!;
  assert.equal(fifth.height, 1_050_000);
  assert.equal(fifth.timeSource, "estimated");
  assert.equal(fifth.time, MAINNET_SNAPSHOT.time + (1_050_000 - 925_344) * 600);
  assert.equal(fifth.blocksFromTip, 124_656);
  assert.equal(fifth.subsidyBeforeSats, 312_500_000n);
  assert.equal(fifth.subsidyAfterSats, 156_250_000n);
  for (const e of events) assert.equal(e.issuedBeforeSats, issuedSupply(e.height - 1));
  assert.equal(events[32]!.subsidyBeforeSats, 1n);
  assert.equal(events[32]!.subsidyAfterSats, 0n);
  assert.ok(Math.abs(events[0]!.issuedPercent - 50.000000055) < 1e-6);
});

test("next halving and height estimates", () => {
  const status = nextHalving(MAINNET_SUPPLY, { height: 925_344, time: MAINNET_SNAPSHOT.time }, 590);
  assert.equal(status.nextHalvingHeight, 1_050_000);
  assert.equal(status.blocksRemaining, 124_656);
  assert.equal(status.estimatedTime, MAINNET_SNAPSHOT.time + 124_656 * 590);
  assert.ok(Math.abs(status.daysRemaining - (124_656 * 590) / 86_400) < 1e-9);
  assert.equal(status.epoch, 4);
  assert.equal(estimateHeightAt(MAINNET_SNAPSHOT, MAINNET_SNAPSHOT.time + 6000), 925_354);
  assert.equal(estimateHeightAt(MAINNET_SNAPSHOT, MAINNET_SNAPSHOT.time - 6000), 925_344);
  const regtest = SUPPLY_PRESETS.regtest!;
  const tip = tipFromGenesis(regtest, regtest.genesisTime + 1000 * 600);
  assert.deepEqual(tip, { height: 1000, time: regtest.genesisTime + 600_000 });
  const schedule = halvingSchedule(regtest, { tip });
  assert.equal(schedule[0]!.height, 150);
  assert.equal(schedule[0]!.timeSource, "estimated");
  assert.equal(schedule[0]!.time, regtest.genesisTime + 150 * 600);
});
