// Every check of mempool acceptance, in Core's order (MemPoolAccept::AcceptSingleTransaction).
import {
  baseSize,
  type Coin,
  calculateSequenceLocks,
  checkTransaction,
  checkTxInputs,
  txid as computeTxid,
  wtxid as computeWtxid,
  hashToHex,
  isCoinbase,
  isFinalTx,
  outpointKey,
  type SignatureBackend,
  sequenceLocksSatisfied,
  type Transaction,
  transactionSigOpCost,
  txWeight,
} from "@hashforge/consensus";
import { areInputsStandard } from "../policy/are-inputs-standard.js";
import { feeForSize } from "../policy/fee-rate.js";
import { isStandardTx } from "../policy/is-standard-tx.js";
import { isWitnessStandard } from "../policy/is-witness-standard.js";
import {
  MAX_STANDARD_TX_SIGOPS_COST,
  MIN_STANDARD_TX_NONWITNESS_SIZE,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  TRUC_VERSION,
} from "../policy/policy-constants.js";
import type { PolicyOptions } from "../policy/policy-options.js";
import { virtualTransactionSize } from "../policy/virtual-size.js";
import { type AncestorLimits, calculateAncestors } from "./ancestor-limits.js";
import { checkInputScripts } from "./input-scripts.js";
import type { MempoolChain } from "./mempool-chain.js";
import { entryKey, MutableEntry } from "./mempool-entry.js";
import type { MempoolGraph } from "./mempool-graph.js";
import { type MempoolReject, mempoolReject } from "./mempool-reject.js";
import { checkReplacement } from "./replacement.js";
import { singleTrucChecks } from "./truc-checks.js";

/** Largest transaction the CPFP carve-out admits (EXTRA_DESCENDANT_TX_SIZE_LIMIT). */
export const EXTRA_DESCENDANT_TX_SIZE_LIMIT = 10_000;
/** Highest sequence that signals BIP125 replaceability (MAX_BIP125_RBF_SEQUENCE). */
export const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;
/** Height Core gives coins that exist only in the mempool (MEMPOOL_HEIGHT). */
const MEMPOOL_HEIGHT = 0x7fffffff;

/** The mempool state and settings validation reads. */
export interface ValidationContext {
  readonly chain: MempoolChain;
  readonly graph: MempoolGraph;
  readonly backend: SignatureBackend;
  readonly policy: PolicyOptions;
  readonly limits: AncestorLimits;
  readonly requireStandard: boolean;
  readonly fullRbf: boolean;
  /** Prioritisation delta of a txid (map key), 0n when none. */
  deltaOf(key: string): bigint;
  /** The current mempool minimum fee rate in sat/kvB (rolling, 0 when none). */
  minFeeRate(): bigint;
}

/** A transaction that passed every check, ready to be added. */
export interface ValidatedTx {
  readonly ok: true;
  /** The would-be entry, its package figures filled in from its ancestors. */
  readonly entry: MutableEntry;
  /** Every entry the transaction replaces (direct conflicts and their descendants). */
  readonly replaced: ReadonlySet<MutableEntry>;
}

/** True when a transaction opts in to replacement by BIP125 signalling on some input. */
export function signalsOptInRbf(tx: Transaction): boolean {
  return tx.inputs.some((input) => input.sequence <= MAX_BIP125_RBF_SEQUENCE);
}

/**
 * Validates a transaction for the mempool without changing it, in the order of Core's
 * MemPoolAccept (PreChecks, ReplacementChecks, PolicyScriptChecks): context-free checks,
 * coinbase, standardness, finality, duplicates, conflicts, inputs, BIP68, consensus input
 * checks, input and witness standardness, sigops, fee floors, chain limits (with the RBF and
 * CPFP carve-out relaxations), TRUC, replacement rules and finally scripts, the most expensive
 * step, so cheap rejections come first.
 */
