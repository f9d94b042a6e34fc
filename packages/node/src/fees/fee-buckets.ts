/** Lowest bucket boundary, in sat/kvB: 1 sat/vB. */
export const MIN_BUCKET_FEERATE = 1000;
/** Highest finite bucket boundary, in sat/kvB (Core's MAX_BUCKET_FEERATE: 10,000 sat/vB). */
export const MAX_BUCKET_FEERATE = 1e7;
/** Ratio between consecutive bucket boundaries (Core's FEE_SPACING). */
export const FEE_SPACING = 1.05;
/** The catch-all last boundary (Core's INF_FEERATE). */
export const INF_FEERATE = 1e99;

/**
 * The fee-rate bucket boundaries in sat/kvB, as Core's CBlockPolicyEstimator builds them:
 * 1 sat/vB times 1.05^k up to 10,000 sat/vB, then an infinite bucket. Bucket `i` holds the
 * feerates in (boundary[i-1], boundary[i]].
 */
export function feeBucketBoundaries(): number[] {
  const buckets: number[] = [];
  for (let b = MIN_BUCKET_FEERATE; b <= MAX_BUCKET_FEERATE; b *= FEE_SPACING) buckets.push(b);
  buckets.push(INF_FEERATE);
  return buckets;
}

/** Index of the bucket holding `feerate` (sat/kvB): the first boundary >= it (Core's lower_bound). */
export function feeBucketIndex(buckets: readonly number[], feerate: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (buckets[mid]! >= feerate) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
