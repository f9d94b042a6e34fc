// Sort orders over mempool entries (Core's ancestor_score and descendant_score indexes).
import type { MempoolEntry } from "./mempool-entry.js";

/**
 * Orders entries best first by ancestor score, as Core's ancestor_score index: the lower of an
 * entry's own modified fee rate and its ancestor package's, the rate a block template can mine
 * it at; ties go to the smaller txid. Negative when `a` sorts first.
 */
export function compareAncestorScore(a: MempoolEntry, b: MempoolEntry): number {
  const [af, as] = minRate(a.modifiedFee, a.vsize, a.ancestorFees, a.ancestorSize);
  const [bf, bs] = minRate(b.modifiedFee, b.vsize, b.ancestorFees, b.ancestorSize);
  const l = af * BigInt(bs);
  const r = bf * BigInt(as);
  if (l !== r) return l > r ? -1 : 1;
  return a.txidHex < b.txidHex ? -1 : a.txidHex > b.txidHex ? 1 : 0;
}

/** What an entry's descendant score depends on. */
export type DescendantScoreFields = Pick<
  MempoolEntry,
  "modifiedFee" | "vsize" | "descendantFees" | "descendantSize" | "time"
>;

/**
 * Orders entries for eviction, as Core's descendant_score index: by the higher of an entry's own
 * modified fee rate and its descendant package's (a high-fee child protects its parent), lowest
 * first, newer first among equals. Negative when `a` is evicted first.
 */
export function compareDescendantScore(a: DescendantScoreFields, b: DescendantScoreFields): number {
  const [af, as] = maxRate(a.modifiedFee, a.vsize, a.descendantFees, a.descendantSize);
  const [bf, bs] = maxRate(b.modifiedFee, b.vsize, b.descendantFees, b.descendantSize);
  const l = af * BigInt(bs);
  const r = bf * BigInt(as);
  if (l !== r) return l < r ? -1 : 1;
  // Equal scores: evict the newer transaction first.
  return b.time - a.time;
}

function minRate(f1: bigint, s1: number, f2: bigint, s2: number): [bigint, number] {
  return f1 * BigInt(s2) <= f2 * BigInt(s1) ? [f1, s1] : [f2, s2];
}

function maxRate(f1: bigint, s1: number, f2: bigint, s2: number): [bigint, number] {
  return f2 * BigInt(s1) > f1 * BigInt(s2) ? [f2, s2] : [f1, s1];
}
