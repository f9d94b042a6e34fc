// Signed-size estimates and fee arithmetic for wallet transactions.
import { compactSizeLength, WITNESS_SCALE_FACTOR } from "@hashforge/consensus";
import { feeForSize } from "../policy/fee-rate.js";
import type { WalletAddressType } from "./keychain.js";

/**
 * Weight of one signed input spending each wallet output type. Non-witness part: outpoint (36),
 * empty scriptSig length (1), sequence (4) = 41 bytes x 4 = 164 WU. P2WPKH witness: item count,
 * a DER signature with hash type (at most 72 bytes) and a 33-byte key, each length-prefixed:
 * 1 + 73 + 34 = 108 WU, so 272 WU = 68 vB. P2TR key path: item count and a 64-byte BIP340
 * signature (SIGHASH_DEFAULT adds no byte): 1 + 65 = 66 WU, so 230 WU = 57.5 vB.
 */
export const INPUT_WEIGHT: Readonly<Record<WalletAddressType, number>> = Object.freeze({
  bech32: 272,
  bech32m: 230,
});

/** Version and locktime (8 bytes x 4) plus the segwit marker and flag (2 WU). */
const FIXED_WEIGHT = 8 * WITNESS_SCALE_FACTOR + 2;

/**
 * Core's DEFAULT_DISCARD_FEE (3 sat/vB, in sat/kvB): the rate at which a change output is
 * assumed to be spent later, for the cost of making change.
 */
export const DISCARD_FEE_RATE = 3000n;

/**
 * Core's DEFAULT_CONSOLIDATE_FEERATE (10 sat/vB, in sat/kvB): the long-term rate that input
 * "waste" is measured against when comparing coin selections.
 */
export const LONG_TERM_FEE_RATE = 10_000n;

/** Highest fee rate the wallet accepts, in sat/vB (a typo guard, like Core's maxtxfee). */
export const MAX_FEE_RATE_SAT_VB = 100_000;

/** Weight of a serialized output paying `scriptPubKey` (value, length, script; all base data). */
export function outputWeight(scriptPubKey: Uint8Array): number {
  const len = scriptPubKey.length;
  return (8 + compactSizeLength(len) + len) * WITNESS_SCALE_FACTOR;
}

/**
 * Estimated weight of a segwit transaction once signed: fixed fields, input and output counts,
 * the given input weights (see {@link INPUT_WEIGHT}) and outputs.
 */
export function estimateTxWeight(
  inputWeights: readonly number[],
  outputScripts: readonly Uint8Array[],
): number {
  let weight =
    FIXED_WEIGHT +
    (compactSizeLength(inputWeights.length) + compactSizeLength(outputScripts.length)) *
      WITNESS_SCALE_FACTOR;
  for (const w of inputWeights) weight += w;
  for (const s of outputScripts) weight += outputWeight(s);
  return weight;
}

/**
 * The fee for `weight` weight units at `satPerKvB`: the virtual size (weight / 4 rounded up)
 * priced as Core's CFeeRate::GetFee, rounded up to a whole satoshi.
 */
export function feeForWeight(weight: number, satPerKvB: bigint): bigint {
  return feeForSize(satPerKvB, Math.ceil(weight / WITNESS_SCALE_FACTOR));
}

/**
 * Converts a fee rate in sat/vB (as `sendtoaddress`'s `fee_rate`; up to three decimals are
 * kept) to sat/kvB, or null when it is not a finite number in [0, {@link MAX_FEE_RATE_SAT_VB}].
 */
export function feeRateFromSatPerVb(satPerVb: number): bigint | null {
  if (!Number.isFinite(satPerVb) || satPerVb < 0 || satPerVb > MAX_FEE_RATE_SAT_VB) return null;
  return BigInt(Math.round(satPerVb * 1000));
}
