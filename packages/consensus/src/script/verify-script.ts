// VerifyScript: the full check of one input's scriptSig, scriptPubKey and witness.
import { bytesEqual } from "../bytes/equal.js";
import { RangeCheckError } from "../errors.js";
import { evalScript } from "./eval-script.js";
import { newExecutionData } from "./execution-data.js";
import { formatVerifyFlags, isValidFlagCombination, VerifyFlags } from "./flags.js";
import { buildScript, isPushOnly } from "./script.js";
import { SCRIPT_OK, type ScriptError, type ScriptResult, scriptFailure } from "./script-error.js";
import { castToBool } from "./script-num.js";
import { SigVersion } from "./sig-version.js";
import type { SignatureChecker } from "./signature-checker.js";
import { verifyWitnessProgram } from "./verify-witness-program.js";
import { extractWitnessProgram, isPayToScriptHash } from "./witness-program.js";

const EMPTY_WITNESS: readonly Uint8Array[] = Object.freeze([]);

/** The core of {@link verifyScript}, returning the error or null. */
function verify(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
  checker: SignatureChecker,
): ScriptError | null {
  if ((flags & VerifyFlags.SIGPUSHONLY) !== 0 && !isPushOnly(scriptSig)) return "SIG_PUSHONLY";
  const execData = newExecutionData();
  // scriptSig and scriptPubKey run one after the other on the same stack, never concatenated
  // (CVE-2010-5141: a scriptSig ending in OP_RETURN's old semantics could skip the check).
  let stack: Uint8Array[] = [];
  let error = evalScript(stack, scriptSig, flags, checker, SigVersion.BASE, execData);
  if (error !== null) return error;
  const p2sh = (flags & VerifyFlags.P2SH) !== 0;
  const stackCopy = p2sh ? stack.slice() : stack;
  error = evalScript(stack, scriptPubKey, flags, checker, SigVersion.BASE, execData);
  if (error !== null) return error;
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return "EVAL_FALSE";

  const segwit = (flags & VerifyFlags.WITNESS) !== 0;
  let hadWitness = false;
  // Bare witness program.
  const program = segwit ? extractWitnessProgram(scriptPubKey) : null;
  if (program !== null) {
    hadWitness = true;
    // Anything in the scriptSig would be malleable: the witness carries the whole spend.
    if (scriptSig.length !== 0) return "WITNESS_MALLEATED";
    error = verifyWitnessProgram(
      witness,
      program.version,
      program.program,
      flags,
      checker,
      false,
      execData,
    );
    if (error !== null) return error;
    // The witness stack is not the script stack: skip CLEANSTACK below.
    stack.length = 1;
  }

  if (p2sh && isPayToScriptHash(scriptPubKey)) {
    // BIP16: the scriptSig must only push, its last push is the redeem script.
    if (!isPushOnly(scriptSig)) return "SIG_PUSHONLY";
    stack = stackCopy;
    // Not empty: the HASH160 <hash> EQUAL above would have failed.
    const redeemScript = stack.pop()!;
    error = evalScript(stack, redeemScript, flags, checker, SigVersion.BASE, execData);
    if (error !== null) return error;
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return "EVAL_FALSE";
    const nested = segwit ? extractWitnessProgram(redeemScript) : null;
    if (nested !== null) {
      hadWitness = true;
      // Exactly one push of the redeem script, or the spend would be malleable.
      if (!bytesEqual(scriptSig, buildScript([redeemScript]))) return "WITNESS_MALLEATED_P2SH";
      error = verifyWitnessProgram(
        witness,
        nested.version,
        nested.program,
        flags,
        checker,
        true,
        execData,
      );
      if (error !== null) return error;
      stack.length = 1;
    }
  }

  // Only after P2SH and witness evaluation, which legitimately leave extra elements behind.
  if ((flags & VerifyFlags.CLEANSTACK) !== 0 && stack.length !== 1) return "CLEANSTACK";
  // A witness on a non-witness spend would be malleable data riding along.
  if (segwit && !hadWitness && witness.length > 0) return "WITNESS_UNEXPECTED";
  return null;
}

/**
 * Verifies that `scriptSig` and `witness` satisfy `scriptPubKey` under `flags`, mirroring Core's
 * VerifyScript: SIGPUSHONLY, scriptSig then scriptPubKey on one stack, bare witness programs
 * (BIP141, BIP341), P2SH redeem scripts (BIP16) and P2SH-wrapped witness programs, then
 * CLEANSTACK and WITNESS_UNEXPECTED. Signatures and lock times are checked through `checker`.
 *
 * Returns `{ ok: true }` or `{ ok: false, error }` with Core's error name; script failures never
 * throw. Throws RangeCheckError for a flag set Core refuses (CLEANSTACK without P2SH and
 * WITNESS, or WITNESS without P2SH): that is a caller bug, which Core asserts on.
 */
export function verifyScript(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[] | null,
  flags: number,
  checker: SignatureChecker,
): ScriptResult {
  if (!isValidFlagCombination(flags)) {
    throw new RangeCheckError(`invalid script verification flags: ${formatVerifyFlags(flags)}`);
  }
  const error = verify(scriptSig, scriptPubKey, witness ?? EMPTY_WITNESS, flags, checker);
  return error === null ? SCRIPT_OK : scriptFailure(error);
}
