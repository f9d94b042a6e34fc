// Dust: outputs worth less than the fee needed to spend them (Core's GetDustThreshold/IsDust).
import {
  compactSizeLength,
  extractWitnessProgram,
  isUnspendable,
  type TxOut,
  WITNESS_SCALE_FACTOR,
} from "@hashforge/consensus";
import { feeForSize } from "./fee-rate.js";

/**
 * The smallest value `output` may carry without being dust at `dustRelayFeeRate` (sat/kvB), as
 * Core's GetDustThreshold: the fee of the output's own serialization plus a typical input
 * spending it (148 bytes for a legacy P2PKH spend; 32+4+1+107/4+4 = 67 vbytes for a witness
 * program, whose signature and key get the witness discount). Unspendable outputs have no
 * threshold. With the default 3000 sat/kvB this is 546 sat for P2PKH and 294 sat for P2WPKH.
 */
export function getDustThreshold(output: TxOut, dustRelayFeeRate: bigint): bigint {
  const spk = output.scriptPubKey;
  if (isUnspendable(spk)) return 0n;
  let size = 8 + compactSizeLength(spk.length) + spk.length;
  if (extractWitnessProgram(spk) !== null) {
    size += 32 + 4 + 1 + Math.floor(107 / WITNESS_SCALE_FACTOR) + 4;
  } else {
    size += 32 + 4 + 1 + 107 + 4;
  }
  return feeForSize(dustRelayFeeRate, size);
}

/** True when `output` is worth less than its dust threshold (Core's IsDust). */
export function isDust(output: TxOut, dustRelayFeeRate: bigint): boolean {
  return output.value < getDustThreshold(output, dustRelayFeeRate);
}
