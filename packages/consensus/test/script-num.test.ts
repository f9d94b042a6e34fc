// CScriptNum encoding: Core's rules for script integers, their size limits and minimality.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import {
  castToBool,
  decodeScriptNum,
  encodeScriptNum,
  LOCKTIME_MAX_NUM_SIZE,
  scriptNumToInt32,
} from "../src/script/script-num.js";

test("encodes known values as Core's CScriptNum::serialize", () => {
  const cases: [number, string][] = [
    [0, ""],
    [1, "01"],
    [-1, "81"],
    [16, "10"],
    [127, "7f"],
    [128, "8000"],
    [-128, "8080"],
    [255, "ff00"],
    [-255, "ff80"],
    [256, "0001"],
    [-256, "0081"],
    [0x7fffffff, "ffffff7f"],
    [-0x7fffffff, "ffffffff"],
    [0x80000000, "0000008000"],
    [-0x80000000, "0000008080"],
    [0xffffffff, "ffffffff00"],
    [2 ** 39 - 1, "ffffffff7f"],
  ];
  for (const [value, hex] of cases) {
    assert.equal(toHex(encodeScriptNum(value)), hex, `encode ${value}`);
    assert.equal(decodeScriptNum(fromHex(hex), true, 5), value, `decode ${hex}`);
  }
});

test("round-trips every magnitude class minimally", () => {
  for (let bits = 0; bits <= 39; bits++) {
    for (const v of [2 ** bits - 1, 2 ** bits, -(2 ** bits), -(2 ** bits - 1)]) {
      if (Math.abs(v) > 2 ** 39 - 1) continue;
      const enc = encodeScriptNum(v);
      assert.ok(enc.length <= 5);
      assert.equal(decodeScriptNum(enc, true, 5), v === 0 ? 0 : v, `value ${v}`);
    }
  }
});

test("enforces the size limit: 4 bytes by default, 5 for lock times", () => {
  assert.equal(decodeScriptNum(fromHex("ffffff7f"), true), 0x7fffffff);
  assert.equal(decodeScriptNum(fromHex("0000008000"), true), null);
  assert.equal(decodeScriptNum(fromHex("0000008000"), true, LOCKTIME_MAX_NUM_SIZE), 0x80000000);
  assert.equal(decodeScriptNum(fromHex("000000000000"), false, LOCKTIME_MAX_NUM_SIZE), null);
});

test("MINIMALDATA rejects padding and negative zero, otherwise they decode", () => {
  for (const [hex, lax] of [
    ["00", 0],
    ["80", 0],
    ["0000", 0],
    ["0080", 0],
    ["0100", 1],
    ["0180", -1],
    ["7f00", 127],
    ["ff0000", 255],
  ] as const) {
    assert.equal(decodeScriptNum(fromHex(hex), true), null, `${hex} is not minimal`);
    assert.equal(decodeScriptNum(fromHex(hex), false), lax, `${hex} decodes laxly`);
  }
  // A top byte that only carries the sign for a set bit below is minimal.
  assert.equal(decodeScriptNum(fromHex("ff00"), true), 255);
  assert.equal(decodeScriptNum(fromHex("8080"), true), -128);
});

test("CastToBool: empty, zeros and negative zero are false", () => {
  const cases: [string, boolean][] = [
    ["", false],
    ["00", false],
    ["0000", false],
    ["80", false],
    ["000080", false],
    ["01", true],
    ["8000", true],
    ["000001", true],
    ["0081", true],
  ];
  for (const [hex, expected] of cases) assert.equal(castToBool(fromHex(hex)), expected, hex);
});

test("getint clamps to int32", () => {
  assert.equal(scriptNumToInt32(2 ** 35), 0x7fffffff);
  assert.equal(scriptNumToInt32(-(2 ** 35)), -0x80000000);
  assert.equal(scriptNumToInt32(-5), -5);
});
