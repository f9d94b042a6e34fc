// Signature opcodes: OP_CHECKSIG(VERIFY), OP_CHECKSIGADD and OP_CHECKMULTISIG(VERIFY).

import type { EvalState } from "./eval-state.js";
import { findAndDelete } from "./find-and-delete.js";
import { VerifyFlags } from "./flags.js";
import { OP } from "./opcodes.js";
import { buildScript } from "./script.js";
import type { ScriptError } from "./script-error.js";
import {
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  VALIDATION_WEIGHT_PER_SIGOP_PASSED,
} from "./script-limits.js";
import { decodeScriptNum, encodeScriptNum, scriptNumToInt32 } from "./script-num.js";
import { SigVersion } from "./sig-version.js";
import { checkPubKeyEncoding, checkSignatureEncoding } from "./signature-encoding.js";
import { FALSE_ELEMENT, TRUE_ELEMENT } from "./stack-ops.js";

/** The push of `data` as Core's `CScript() << data` writes it (never OP_1..OP_16). */
function pushOf(data: Uint8Array): Uint8Array {
  if (data.length >= OP.OP_PUSHDATA1) return buildScript([data]);
  const push = new Uint8Array(data.length + 1);
  push[0] = data.length;
  push.set(data, 1);
  return push;
}

/**
 * The script code a legacy signature signs: the script after the last OP_CODESEPARATOR, minus
 * every push of the signature (FindAndDelete). CONST_SCRIPTCODE makes a match an error.
 */
function legacyScriptCode(
  state: EvalState,
  scriptCode: Uint8Array,
  sig: Uint8Array,
): Uint8Array | ScriptError {
  const { script, found } = findAndDelete(scriptCode, pushOf(sig));
  if (found > 0 && (state.flags & VerifyFlags.CONST_SCRIPTCODE) !== 0) return "SIG_FINDANDDELETE";
  return script;
}

/** Core's EvalChecksigPreTapscript: an ECDSA check in legacy or witness v0 script. */
function evalChecksigPreTapscript(
  state: EvalState,
  sig: Uint8Array,
  pubkey: Uint8Array,
): ScriptError | boolean {
  let scriptCode = state.script.subarray(state.codeHashStart);
  // A signature cannot sign itself, so legacy scripts drop it from the code they hash.
  if (state.sigVersion === SigVersion.BASE) {
    const code = legacyScriptCode(state, scriptCode, sig);
    if (typeof code === "string") return code;
    scriptCode = code;
  }
  const encoding =
    checkSignatureEncoding(sig, state.flags) ??
    checkPubKeyEncoding(pubkey, state.flags, state.sigVersion);
  if (encoding !== null) return encoding;
  const success = state.checker.checkEcdsaSignature(sig, pubkey, scriptCode, state.sigVersion);
  if (!success && (state.flags & VerifyFlags.NULLFAIL) !== 0 && sig.length > 0) return "NULLFAIL";
  return success;
}

/**
 * Core's EvalChecksigTapscript (BIP342). The order is consensus: a non-empty signature first
 * spends validation weight (also with an unknown key type), an empty key fails, a 32-byte key
 * needs a valid Schnorr signature unless the signature is empty, and other key sizes are
 * unknown types that succeed (for future soft forks) unless discouraged.
 */
function evalChecksigTapscript(
  state: EvalState,
  sig: Uint8Array,
  pubkey: Uint8Array,
): ScriptError | boolean {
  const success = sig.length > 0;
  if (success) {
    state.execData.validationWeightLeft -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
    if (state.execData.validationWeightLeft < 0) return "TAPSCRIPT_VALIDATION_WEIGHT";
  }
  if (pubkey.length === 0) return "TAPSCRIPT_EMPTY_PUBKEY";
  if (pubkey.length === 32) {
    if (success) {
      const error = state.checker.checkSchnorrSignature(
        sig,
        pubkey,
        state.sigVersion,
        state.execData,
      );
      if (error !== null) return error;
    }
  } else if ((state.flags & VerifyFlags.DISCOURAGE_UPGRADABLE_PUBKEYTYPE) !== 0) {
    return "DISCOURAGE_UPGRADABLE_PUBKEYTYPE";
  }
  return success;
}

/**
 * Core's EvalChecksig: an error, or whether the signature check succeeded (a failed check
 * without error pushes false and lets the script continue).
 */
function evalChecksig(
  state: EvalState,
  sig: Uint8Array,
  pubkey: Uint8Array,
): ScriptError | boolean {
  return state.sigVersion === SigVersion.TAPSCRIPT
    ? evalChecksigTapscript(state, sig, pubkey)
    : evalChecksigPreTapscript(state, sig, pubkey);
}

/** OP_CHECKSIG and OP_CHECKSIGVERIFY: (sig pubkey -- bool). Returns the error or null. */
export function execCheckSig(state: EvalState, opcode: number): ScriptError | null {
  const stack = state.stack;
  const size = stack.length;
  if (size < 2) return "INVALID_STACK_OPERATION";
  const result = evalChecksig(state, stack[size - 2]!, stack[size - 1]!);
  if (typeof result === "string") return result;
  stack.length = size - 2;
  if (opcode === OP.OP_CHECKSIGVERIFY) return result ? null : "CHECKSIGVERIFY";
  stack.push(result ? TRUE_ELEMENT : FALSE_ELEMENT);
  return null;
}

