// Stack manipulation opcodes (OP_TOALTSTACK..OP_TUCK), OP_SIZE and OP_EQUAL(VERIFY).
import { bytesEqual } from "../bytes/equal.js";
import { OP } from "./opcodes.js";
import type { ScriptError } from "./script-error.js";
import { castToBool, decodeScriptNum, encodeScriptNum, scriptNumToInt32 } from "./script-num.js";

/** The element OP_EQUAL and the signature opcodes push for true. Never mutated. */
export const TRUE_ELEMENT: Uint8Array = Uint8Array.of(1);

/** The element pushed for false (the empty array). Never mutated. */
export const FALSE_ELEMENT: Uint8Array = new Uint8Array(0);

/** True for the opcodes {@link execStackOp} implements. */
export function isStackOp(opcode: number): boolean {
  return (
    (opcode >= OP.OP_TOALTSTACK && opcode <= OP.OP_TUCK) ||
    opcode === OP.OP_SIZE ||
    opcode === OP.OP_EQUAL ||
    opcode === OP.OP_EQUALVERIFY
  );
}

/** OP_PICK / OP_ROLL: copy or move the element `n` deep (n read from the top) to the top. */
function pickOrRoll(
  opcode: number,
  stack: Uint8Array[],
  requireMinimal: boolean,
): ScriptError | null {
  if (stack.length < 2) return "INVALID_STACK_OPERATION";
  const num = decodeScriptNum(stack[stack.length - 1]!, requireMinimal);
  if (num === null) return "SCRIPTNUM";
  const n = scriptNumToInt32(num);
  stack.pop();
  if (n < 0 || n >= stack.length) return "INVALID_STACK_OPERATION";
  const index = stack.length - n - 1;
  const item = stack[index]!;
  if (opcode === OP.OP_ROLL) stack.splice(index, 1);
  stack.push(item);
  return null;
}

/**
 * Executes one stack opcode on `stack` (and `altstack` for OP_TOALTSTACK/OP_FROMALTSTACK), with
 * the semantics and error order of Core's EvalScript. Elements are shared, never copied: no
 * opcode mutates an element in place. Returns the error, or null on success.
 */
export function execStackOp(
  opcode: number,
  stack: Uint8Array[],
  altstack: Uint8Array[],
  requireMinimal: boolean,
): ScriptError | null {
  const size = stack.length;
  switch (opcode) {
    case OP.OP_TOALTSTACK:
      if (size < 1) return "INVALID_STACK_OPERATION";
      altstack.push(stack.pop()!);
      return null;
    case OP.OP_FROMALTSTACK:
      if (altstack.length < 1) return "INVALID_ALTSTACK_OPERATION";
      stack.push(altstack.pop()!);
      return null;
    case OP.OP_2DROP:
      // (x1 x2 -- )
      if (size < 2) return "INVALID_STACK_OPERATION";
      stack.length = size - 2;
      return null;
    case OP.OP_2DUP:
      // (x1 x2 -- x1 x2 x1 x2)
      if (size < 2) return "INVALID_STACK_OPERATION";
      stack.push(stack[size - 2]!, stack[size - 1]!);
      return null;
    case OP.OP_3DUP:
      // (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
      if (size < 3) return "INVALID_STACK_OPERATION";
      stack.push(stack[size - 3]!, stack[size - 2]!, stack[size - 1]!);
      return null;
    case OP.OP_2OVER:
      // (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
      if (size < 4) return "INVALID_STACK_OPERATION";
      stack.push(stack[size - 4]!, stack[size - 3]!);
      return null;
    case OP.OP_2ROT: {
      // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
      if (size < 6) return "INVALID_STACK_OPERATION";
      const moved = stack.splice(size - 6, 2);
      stack.push(moved[0]!, moved[1]!);
      return null;
    }
    case OP.OP_2SWAP: {
      // (x1 x2 x3 x4 -- x3 x4 x1 x2)
      if (size < 4) return "INVALID_STACK_OPERATION";
      const x1 = stack[size - 4]!;
      const x2 = stack[size - 3]!;
      stack[size - 4] = stack[size - 2]!;
      stack[size - 3] = stack[size - 1]!;
      stack[size - 2] = x1;
      stack[size - 1] = x2;
      return null;
    }
    case OP.OP_IFDUP: {
      // (x -- 0 | x x)
      if (size < 1) return "INVALID_STACK_OPERATION";
      const top = stack[size - 1]!;
      if (castToBool(top)) stack.push(top);
      return null;
    }
    case OP.OP_DEPTH:
      // ( -- stacksize)
      stack.push(encodeScriptNum(size));
      return null;
    case OP.OP_DROP:
      // (x -- )
      if (size < 1) return "INVALID_STACK_OPERATION";
      stack.pop();
      return null;
    case OP.OP_DUP:
      // (x -- x x)
      if (size < 1) return "INVALID_STACK_OPERATION";
      stack.push(stack[size - 1]!);
      return null;
    case OP.OP_NIP:
      // (x1 x2 -- x2)
      if (size < 2) return "INVALID_STACK_OPERATION";
      stack[size - 2] = stack[size - 1]!;
      stack.pop();
      return null;
    case OP.OP_OVER:
      // (x1 x2 -- x1 x2 x1)
      if (size < 2) return "INVALID_STACK_OPERATION";
      stack.push(stack[size - 2]!);
      return null;
    case OP.OP_PICK:
    case OP.OP_ROLL:
      // (xn ... x2 x1 x0 n -- xn ... x2 x1 x0 xn) and (... -- ... x2 x1 x0 xn) for ROLL
      return pickOrRoll(opcode, stack, requireMinimal);
    case OP.OP_ROT: {
      // (x1 x2 x3 -- x2 x3 x1)
      if (size < 3) return "INVALID_STACK_OPERATION";
      const x1 = stack[size - 3]!;
      stack[size - 3] = stack[size - 2]!;
      stack[size - 2] = stack[size - 1]!;
      stack[size - 1] = x1;
      return null;
    }
    case OP.OP_SWAP: {
      // (x1 x2 -- x2 x1)
      if (size < 2) return "INVALID_STACK_OPERATION";
      const x1 = stack[size - 2]!;
      stack[size - 2] = stack[size - 1]!;
      stack[size - 1] = x1;
      return null;
    }
    case OP.OP_TUCK: {
      // (x1 x2 -- x2 x1 x2)
      if (size < 2) return "INVALID_STACK_OPERATION";
      const top = stack[size - 1]!;
      stack.splice(size - 2, 0, top);
      return null;
    }
    case OP.OP_SIZE:
      // (in -- in size)
      if (size < 1) return "INVALID_STACK_OPERATION";
      stack.push(encodeScriptNum(stack[size - 1]!.length));
      return null;
    case OP.OP_EQUAL:
    case OP.OP_EQUALVERIFY: {
      // (x1 x2 -- bool)
      if (size < 2) return "INVALID_STACK_OPERATION";
      const equal = bytesEqual(stack[size - 2]!, stack[size - 1]!);
      stack.length = size - 2;
      if (opcode === OP.OP_EQUALVERIFY) return equal ? null : "EQUALVERIFY";
      stack.push(equal ? TRUE_ELEMENT : FALSE_ELEMENT);
      return null;
    }
    default:
      return "BAD_OPCODE";
  }
}
