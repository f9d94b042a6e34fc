// Hashing opcodes OP_RIPEMD160..OP_HASH256.
import { hash160, ripemd160, sha1, sha256, sha256d } from "../hash.js";
import { OP } from "./opcodes.js";
import type { ScriptError } from "./script-error.js";

/** True for the opcodes {@link execHashOp} implements. */
export function isHashOp(opcode: number): boolean {
  return opcode >= OP.OP_RIPEMD160 && opcode <= OP.OP_HASH256;
}

/** Replaces the top element by its hash: (in -- hash). Returns the error, or null on success. */
export function execHashOp(opcode: number, stack: Uint8Array[]): ScriptError | null {
  const size = stack.length;
  if (size < 1) return "INVALID_STACK_OPERATION";
  const data = stack[size - 1]!;
  switch (opcode) {
    case OP.OP_RIPEMD160:
      stack[size - 1] = ripemd160(data);
      return null;
    case OP.OP_SHA1:
      stack[size - 1] = sha1(data);
      return null;
    case OP.OP_SHA256:
      stack[size - 1] = sha256(data);
      return null;
    case OP.OP_HASH160:
      stack[size - 1] = hash160(data);
      return null;
    case OP.OP_HASH256:
      stack[size - 1] = sha256d(data);
      return null;
    default:
      return "BAD_OPCODE";
  }
}
