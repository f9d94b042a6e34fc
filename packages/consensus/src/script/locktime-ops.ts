// OP_CHECKLOCKTIMEVERIFY (BIP65) and OP_CHECKSEQUENCEVERIFY (BIP112).
import type { EvalState } from "./eval-state.js";
import { VerifyFlags } from "./flags.js";
import type { ScriptError } from "./script-error.js";
import { decodeScriptNum, LOCKTIME_MAX_NUM_SIZE } from "./script-num.js";

const TWO_POW_31 = 0x8000_0000;

/**
 * Reads the lock-time operand (top element, left on the stack): up to 5 bytes, because the
 * 4-byte limit of other numeric opcodes would stop short of the uint32 nLockTime range (2038).
 */
function lockOperand(state: EvalState): number | ScriptError {
  const stack = state.stack;
  if (stack.length < 1) return "INVALID_STACK_OPERATION";
  const value = decodeScriptNum(
    stack[stack.length - 1]!,
    state.requireMinimal,
    LOCKTIME_MAX_NUM_SIZE,
  );
  if (value === null) return "SCRIPTNUM";
  // A negative operand can never pass; use `0 MAX` before the opcode if arithmetic may go below.
  if (value < 0) return "NEGATIVE_LOCKTIME";
  return value;
}

/**
 * OP_CHECKLOCKTIMEVERIFY: fails unless the transaction's nLockTime is of the operand's kind
 * (height or time) and at least the operand, and the input is not final. Without the
 * CHECKLOCKTIMEVERIFY flag it is OP_NOP2. Returns the error or null.
 */
export function execCheckLockTimeVerify(state: EvalState): ScriptError | null {
  if ((state.flags & VerifyFlags.CHECKLOCKTIMEVERIFY) === 0) return null;
  const lockTime = lockOperand(state);
  if (typeof lockTime === "string") return lockTime;
  return state.checker.checkLockTime(lockTime) ? null : "UNSATISFIED_LOCKTIME";
}

/**
 * OP_CHECKSEQUENCEVERIFY: fails unless the input's nSequence encodes a relative lock of the
 * operand's kind and at least its value. An operand with the disable bit (1 << 31) set makes
 * it a NOP, reserved for future soft forks; without the CHECKSEQUENCEVERIFY flag it is OP_NOP3.
 * Returns the error or null.
 */
export function execCheckSequenceVerify(state: EvalState): ScriptError | null {
  if ((state.flags & VerifyFlags.CHECKSEQUENCEVERIFY) === 0) return null;
  const sequence = lockOperand(state);
  if (typeof sequence === "string") return sequence;
  // Bit 31 of a value that may be wider than 32 bits.
  if (Math.floor(sequence / TWO_POW_31) % 2 === 1) return null;
  return state.checker.checkSequence(sequence) ? null : "UNSATISFIED_LOCKTIME";
}
