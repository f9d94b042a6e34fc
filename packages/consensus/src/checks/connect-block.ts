import type { Block } from "../block/block.js";
import type { Coin } from "../coins/compressed-coin.js";
import { MAX_BLOCK_SIGOPS_COST } from "../constants.js";
import { type ChainParams, isDeploymentActive } from "../params/chain-params.js";
import { transactionSigOpCost } from "../script/sigop-cost.js";
import { isUnspendable } from "../script/unspendable.js";
import { blockSubsidy } from "../subsidy.js";
import { txid as computeTxid } from "../tx/hash.js";
import { outpointKey, TXID_KEY_LENGTH, txidKey } from "../tx/outpoint-key.js";
import { calculateSequenceLocks, sequenceLocksSatisfied } from "../tx/sequence-locks.js";
import type { Transaction, TxOut } from "../tx/transaction.js";
import { type Reject, reject } from "../validation/result.js";
import { checkTxInputs } from "./check-tx-inputs.js";

/** What connecting a block needs from the chain it extends. */
export interface ConnectContext {
  /** Height of the block being connected. */
  readonly height: number;
  readonly params: ChainParams;
  /** Script verification flags for this block (see blockScriptFlags). */
  readonly flags: number;
  /** Median time past of the block's parent (BIP68 time locks compare with it). */
  readonly prevMedianTimePast: number;
  /** Median time past of the block at a height on this chain (BIP68 time locks). */
  readonly medianTimePastAt: (height: number) => number;
  /** The UTXO set as of the parent block. */
  readonly lookup: (txid: Uint8Array, vout: number) => Coin | undefined;
}

/** The script work left for one transaction: its inputs verify against `spentOutputs`. */
export interface TxScriptJob {
  readonly txIndex: number;
  readonly tx: Transaction;
  readonly spentOutputs: readonly TxOut[];
}

/** A block whose inputs, amounts and sigops are valid; its scripts are still to be verified. */
export interface ConnectedBlock {
  readonly ok: true;
  /** Fees the block's transactions pay, in satoshis. */
  readonly fees: bigint;
  /** Total signature operation cost (BIP141). */
  readonly sigopCost: number;
  /** txids of the block's transactions, in order. */
  readonly txids: readonly Uint8Array[];
  /** spent[i][j]: the coin input j of transaction i spends (empty for the coinbase): undo data. */
  readonly spent: readonly (readonly Coin[])[];
  /** One job per non-coinbase transaction, for verifyBlockScripts or a worker pool. */
  readonly scriptJobs: readonly TxScriptJob[];
}

/**
 * Connects a block's transactions to the UTXO set, as the non-script part of Core's
 * ConnectBlock: each input spends an existing unspent coin (outputs of earlier transactions in
 * the same block included, each at most once), coinbase maturity and amounts
 * (CheckTxInputs), BIP68 sequence locks once CSV is active (`bad-txns-nonfinal`), the block's
 * signature-operation cost (`bad-blk-sigops`), and the coinbase claiming at most subsidy plus
 * fees (`bad-cb-amount`). Script verification is returned as jobs so the caller can spread it
 * over cores. BIP30 (duplicate txids) needs the full UTXO set and is the caller's check.
 */
export function connectBlock(block: Block, ctx: ConnectContext): ConnectedBlock | Reject {
  // Outputs of earlier transactions in the block are found through their transaction (one map
  // entry per transaction, not per output); unspendable ones never become coins (AddCoins).
  const earlier = new Map<string, number>();
  const spentKeys = new Set<string>();
  const lookup = (txid: Uint8Array, vout: number): Coin | undefined => {
    const key = outpointKey(txid, vout);
    if (spentKeys.has(key)) return undefined;
    const t = earlier.get(key.slice(0, TXID_KEY_LENGTH));
    if (t === undefined) return ctx.lookup(txid, vout);
    const output = block.txs[t]!.outputs[vout];
    if (output === undefined || isUnspendable(output.scriptPubKey)) return undefined;
    return { output, height: ctx.height, coinbase: t === 0 };
  };
  const enforceBip68 = isDeploymentActive(ctx.params, "csv", ctx.height);
  const txids: Uint8Array[] = [];
  const spent: Coin[][] = [];
  const scriptJobs: TxScriptJob[] = [];
  let fees = 0n;
  let sigopCost = 0;
  for (let t = 0; t < block.txs.length; t++) {
    const tx = block.txs[t]!;
    const id = computeTxid(tx);
    txids.push(id);
    let coins: readonly Coin[] = [];
    if (t > 0) {
      const inputs = checkTxInputs(tx, lookup, ctx.height);
      if (!inputs.ok) {
        return reject(
          inputs.code,
          inputs.reason,
          `${inputs.debug ?? inputs.reason} in transaction ${t}`,
        );
      }
      coins = inputs.coins;
      fees += inputs.fee;
      const locks = calculateSequenceLocks(
        tx,
        enforceBip68,
        coins.map((c) => c.height),
        ctx.medianTimePastAt,
      );
      if (!sequenceLocksSatisfied(locks, ctx.height, ctx.prevMedianTimePast)) {
        return reject(
          "consensus",
          "bad-txns-nonfinal",
          `contains a non-BIP68-final transaction (${t})`,
        );
      }
      for (const input of tx.inputs)
        spentKeys.add(outpointKey(input.prevout.txid, input.prevout.vout));
    }
    const spentOutputs = coins.map((c) => c.output);
    sigopCost += transactionSigOpCost(tx, spentOutputs, ctx.flags);
    if (sigopCost > MAX_BLOCK_SIGOPS_COST)
      return reject("consensus", "bad-blk-sigops", "too many sigops");
    if (t > 0) scriptJobs.push({ txIndex: t, tx, spentOutputs });
    spent.push(coins as Coin[]);
    earlier.set(txidKey(id), t);
  }
  const coinbase = block.txs[0]!;
  let claimed = 0n;
  for (const out of coinbase.outputs) claimed += out.value;
  const limit = fees + blockSubsidy(ctx.height, ctx.params);
  if (claimed > limit) {
    return reject(
      "consensus",
      "bad-cb-amount",
      `coinbase pays too much (actual=${claimed} vs limit=${limit})`,
    );
  }
  return { ok: true, fees, sigopCost, txids, spent, scriptJobs };
}
