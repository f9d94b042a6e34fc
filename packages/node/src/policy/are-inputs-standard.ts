// Standardness of the outputs a transaction spends (Core's AreInputsStandard).
import {
  isCoinbase,
  legacySigOpCount,
  solveScript,
  type Transaction,
  type TxOut,
} from "@hashforge/consensus";
import { extractRedeemScript } from "./p2sh-redeem-script.js";
import { MAX_P2SH_SIGOPS } from "./policy-constants.js";
import { POLICY_OK, type PolicyResult, policyFailure } from "./policy-result.js";

/**
 * Checks that every output the transaction spends is of a standard type, as Core's
 * AreInputsStandard: no `nonstandard` or unknown-witness-version outputs (their spending rules
 * are reserved for soft forks), and a P2SH redeem script with at most 15 sigops (counted
 * accurately), so a spend cannot hide unbounded signature work behind a hash. The reason is
 * "bad-txns-nonstandard-inputs"; `spentOutputs[i]` is the output input i spends.
 */
export function areInputsStandard(tx: Transaction, spentOutputs: readonly TxOut[]): PolicyResult {
  if (isCoinbase(tx)) return POLICY_OK;
  for (let i = 0; i < tx.inputs.length; i++) {
    const prev = spentOutputs[i];
    if (prev === undefined) {
      return policyFailure("bad-txns-nonstandard-inputs", `input ${i}: spent output unknown`);
    }
    const type = solveScript(prev.scriptPubKey).type;
    if (type === "nonstandard" || type === "witness_unknown") {
      return policyFailure("bad-txns-nonstandard-inputs", `input ${i}: spends ${type}`);
    }
    if (type === "scripthash") {
      const redeemScript = extractRedeemScript(tx.inputs[i]!.scriptSig);
      if (redeemScript === null) {
        return policyFailure("bad-txns-nonstandard-inputs", `input ${i}: malformed P2SH scriptSig`);
      }
      const sigops = legacySigOpCount(redeemScript, true);
      if (sigops > MAX_P2SH_SIGOPS) {
        return policyFailure(
          "bad-txns-nonstandard-inputs",
          `input ${i}: P2SH redeem script has ${sigops} sigops`,
        );
      }
    }
  }
  return POLICY_OK;
}
