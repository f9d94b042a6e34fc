import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_MONEY } from "@hashforge/consensus";
import { amountFromValue, parseFixedPoint, valueFromAmount } from "../src/jsonrpc/amount.js";
import { JsonNumber, type JsonObject, toPlainJson } from "../src/jsonrpc/json-value.js";
import {
  duplicateKeysOf,
  JsonParseError,
  MAX_JSON_DEPTH,
  parseJson,
} from "../src/jsonrpc/parse-json.js";
import { RpcError, RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { writeJson } from "../src/jsonrpc/write-json.js";

function rpcErrorOf(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RpcError, `expected RpcError, got ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail("expected an RpcError");
}

test("parseJson keeps number text exactly", () => {
  const v = parseJson('{"a":0.1,"b":1e-8,"c":-0,"d":12345678901234567890,"e":1.50}') as JsonObject;
  assert.deepEqual(
    Object.values(v).map((n) => (n as JsonNumber).text),
    ["0.1", "1e-8", "-0", "12345678901234567890", "1.50"],
  );
  assert.ok(v.a instanceof JsonNumber);
  assert.equal(writeJson(v), '{"a":0.1,"b":1e-8,"c":-0,"d":12345678901234567890,"e":1.50}');
});

test("parseJson accepts every JSON form and rejects malformed input", () => {
  assert.deepEqual(toPlainJson(parseJson(' [true,false,null,"x\\u00e9\\n",{"k":[]}] ')), [
    true,
    false,
    null,
    "xé\n",
    { k: [] },
  ]);
  assert.equal(parseJson('"\\ud83d\\ude00"'), "😀");
  assert.equal(parseJson(new TextEncoder().encode('"é"')), "é");
  const bad = [
    "",
    " ",
    "{",
    "[1,]",
    '{"a":1,}',
    "01",
    "1.",
    ".5",
    "+1",
    "1e",
    "-",
    "NaN",
    "tru",
    '"abc',
    '"a\tb"', // raw control character
    '"\\x"',
    '"\\ud800"', // lone high surrogate
    '"\\udc00"', // lone low surrogate
    '"\\ud800\\u0041"',
    "[1] x",
    "{'a':1}",
    '{"a" 1}',
    "[1 2]",
  ];
  for (const text of bad) {
    assert.throws(() => parseJson(text), JsonParseError, `should reject ${JSON.stringify(text)}`);
  }
  assert.throws(() => parseJson(new Uint8Array([0x22, 0xff, 0x22])), JsonParseError); // bad UTF-8
});

test("parseJson limits nesting depth like UniValue", () => {
  const ok = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
  assert.doesNotThrow(() => parseJson(ok));
  const deep = `${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`;
  assert.throws(() => parseJson(deep), /nesting too deep/);
  // A hostile body far deeper than the limit fails fast instead of overflowing the stack.
  assert.throws(() => parseJson("[".repeat(1_000_000)), JsonParseError);
});

test("parseJson records duplicate keys and keeps __proto__ as data", () => {
  const v = parseJson('{"a":1,"a":2,"b":3,"b":4,"c":5}') as JsonObject;
  assert.equal((v.a as JsonNumber).text, "1"); // first value wins, like find_value
  assert.deepEqual(duplicateKeysOf(v), ["a", "b"]);
  const p = parseJson('{"__proto__":{"polluted":true}}') as JsonObject;
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
  assert.deepEqual(Object.keys(p), ["__proto__"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("writeJson pretty layout matches UniValue::write(2)", () => {
  assert.equal(writeJson([], 2), "[\n]");
  assert.equal(writeJson({}, 2), "{\n}");
  assert.equal(
    writeJson({ a: [1, { b: null }], c: "x", d: undefined, e: 5n, f: valueFromAmount(1n) }, 2),
    '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": "x",\n  "e": 5,\n  "f": 0.00000001\n}',
  );
  assert.equal(writeJson({ a: [] }, 2), '{\n  "a": [\n  ]\n}');
  assert.equal(writeJson([Number.NaN, 1.5]), "[null,1.5]");
});

test("amountFromValue parses exact BTC amounts (Core's AmountFromValue)", () => {
  const amount = (text: string) => amountFromValue(parseJson(text));
  assert.equal(amount("0.00000001"), 1n);
  assert.equal(amount("21000000"), MAX_MONEY);
  assert.equal(amount("21000000.00000000"), MAX_MONEY);
  assert.equal(amount("1e-8"), 1n);
  assert.equal(amount("1E+1"), 1_000_000_000n);
  assert.equal(amount("0.1"), 10_000_000n); // not 0.1 as a double (0.1000000000000000055...)
  assert.equal(amount("0.29"), 29_000_000n); // 0.29 * 1e8 = 28999999.999999996 as doubles
  assert.equal(amount("0.000000010"), 1n); // trailing zeros do not count as decimals
  assert.equal(amount("0"), 0n);
  assert.equal(amount("-0"), 0n);
  assert.equal(amount('"0.5"'), 50_000_000n); // strings are accepted too
  assert.equal(amount("20999999.99999999"), MAX_MONEY - 1n);

  const err = (text: string) => rpcErrorOf(() => amountFromValue(parseJson(text)));
  assert.deepEqual(err("0.000000001"), {
    code: RpcErrorCode.RPC_TYPE_ERROR,
    message: "Invalid amount",
  });
  assert.deepEqual(err("1e-9"), { code: -3, message: "Invalid amount" });
  assert.deepEqual(err("-0.00000001"), { code: -3, message: "Amount out of range" });
  assert.deepEqual(err("-1"), { code: -3, message: "Amount out of range" });
  assert.deepEqual(err("21000000.00000001"), { code: -3, message: "Amount out of range" });
  assert.deepEqual(err("1e10"), { code: -3, message: "Invalid amount" }); // >= 10^10 BTC
  assert.deepEqual(err('"abc"'), { code: -3, message: "Invalid amount" });
  assert.deepEqual(err('"1,5"'), { code: -3, message: "Invalid amount" });
  assert.deepEqual(err('" 1"'), { code: -3, message: "Invalid amount" });
  assert.deepEqual(err('""'), { code: -3, message: "Invalid amount" });
  assert.deepEqual(err("true"), { code: -3, message: "Amount is not a number or string" });
  assert.deepEqual(err("null"), { code: -3, message: "Amount is not a number or string" });
  assert.deepEqual(err("[1]"), { code: -3, message: "Amount is not a number or string" });
});

test("parseFixedPoint follows Core's ParseFixedPoint", () => {
  const cases: [string, bigint | null][] = [
    ["0", 0n],
    ["1", 100_000_000n],
    ["0.0", 0n],
    ["-0.1", -10_000_000n],
    ["1.1", 110_000_000n],
    ["1.10000000000000000", 110_000_000n],
    ["1.1e1", 1_100_000_000n],
    ["1.1e-1", 11_000_000n],
    ["1000", 100_000_000_000n],
    ["-1000", -100_000_000_000n],
    ["0.00000001", 1n],
    ["0.0000000100000000", 1n],
    ["-0.00000001", -1n],
    ["1000000000.00000001", 100_000_000_000_000_001n],
    ["9999999999.99999999", 999_999_999_999_999_999n],
    ["-9999999999.99999999", -999_999_999_999_999_999n],
    ["10000000000", null],
    ["0.000000001", null],
    ["1e100000000000000000000", null],
    ["00", null],
    ["01", null],
    ["1.", null],
    ["1e", null],
    ["1e+", null],
    ["-", null],
    ["", null],
    [".1", null],
    ["1..1", null],
    ["1e1.0", null],
    ["1 ", null],
    ["+1", null],
  ];
  for (const [text, expected] of cases) {
    assert.equal(parseFixedPoint(text, 8), expected, text);
  }
});

test("valueFromAmount formats eight decimals", () => {
  assert.equal(valueFromAmount(0n).text, "0.00000000");
  assert.equal(valueFromAmount(100_000n).text, "0.00100000");
  assert.equal(valueFromAmount(MAX_MONEY).text, "21000000.00000000");
  assert.equal(valueFromAmount(-150_000_000n).text, "-1.50000000");
});
