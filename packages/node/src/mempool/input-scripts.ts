// Script verification for mempool acceptance (Core's PolicyScriptChecks / CheckInputScripts).
import {
  extractWitnessProgram,
  firstScriptFailure,
  hasWitness,
  isPayToAnchor,
  type SignatureBackend,
  scriptErrorMessage,
  type Transaction,
  type TxOut,
} from "@hashforge/consensus";
import {
  STANDARD_NOT_MANDATORY_VERIFY_FLAGS,
  STANDARD_SCRIPT_VERIFY_FLAGS,
} from "../policy/policy-constants.js";
import { type MempoolReject, mempoolReject } from "./mempool-reject.js";

/** True when some input spends a witness program other than pay-to-anchor. */
function spendsNonAnchorWitnessProgram(spentOutputs: readonly TxOut[]): boolean {
  return spentOutputs.some((out) => {
    const program = extractWitnessProgram(out.scriptPubKey);
    return program !== null && !isPayToAnchor(program.version, program.program);
  });
}

/**
 * Verifies every input script with the standard flags, as Core's PolicyScriptChecks. When an
 * input fails, it is re-run with only the mandatory (consensus) flags to classify the failure:
 * passing them means a policy failure, "mempool-script-verify-flag-failed (...)" (not-standard,
 * no ban), failing them a consensus one, "mandatory-script-verify-flag-failed (...)". A
 * transaction without witness that fails while spending witness programs is reported as
 * witness-stripped, so p2p does not cache the rejection of its txid.
 */
export function checkInputScripts(
  tx: Transaction,
  spentOutputs: readonly TxOut[],
  backend: SignatureBackend,
): MempoolReject | null {
  const failure = firstScriptFailure(tx, spentOutputs, STANDARD_SCRIPT_VERIFY_FLAGS, backend);
  if (failure === null) return null;
  const stripped = !hasWitness(tx) && spendsNonAnchorWitnessProgram(spentOutputs);
  const mandatoryFlags = STANDARD_SCRIPT_VERIFY_FLAGS & ~STANDARD_NOT_MANDATORY_VERIFY_FLAGS;
  const mandatory = firstScriptFailure(tx, spentOutputs, mandatoryFlags, backend, failure.input);
  const debug = `input ${failure.input}: ${failure.error}`;
  if (mandatory === null) {
    return mempoolReject(
      stripped ? "witness-stripped" : "not-standard",
      `mempool-script-verify-flag-failed (${scriptErrorMessage(failure.error)})`,
      debug,
    );
  }
  return mempoolReject(
    stripped ? "witness-stripped" : "consensus",
    `mandatory-script-verify-flag-failed (${scriptErrorMessage(mandatory.error)})`,
    `input ${failure.input}: ${mandatory.error}`,
  );
}
