// Builds an unsigned, fully funded wallet transaction: coin selection, fee, change and dust.
import { MAX_MONEY, type OutPoint, type Transaction, type TxOut } from "@hashforge/consensus";
import { getDustThreshold } from "../policy/dust.js";
import { DUST_RELAY_TX_FEE, MAX_STANDARD_TX_WEIGHT } from "../policy/policy-constants.js";
import { type SelectionAlgorithm, selectCoins } from "./coin-selection.js";
import type { WalletAddressType } from "./keychain.js";
import { estimateTxWeight, feeForWeight, INPUT_WEIGHT, outputWeight } from "./size-estimate.js";
import { WalletError } from "./wallet-error.js";

/**
 * nSequence of every wallet input: 0xfffffffd signals BIP125 replaceability and keeps the
 * locktime enforced (anything below 0xffffffff does), as Core's wallet does by default.
 */
export const WALLET_INPUT_SEQUENCE = 0xfffffffd;

/** A wallet coin offered to funding. */
export interface FundingCoin {
  readonly outpoint: OutPoint;
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
  /** Which kind of wallet key it pays to (decides the signed input size). */
  readonly type: WalletAddressType;
}

/** Parameters of {@link fundTransaction}. */
export interface FundRequest {
  /** Spendable coins to choose from. */
  readonly coins: readonly FundingCoin[];
  /** The recipients' outputs, in order. */
  readonly outputs: readonly TxOut[];
  /** Fee rate in sat/kvB. */
  readonly feeRate: bigint;
  /** Script of a fresh change address, used only if change is worth an output. */
  readonly changeScript: Uint8Array;
  /** Key type of the change address (the size of spending the change later). */
  readonly changeType: WalletAddressType;
  /** Indexes of outputs the fee is subtracted from, shared equally (Core's subtractfeefrom). */
  readonly subtractFeeFrom: readonly number[];
  /** nLockTime; the wallet sets the tip height (anti-fee-sniping). */
  readonly locktime: number;
}

/** An unsigned funded transaction and what it spends. */
export interface FundedTransaction {
  /** The unsigned transaction: inputs with empty scriptSig and witness. */
  readonly tx: Transaction;
  /** The coin each input spends, in input order (what signing needs). */
  readonly spent: readonly FundingCoin[];
  /** Fee paid (inputs minus outputs). */
  readonly fee: bigint;
  /** Index of the change output, or -1 when there is none. */
  readonly changePosition: number;
  /** Which coin selection algorithm chose the inputs. */
  readonly algorithm: SelectionAlgorithm;
}

/** The dust threshold of an output paying `scriptPubKey` at Core's default dust relay fee. */
function dustThreshold(scriptPubKey: Uint8Array): bigint {
  return getDustThreshold({ value: 0n, scriptPubKey }, DUST_RELAY_TX_FEE);
}

function checkOutputs(outputs: readonly TxOut[], subtractFeeFrom: readonly number[]): bigint {
  if (outputs.length === 0) throw new WalletError("invalid-parameter", "no outputs");
  let total = 0n;
  outputs.forEach((out, i) => {
    if (out.value < 0n || out.value > MAX_MONEY) throw new WalletError("amount-out-of-range");
    if (out.value === 0n) throw new WalletError("invalid-amount");
    // A recipient paying the fee is checked after the fee is known (Core does the same).
    if (!subtractFeeFrom.includes(i) && out.value < dustThreshold(out.scriptPubKey)) {
      throw new WalletError("amount-too-small", `output ${i} is dust`);
    }
    total += out.value;
  });
  if (total > MAX_MONEY) throw new WalletError("amount-out-of-range");
  for (const i of subtractFeeFrom) {
    if (!Number.isInteger(i) || i < 0 || i >= outputs.length) {
      throw new WalletError("invalid-parameter", `subtract fee from output ${i}: no such output`);
    }
  }
  return total;
}

