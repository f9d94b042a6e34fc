import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EconomicsError,
  findHardwarePreset,
  HARDWARE_PRESETS,
  mergeHardwarePresets,
  parseHardwarePresetFile,
} from "../src/index.js";

test("built-in presets are complete, consistent and sourced", () => {
  const ids = new Set<string>();
  for (const p of HARDWARE_PRESETS) {
    assert.match(p.id, /^[a-z0-9-]+$/);
    assert.ok(!ids.has(p.id), `duplicate ${p.id}`);
    ids.add(p.id);
    assert.ok(p.hashrateThs > 0 && p.powerWatts > 0, p.id);
    assert.equal(p.efficiencyJPerTH, p.powerWatts / p.hashrateThs);
    assert.ok(
      p.efficiencyJPerTH > 10 && p.efficiencyJPerTH < 40,
      `${p.id}: ${p.efficiencyJPerTH} J/TH is implausible`,
    );
    assert.match(p.source, /^https?:\/\//, `${p.id} needs a source URL`);
    assert.equal(p.origin, "builtin");
  }
  for (const family of [
    "s19",
    "s19-pro",
    "s19j-pro",
    "s19-xp",
    "s21",
    "s21-pro",
    "s21-xp",
    "m66s-plus",
    "avalon-a16",
    "bitaxe-gamma",
  ]) {
    assert.ok(ids.has(family), `missing ${family}`);
  }
  // Manufacturer nameplates: S21 200 TH/s at 17.5 J/TH, S21 XP 270 TH/s at 13.5 J/TH.
  assert.equal(findHardwarePreset("s21").efficiencyJPerTH, 17.5);
  assert.equal(findHardwarePreset("s21-xp").efficiencyJPerTH, 13.5);
});

test("findHardwarePreset accepts ids, names and loose spellings", () => {
  assert.equal(findHardwarePreset("S21 Pro").id, "s21-pro");
  assert.equal(findHardwarePreset("antminer-s21-xp").id, "s21-xp");
  assert.equal(findHardwarePreset("s21+ hydro").id, "s21-plus-hydro");
  assert.equal(findHardwarePreset("Whatsminer M66S+").id, "m66s-plus");
  assert.equal(findHardwarePreset("avalon-a16xp").id, "avalon-a16xp");
  assert.equal(findHardwarePreset("Avalon A16 XP").id, "avalon-a16xp");
  assert.throws(
    () => findHardwarePreset("s99"),
    (e: unknown) =>
      e instanceof EconomicsError && e.code === "unknown-value" && e.message.includes("s21-pro"),
  );
});

test("a user presets file extends and overrides the table", () => {
  const user = parseHardwarePresetFile({
    presets: [
      {
        id: "my-rig",
        name: "My underclocked S21",
        hashrate: "150TH",
        power: "2100W",
        source: "https://example.org/me",
      },
      { id: "s21", name: "Antminer S21 (my unit)", hashrateThs: 195, efficiencyJPerTH: 18 },
    ],
  });
  assert.equal(user[0]!.hashrateThs, 150);
  assert.equal(user[0]!.efficiencyJPerTH, 14);
  assert.equal(user[0]!.manufacturer, "custom");
  assert.equal(user[1]!.powerWatts, 195 * 18);
  const merged = mergeHardwarePresets(HARDWARE_PRESETS, user);
  assert.equal(merged.length, HARDWARE_PRESETS.length + 1);
  assert.equal(findHardwarePreset("s21", merged).origin, "user");
  assert.equal(findHardwarePreset("my-rig", merged).powerWatts, 2100);
  assert.equal(parseHardwarePresetFile([]).length, 0);
});

test("bad presets files are rejected with the row and key named", () => {
  const cases: [unknown, string, string][] = [
    [{ rows: [] }, "bad-format", "presets"],
    [
      [{ id: "x", name: "X", hashrateThs: 1, powerWatts: 1, colour: "red" }],
      "bad-format",
      "presets[0].colour",
    ],
    [[{ id: "Bad Id", name: "X", hashrateThs: 1, powerWatts: 1 }], "bad-format", "presets[0].id"],
    [[{ id: "x", name: "X", powerWatts: 1 }], "missing-input", "presets[0].hashrateThs"],
    [[{ id: "x", name: "X", hashrateThs: 1 }], "missing-input", "presets[0].powerWatts"],
    [
      [{ id: "x", name: "X", hashrateThs: 1, powerWatts: 1, efficiency: "1J/TH" }],
      "conflicting-input",
      "presets[0].powerWatts",
    ],
    [
      [{ id: "x", name: "X", hashrateThs: 1, hashrate: "1TH", powerWatts: 1 }],
      "conflicting-input",
      "presets[0].hashrateThs",
    ],
    [
      [{ id: "x", name: "X", hashrate: "1TB", powerWatts: 1 }],
      "unknown-unit",
      "presets[0].hashrate",
    ],
    [
      [{ id: "x", name: "X", hashrateThs: -1, powerWatts: 1 }],
      "not-positive",
      "presets[0].hashrateThs",
    ],
    [
      [{ id: "x", name: "X", hashrateThs: 1, powerWatts: 1, cooling: "oil" }],
      "unknown-value",
      "presets[0].cooling",
    ],
    [
      [{ id: "x", name: "X", hashrateThs: 1, powerWatts: 1, releaseYear: 1999 }],
      "out-of-range",
      "presets[0].releaseYear",
    ],
    [
      [
        { id: "x", name: "X", hashrateThs: 1, powerWatts: 1 },
        { id: "x", name: "Y", hashrateThs: 1, powerWatts: 1 },
      ],
      "conflicting-input",
      "presets[1].id",
    ],
    [["s21"], "bad-format", "presets[0]"],
  ];
  for (const [json, code, field] of cases) {
    assert.throws(
      () => parseHardwarePresetFile(json),
      (e: unknown) => e instanceof EconomicsError && e.code === code && e.field === field,
      `${JSON.stringify(json)} -> ${code} at ${field}`,
    );
  }
});
