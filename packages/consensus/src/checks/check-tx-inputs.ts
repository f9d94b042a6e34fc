import type { Coin } from "../coins/compressed-coin.js";
import { COINBASE_MATURITY, moneyRange } from "../constants.js";
import type { Transaction } from "../tx/transaction.js";
import { type Reject, reject } from "../validation/result.js";

/** Successful input check: the fee the transaction pays and the coins it spends, in order. */
export interface TxInputsOk {
  readonly ok: true;
  readonly fee: bigint;
  readonly coins: readonly Coin[];
}

/**
 * Checks a non-coinbase transaction's inputs against the coins it spends, as Core's
 * Consensus::CheckTxInputs: every input present, coinbase outputs mature (100 blocks), input
 * values and their sum in money range, inputs cover outputs, fee in range. `spendHeight` is the
 * height of the block that would include the transaction.
 */
export function checkTxInputs(
  tx: Transaction,
  lookup: (txid: Uint8Array, vout: number) => Coin | undefined,
  spendHeight: number,
): TxInputsOk | Reject {
  const coins: Coin[] = [];
  let valueIn = 0n;
  for (const input of tx.inputs) {
    const coin = lookup(input.prevout.txid, input.prevout.vout);
    if (!coin) {
      return reject(
        "missing-inputs",
        "bad-txns-inputs-missingorspent",
        "CheckTxInputs(): inputs missing/spent",
      );
    }
    if (coin.coinbase && spendHeight - coin.height < COINBASE_MATURITY) {
      return reject(
        "premature-spend",
        "bad-txns-premature-spend-of-coinbase",
        `tried to spend coinbase at depth ${spendHeight - coin.height}`,
      );
    }
    valueIn += coin.output.value;
    if (!moneyRange(coin.output.value) || !moneyRange(valueIn)) {
      return reject("consensus", "bad-txns-inputvalues-outofrange");
    }
    coins.push(coin);
  }
  let valueOut = 0n;
  for (const out of tx.outputs) valueOut += out.value;
  if (valueIn < valueOut) {
    return reject(
      "consensus",
      "bad-txns-in-belowout",
      `value in (${valueIn}) < value out (${valueOut})`,
    );
  }
  const fee = valueIn - valueOut;
  if (!moneyRange(fee)) return reject("consensus", "bad-txns-fee-outofrange");
  return { ok: true, fee, coins };
}
