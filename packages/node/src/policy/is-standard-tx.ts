// Output and transaction standardness (Core's IsStandard and IsStandardTx, policy/policy.cpp).
import {
  isPushOnly,
  type ScriptType,
  solveScript,
  type Transaction,
  txWeight,
} from "@hashforge/consensus";
import { isDust } from "./dust.js";
import {
  MAX_STANDARD_SCRIPTSIG_SIZE,
  MAX_STANDARD_TX_WEIGHT,
  TX_MAX_STANDARD_VERSION,
} from "./policy-constants.js";
import { DEFAULT_POLICY_OPTIONS, type PolicyOptions } from "./policy-options.js";
import { POLICY_OK, type PolicyResult, policyFailure } from "./policy-result.js";

/** The settings {@link isStandardTx} reads. */
export type StandardTxOptions = Partial<
  Pick<PolicyOptions, "dustRelayFeeRate" | "maxDatacarrierBytes" | "permitBareMultisig">
>;

/**
 * Classifies an output script and tells whether it is a standard output type, as Core's
 * IsStandard: `nonstandard` never is; bare multisig only up to x-of-3; OP_RETURN data only when
 * data carrying is enabled and the whole script fits `maxDatacarrierBytes`. Witness programs of
 * unknown versions are standard to create (spending them is what policy refuses).
 */
export function standardOutputType(
  scriptPubKey: Uint8Array,
  maxDatacarrierBytes: number | null,
): { readonly standard: boolean; readonly type: ScriptType } {
  const solved = solveScript(scriptPubKey);
  const type = solved.type;
  if (type === "nonstandard") return { standard: false, type };
  if (type === "multisig") {
    const m = solved.solutions[0]![0]!;
    const n = solved.solutions[solved.solutions.length - 1]![0]!;
    if (n < 1 || n > 3 || m < 1 || m > n) return { standard: false, type };
  } else if (type === "nulldata") {
    if (maxDatacarrierBytes === null || scriptPubKey.length > maxDatacarrierBytes) {
      return { standard: false, type };
    }
  }
  return { standard: true, type };
}

/**
 * Checks the context-free relay rules of a transaction, as Core's IsStandardTx: version 1..3
 * ("version"), weight at most 400,000 ("tx-size"), each scriptSig at most 1,650 bytes
 * ("scriptsig-size") and push-only ("scriptsig-not-pushonly"), every output of a standard type
 * ("scriptpubkey"), no bare multisig unless permitted ("bare-multisig"), no dust output ("dust")
 * and at most one OP_RETURN output ("multi-op-return").
 */
export function isStandardTx(tx: Transaction, options: StandardTxOptions = {}): PolicyResult {
  const dustRelayFeeRate = options.dustRelayFeeRate ?? DEFAULT_POLICY_OPTIONS.dustRelayFeeRate;
  const maxDatacarrierBytes =
    options.maxDatacarrierBytes === undefined
      ? DEFAULT_POLICY_OPTIONS.maxDatacarrierBytes
      : options.maxDatacarrierBytes;
  const permitBareMultisig =
    options.permitBareMultisig ?? DEFAULT_POLICY_OPTIONS.permitBareMultisig;

  // The version is read unsigned, so negative versions of old software land above the maximum.
  if (tx.version > TX_MAX_STANDARD_VERSION || tx.version < 1) return policyFailure("version");
  // Weight, not size: the limit must bind witness data as well, or a huge witness would make
  // a transaction expensive to relay and validate without being limited.
  const weight = txWeight(tx);
  if (weight > MAX_STANDARD_TX_WEIGHT) {
    return policyFailure("tx-size", `weight ${weight} > ${MAX_STANDARD_TX_WEIGHT}`);
  }
  for (const [i, input] of tx.inputs.entries()) {
    if (input.scriptSig.length > MAX_STANDARD_SCRIPTSIG_SIZE) {
      return policyFailure("scriptsig-size", `input ${i}: ${input.scriptSig.length} bytes`);
    }
    // Non-push opcodes in a scriptSig only serve to malleate it.
    if (!isPushOnly(input.scriptSig)) {
      return policyFailure("scriptsig-not-pushonly", `input ${i}`);
    }
  }
  let dataOutputs = 0;
  for (const [i, output] of tx.outputs.entries()) {
    const { standard, type } = standardOutputType(output.scriptPubKey, maxDatacarrierBytes);
    if (!standard) return policyFailure("scriptpubkey", `output ${i} (${type})`);
    if (type === "nulldata") {
      dataOutputs++;
    } else if (type === "multisig" && !permitBareMultisig) {
      return policyFailure("bare-multisig", `output ${i}`);
    } else if (isDust(output, dustRelayFeeRate)) {
      return policyFailure("dust", `output ${i} value ${output.value}`);
    }
  }
  if (dataOutputs > 1) return policyFailure("multi-op-return");
  return POLICY_OK;
}
