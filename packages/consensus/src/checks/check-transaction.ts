import { bytesEqual } from "../bytes/equal.js";
import { MAX_BLOCK_WEIGHT, MAX_MONEY } from "../constants.js";
import { outpointKey } from "../tx/outpoint-key.js";
import { baseSize, WITNESS_SCALE_FACTOR } from "../tx/size.js";
import { isCoinbase, isNullOutPoint, type Transaction } from "../tx/transaction.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";

/**
 * Context-free transaction checks, as Core's CheckTransaction: non-empty inputs and outputs,
 * stripped size within the block weight, output values in range and their sum at most
 * MAX_MONEY, no duplicate inputs (CVE-2018-17144), coinbase scriptSig of 2..100 bytes, and no
 * null prevout in a non-coinbase transaction.
 */
export function checkTransaction(tx: Transaction): CheckResult {
  if (tx.inputs.length === 0) return reject("consensus", "bad-txns-vin-empty");
  if (tx.outputs.length === 0) return reject("consensus", "bad-txns-vout-empty");
  if (baseSize(tx) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
    return reject("consensus", "bad-txns-oversize");
  }
  let total = 0n;
  for (const out of tx.outputs) {
    if (out.value < 0n) return reject("consensus", "bad-txns-vout-negative");
    if (out.value > MAX_MONEY) return reject("consensus", "bad-txns-vout-toolarge");
    total += out.value;
    if (total > MAX_MONEY) return reject("consensus", "bad-txns-txouttotal-toolarge");
  }
  if (tx.inputs.length === 2) {
    const [a, b] = tx.inputs as [Transaction["inputs"][0], Transaction["inputs"][0]];
    if (a.prevout.vout === b.prevout.vout && bytesEqual(a.prevout.txid, b.prevout.txid)) {
      return reject("consensus", "bad-txns-inputs-duplicate");
    }
  } else if (tx.inputs.length > 2) {
    const seen = new Set<string>();
    for (const input of tx.inputs) {
      const key = outpointKey(input.prevout.txid, input.prevout.vout);
      if (seen.has(key)) return reject("consensus", "bad-txns-inputs-duplicate");
      seen.add(key);
    }
  }
  if (isCoinbase(tx)) {
    const len = tx.inputs[0]!.scriptSig.length;
    if (len < 2 || len > 100) return reject("consensus", "bad-cb-length");
  } else {
    for (const input of tx.inputs) {
      if (isNullOutPoint(input.prevout)) return reject("consensus", "bad-txns-prevout-null");
    }
  }
  return VALID;
}
