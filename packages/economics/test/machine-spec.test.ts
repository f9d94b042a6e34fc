import assert from "node:assert/strict";
import { test } from "node:test";
import {
  computeProfitability,
  EconomicsError,
  HARDWARE_PRESETS,
  MAX_MACHINE_UNITS,
  type MachineSpecInput,
  machineProfitabilityInput,
  parseHardwarePresetFile,
  resolveMachineSpec,
} from "../src/index.js";

test("a preset alone gives its nameplate hashrate and watts, multiplied by units", () => {
  const one = resolveMachineSpec({ hardware: "s21" });
  assert.equal(one.label, "Antminer S21");
  assert.equal(one.preset?.id, "s21");
  assert.equal(one.units, 1);
  assert.equal(one.hashrate, 200e12);
  assert.equal(one.powerWatts, 3500);
  assert.equal(one.efficiencyJPerTH, null);
  const three = resolveMachineSpec({ hardware: "S21 XP", units: "3" });
  assert.equal(three.label, "3 x Antminer S21 XP");
  assert.equal(three.units, 3);
  assert.equal(three.hashrate, 810e12);
  assert.equal(three.powerWatts, 3 * 3645);
});

test("given figures override the preset's; a re-clocked preset keeps its J/TH", () => {
  const reclocked = resolveMachineSpec({ hardware: "s21", hashrate: "180TH", units: 2 });
  assert.equal(reclocked.hashrate, 360e12);
  assert.equal(reclocked.powerWatts, null);
  assert.equal(reclocked.efficiencyJPerTH, 17.5);
  const watts = resolveMachineSpec({ hardware: "s21", hashrate: "180TH", power: "3.2kW" });
  assert.equal(watts.powerWatts, 3200);
  assert.equal(watts.efficiencyJPerTH, null);
  const units = resolveMachineSpec({ hardware: "s21", power: "3000", units: 4 });
  assert.equal(units.powerWatts, 12_000, "a bare power number is watts per machine");
  const slash = resolveMachineSpec({ hardware: "s21", power: "16J/TH" });
  assert.equal(slash.powerWatts, null);
  assert.equal(slash.efficiencyJPerTH, 16, "power written with a slash is an efficiency");
  const efficiency = resolveMachineSpec({ hashrate: 1e12, efficiency: "15 J/TH" });
  assert.equal(efficiency.label, "custom miner");
  assert.equal(efficiency.preset, null);
  assert.equal(efficiency.efficiencyJPerTH, 15);
});

test("presets come from the list passed in", () => {
  const [mine] = parseHardwarePresetFile([
    { id: "my-rig", name: "My rig", hashrateThs: 100, powerWatts: 2000 },
  ]);
  assert.ok(mine);
  const spec = resolveMachineSpec({ hardware: "my-rig" }, [...HARDWARE_PRESETS, mine]);
  assert.equal(spec.label, "My rig");
  assert.equal(spec.powerWatts, 2000);
  assert.throws(
    () => resolveMachineSpec({ hardware: "s21" }, [mine]),
    (e: unknown) => e instanceof EconomicsError && e.code === "unknown-value",
  );
});

test("machineProfitabilityInput passes watts or efficiency, whichever the power follows from", () => {
  assert.deepEqual(machineProfitabilityInput(resolveMachineSpec({ hardware: "s21", units: 2 })), {
    hashrate: 400e12,
    powerWatts: 7000,
  });
  const reclocked = resolveMachineSpec({ hardware: "s21", hashrate: "100TH" });
  assert.deepEqual(machineProfitabilityInput(reclocked), {
    hashrate: 100e12,
    efficiencyJPerTH: 17.5,
  });
  const r = computeProfitability({
    ...machineProfitabilityInput(reclocked),
    electricityPricePerKwh: 0.06,
    btcPrice: 95_000,
    network: { difficulty: 150e12, feesPerBlockBtc: 0, height: 925_344 },
  });
  assert.equal(r.miner.powerWatts, 1750);
});

test("bad machine input is rejected with the code and the input key named", () => {
  const cases: [MachineSpecInput, string, string][] = [
    [{}, "missing-input", "hashrate"],
    [{ power: "3500W" }, "missing-input", "hashrate"],
    [{ hashrate: "200TH" }, "missing-input", "power"],
    [{ hashrate: "200TH", power: "3500W", efficiency: "17.5" }, "conflicting-input", "power"],
    [{ hardware: "s21", power: "3500W", efficiency: "17.5" }, "conflicting-input", "power"],
    [{ hardware: "s99" }, "unknown-value", "hardware"],
    [{ hashrate: "200TB", power: "3500W" }, "unknown-unit", "hashrate"],
    [{ hashrate: 0, power: "3500W" }, "not-positive", "hashrate"],
    [{ hashrate: "200TH", power: "3 kWh" }, "unknown-unit", "power"],
    [{ hashrate: "200TH", power: 0 }, "not-positive", "power"],
    [{ hashrate: "200TH", efficiency: "fast" }, "bad-format", "efficiency"],
    [{ hardware: "s21", units: 0 }, "out-of-range", "units"],
    [{ hardware: "s21", units: MAX_MACHINE_UNITS + 1 }, "out-of-range", "units"],
    [{ hardware: "s21", units: 2.5 }, "not-integer", "units"],
    [{ hardware: "s21", units: -1 }, "negative", "units"],
    [{ hardware: "s21", units: Number.NaN }, "not-a-number", "units"],
    [{ hardware: "s21", units: "1e3" }, "bad-format", "units"],
    [{ hardware: "s21", units: "" }, "bad-format", "units"],
  ];
  for (const [input, code, field] of cases) {
    assert.throws(
      () => resolveMachineSpec(input),
      (e: unknown) => e instanceof EconomicsError && e.code === code && e.field === field,
      `${JSON.stringify(input)} should fail with ${code} on ${field}`,
    );
  }
  assert.equal(resolveMachineSpec({ hardware: "s21", units: MAX_MACHINE_UNITS }).units, 1e7);
  assert.equal(resolveMachineSpec({ hardware: "s21", units: " 12 " }).units, 12);
});
