// EvalScript: runs one script on a stack (Core's interpreter main loop).
import { checkMinimalPush } from "./check-minimal-push.js";
import { execCheckMultiSig, execCheckSig, execCheckSigAdd } from "./checksig-ops.js";
import { ConditionStack } from "./condition-stack.js";
import type { EvalState } from "./eval-state.js";
import { NO_CODESEPARATOR, type ScriptExecutionData } from "./execution-data.js";
import { VerifyFlags } from "./flags.js";
import { execHashOp, isHashOp } from "./hash-ops.js";
import { execCheckLockTimeVerify, execCheckSequenceVerify } from "./locktime-ops.js";
import { execNumericOp, isNumericOp } from "./numeric-ops.js";
import { OP } from "./opcodes.js";
import { readScriptOp } from "./script.js";
import type { ScriptError } from "./script-error.js";
import {
  MAX_OPS_PER_SCRIPT,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
} from "./script-limits.js";
import { castToBool, encodeScriptNum } from "./script-num.js";
import { SigVersion } from "./sig-version.js";
import type { SignatureChecker } from "./signature-checker.js";
import { execStackOp, isStackOp } from "./stack-ops.js";

/** Elements pushed by OP_1NEGATE, OP_1..OP_16, indexed by opcode - OP_1NEGATE. Never mutated. */
const SMALL_INT_ELEMENTS: readonly Uint8Array[] = Array.from(
  { length: OP.OP_16 - OP.OP_1NEGATE + 1 },
  (_, i) => encodeScriptNum(i === 0 ? -1 : i - 1),
);

/**
 * True for the opcodes disabled in 2010 (CVE-2010-5137): splice, bitwise logic, and
 * multiplication, division and shifts. Legacy and witness v0 scripts fail on them even in an
 * unexecuted branch; in tapscript they are OP_SUCCESSx and never reach the interpreter.
 */
export function isDisabledOpcode(opcode: number): boolean {
  return (
    (opcode >= OP.OP_CAT && opcode <= OP.OP_RIGHT) ||
    (opcode >= OP.OP_INVERT && opcode <= OP.OP_XOR) ||
    opcode === OP.OP_2MUL ||
    opcode === OP.OP_2DIV ||
    (opcode >= OP.OP_MUL && opcode <= OP.OP_RSHIFT)
  );
}

/** OP_IF / OP_NOTIF: opens a branch, consuming the condition when executing. */
function execIf(
  state: EvalState,
  cond: ConditionStack,
  opcode: number,
  executing: boolean,
): ScriptError | null {
  let value = false;
  if (executing) {
    const stack = state.stack;
    // No condition to pop is a stack error, as for every other opcode. Core before PR #32143
    // said UNBALANCED_CONDITIONAL, which it keeps for ELSE/ENDIF without an IF and an IF left open.
    if (stack.length < 1) return "INVALID_STACK_OPERATION";
    const top = stack[stack.length - 1]!;
    const minimal = top.length === 0 || (top.length === 1 && top[0] === 1);
    // Tapscript demands exactly empty or 0x01 by consensus (BIP342); witness v0 by policy.
    if (state.sigVersion === SigVersion.TAPSCRIPT && !minimal) return "TAPSCRIPT_MINIMALIF";
    if (
      state.sigVersion === SigVersion.WITNESS_V0 &&
      (state.flags & VerifyFlags.MINIMALIF) !== 0 &&
      !minimal
    ) {
      return "MINIMALIF";
    }
    value = castToBool(top);
    if (opcode === OP.OP_NOTIF) value = !value;
    stack.pop();
  }
  cond.push(value);
  return null;
}

/**
 * Executes one non-push opcode (or a flow-control opcode inside an unexecuted branch), as the
 * big switch of Core's EvalScript. `pc` is the offset after the opcode and `opcodePos` its
 * index, both needed by OP_CODESEPARATOR.
 */
