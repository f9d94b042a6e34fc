// Fee rates in satoshis per 1000 virtual bytes, as Core's CFeeRate.

/**
 * The fee a transaction of `vsize` virtual bytes pays at `satPerKvB`, rounded up as Core's
 * CFeeRate::GetFee does (so any positive rate charges at least 1 sat for a non-empty tx).
 */
export function feeForSize(satPerKvB: bigint, vsize: number): bigint {
  const product = satPerKvB * BigInt(vsize);
  if (product <= 0n) return product / 1000n;
  return (product + 999n) / 1000n;
}

/**
 * The fee rate in sat/kvB of `fee` paid for `vsize` virtual bytes, truncated toward zero as
 * Core's CFeeRate(fee, size) constructor computes it; zero for an empty size.
 */
export function feeRateOf(fee: bigint, vsize: number): bigint {
  if (vsize <= 0) return 0n;
  return (fee * 1000n) / BigInt(vsize);
}
