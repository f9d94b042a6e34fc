// Replace-by-fee rules (Core's policy/rbf.cpp as used by MemPoolAccept::ReplacementChecks).
import { feeForSize, feeRateOf } from "../policy/fee-rate.js";
import { MAX_REPLACEMENT_CANDIDATES } from "../policy/policy-constants.js";
import { entryKey, type MutableEntry } from "./mempool-entry.js";
import type { MempoolGraph } from "./mempool-graph.js";
import { type MempoolReject, mempoolReject } from "./mempool-reject.js";

/** A replacement that passed: every transaction it evicts, and their total modified fee. */
export interface ReplacementOk {
  readonly ok: true;
  readonly allConflicts: Set<MutableEntry>;
  readonly conflictingFees: bigint;
}

/** What {@link checkReplacement} needs to know about the replacement. */
export interface ReplacementCandidate {
  readonly txidHex: string;
  readonly inputs: readonly { readonly prevout: { readonly txid: Uint8Array } }[];
  readonly modifiedFee: bigint;
  readonly vsize: number;
}

/**
 * Evaluates a full-RBF replacement of `directConflicts`, as Core 28's ReplacementChecks:
 * rule 6, a fee rate above every direct conflict's ("insufficient fee"); rule 5, at most 100
 * transactions evicted counting descendants ("too many potential replacements"); rule 2, no
 * unconfirmed input that the replaced transactions did not already spend
 * ("replacement-adds-unconfirmed"); rules 3 and 4, an absolute fee at least that of everything
 * evicted plus the incremental relay fee for its own size ("insufficient fee").
 */
export function checkReplacement(
  graph: MempoolGraph,
  candidate: ReplacementCandidate,
  directConflicts: ReadonlySet<MutableEntry>,
  incrementalRelayFeeRate: bigint,
  siblingEviction: boolean,
): ReplacementOk | MempoolReject {
  const suffix = siblingEviction ? " (including sibling eviction)" : "";
  const newRate = feeRateOf(candidate.modifiedFee, candidate.vsize);
  for (const c of directConflicts) {
    const oldRate = feeRateOf(c.modifiedFee, c.vsize);
    if (newRate <= oldRate) {
      return mempoolReject(
        "reconsiderable",
        `insufficient fee${suffix}`,
        `rejecting replacement ${candidate.txidHex}; new feerate ${newRate} <= old feerate ${oldRate} sat/kvB`,
      );
    }
  }

  let candidates = 0;
  for (const c of directConflicts) candidates += c.descendantCount;
  if (candidates > MAX_REPLACEMENT_CANDIDATES) {
    return mempoolReject(
      "mempool-policy",
      `too many potential replacements${suffix}`,
      `rejecting replacement ${candidate.txidHex}; too many potential replacements (${candidates} > ${MAX_REPLACEMENT_CANDIDATES})`,
    );
  }
  const allConflicts = new Set<MutableEntry>();
  for (const c of directConflicts) {
    allConflicts.add(c);
    for (const d of graph.descendantsOf(c)) allConflicts.add(d);
  }

  // Requiring new inputs to be confirmed keeps a replacement from needing low-feerate
  // unconfirmed parents mined first, which would make it worse for miners than it looks.
  const parentsOfConflicts = new Set<string>();
  for (const c of allConflicts) {
    for (const input of c.tx.inputs) parentsOfConflicts.add(entryKey(input.prevout.txid));
  }
  for (const [j, input] of candidate.inputs.entries()) {
    if (parentsOfConflicts.has(entryKey(input.prevout.txid))) continue;
    if (graph.getByTxid(input.prevout.txid)) {
      return mempoolReject(
        "mempool-policy",
        `replacement-adds-unconfirmed${suffix}`,
        `replacement ${candidate.txidHex} adds unconfirmed input, idx ${j}`,
      );
    }
  }

  let conflictingFees = 0n;
  for (const c of allConflicts) conflictingFees += c.modifiedFee;
  if (candidate.modifiedFee < conflictingFees) {
    return mempoolReject(
      "reconsiderable",
      `insufficient fee${suffix}`,
      `rejecting replacement ${candidate.txidHex}, less fees than conflicting txs; ${candidate.modifiedFee} < ${conflictingFees}`,
    );
  }
  const additional = candidate.modifiedFee - conflictingFees;
  const relayFee = feeForSize(incrementalRelayFeeRate, candidate.vsize);
  if (additional < relayFee) {
    return mempoolReject(
      "reconsiderable",
      `insufficient fee${suffix}`,
      `rejecting replacement ${candidate.txidHex}, not enough additional fees to relay; ${additional} < ${relayFee}`,
    );
  }
  return { ok: true, allConflicts, conflictingFees };
}