function execOpcode(
  state: EvalState,
  cond: ConditionStack,
  opcode: number,
  executing: boolean,
  pc: number,
  opcodePos: number,
): ScriptError | null {
  switch (opcode) {
    case OP.OP_NOP:
      return null;
    case OP.OP_CHECKLOCKTIMEVERIFY:
      return execCheckLockTimeVerify(state);
    case OP.OP_CHECKSEQUENCEVERIFY:
      return execCheckSequenceVerify(state);
    case OP.OP_NOP1:
    case OP.OP_NOP4:
    case OP.OP_NOP5:
    case OP.OP_NOP6:
    case OP.OP_NOP7:
    case OP.OP_NOP8:
    case OP.OP_NOP9:
    case OP.OP_NOP10:
      // Reserved for soft forks: policy rejects them so that a future meaning cannot strand
      // coins locked by scripts relying on today's NOP behaviour.
      return (state.flags & VerifyFlags.DISCOURAGE_UPGRADABLE_NOPS) !== 0
        ? "DISCOURAGE_UPGRADABLE_NOPS"
        : null;
    case OP.OP_IF:
    case OP.OP_NOTIF:
      return execIf(state, cond, opcode, executing);
    case OP.OP_ELSE:
      if (cond.isEmpty()) return "UNBALANCED_CONDITIONAL";
      cond.toggleTop();
      return null;
    case OP.OP_ENDIF:
      if (cond.isEmpty()) return "UNBALANCED_CONDITIONAL";
      cond.pop();
      return null;
    case OP.OP_VERIFY: {
      const stack = state.stack;
      if (stack.length < 1) return "INVALID_STACK_OPERATION";
      if (!castToBool(stack[stack.length - 1]!)) return "VERIFY";
      stack.pop();
      return null;
    }
    case OP.OP_RETURN:
      return "OP_RETURN";
    case OP.OP_CODESEPARATOR:
      // Signatures hash the script from here on (BIP342: and commit to this position).
      state.codeHashStart = pc;
      state.execData.codeseparatorPos = opcodePos;
      return null;
    case OP.OP_CHECKSIG:
    case OP.OP_CHECKSIGVERIFY:
      return execCheckSig(state, opcode);
    case OP.OP_CHECKSIGADD:
      return execCheckSigAdd(state);
    case OP.OP_CHECKMULTISIG:
    case OP.OP_CHECKMULTISIGVERIFY:
      return execCheckMultiSig(state, opcode);
    default:
      if (opcode >= OP.OP_1NEGATE && opcode <= OP.OP_16 && opcode !== OP.OP_RESERVED) {
        state.stack.push(SMALL_INT_ELEMENTS[opcode - OP.OP_1NEGATE]!);
        return null;
      }
      if (isStackOp(opcode)) {
        return execStackOp(opcode, state.stack, state.altstack, state.requireMinimal);
      }
      if (isNumericOp(opcode)) return execNumericOp(opcode, state.stack, state.requireMinimal);
      if (isHashOp(opcode)) return execHashOp(opcode, state.stack);
      // OP_RESERVED, OP_VER, OP_VERIF, OP_VERNOTIF, OP_RESERVED1/2 and undefined opcodes.
      return "BAD_OPCODE";
  }
}

/**
 * Executes `script` on `stack` (modified in place) under the rules of `sigVersion`, mirroring
 * Core's EvalScript: per-element (520 bytes), script size (10,000) and opcode (201) limits for
 * legacy and witness v0, the 1,000-element stack limit, disabled opcodes, MINIMALDATA, and
 * balanced IF/ENDIF. `execData.codeseparatorPos` is reset. Returns null on success or the
 * error; never throws for any script.
 */
export function evalScript(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  sigVersion: SigVersion,
  execData: ScriptExecutionData,
): ScriptError | null {
  const legacy = sigVersion === SigVersion.BASE || sigVersion === SigVersion.WITNESS_V0;
  if (legacy && script.length > MAX_SCRIPT_SIZE) return "SCRIPT_SIZE";
  const state: EvalState = {
    stack,
    altstack: [],
    script,
    flags,
    checker,
    sigVersion,
    execData,
    requireMinimal: (flags & VerifyFlags.MINIMALDATA) !== 0,
    codeHashStart: 0,
    opCount: 0,
  };
  const constScriptCode =
    sigVersion === SigVersion.BASE && (flags & VerifyFlags.CONST_SCRIPTCODE) !== 0;
  const cond = new ConditionStack();
  execData.codeseparatorPos = NO_CODESEPARATOR;
  let pc = 0;
  for (let opcodePos = 0; pc < script.length; opcodePos++) {
    const executing = cond.allTrue();
    const op = readScriptOp(script, pc);
    if (op === null) return "BAD_OPCODE";
    pc = op.end;
    const opcode = op.opcode;
    const data = op.data;
    if (data !== undefined && data.length > MAX_SCRIPT_ELEMENT_SIZE) return "PUSH_SIZE";
    // OP_RESERVED counts as a push here, as in Core; tapscript has no opcode limit.
    if (legacy && opcode > OP.OP_16 && ++state.opCount > MAX_OPS_PER_SCRIPT) return "OP_COUNT";
    if (isDisabledOpcode(opcode)) return "DISABLED_OPCODE";
    // Even unexecuted: with CONST_SCRIPTCODE the script code must not depend on separators.
    if (opcode === OP.OP_CODESEPARATOR && constScriptCode) return "OP_CODESEPARATOR";
    if (executing && data !== undefined) {
      if (state.requireMinimal && !checkMinimalPush(data, opcode)) return "MINIMALDATA";
      stack.push(data);
    } else if (executing || (opcode >= OP.OP_IF && opcode <= OP.OP_ENDIF)) {
      const error = execOpcode(state, cond, opcode, executing, pc, opcodePos);
      if (error !== null) return error;
    }
    if (stack.length + state.altstack.length > MAX_STACK_SIZE) return "STACK_SIZE";
  }
  if (!cond.isEmpty()) return "UNBALANCED_CONDITIONAL";
  return null;
}
