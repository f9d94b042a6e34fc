// Script assembly text: Core's ParseScript (core_read.cpp) and ScriptToAsmStr (core_write.cpp).
import { fromHex, isHex, toHex } from "../bytes/hex.js";
import { ByteWriter } from "../bytes/writer.js";
import { DecodeError } from "../errors.js";
import { VerifyFlags } from "./flags.js";
import { OP, opcodeName } from "./opcodes.js";
import { readScriptOp, writePushData } from "./script.js";
import { decodeScriptNum, encodeScriptNum } from "./script-num.js";
import {
  SIGHASH_ALL,
  SIGHASH_ANYONECANPAY,
  SIGHASH_NONE,
  SIGHASH_SINGLE,
} from "./sighash/hash-type.js";
import { checkSignatureEncoding } from "./signature-encoding.js";
import { isUnspendable } from "./unspendable.js";

/** Core's MAX_OPCODE: names above it (OP_CHECKSIGADD, OP_INVALIDOPCODE) are not parsed. */
const MAX_NAMED_OPCODE = OP.OP_NOP10;

/**
 * Opcode names ParseScript accepts, as Core builds mapOpNames: GetOpName of OP_NOP..OP_NOP10 and
 * OP_RESERVED, each with and without the `OP_` prefix. Pushes and small integers are written as
 * numbers instead, and NOP2/NOP3 only by their BIP65/BIP112 names.
 */
const ASM_OPCODES: ReadonlyMap<string, number> = (() => {
  const names = new Map<string, number>();
  for (let op = OP.OP_RESERVED as number; op <= MAX_NAMED_OPCODE; op++) {
    if (op < OP.OP_NOP && op !== OP.OP_RESERVED) continue;
    const name = opcodeName(op);
    if (name === "OP_UNKNOWN") continue;
    names.set(name, op);
    if (name.startsWith("OP_")) names.set(name.slice(3), op);
  }
  return names;
})();

const DECIMAL = /^-?[0-9]+$/;
const MAX_ASM_NUMBER = 0xffffffffn;

/** Appends Core's `CScript << int64`: OP_0, OP_1NEGATE, OP_1..OP_16 or a minimal number push. */
function writeNumber(w: ByteWriter, n: number): void {
  if (n === 0) w.u8(OP.OP_0);
  else if (n === -1) w.u8(OP.OP_1NEGATE);
  else if (n >= 1 && n <= 16) w.u8(OP.OP_1 + n - 1);
  else writePushData(w, encodeScriptNum(n));
}

/**
 * Parses script assembly in the dialect of Core's ParseScript, used by script_tests.json and
 * tx_valid.json: words split on space, tab and newline; a decimal number (range ±0xffffffff)
 * becomes its shortest push; `0x…` hex is inserted verbatim (not pushed); `'text'` pushes the
 * text's bytes; an opcode name may omit `OP_`. Throws DecodeError on anything else.
 */
export function parseAsm(text: string): Uint8Array {
  const w = new ByteWriter(text.length);
  for (const word of text.split(/[ \t\n]/)) {
    if (word === "") continue;
    if (DECIMAL.test(word)) {
      const n = BigInt(word);
      if (n > MAX_ASM_NUMBER || n < -MAX_ASM_NUMBER) {
        throw new DecodeError(
          "bad-asm-number",
          `script parse error: decimal numeric value only allowed in the range -0xFFFFFFFF...0xFFFFFFFF: ${word}`,
        );
      }
      writeNumber(w, Number(n));
    } else if (word.startsWith("0x") && word.length > 2 && isHex(word.slice(2))) {
      w.bytes(fromHex(word.slice(2)));
    } else if (word.length >= 2 && word.startsWith("'") && word.endsWith("'")) {
      writePushData(w, new TextEncoder().encode(word.slice(1, -1)));
    } else {
      const opcode = ASM_OPCODES.get(word);
      if (opcode === undefined) {
        throw new DecodeError("bad-asm-opcode", `script parse error: unknown opcode ${word}`);
      }
      w.u8(opcode);
    }
  }
  return w.finish();
}

const SIGHASH_NAMES: ReadonlyMap<number, string> = new Map([
  [SIGHASH_ALL, "ALL"],
  [SIGHASH_ALL | SIGHASH_ANYONECANPAY, "ALL|ANYONECANPAY"],
  [SIGHASH_NONE, "NONE"],
  [SIGHASH_NONE | SIGHASH_ANYONECANPAY, "NONE|ANYONECANPAY"],
  [SIGHASH_SINGLE, "SINGLE"],
  [SIGHASH_SINGLE | SIGHASH_ANYONECANPAY, "SINGLE|ANYONECANPAY"],
]);

/**
 * Formats a script as Core's ScriptToAsmStr (decodescript, getrawtransaction): pushes of up to
 * 4 bytes as decimal numbers, longer pushes as hex, other opcodes by name, `[error]` where a
 * push is truncated. With `attemptSighashDecode` (Core does this for scriptSigs), a push that
 * is a strictly encoded signature shows its hash type as a suffix such as `[ALL]`, except in
 * unspendable scripts.
 */
export function formatAsm(script: Uint8Array, attemptSighashDecode = false): string {
  const words: string[] = [];
  const decodeSighash = attemptSighashDecode && !isUnspendable(script);
  for (let pc = 0; pc < script.length; ) {
    const op = readScriptOp(script, pc);
    if (op === null) {
      words.push("[error]");
      break;
    }
    pc = op.end;
    const data = op.data;
    if (data === undefined) {
      words.push(opcodeName(op.opcode));
    } else if (data.length <= 4) {
      words.push(String(decodeScriptNum(data, false)));
    } else {
      let suffix = "";
      let bytes = data;
      if (decodeSighash && checkSignatureEncoding(data, VerifyFlags.STRICTENC) === null) {
        const name = SIGHASH_NAMES.get(data[data.length - 1]!);
        if (name !== undefined) {
          suffix = `[${name}]`;
          bytes = data.subarray(0, data.length - 1);
        }
      }
      words.push(toHex(bytes) + suffix);
    }
  }
  return words.join(" ");
}
