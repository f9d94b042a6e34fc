// Script assembly: Core's ParseScript dialect (test vectors) and ScriptToAsmStr (decodescript).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { DecodeError } from "../src/errors.js";
import { formatAsm, parseAsm } from "../src/script/asm.js";
import { checkMinimalPush } from "../src/script/check-minimal-push.js";
import { OP } from "../src/script/opcodes.js";
import { readScriptOp } from "../src/script/script.js";
import { decodeScriptNum } from "../src/script/script-num.js";
import { readVectorJson, vectorSuite } from "./support/vectors.js";

test("parses numbers, raw hex, strings and opcode names like Core's ParseScript", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["0", "00"],
    ["-0", "00"],
    ["1", "51"],
    ["16", "60"],
    ["-1", "4f"],
    ["17", "0111"],
    ["-2", "0182"],
    ["128", "028000"],
    ["4294967295", "05ffffffff00"],
    ["-4294967295", "05ffffffff80"],
    ["0x4c 0x01 0x07", "4c0107"],
    ["0xABcd", "abcd"],
    ["'abc'", "03616263"],
    ["''", "00"],
    ["DUP HASH160", "76a9"],
    ["OP_DUP  OP_HASH160\tEQUALVERIFY\nCHECKSIG", "76a988ac"],
    ["NOP CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY NOP10", "61b1b2b9"],
    ["RESERVED OP_VER VERIF", "506265"],
  ];
  for (const [asm, hex] of cases) assert.equal(toHex(parseAsm(asm)), hex, JSON.stringify(asm));
});

test("rejects what Core's ParseScript rejects", () => {
  // Small numbers are decimal only; NOP2/NOP3 go by their BIP65/BIP112 names; opcodes above
  // OP_NOP10 (OP_CHECKSIGADD) have no name in Core's parser.
  for (const bad of [
    "4294967296",
    "-4294967296",
    "OP_0",
    "OP_1",
    "TRUE",
    "NOP2",
    "CHECKSIGADD",
    "0x",
    "0xabc",
    "0xzz",
    "'",
    "+1",
    "foo",
  ]) {
    assert.throws(() => parseAsm(bad), DecodeError, bad);
  }
});

test("formats like Core's ScriptToAsmStr", () => {
  const cases: [string, string][] = [
    [
      "76a91489abcdefabbaabbaabbaabbaabbaabbaabbaabba88ac",
      "OP_DUP OP_HASH160 89abcdefabbaabbaabbaabbaabbaabbaabbaabba OP_EQUALVERIFY OP_CHECKSIG",
    ],
    ["004f5160", "0 -1 1 16"],
    ["0201000201800400000080", "1 -1 0"],
    ["0500000000ff", "00000000ff"],
    ["b1b2ba", "OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_CHECKSIGADD"],
    ["ff", "OP_INVALIDOPCODE"],
    ["bb", "OP_UNKNOWN"],
    ["51 4c".replace(" ", ""), "1 [error]"],
    ["0302ff", "[error]"],
  ];
  for (const [hex, asm] of cases) assert.equal(formatAsm(fromHex(hex)), asm, hex);
});

test("decodes signature hash types in scriptSigs, but not in OP_RETURN data", () => {
  const der =
    "3044022057292e2d4dfe775becdd0a9e6547997c728cdf35390f6a017da56d654d374e4902206b643be2fc53763b4e284845bfea2c597d2dc7759941dce937636c9d341b71ed";
  const scriptSig = fromHex(`47${der}01`);
  assert.equal(formatAsm(scriptSig, true), `${der}[ALL]`);
  assert.equal(formatAsm(fromHex(`47${der}83`), true), `${der}[SINGLE|ANYONECANPAY]`);
  assert.equal(formatAsm(scriptSig), `${der}01`);
  // Undefined hash type: shown raw.
  assert.equal(formatAsm(fromHex(`47${der}05`), true), `${der}05`);
  assert.equal(formatAsm(fromHex(`6a47${der}01`), true), `OP_RETURN ${der}01`);
});

/** True when every push is a minimal push of a minimally encoded number of at most 4 bytes, and every opcode has a parsable name. */
function asmRoundTrippable(script: Uint8Array): boolean {
  for (let pc = 0; pc < script.length; ) {
    const op = readScriptOp(script, pc);
    if (op === null) return false;
    if (op.data !== undefined) {
      if (op.data.length > 4 || !checkMinimalPush(op.data, op.opcode)) return false;
      if (decodeScriptNum(op.data, true) === null) return false;
    } else if (op.opcode > OP.OP_NOP10) {
      return false;
    }
    pc = op.end;
  }
  return true;
}

test(
  "asm round trip: ParseScript(ScriptToAsmStr(s)) == s over script_tests.json",
  vectorSuite(),
  () => {
    const entries = readVectorJson<unknown[][]>("bitcoin-core", "script_tests.json");
    let checked = 0;
    for (const entry of entries) {
      const strings = entry.filter((e): e is string => typeof e === "string").slice(0, 2);
      if (entry.length < 4) continue;
      for (const asm of strings) {
        if (asm.includes("#")) continue;
        const script = parseAsm(asm);
        if (!asmRoundTrippable(script)) continue;
        assert.equal(toHex(parseAsm(formatAsm(script))), toHex(script), asm);
        checked++;
      }
    }
    assert.ok(checked > 800, `only ${checked} scripts round-tripped`);
  },
);
