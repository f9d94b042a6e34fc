import { compareBytes, hasWitness, isFinalTx, MAX_BLOCK_SIGOPS_COST } from "@hashforge/consensus";
import { BinaryHeap } from "./binary-heap.js";
import type { TemplateCandidate } from "./block-template.js";
import { buildCandidateGraph } from "./candidate-graph.js";

/** Core's DEFAULT_BYTES_PER_SIGOP: each sigop counts as this many vbytes for feerates. */
export const BYTES_PER_SIGOP = 20;

/** Core's MAX_CONSECUTIVE_FAILURES: give up after this many packages in a row do not fit... */
const MAX_CONSECUTIVE_FAILURES = 1000;
/** ...once the block is within this much weight of full (BLOCK_FULL_ENOUGH_WEIGHT_DELTA). */
const BLOCK_FULL_ENOUGH_WEIGHT_DELTA = 4000;

/**
 * The virtual size Core uses for feerates (GetVirtualTransactionSize): weight / 4 rounded up,
 * where a transaction's weight is raised to 20 x its sigop cost when that is larger, so that
 * sigop-heavy transactions pay for the scarce sigop budget.
 */
export function sigopAdjustedVsize(weight: number, sigopCost: number): number {
  return Math.ceil(Math.max(weight, sigopCost * BYTES_PER_SIGOP) / 4);
}

/** Limits and context for {@link selectPackages}. */
export interface SelectPackagesParams {
  /** Height of the block being assembled. */
  readonly height: number;
  /** Lock-time cutoff for isFinalTx: the tip's median time past (BIP113). */
  readonly lockTimeCutoff: number;
  readonly maxWeight: number;
  readonly reservedWeight: number;
  readonly reservedSigops: number;
  /** Satoshis per 1,000 vbytes a package must pay. */
  readonly blockMinFeeRate: bigint;
  /** False before segwit: transactions with witness data would make the block invalid. */
  readonly allowWitness: boolean;
}

/** The transactions chosen for a block, in block order, and what they add up to. */
export interface PackageSelection {
  readonly selected: readonly TemplateCandidate[];
  /** Sum of the selected transactions' actual fees. */
  readonly fees: bigint;
  /** Reserved weight plus the selected transactions' weight. */
  readonly weight: number;
  /** Reserved sigops plus the selected transactions' sigop cost. */
  readonly sigopCost: number;
  readonly packagesSelected: number;
  /** Candidates excluded before selection (duplicates, unknown parents, cycles). */
  readonly excluded: number;
}

interface QueueEntry {
  readonly index: number;
  readonly stamp: number;
  readonly size: number;
  readonly fee: bigint;
  /** fee / size as a float: decides every comparison that is not a near tie. */
  readonly rate: number;
}

/** Fee at `rate` sat/kvB for `size` vbytes, rounded up (Core's CFeeRate::GetFee since v29). */
function feeAtRate(rate: bigint, size: number): bigint {
  if (rate <= 0n) return 0n;
  return (rate * BigInt(size) + 999n) / 1000n;
}

/**
 * Chooses the block's transactions by ancestor feerate, as Core's BlockAssembler::addPackageTxs:
 * repeatedly take the package (a transaction plus its not-yet-included ancestors) with the
 * highest fee per vbyte, so a high-fee child pays for its low-fee parents (CPFP). Including a
 * package lowers the remaining descendants' package size and fee (Core's mapModifiedTx); here a
 * heap with per-candidate stamps plays both mapTx's ancestor-score index and mapModifiedTx.
 * A package that breaks the weight or sigop limit is marked failed and never retried; a package
 * with a non-final transaction is skipped; selection stops at the first package below
 * `blockMinFeeRate` or after 1,000 consecutive misfits in a nearly full block. Ties order by txid.
 */
