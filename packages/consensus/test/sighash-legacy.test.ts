import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, hashToHex, toHex } from "../src/bytes/hex.js";
import { sha256d } from "../src/hash.js";
import {
  SIGHASH_ALL,
  SIGHASH_ANYONECANPAY,
  SIGHASH_NONE,
  SIGHASH_SINGLE,
} from "../src/script/sighash/hash-type.js";
import { legacySighash } from "../src/script/sighash/legacy.js";
import { precomputeTxData } from "../src/script/sighash/precomputed.js";
import { decodeTx } from "../src/tx/codec.js";
import type { Transaction } from "../src/tx/transaction.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

const ONE = `01${"00".repeat(31)}`;

test("Core sighash.json: legacy SignatureHash of all 500 cases", vectorSuite(), (t) => {
  const rows = readVectorJson<unknown[]>("bitcoin-core", "sighash.json");
  const failures: string[] = [];
  let total = 0;
  for (const [i, row] of rows.entries()) {
    // The only non-case row is the one-string header comment.
    if (Array.isArray(row) && row.length === 1 && typeof row[0] === "string") continue;
    total++;
    if (
      !Array.isArray(row) ||
      row.length !== 5 ||
      typeof row[0] !== "string" ||
      typeof row[1] !== "string" ||
      !Number.isInteger(row[2]) ||
      !Number.isInteger(row[3]) ||
      typeof row[4] !== "string"
    ) {
      failures.push(`row ${i}: cannot interpret ${JSON.stringify(row).slice(0, 80)}`);
      continue;
    }
    const [rawTx, scriptHex, inputIndex, hashType, expected] = row as [
      string,
      string,
      number,
      number,
      string,
    ];
    try {
      const tx = decodeTx(fromHex(rawTx));
      const got = hashToHex(legacySighash(tx, inputIndex, fromHex(scriptHex), hashType));
      if (got !== expected) failures.push(`row ${i}: got ${got}, want ${expected}`);
      // The same hash through the precomputed-parts path the interpreter uses.
      const data = precomputeTxData(tx, null);
      const fast = hashToHex(legacySighash(tx, inputIndex, fromHex(scriptHex), hashType, data));
      if (fast !== expected) failures.push(`row ${i} (precomputed): got ${fast}, want ${expected}`);
    } catch (e) {
      failures.push(`row ${i}: threw ${String(e)}`);
    }
  }
  reportCases(t, "sighash.json", total, failures);
  assert.equal(total, 500);
});

// A small transaction: two inputs, one output (so input 1 has no matching output).
const txid = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const TX: Transaction = {
  version: 1,
  inputs: [
    { prevout: { txid: txid(0x11), vout: 0 }, scriptSig: fromHex("51"), sequence: 7, witness: [] },
    { prevout: { txid: txid(0x22), vout: 3 }, scriptSig: fromHex("52"), sequence: 9, witness: [] },
  ],
  outputs: [{ value: 5000n, scriptPubKey: fromHex(`76a914${"33".repeat(20)}88ac`) }],
  locktime: 0,
};

/** The serialized output of TX, written out by hand. */
// value 5000, script length 0x19, P2PKH script.
const TX_OUT_HEX = `8813000000000000 19 76a914${"33".repeat(20)}88ac`.replaceAll(" ", "");

test("legacy: SIGHASH_SINGLE without a matching output signs the value 1 (the SINGLE bug)", () => {
  for (const ht of [SIGHASH_SINGLE, SIGHASH_SINGLE | SIGHASH_ANYONECANPAY, 0x43, -253]) {
    // -253 is 0xffffff03: only the low five bits select SINGLE.
    assert.equal(toHex(legacySighash(TX, 1, fromHex("51"), ht)), ONE, `hash type ${ht}`);
  }
  // Input 0 has an output: a real hash.
  assert.notEqual(toHex(legacySighash(TX, 0, fromHex("51"), SIGHASH_SINGLE)), ONE);
  // ALL on the same input is not affected by the missing output.
  assert.notEqual(toHex(legacySighash(TX, 1, fromHex("51"), SIGHASH_ALL)), ONE);
});

test("legacy: an input index past the inputs signs the value 1", () => {
  assert.equal(toHex(legacySighash(TX, 2, fromHex("51"), SIGHASH_ALL)), ONE);
  assert.equal(toHex(legacySighash(TX, 99, fromHex(""), SIGHASH_NONE)), ONE);
  // Each call returns its own array: mutating one must not change the next.
  const one = legacySighash(TX, 5, fromHex(""), SIGHASH_ALL);
  one[0] = 0xff;
  assert.equal(toHex(legacySighash(TX, 5, fromHex(""), SIGHASH_ALL)), ONE);
});

