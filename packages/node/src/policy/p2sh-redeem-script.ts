// Reading the redeem script of a P2SH spend the way policy does before verification.
import {
  evalScript,
  newExecutionData,
  type SignatureChecker,
  SigVersion,
  VerifyFlags,
} from "@hashforge/consensus";

/**
 * A checker that fails every signature and lock-time check, like Core's BaseSignatureChecker:
 * evaluating a scriptSig only to read its pushes must never depend on the transaction.
 */
const NULL_CHECKER: SignatureChecker = {
  checkEcdsaSignature: () => false,
  checkSchnorrSignature: () => "SCHNORR_SIG",
  checkTaprootCommitment: () => false,
  checkLockTime: () => false,
  checkSequence: () => false,
};

/**
 * Evaluates `scriptSig` with no flags and no signature checker and returns its top stack item
 * (the P2SH redeem script), or null when evaluation fails or leaves an empty stack, as Core's
 * AreInputsStandard and IsWitnessStandard extract it.
 */
export function extractRedeemScript(scriptSig: Uint8Array): Uint8Array | null {
  const stack: Uint8Array[] = [];
  const error = evalScript(
    stack,
    scriptSig,
    VerifyFlags.NONE,
    NULL_CHECKER,
    SigVersion.BASE,
    newExecutionData(),
  );
  if (error !== null || stack.length === 0) return null;
  return stack[stack.length - 1]!;
}
