import { hashToHex } from "../bytes/hex.js";
import type { SignatureBackend } from "../crypto/backend.js";
import { type ScriptError, scriptErrorMessage } from "../script/script-error.js";
import { precomputeTxData } from "../script/sighash/precomputed.js";
import { TransactionSignatureChecker } from "../script/signature-checker.js";
import { verifyScript } from "../script/verify-script.js";
import { txid } from "../tx/hash.js";
import type { Transaction, TxOut } from "../tx/transaction.js";
import { type CheckResult, type Reject, reject, VALID } from "../validation/result.js";
import type { TxScriptJob } from "./connect-block.js";

/** The first input whose script fails, and why. */
export interface ScriptFailure {
  readonly input: number;
  readonly error: ScriptError;
}

/**
 * Verifies input scripts of `tx` against the outputs they spend under `flags` and returns the
 * first failure, or null when all pass. `only` restricts the check to one input (to re-check a
 * failure under other flags, as Core's mempool does).
 */
export function firstScriptFailure(
  tx: Transaction,
  spentOutputs: readonly TxOut[],
  flags: number,
  backend: SignatureBackend,
  only?: number,
): ScriptFailure | null {
  const txData = precomputeTxData(tx, spentOutputs);
  const from = only ?? 0;
  const to = only === undefined ? tx.inputs.length : only + 1;
  for (let i = from; i < to; i++) {
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
    if (!result.ok) return { input: i, error: result.error };
  }
  return null;
}

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
  const failure = firstScriptFailure(job.tx, job.spentOutputs, flags, backend);
  return failure === null ? VALID : scriptFailureReject(job, failure);
}

/**
 * The block rejection for a failed input script of `job` (as {@link verifyTxScripts} returns it,
 * for callers that verified elsewhere, such as on worker threads).
 */
export function scriptFailureReject(job: TxScriptJob, failure: ScriptFailure): Reject {
  return reject(
    "consensus",
    `block-script-verify-flag-failed (${scriptErrorMessage(failure.error)})`,
    `${failure.error} in input ${failure.input} of transaction ${job.txIndex} (${hashToHex(txid(job.tx))})`,
  );
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
