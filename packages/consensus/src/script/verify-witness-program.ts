// VerifyWitnessProgram: segwit v0 (BIP141/143) and taproot (BIP341/342) spends.
import { bytesEqual } from "../bytes/equal.js";
import { compactSizeLength } from "../bytes/writer.js";
import { sha256 } from "../hash.js";
import { evalScript } from "./eval-script.js";
import type { ScriptExecutionData } from "./execution-data.js";
import { VerifyFlags } from "./flags.js";
import { isOpSuccess } from "./op-success.js";
import { OP } from "./opcodes.js";
import { readScriptOp } from "./script.js";
import type { ScriptError } from "./script-error.js";
import {
  ANNEX_TAG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_STACK_SIZE,
  VALIDATION_WEIGHT_OFFSET,
} from "./script-limits.js";
import { castToBool } from "./script-num.js";
import { SigVersion } from "./sig-version.js";
import type { SignatureChecker } from "./signature-checker.js";
import {
  isValidControlBlockSize,
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  tapleafHash,
} from "./taproot.js";
import {
  isPayToAnchor,
  WITNESS_V0_KEYHASH_SIZE,
  WITNESS_V0_SCRIPTHASH_SIZE,
  WITNESS_V1_TAPROOT_SIZE,
} from "./witness-program.js";

/** The script P2WPKH executes: OP_DUP OP_HASH160 <program> OP_EQUALVERIFY OP_CHECKSIG. */
function p2pkhScript(keyHash: Uint8Array): Uint8Array {
  const script = new Uint8Array(25);
  script[0] = OP.OP_DUP;
  script[1] = OP.OP_HASH160;
  script[2] = WITNESS_V0_KEYHASH_SIZE;
  script.set(keyHash, 3);
  script[23] = OP.OP_EQUALVERIFY;
  script[24] = OP.OP_CHECKSIG;
  return script;
}

/** Serialized size of a witness stack (CompactSize count, then each element length-prefixed). */
function witnessSerializedSize(witness: readonly Uint8Array[]): number {
  let size = compactSizeLength(witness.length);
  for (const item of witness) size += compactSizeLength(item.length) + item.length;
  return size;
}

/**
 * Core's ExecuteWitnessScript: runs a witness script on the witness stack and requires a clean
 * stack holding one true element. Tapscript first scans for OP_SUCCESSx (which makes the spend
 * valid before any other rule, even element sizes) and limits the initial stack size.
 */
function executeWitnessScript(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  sigVersion: SigVersion,
  checker: SignatureChecker,
  execData: ScriptExecutionData,
): ScriptError | null {
  if (sigVersion === SigVersion.TAPSCRIPT) {
    for (let pc = 0; pc < script.length; ) {
      const op = readScriptOp(script, pc);
      // A truncated push before any OP_SUCCESSx makes the script unparsable.
      if (op === null) return "BAD_OPCODE";
      if (isOpSuccess(op.opcode)) {
        return (flags & VerifyFlags.DISCOURAGE_OP_SUCCESS) !== 0 ? "DISCOURAGE_OP_SUCCESS" : null;
      }
      pc = op.end;
    }
    if (stack.length > MAX_STACK_SIZE) return "STACK_SIZE";
  }
  for (const item of stack) {
    if (item.length > MAX_SCRIPT_ELEMENT_SIZE) return "PUSH_SIZE";
  }
  const error = evalScript(stack, script, flags, checker, sigVersion, execData);
  if (error !== null) return error;
  // Witness scripts implicitly require CLEANSTACK: extra elements would be malleable.
  if (stack.length !== 1) return "CLEANSTACK";
  if (!castToBool(stack[0]!)) return "EVAL_FALSE";
  return null;
}

