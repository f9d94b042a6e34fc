// classifyScript / solveScript (Core's Solver and TxoutType names) and ExtractDestination.
import assert from "node:assert/strict";
import { test } from "node:test";
import { extractDestination } from "../src/address/destination.js";
import { classifyScript, solveScript } from "../src/address/solver.js";
import { fromHex, toHex } from "../src/bytes/hex.js";

const C = `02${"11".repeat(32)}`; // compressed key
const U = `04${"22".repeat(64)}`; // uncompressed key
const H = "33".repeat(20);
const W = "44".repeat(32);

/** [label, script hex, Core type]. */
const CASES: [string, string, string][] = [
  ["empty", "", "nonstandard"],
  ["P2PK compressed", `21${C}ac`, "pubkey"],
  ["P2PK uncompressed", `41${U}ac`, "pubkey"],
  ["P2PK hybrid prefix 06", `41${`06${"22".repeat(64)}`}ac`, "pubkey"],
  ["P2PK 33 bytes with 04 prefix", `21${`04${"11".repeat(32)}`}ac`, "nonstandard"],
  ["P2PK 65 bytes with 02 prefix", `41${`02${"22".repeat(64)}`}ac`, "nonstandard"],
  ["P2PK without CHECKSIG", `21${C}ad`, "nonstandard"],
  ["P2PKH", `76a914${H}88ac`, "pubkeyhash"],
  ["P2PKH with 19-byte hash", `76a913${H.slice(2)}88ac`, "nonstandard"],
  ["P2SH", `a914${H}87`, "scripthash"],
  ["P2SH with PUSHDATA1", `a94c14${H}87`, "nonstandard"],
  ["P2WPKH", `0014${H}`, "witness_v0_keyhash"],
  ["P2WSH", `0020${W}`, "witness_v0_scripthash"],
  ["v0 with 21 bytes", `0015${H}55`, "nonstandard"],
  ["P2TR", `5120${W}`, "witness_v1_taproot"],
  ["pay-to-anchor", "51024e73", "anchor"],
  ["v1 with other 2 bytes", "51024e74", "witness_unknown"],
  ["v1 with 20 bytes", `5114${H}`, "witness_unknown"],
  ["v16 with 40 bytes", `6028${"55".repeat(40)}`, "witness_unknown"],
  ["witness program of 41 bytes", `5129${"55".repeat(41)}`, "nonstandard"],
  ["witness program of 1 byte", "510155", "nonstandard"],
  ["v1 pushed with PUSHDATA1", `514c20${W}`, "nonstandard"],
  ["OP_RETURN alone", "6a", "nulldata"],
  ["OP_RETURN with pushes", "6a04010203045100", "nulldata"],
  ["OP_RETURN with PUSHDATA1 and 1NEGATE", "6a4c01004f", "nulldata"],
  ["OP_RETURN with OP_NOP", "6a61", "nonstandard"],
  ["OP_RETURN with truncated push", "6a05010203", "nonstandard"],
  ["1-of-2 multisig", `5121${C}41${U}52ae`, "multisig"],
  ["2-of-2 multisig", `5221${C}21${C}52ae`, "multisig"],
  ["3-of-2 multisig", `5321${C}21${C}52ae`, "nonstandard"],
  ["key count mismatch", `5121${C}21${C}53ae`, "nonstandard"],
  ["0-of-1 multisig", `0021${C}51ae`, "nonstandard"],
  ["m pushed as data 0x01", `010121${C}51ae`, "nonstandard"],
  ["17 keys with n pushed as 0x11", `51${`21${C}`.repeat(17)}0111ae`, "multisig"],
  ["21 keys", `51${`21${C}`.repeat(21)}0115ae`, "nonstandard"],
  ["trailing byte before CHECKMULTISIG", `5121${C}5161ae`, "nonstandard"],
  ["invalid key in multisig", `5121${`05${"11".repeat(32)}`}51ae`, "nonstandard"],
  ["OP_TRUE", "51", "nonstandard"],
];

test("classifyScript returns Core's TxoutType names", () => {
  for (const [label, hex, type] of CASES) {
    assert.equal(classifyScript(fromHex(hex)), type, label);
  }
});

test("solveScript extracts Core's solutions", () => {
  assert.deepEqual(solveScript(fromHex(`21${C}ac`)).solutions.map(toHex), [C]);
  assert.deepEqual(solveScript(fromHex(`76a914${H}88ac`)).solutions.map(toHex), [H]);
  assert.deepEqual(solveScript(fromHex(`a914${H}87`)).solutions.map(toHex), [H]);
  assert.deepEqual(solveScript(fromHex(`5120${W}`)).solutions.map(toHex), [W]);
  assert.deepEqual(solveScript(fromHex(`5114${H}`)).solutions.map(toHex), ["01", H]);
  assert.deepEqual(solveScript(fromHex(`5121${C}41${U}52ae`)).solutions.map(toHex), [
    "01",
    C,
    U,
    "02",
  ]);
  assert.deepEqual(solveScript(fromHex("51024e73")).solutions, []);
});

test("only address-bearing scripts have a destination (ExtractDestination)", () => {
  for (const [label, hex, type] of CASES) {
    const dest = extractDestination(fromHex(hex));
    const hasAddress = !["nonstandard", "pubkey", "multisig", "nulldata"].includes(type);
    assert.equal(dest !== null, hasAddress, label);
    if (dest !== null) assert.equal(dest.type, type, label);
  }
});