test("legacy: preimages written out by hand (ALL, NONE, SINGLE, ANYONECANPAY)", () => {
  const in0 = `${"11".repeat(32)}00000000`;
  const in1 = `${"22".repeat(32)}03000000`;
  const cases: [number, number, string][] = [
    // ALL, input 1: input 0 blanked with its sequence kept.
    [
      1,
      SIGHASH_ALL,
      `01000000 02 ${in0} 00 07000000 ${in1} 0151 09000000 01 ${TX_OUT_HEX} 00000000 01000000`,
    ],
    // NONE, input 0: no outputs, other sequences zeroed.
    [0, SIGHASH_NONE, `01000000 02 ${in0} 0151 07000000 ${in1} 00 00000000 00 00000000 02000000`],
    // SINGLE, input 0: outputs up to index 0, other sequences zeroed.
    [
      0,
      SIGHASH_SINGLE,
      `01000000 02 ${in0} 0151 07000000 ${in1} 00 00000000 01 ${TX_OUT_HEX} 00000000 03000000`,
    ],
    // ALL|ANYONECANPAY, input 1: only the signed input.
    [1, 0x81, `01000000 01 ${in1} 0151 09000000 01 ${TX_OUT_HEX} 00000000 81000000`],
    // NONE|ANYONECANPAY, input 1.
    [1, 0x82, `01000000 01 ${in1} 0151 09000000 00 00000000 82000000`],
    // A negative hash type is hashed as its 32-bit two's complement; low bits 0x01 = ALL.
    [
      0,
      -255,
      `01000000 02 ${in0} 0151 07000000 ${in1} 00 09000000 01 ${TX_OUT_HEX} 00000000 01ffffff`,
    ],
  ];
  for (const [index, ht, preimage] of cases) {
    const want = toHex(sha256d(fromHex(preimage.replaceAll(" ", ""))));
    assert.equal(toHex(legacySighash(TX, index, fromHex("51"), ht)), want, `type ${ht}`);
  }
});

test("legacy: SINGLE blanks earlier outputs as value -1 with an empty script", () => {
  const tx: Transaction = {
    ...TX,
    outputs: [
      { value: 1n, scriptPubKey: fromHex("51") },
      { value: 2n, scriptPubKey: fromHex("52") },
      { value: 3n, scriptPubKey: fromHex("53") },
    ],
  };
  const in0 = `${"11".repeat(32)}00000000`;
  const in1 = `${"22".repeat(32)}03000000`;
  const preimage = `01000000 02 ${in0} 00 00000000 ${in1} 0100 09000000 02 ffffffffffffffff00 0200000000000000 0152 00000000 03000000`;
  assert.equal(
    toHex(legacySighash(tx, 1, fromHex("00"), SIGHASH_SINGLE)),
    toHex(sha256d(fromHex(preimage.replaceAll(" ", "")))),
  );
});

test("legacy: OP_CODESEPARATOR is removed from scriptCode, but not from push data", () => {
  const h = (script: string): string => toHex(legacySighash(TX, 0, fromHex(script), SIGHASH_ALL));
  assert.equal(h("51ab52ab"), h("5152"));
  assert.equal(h("ababab"), h(""));
  // 0xab inside a push is data, not an opcode.
  assert.notEqual(h("01ab"), h("01"));
  assert.notEqual(h("01ab"), h(""));
  assert.equal(h("01abab"), h("01ab"));
});

test("legacy: a truncated push keeps Core's length prefix but stops the bytes where parsing stopped", () => {
  const tx: Transaction = { ...TX, inputs: [TX.inputs[0]!] };
  const in0 = `${"11".repeat(32)}00000000`;
  const hashed = (scriptCodeField: string): string =>
    toHex(
      sha256d(
        fromHex(
          `01000000 01 ${in0} ${scriptCodeField} 07000000 01 ${TX_OUT_HEX} 00000000 01000000`.replaceAll(
            " ",
            "",
          ),
        ),
      ),
    );
  // "ab 05 01": a separator, then a 5-byte push with one byte left. Length counts 3 - 1 = 2
  // bytes; Core writes only the push opcode (its iterator stops after the opcode byte).
  assert.equal(toHex(legacySighash(tx, 0, fromHex("ab0501"), SIGHASH_ALL)), hashed("02 05"));
  // "51 4d 0300 aa": PUSHDATA2 of 3 bytes with one left; the iterator stops after the length.
  assert.equal(
    toHex(legacySighash(tx, 0, fromHex("514d0300aa"), SIGHASH_ALL)),
    hashed("05 514d0300"),
  );
  // "4c": PUSHDATA1 with no length byte.
  assert.equal(toHex(legacySighash(tx, 0, fromHex("ab4c"), SIGHASH_ALL)), hashed("01 4c"));
  // Without a separator the same quirk applies.
  assert.equal(toHex(legacySighash(tx, 0, fromHex("5105aa"), SIGHASH_ALL)), hashed("03 5105"));
});
