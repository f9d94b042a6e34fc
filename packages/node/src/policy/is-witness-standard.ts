// Standardness of witness data (Core's IsWitnessStandard).
import {
  ANNEX_TAG,
  extractWitnessProgram,
  isCoinbase,
  isPayToAnchor,
  isPayToScriptHash,
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  type Transaction,
  type TxOut,
  WITNESS_V0_SCRIPTHASH_SIZE,
  WITNESS_V1_TAPROOT_SIZE,
} from "@hashforge/consensus";
import { extractRedeemScript } from "./p2sh-redeem-script.js";
import {
  MAX_STANDARD_P2WSH_SCRIPT_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEM_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEMS,
  MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE,
} from "./policy-constants.js";
import { POLICY_OK, type PolicyResult, policyFailure } from "./policy-result.js";

const REASON = "bad-witness-nonstandard";

/**
 * Checks the witness of every input against relay limits, as Core's IsWitnessStandard: a
 * witness only on an input spending a witness program (bare or P2SH-wrapped) and never on a
 * pay-to-anchor spend (witness stuffing); P2WSH spends with a script of at most 3,600 bytes and
 * at most 100 other items of at most 80 bytes; taproot spends without an annex (its meaning is
 * reserved) and, for tapscript, stack items of at most 80 bytes. The reason is
 * "bad-witness-nonstandard"; `spentOutputs[i]` is the output input i spends.
 */
export function isWitnessStandard(tx: Transaction, spentOutputs: readonly TxOut[]): PolicyResult {
  if (isCoinbase(tx)) return POLICY_OK;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    // An empty witness cannot be bloated; a missing one fails later in script checks.
    if (input.witness.length === 0) continue;
    const prev = spentOutputs[i];
    if (prev === undefined) return policyFailure(REASON, `input ${i}: spent output unknown`);
    let prevScript = prev.scriptPubKey;
    const anchor = extractWitnessProgram(prevScript);
    if (anchor !== null && isPayToAnchor(anchor.version, anchor.program)) {
      return policyFailure(REASON, `input ${i}: witness on a pay-to-anchor spend`);
    }
    let p2sh = false;
    if (isPayToScriptHash(prevScript)) {
      const redeemScript = extractRedeemScript(input.scriptSig);
      if (redeemScript === null) return policyFailure(REASON, `input ${i}: malformed scriptSig`);
      prevScript = redeemScript;
      p2sh = true;
    }
    const program = extractWitnessProgram(prevScript);
    if (program === null) return policyFailure(REASON, `input ${i}: witness without program`);
    const stack = input.witness;
    if (program.version === 0 && program.program.length === WITNESS_V0_SCRIPTHASH_SIZE) {
      if (stack[stack.length - 1]!.length > MAX_STANDARD_P2WSH_SCRIPT_SIZE) {
        return policyFailure(REASON, `input ${i}: P2WSH script too large`);
      }
      const items = stack.length - 1;
      if (items > MAX_STANDARD_P2WSH_STACK_ITEMS) {
        return policyFailure(REASON, `input ${i}: too many P2WSH stack items`);
      }
      for (let j = 0; j < items; j++) {
        if (stack[j]!.length > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) {
          return policyFailure(REASON, `input ${i}: P2WSH stack item too large`);
        }
      }
    }
    if (program.version === 1 && program.program.length === WITNESS_V1_TAPROOT_SIZE && !p2sh) {
      const last = stack[stack.length - 1]!;
      if (stack.length >= 2 && last.length > 0 && last[0] === ANNEX_TAG) {
        return policyFailure(REASON, `input ${i}: annex`);
      }
      if (stack.length >= 2) {
        const control = last;
        if (control.length === 0) return policyFailure(REASON, `input ${i}: empty control block`);
        if ((control[0]! & TAPROOT_LEAF_MASK) === TAPROOT_LEAF_TAPSCRIPT) {
          for (let j = 0; j < stack.length - 2; j++) {
            if (stack[j]!.length > MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE) {
              return policyFailure(REASON, `input ${i}: tapscript stack item too large`);
            }
          }
        }
      }
    }
  }
  return POLICY_OK;
}
