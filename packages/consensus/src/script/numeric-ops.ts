// Arithmetic opcodes OP_1ADD..OP_WITHIN on 4-byte script numbers.
import { OP } from "./opcodes.js";
import type { ScriptError } from "./script-error.js";
import { decodeScriptNum, encodeScriptNum } from "./script-num.js";

/** True for the opcodes {@link execNumericOp} implements (OP_1ADD..OP_WITHIN, none disabled). */
export function isNumericOp(opcode: number): boolean {
  return opcode >= OP.OP_1ADD && opcode <= OP.OP_WITHIN;
}

function unary(opcode: number, a: number): number {
  switch (opcode) {
    case OP.OP_1ADD:
      return a + 1;
    case OP.OP_1SUB:
      return a - 1;
    case OP.OP_NEGATE:
      return -a;
    case OP.OP_ABS:
      return a < 0 ? -a : a;
    case OP.OP_NOT:
      return a === 0 ? 1 : 0;
    default:
      // OP_0NOTEQUAL
      return a !== 0 ? 1 : 0;
  }
}

function binary(opcode: number, a: number, b: number): number {
  switch (opcode) {
    case OP.OP_ADD:
      return a + b;
    case OP.OP_SUB:
      return a - b;
    case OP.OP_BOOLAND:
      return a !== 0 && b !== 0 ? 1 : 0;
    case OP.OP_BOOLOR:
      return a !== 0 || b !== 0 ? 1 : 0;
    case OP.OP_NUMEQUAL:
    case OP.OP_NUMEQUALVERIFY:
      return a === b ? 1 : 0;
    case OP.OP_NUMNOTEQUAL:
      return a !== b ? 1 : 0;
    case OP.OP_LESSTHAN:
      return a < b ? 1 : 0;
    case OP.OP_GREATERTHAN:
      return a > b ? 1 : 0;
    case OP.OP_LESSTHANOREQUAL:
      return a <= b ? 1 : 0;
    case OP.OP_GREATERTHANOREQUAL:
      return a >= b ? 1 : 0;
    case OP.OP_MIN:
      return a < b ? a : b;
    default:
      // OP_MAX
      return a > b ? a : b;
  }
}

/**
 * Executes one numeric opcode as Core's EvalScript: operands are script numbers of at most 4
 * bytes (minimally encoded under MINIMALDATA; a bad operand is SCRIPTNUM, Core's
 * scriptnum_error), results may grow to 5 bytes. The disabled OP_2MUL, OP_2DIV, OP_MUL, OP_DIV,
 * OP_MOD, OP_LSHIFT and OP_RSHIFT never get here. Returns the error, or null on success.
 */
export function execNumericOp(
  opcode: number,
  stack: Uint8Array[],
  requireMinimal: boolean,
): ScriptError | null {
  const size = stack.length;
  if (opcode <= OP.OP_0NOTEQUAL) {
    // (in -- out)
    if (size < 1) return "INVALID_STACK_OPERATION";
    const a = decodeScriptNum(stack[size - 1]!, requireMinimal);
    if (a === null) return "SCRIPTNUM";
    stack[size - 1] = encodeScriptNum(unary(opcode, a));
    return null;
  }
  if (opcode === OP.OP_WITHIN) {
    // (x min max -- out): min <= x < max
    if (size < 3) return "INVALID_STACK_OPERATION";
    const x = decodeScriptNum(stack[size - 3]!, requireMinimal);
    const min = decodeScriptNum(stack[size - 2]!, requireMinimal);
    const max = decodeScriptNum(stack[size - 1]!, requireMinimal);
    if (x === null || min === null || max === null) return "SCRIPTNUM";
    stack.length = size - 3;
    stack.push(encodeScriptNum(min <= x && x < max ? 1 : 0));
    return null;
  }
  // (x1 x2 -- out)
  if (size < 2) return "INVALID_STACK_OPERATION";
  const a = decodeScriptNum(stack[size - 2]!, requireMinimal);
  const b = decodeScriptNum(stack[size - 1]!, requireMinimal);
  if (a === null || b === null) return "SCRIPTNUM";
  const result = binary(opcode, a, b);
  stack.length = size - 2;
  if (opcode === OP.OP_NUMEQUALVERIFY) {
    return result !== 0 ? null : "NUMEQUALVERIFY";
  }
  stack.push(encodeScriptNum(result));
  return null;
}