/** Takes `fee` from the outputs at `from`, equally, the first one paying the remainder. */
function subtractFee(outputs: TxOut[], from: readonly number[], fee: bigint): void {
  const share = fee / BigInt(from.length);
  const remainder = fee - share * BigInt(from.length);
  from.forEach((i, n) => {
    const out = outputs[i]!;
    const value = out.value - share - (n === 0 ? remainder : 0n);
    if (value < 0n) throw new WalletError("amount-too-small-for-fee", `output ${i}`);
    if (value < dustThreshold(out.scriptPubKey)) {
      throw new WalletError("amount-too-small-after-fee", `output ${i}`);
    }
    outputs[i] = { value, scriptPubKey: out.scriptPubKey };
  });
}

/**
 * Funds a transaction paying `outputs` from `coins` (Core's CreateTransaction): checks amounts
 * ("Amount out of range", "Invalid amount for send", "Transaction amount too small"), selects
 * coins, prices the fee on the signed-size estimate, adds a change output to `changeScript`
 * when the change is not dust (else the change goes to the fee), and subtracts the fee from
 * the chosen recipients when asked. Throws {@link WalletError}, `insufficient-funds` when the
 * coins cannot pay.
 */
export function fundTransaction(req: FundRequest): FundedTransaction {
  const amount = checkOutputs(req.outputs, req.subtractFeeFrom);
  const sffa = req.subtractFeeFrom.length > 0;
  const recipientScripts = req.outputs.map((o) => o.scriptPubKey);
  const changeDust = dustThreshold(req.changeScript);
  const selection = selectCoins(
    req.coins.map((c) => ({ value: c.value, inputWeight: INPUT_WEIGHT[c.type] })),
    {
      amount,
      baseWeight: estimateTxWeight([], recipientScripts),
      feeRate: req.feeRate,
      changeOutputWeight: outputWeight(req.changeScript),
      changeSpendWeight: INPUT_WEIGHT[req.changeType],
      minChange: changeDust,
      subtractFee: sffa,
    },
  );
  if (selection === null) throw new WalletError("insufficient-funds");
  const spent = selection.indexes.map((i) => req.coins[i]!);
  const inputWeights = spent.map((c) => INPUT_WEIGHT[c.type]);
  const feeWithChange = feeForWeight(
    estimateTxWeight(inputWeights, [...recipientScripts, req.changeScript]),
    req.feeRate,
  );
  const weightNoChange = estimateTxWeight(inputWeights, recipientScripts);
  const feeNoChange = feeForWeight(weightNoChange, req.feeRate);

  const outputs = [...req.outputs];
  const excess = selection.inputValue - amount;
  let change = 0n;
  let fee: bigint;
  if (!sffa) {
    change = excess - feeWithChange;
    if (change >= changeDust) {
      fee = feeWithChange;
    } else {
      // Change below the dust threshold would cost more to spend than it holds: fee it.
      if (excess < feeNoChange) throw new WalletError("insufficient-funds");
      change = 0n;
      fee = excess;
    }
  } else if (excess >= changeDust) {
    change = excess;
    fee = feeWithChange;
    subtractFee(outputs, req.subtractFeeFrom, fee);
  } else {
    // Dust left over pays part of the fee; the recipients pay the rest.
    fee = excess > feeNoChange ? excess : feeNoChange;
    if (fee > excess) subtractFee(outputs, req.subtractFeeFrom, fee - excess);
  }
  let changePosition = -1;
  if (change > 0n) {
    changePosition = outputs.length;
    outputs.push({ value: change, scriptPubKey: req.changeScript });
  }
  const weight =
    changePosition >= 0 ? weightNoChange + outputWeight(req.changeScript) : weightNoChange;
  // The mempool would refuse anything heavier (policy's MAX_STANDARD_TX_WEIGHT).
  if (weight > MAX_STANDARD_TX_WEIGHT) throw new WalletError("transaction-too-large");
  const tx: Transaction = {
    version: 2,
    inputs: spent.map((c) => ({
      prevout: c.outpoint,
      scriptSig: new Uint8Array(0),
      sequence: WALLET_INPUT_SEQUENCE,
      witness: [],
    })),
    outputs,
    locktime: req.locktime,
  };
  return { tx, spent, fee, changePosition, algorithm: selection.algorithm };
}