export function selectPackages(
  candidates: readonly TemplateCandidate[],
  params: SelectPackagesParams,
): PackageSelection {
  const graph = buildCandidateGraph(candidates);
  const n = candidates.length;
  const vsize = candidates.map((c) => sigopAdjustedVsize(c.weight, c.sigopCost));
  const modFee = candidates.map((c) => c.modifiedFee ?? c.fee);
  const pkgSize: number[] = new Array<number>(n).fill(0);
  const pkgFee: bigint[] = new Array<bigint>(n).fill(0n);
  const pkgSigops: number[] = new Array<number>(n).fill(0);
  const stamp: number[] = new Array<number>(n).fill(0);
  const inBlock = new Uint8Array(n);
  const failed = new Uint8Array(n);
  const queue = new BinaryHeap<QueueEntry>((a, b) => {
    // Fees are below 2^53, so the float rates are within 1e-15 of the truth: only near ties
    // need the exact cross-multiplication Core does (CompareTxMemPoolEntryByAncestorFee).
    const gap = a.rate - b.rate;
    if (Math.abs(gap) > 1e-9 * Math.max(Math.abs(a.rate), Math.abs(b.rate))) return gap > 0;
    const left = a.fee * BigInt(b.size);
    const right = b.fee * BigInt(a.size);
    if (left !== right) return left > right;
    return compareBytes(candidates[a.index]!.txid, candidates[b.index]!.txid) < 0;
  });
  const enqueue = (i: number): void => {
    const size = pkgSize[i]!;
    const fee = pkgFee[i]!;
    queue.push({ index: i, stamp: stamp[i]!, size, fee, rate: Number(fee) / size });
  };
  for (let i = 0; i < n; i++) {
    if (!graph.usable[i]) continue;
    let size = vsize[i]!;
    let fee = modFee[i]!;
    let sigops = candidates[i]!.sigopCost;
    for (const a of graph.ancestors[i]!) {
      size += vsize[a]!;
      fee += modFee[a]!;
      sigops += candidates[a]!.sigopCost;
    }
    pkgSize[i] = size;
    pkgFee[i] = fee;
    pkgSigops[i] = sigops;
    enqueue(i);
  }

  const selected: TemplateCandidate[] = [];
  let blockWeight = params.reservedWeight;
  let blockSigops = params.reservedSigops;
  let fees = 0n;
  let packagesSelected = 0;
  let consecutiveFailed = 0;
  const isAcceptable = (i: number): boolean => {
    const tx = candidates[i]!.tx;
    if (!isFinalTx(tx, params.height, params.lockTimeCutoff)) return false;
    return params.allowWitness || !hasWitness(tx);
  };

  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
    const i = entry.index;
    if (inBlock[i] || failed[i] || entry.stamp !== stamp[i]) continue;
    // The queue is ordered by package feerate: nothing after this one pays enough either.
    if (pkgFee[i]! < feeAtRate(params.blockMinFeeRate, pkgSize[i]!)) break;
    // Core's TestPackage still measures packages as 4 x vsize against the weight limit.
    if (
      blockWeight + 4 * pkgSize[i]! >= params.maxWeight ||
      blockSigops + pkgSigops[i]! >= MAX_BLOCK_SIGOPS_COST
    ) {
      failed[i] = 1;
      consecutiveFailed++;
      if (
        consecutiveFailed > MAX_CONSECUTIVE_FAILURES &&
        blockWeight > params.maxWeight - BLOCK_FULL_ENOUGH_WEIGHT_DELTA
      ) {
        break;
      }
      continue;
    }
    const pkg = graph.ancestors[i]!.filter((a) => !inBlock[a]);
    pkg.push(i);
    if (!pkg.every(isAcceptable)) {
      failed[i] = 1;
      continue;
    }
    // An ancestor always has fewer ancestors than its descendants: this order is a valid
    // topological order (Core's SortForBlock).
    pkg.sort(
      (a, b) =>
        graph.ancestors[a]!.length - graph.ancestors[b]!.length ||
        compareBytes(candidates[a]!.txid, candidates[b]!.txid),
    );
    for (const t of pkg) {
      const c = candidates[t]!;
      selected.push(c);
      inBlock[t] = 1;
      blockWeight += c.weight;
      blockSigops += c.sigopCost;
      fees += c.fee;
    }
    packagesSelected++;
    consecutiveFailed = 0;
    for (const t of pkg) updateDescendants(t);
  }

  function updateDescendants(added: number): void {
    const seen = new Set<number>();
    const stack = [...graph.children[added]!];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (seen.has(d)) continue;
      seen.add(d);
      stack.push(...graph.children[d]!);
      if (inBlock[d]) continue;
      pkgSize[d] = pkgSize[d]! - vsize[added]!;
      pkgFee[d] = pkgFee[d]! - modFee[added]!;
      pkgSigops[d] = pkgSigops[d]! - candidates[added]!.sigopCost;
      stamp[d] = stamp[d]! + 1;
      if (!failed[d]) enqueue(d);
    }
  }

  return {
    selected,
    fees,
    weight: blockWeight,
    sigopCost: blockSigops,
    packagesSelected,
    excluded: graph.excluded,
  };
}