/** BIP141 witness v0: P2WSH (32-byte program) and P2WPKH (20-byte program). */
function verifyWitnessV0(
  witness: readonly Uint8Array[],
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  execData: ScriptExecutionData,
): ScriptError | null {
  if (program.length === WITNESS_V0_SCRIPTHASH_SIZE) {
    if (witness.length === 0) return "WITNESS_PROGRAM_WITNESS_EMPTY";
    const script = witness[witness.length - 1]!;
    if (!bytesEqual(sha256(script), program)) return "WITNESS_PROGRAM_MISMATCH";
    const stack = witness.slice(0, witness.length - 1);
    return executeWitnessScript(stack, script, flags, SigVersion.WITNESS_V0, checker, execData);
  }
  if (program.length === WITNESS_V0_KEYHASH_SIZE) {
    // Exactly a signature and a key, checked by the implied P2PKH script.
    if (witness.length !== 2) return "WITNESS_PROGRAM_MISMATCH";
    const script = p2pkhScript(program);
    return executeWitnessScript(
      witness.slice(),
      script,
      flags,
      SigVersion.WITNESS_V0,
      checker,
      execData,
    );
  }
  return "WITNESS_PROGRAM_WRONG_LENGTH";
}

/**
 * BIP341 taproot spend of output key `program`: after dropping an annex, one element is a
 * key-path signature; more are a script-path spend (script, control block) whose leaf must be
 * committed to by the output key, executed as BIP342 tapscript for leaf version 0xc0.
 */
function verifyTaproot(
  witness: readonly Uint8Array[],
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  execData: ScriptExecutionData,
): ScriptError | null {
  if (witness.length === 0) return "WITNESS_PROGRAM_WITNESS_EMPTY";
  let end = witness.length;
  const last = witness[end - 1]!;
  // The annex is not executed, only signed (it is non-standard until given a meaning).
  if (end >= 2 && last.length > 0 && last[0] === ANNEX_TAG) {
    execData.annex = last;
    end--;
  } else {
    execData.annex = null;
  }
  if (end === 1) {
    return checker.checkSchnorrSignature(witness[0]!, program, SigVersion.TAPROOT, execData);
  }
  const control = witness[end - 1]!;
  const script = witness[end - 2]!;
  if (!isValidControlBlockSize(control.length)) return "TAPROOT_WRONG_CONTROL_SIZE";
  const leafVersion = control[0]! & TAPROOT_LEAF_MASK;
  const leafHash = tapleafHash(leafVersion, script);
  if (!checker.checkTaprootCommitment(control, program, leafHash)) {
    return "WITNESS_PROGRAM_MISMATCH";
  }
  execData.tapleafHash = leafHash;
  if (leafVersion === TAPROOT_LEAF_TAPSCRIPT) {
    // Signature checks are budgeted by the witness size, so they cannot be packed densely.
    execData.validationWeightLeft = witnessSerializedSize(witness) + VALIDATION_WEIGHT_OFFSET;
    const stack = witness.slice(0, end - 2);
    return executeWitnessScript(stack, script, flags, SigVersion.TAPSCRIPT, checker, execData);
  }
  // Unknown leaf versions are anyone-can-spend, reserved for soft forks.
  return (flags & VerifyFlags.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) !== 0
    ? "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION"
    : null;
}

/**
 * Verifies the witness of a witness program (version `version`, bytes `program`), as Core's
 * VerifyWitnessProgram: witness v0 P2WSH and P2WPKH; v1 32-byte programs as taproot when the
 * TAPROOT flag is set and the program is not P2SH-wrapped; pay-to-anchor and every other
 * version/size anyone-can-spend (future soft forks) unless DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM.
 * `execData` receives the annex and tapleaf hash. Returns the error or null.
 */
export function verifyWitnessProgram(
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  isP2sh: boolean,
  execData: ScriptExecutionData,
): ScriptError | null {
  if (version === 0) return verifyWitnessV0(witness, program, flags, checker, execData);
  if (version === 1 && program.length === WITNESS_V1_TAPROOT_SIZE && !isP2sh) {
    if ((flags & VerifyFlags.TAPROOT) === 0) return null;
    return verifyTaproot(witness, program, flags, checker, execData);
  }
  if (!isP2sh && isPayToAnchor(version, program)) return null;
  return (flags & VerifyFlags.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) !== 0
    ? "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM"
    : null;
}
