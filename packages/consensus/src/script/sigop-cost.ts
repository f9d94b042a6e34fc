// Transaction signature-operation cost, the quantity MAX_BLOCK_SIGOPS_COST limits (BIP141).
import { RangeCheckError } from "../errors.js";
import { WITNESS_SCALE_FACTOR } from "../tx/size.js";
import { isCoinbase, type Transaction, type TxOut } from "../tx/transaction.js";
import { VerifyFlags } from "./flags.js";
import { legacySigOpCount, p2shSigOpCount, witnessSigOpCount } from "./sigops.js";
import { isPayToScriptHash } from "./witness-program.js";

/**
 * Counts a transaction's legacy signature operations, as Core's GetLegacySigOpCount: the
 * inaccurate count of every scriptSig and scriptPubKey (what the pre-BIP16 limit counted).
 */
export function transactionLegacySigOpCount(tx: Transaction): number {
  let count = 0;
  for (const input of tx.inputs) count += legacySigOpCount(input.scriptSig, false);
  for (const output of tx.outputs) count += legacySigOpCount(output.scriptPubKey, false);
  return count;
}

function checkSpentOutputs(tx: Transaction, spentOutputs: readonly TxOut[]): void {
  if (spentOutputs.length !== tx.inputs.length) {
    throw new RangeCheckError(
      `spent outputs (${spentOutputs.length}) do not match inputs (${tx.inputs.length})`,
    );
  }
}

/**
 * Counts the signature operations of a transaction's P2SH redeem scripts (BIP16), as Core's
 * GetP2SHSigOpCount: for each input spending a P2SH output, the accurate count of its redeem
 * script. `spentOutputs[i]` is the output input i spends; zero for a coinbase.
 */
export function transactionP2SHSigOpCount(tx: Transaction, spentOutputs: readonly TxOut[]): number {
  if (isCoinbase(tx)) return 0;
  checkSpentOutputs(tx, spentOutputs);
  let count = 0;
  for (let i = 0; i < tx.inputs.length; i++) {
    const scriptPubKey = spentOutputs[i]!.scriptPubKey;
    if (isPayToScriptHash(scriptPubKey)) {
      count += p2shSigOpCount(scriptPubKey, tx.inputs[i]!.scriptSig);
    }
  }
  return count;
}

/**
 * Computes a transaction's signature operation cost, as Core's GetTransactionSigOpCost:
 * legacy sigops × 4, plus P2SH sigops × 4 when `flags` has P2SH, plus witness sigops × 1 when it
 * has WITNESS (BIP141's weighting, matching the witness discount). A coinbase counts legacy
 * sigops only. `spentOutputs[i]` is the output input i spends (ignored for a coinbase).
 * Throws RangeCheckError when `spentOutputs` does not match the inputs.
 */
export function transactionSigOpCost(
  tx: Transaction,
  spentOutputs: readonly TxOut[],
  flags: number,
): number {
  let cost = transactionLegacySigOpCount(tx) * WITNESS_SCALE_FACTOR;
  if (isCoinbase(tx)) return cost;
  checkSpentOutputs(tx, spentOutputs);
  if ((flags & VerifyFlags.P2SH) !== 0)
    cost += transactionP2SHSigOpCount(tx, spentOutputs) * WITNESS_SCALE_FACTOR;
  for (let i = 0; i < tx.inputs.length; i++) {
    const input = tx.inputs[i]!;
    cost += witnessSigOpCount(input.scriptSig, spentOutputs[i]!.scriptPubKey, input.witness, flags);
  }
  return cost;
}
