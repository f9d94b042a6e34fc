import { hashToHex } from "../bytes/hex.js";
import type { SignatureBackend } from "../crypto/backend.js";
import { scriptErrorMessage } from "../script/script-error.js";
import { precomputeTxData } from "../script/sighash/precomputed.js";
import { TransactionSignatureChecker } from "../script/signature-checker.js";
import { verifyScript } from "../script/verify-script.js";
import { txid } from "../tx/hash.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";
import type { TxScriptJob } from "./connect-block.js";

/**
 * Verifies every input script of one transaction against the outputs it spends, as Core's
 * CheckInputScripts for a block: the first failing input makes the block invalid with
 * `block-script-verify-flag-failed (<Core's message for the script error>)`; the debug text
 * names the transaction, the input and the ScriptError name.
 */
export function verifyTxScripts(
  job: TxScriptJob,
  flags: number,
  backend: SignatureBackend,
): CheckResult {
  const { tx, spentOutputs } = job;
  const txData = precomputeTxData(tx, spentOutputs);
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    const spent = spentOutputs[i]!;
    const checker = new TransactionSignatureChecker({
      backend,
      tx,
      inputIndex: i,
      amount: spent.value,
      txData,
    });
    const result = verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, checker);
    if (!result.ok) {
      return reject(
        "consensus",
        `block-script-verify-flag-failed (${scriptErrorMessage(result.error)})`,
        `${result.error} in input ${i} of transaction ${job.txIndex} (${hashToHex(txid(tx))})`,
      );
    }
  }
  return VALID;
}

/** Verifies the scripts of all jobs in order on this thread; the first failure is returned. */
export function verifyBlockScripts(
  jobs: readonly TxScriptJob[],
  flags: number,
  backend: SignatureBackend,
): CheckResult {
  for (const job of jobs) {
    const result = verifyTxScripts(job, flags, backend);
    if (!result.ok) return result;
  }
  return VALID;
}