/**
 * OP_CHECKSIGADD (BIP342, tapscript only): (sig n pubkey -- n + success). Returns the error or
 * null; legacy and witness v0 scripts treat the opcode as undefined.
 */
export function execCheckSigAdd(state: EvalState): ScriptError | null {
  if (state.sigVersion !== SigVersion.TAPSCRIPT) return "BAD_OPCODE";
  const stack = state.stack;
  const size = stack.length;
  if (size < 3) return "INVALID_STACK_OPERATION";
  const n = decodeScriptNum(stack[size - 2]!, state.requireMinimal);
  if (n === null) return "SCRIPTNUM";
  const result = evalChecksig(state, stack[size - 3]!, stack[size - 1]!);
  if (typeof result === "string") return result;
  stack.length = size - 3;
  stack.push(encodeScriptNum(n + (result ? 1 : 0)));
  return null;
}

/**
 * OP_CHECKMULTISIG and OP_CHECKMULTISIGVERIFY: (dummy sig... nsigs pubkey... nkeys -- bool),
 * as Core's EvalScript. Keys count against the opcode limit; signatures must match keys in
 * order, and the check stops once too few keys remain. NULLFAIL requires every signature to be
 * empty when the check fails; NULLDUMMY requires the extra element consumed by the historical
 * off-by-one to be empty. Disabled in tapscript (use OP_CHECKSIGADD). Returns the error or null.
 */
export function execCheckMultiSig(state: EvalState, opcode: number): ScriptError | null {
  if (state.sigVersion === SigVersion.TAPSCRIPT) return "TAPSCRIPT_CHECKMULTISIG";
  const { stack, flags, requireMinimal } = state;
  // Positions are counted from the top: top(i) is stack[stack.length - i].
  let i = 1;
  if (stack.length < i) return "INVALID_STACK_OPERATION";
  const keysNum = decodeScriptNum(stack[stack.length - i]!, requireMinimal);
  if (keysNum === null) return "SCRIPTNUM";
  let keysCount = scriptNumToInt32(keysNum);
  if (keysCount < 0 || keysCount > MAX_PUBKEYS_PER_MULTISIG) return "PUBKEY_COUNT";
  state.opCount += keysCount;
  if (state.opCount > MAX_OPS_PER_SCRIPT) return "OP_COUNT";
  let ikey = ++i;
  // Items above the signatures (key count, keys, signature count): NULLFAIL skips them.
  let ikey2 = keysCount + 2;
  i += keysCount;
  if (stack.length < i) return "INVALID_STACK_OPERATION";
  const sigsNum = decodeScriptNum(stack[stack.length - i]!, requireMinimal);
  if (sigsNum === null) return "SCRIPTNUM";
  let sigsCount = scriptNumToInt32(sigsNum);
  if (sigsCount < 0 || sigsCount > keysCount) return "SIG_COUNT";
  let isig = ++i;
  i += sigsCount;
  if (stack.length < i) return "INVALID_STACK_OPERATION";

  let scriptCode = state.script.subarray(state.codeHashStart);
  if (state.sigVersion === SigVersion.BASE) {
    for (let k = 0; k < sigsCount; k++) {
      const code = legacyScriptCode(state, scriptCode, stack[stack.length - isig - k]!);
      if (typeof code === "string") return code;
      scriptCode = code;
    }
  }

  let success = true;
  while (success && sigsCount > 0) {
    const sig = stack[stack.length - isig]!;
    const pubkey = stack[stack.length - ikey]!;
    // Encoding is checked pair by pair, so with STRICTENC the evaluation order is observable.
    const encoding =
      checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, state.sigVersion);
    if (encoding !== null) return encoding;
    if (state.checker.checkEcdsaSignature(sig, pubkey, scriptCode, state.sigVersion)) {
      isig++;
      sigsCount--;
    }
    ikey++;
    keysCount--;
    // More signatures left than keys: the check has failed, stop early.
    if (sigsCount > keysCount) success = false;
  }

  // Pop the arguments (all but the dummy).
  while (i-- > 1) {
    if (
      !success &&
      (flags & VerifyFlags.NULLFAIL) !== 0 &&
      ikey2 === 0 &&
      stack[stack.length - 1]!.length > 0
    ) {
      return "NULLFAIL";
    }
    if (ikey2 > 0) ikey2--;
    stack.pop();
  }
  // The historical off-by-one consumes one more element, unchecked unless NULLDUMMY (BIP147).
  if (stack.length < 1) return "INVALID_STACK_OPERATION";
  if ((flags & VerifyFlags.NULLDUMMY) !== 0 && stack[stack.length - 1]!.length > 0)
    return "SIG_NULLDUMMY";
  stack.pop();
  if (opcode === OP.OP_CHECKMULTISIGVERIFY) return success ? null : "CHECKMULTISIGVERIFY";
  stack.push(success ? TRUE_ELEMENT : FALSE_ELEMENT);
  return null;
}