export function validateForMempool(
  ctx: ValidationContext,
  tx: Transaction,
  bypassLimits: boolean,
  time: number,
  allowReplacement = true,
): ValidatedTx | MempoolReject {
  const { chain, graph, policy } = ctx;
  const check = checkTransaction(tx);
  if (!check.ok) return mempoolReject("consensus", check.reason, check.debug);
  if (isCoinbase(tx)) return mempoolReject("consensus", "coinbase");
  if (ctx.requireStandard) {
    const standard = isStandardTx(tx, policy);
    if (!standard.ok) return mempoolReject("not-standard", standard.reason, standard.debug);
  }
  if (baseSize(tx) < MIN_STANDARD_TX_NONWITNESS_SIZE) {
    return mempoolReject("not-standard", "tx-size-small");
  }
  const tipHeight = chain.height();
  const nextHeight = tipHeight + 1;
  const tipMtp = chain.medianTimePast();
  // Only transactions that could be mined in the next block are accepted.
  if (!isFinalTx(tx, nextHeight, tipMtp)) return mempoolReject("premature-spend", "non-final");

  const txid = computeTxid(tx);
  const txidHex = hashToHex(txid);
  if (graph.getByWtxid(computeWtxid(tx))) {
    return mempoolReject("conflict", "txn-already-in-mempool");
  }
  if (graph.getByTxid(txid)) {
    return mempoolReject("conflict", "txn-same-nonwitness-data-in-mempool");
  }

  const directConflicts = new Set<MutableEntry>();
  for (const input of tx.inputs) {
    const spender = graph.spenderOf(input.prevout.txid, input.prevout.vout);
    if (!spender) continue;
    if (!ctx.fullRbf && !signalsOptInRbf(spender.tx) && spender.tx.version !== TRUC_VERSION) {
      return mempoolReject("conflict", "txn-mempool-conflict");
    }
    directConflicts.add(spender);
  }
  if (directConflicts.size > 0 && !allowReplacement) {
    return mempoolReject("mempool-policy", "bip125-replacement-disallowed");
  }

  const coins = new Map<string, Coin>();
  const spentOutputs = [];
  const prevHeights: number[] = [];
  let spendsCoinbase = false;
  for (const input of tx.inputs) {
    const { txid: prevTxid, vout } = input.prevout;
    const parent = graph.getByTxid(prevTxid);
    let coin: Coin | undefined;
    if (parent) {
      const output = parent.tx.outputs[vout];
      if (output) coin = { output, height: MEMPOOL_HEIGHT, coinbase: false };
    } else {
      coin = chain.getCoin(prevTxid, vout);
    }
    if (!coin) {
      // Already confirmed? Then its outputs exist (unless all spent, which looks the same as
      // missing inputs, as in Core).
      for (let i = 0; i < tx.outputs.length; i++) {
        if (chain.getCoin(txid, i)) return mempoolReject("conflict", "txn-already-known");
      }
      return mempoolReject(
        "missing-inputs",
        "bad-txns-inputs-missingorspent",
        `input spends unknown or spent output ${hashToHex(prevTxid)}:${vout}`,
      );
    }
    coins.set(outpointKey(prevTxid, vout), coin);
    spentOutputs.push(coin.output);
    prevHeights.push(parent ? nextHeight : coin.height);
    if (coin.coinbase) spendsCoinbase = true;
  }

  const locks = calculateSequenceLocks(tx, true, prevHeights, (h) => chain.medianTimePastAt(h));
  if (!sequenceLocksSatisfied(locks, nextHeight, tipMtp)) {
    return mempoolReject("premature-spend", "non-BIP68-final");
  }
  const inputs = checkTxInputs(tx, (t, v) => coins.get(outpointKey(t, v)), nextHeight);
  if (!inputs.ok) {
    const code = inputs.code === "premature-spend" ? "premature-spend" : "consensus";
    return mempoolReject(code, inputs.reason, inputs.debug);
  }
  if (ctx.requireStandard) {
    const inputsStandard = areInputsStandard(tx, spentOutputs);
    if (!inputsStandard.ok) {
      return mempoolReject("inputs-not-standard", inputsStandard.reason, inputsStandard.debug);
    }
    const witnessStandard = isWitnessStandard(tx, spentOutputs);
    if (!witnessStandard.ok) {
      return mempoolReject("witness-mutated", witnessStandard.reason, witnessStandard.debug);
    }
  }

  const sigOpCost = transactionSigOpCost(tx, spentOutputs, STANDARD_SCRIPT_VERIFY_FLAGS);
  const weight = txWeight(tx);
  const vsize = virtualTransactionSize(weight, sigOpCost, policy.bytesPerSigop);
  const entry = new MutableEntry({
    tx,
    fee: inputs.fee,
    feeDelta: ctx.deltaOf(entryKey(txid)),
    weight,
    vsize,
    sigOpCost,
    time,
    height: tipHeight,
    spendsCoinbase,
  });
  if (sigOpCost > MAX_STANDARD_TX_SIGOPS_COST) {
    return mempoolReject("not-standard", "bad-txns-too-many-sigops", `${sigOpCost}`);
  }

  if (!bypassLimits) {
    const minFee = feeForSize(ctx.minFeeRate(), vsize);
    if (minFee > 0n && entry.modifiedFee < minFee) {
      return mempoolReject(
        "reconsiderable",
        "mempool min fee not met",
        `${entry.modifiedFee} < ${minFee}`,
      );
    }
    const relayFee = feeForSize(policy.minRelayFeeRate, vsize);
    if (entry.modifiedFee < relayFee) {
      return mempoolReject(
        "reconsiderable",
        "min relay fee not met",
        `${entry.modifiedFee} < ${relayFee}`,
      );
    }
  }

  // A replacement of exactly one transaction may use the room that transaction's package frees.
  let limits = ctx.limits;
  if (directConflicts.size === 1) {
    const conflict = directConflicts.values().next().value as MutableEntry;
    limits = {
      ...limits,
      descendantCount: limits.descendantCount + 1,
      descendantSizeVbytes: limits.descendantSizeVbytes + conflict.descendantSize,
    };
  }
  const parents = graph.parentsOf(tx.inputs);
  let found = calculateAncestors(parents, vsize, limits);
  if (!found.ok) {
    const message = found.message;
    // CPFP carve-out: one small extra child of a single parent, so a contract party can always
    // bump a shared transaction even when the other party filled its descendant limit.
    if (vsize > EXTRA_DESCENDANT_TX_SIZE_LIMIT || tx.version === TRUC_VERSION) {
      return mempoolReject("mempool-policy", "too-long-mempool-chain", message);
    }
    found = calculateAncestors(parents, vsize, {
      ancestorCount: 2,
      ancestorSizeVbytes: limits.ancestorSizeVbytes,
      descendantCount: limits.descendantCount + 1,
      descendantSizeVbytes: limits.descendantSizeVbytes + EXTRA_DESCENDANT_TX_SIZE_LIMIT,
    });
    if (!found.ok) return mempoolReject("mempool-policy", "too-long-mempool-chain", message);
  }
  const ancestors = found.ancestors;

  let siblingEviction = false;
  const truc = singleTrucChecks(tx, txidHex, ancestors, directConflicts, vsize);
  if (truc) {
    if (truc.sibling === null)
      return mempoolReject("mempool-policy", "TRUC-violation", truc.message);
    directConflicts.add(truc.sibling);
    siblingEviction = true;
  }

  for (const a of ancestors) {
    if (directConflicts.has(a)) {
      return mempoolReject(
        "consensus",
        "bad-txns-spends-conflicting-tx",
        `${txidHex} spends conflicting transaction ${a.txidHex}`,
      );
    }
  }

  let replaced: ReadonlySet<MutableEntry> = new Set();
  if (directConflicts.size > 0) {
    const rbf = checkReplacement(
      graph,
      { txidHex: txidHex, inputs: tx.inputs, modifiedFee: entry.modifiedFee, vsize },
      directConflicts,
      policy.incrementalRelayFeeRate,
      siblingEviction,
    );
    if (!rbf.ok) return rbf;
    replaced = rbf.allConflicts;
  }

  const scripts = checkInputScripts(tx, spentOutputs, ctx.backend);
  if (scripts) return scripts;

  for (const a of ancestors) {
    entry.ancestorCount++;
    entry.ancestorSize += a.vsize;
    entry.ancestorFees += a.modifiedFee;
    entry.ancestorSigOpCost += a.sigOpCost;
  }
  return { ok: true, entry, replaced };
}
