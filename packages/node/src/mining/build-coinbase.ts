import {
  ByteWriter,
  coinbaseHeightPrefix,
  NULL_VOUT,
  type Transaction,
  type TxOut,
  writePushData,
} from "@hashforge/consensus";
import { TemplateError } from "./template-error.js";

/** Core's limit on a coinbase scriptSig (CheckTransaction's `bad-cb-length`: 2..100 bytes). */
export const MAX_COINBASE_SCRIPTSIG_SIZE = 100;

/** Largest extranonce room the assembler offers (a single direct push, far below the limit). */
export const MAX_EXTRANONCE_SIZE = 32;

/** Core's CTxIn::MAX_SEQUENCE_NONFINAL: lets the coinbase lock time be enforced. */
const SEQUENCE_NONFINAL = 0xfffffffe;

/**
 * A fresh copy of the witness reserved value templates commit to: 32 zero bytes (BIP141). A new
 * array each time, so no caller can alter another's coinbase through a shared buffer.
 */
export function zeroWitnessNonce(): Uint8Array {
  return new Uint8Array(32);
}

/** A coinbase scriptSig and where its extranonce sits. */
export interface CoinbaseScriptSig {
  readonly scriptSig: Uint8Array;
  /** Offset of the extranonce bytes inside `scriptSig`. */
  readonly extranonceOffset: number;
}

/**
 * Builds the coinbase scriptSig: the BIP34 height push, then the extranonce as one direct push
 * (or OP_0 when it is empty, which gives Core's `<height> OP_0` and keeps the scriptSig at least
 * 2 bytes), then `extraData` as a push when non-empty. The extranonce is written as a raw
 * length-prefixed push, never as OP_n, so its offset and size do not depend on its value.
 * Throws TemplateError `coinbase-too-large` beyond 100 bytes.
 */
export function coinbaseScriptSig(
  height: number,
  extranonce: Uint8Array,
  extraData: Uint8Array = new Uint8Array(0),
): CoinbaseScriptSig {
  if (extranonce.length > MAX_EXTRANONCE_SIZE) {
    throw new TemplateError(
      "invalid-options",
      `extranonce of ${extranonce.length} bytes exceeds ${MAX_EXTRANONCE_SIZE}`,
    );
  }
  const prefix = coinbaseHeightPrefix(height);
  const w = new ByteWriter(MAX_COINBASE_SCRIPTSIG_SIZE);
  w.bytes(prefix);
  w.u8(extranonce.length).bytes(extranonce);
  if (extraData.length > 0) writePushData(w, extraData);
  const scriptSig = w.finish();
  if (scriptSig.length > MAX_COINBASE_SCRIPTSIG_SIZE) {
    throw new TemplateError(
      "coinbase-too-large",
      `coinbase scriptSig of ${scriptSig.length} bytes exceeds ${MAX_COINBASE_SCRIPTSIG_SIZE}`,
    );
  }
  return { scriptSig, extranonceOffset: prefix.length + 1 };
}

/** What {@link buildCoinbaseTx} puts in the coinbase. */
export interface CoinbaseSpec {
  readonly height: number;
  readonly scriptSig: Uint8Array;
  readonly payoutScript: Uint8Array;
  /** Subsidy plus fees, in satoshis. */
  readonly value: bigint;
  /** The witness commitment output script, or null before segwit. */
  readonly witnessCommitmentScript: Uint8Array | null;
}

/**
 * Builds the coinbase as Core's CreateNewBlock does: version 2, one input spending the null
 * outpoint, the payout output, and the witness commitment as the last output with the 32-byte
 * zero reserved value as the input's witness. Like Core since v30 the lock time is height - 1
 * with a non-final sequence, so the coinbase can never be valid in an earlier block (the
 * groundwork for BIP54's unique coinbase rule); isFinalTx accepts it at `height`.
 */
export function buildCoinbaseTx(spec: CoinbaseSpec): Transaction {
  const outputs: TxOut[] = [{ value: spec.value, scriptPubKey: spec.payoutScript }];
  if (spec.witnessCommitmentScript !== null) {
    outputs.push({ value: 0n, scriptPubKey: spec.witnessCommitmentScript });
  }
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: NULL_VOUT },
        scriptSig: spec.scriptSig,
        sequence: SEQUENCE_NONFINAL,
        witness: spec.witnessCommitmentScript === null ? [] : [zeroWitnessNonce()],
      },
    ],
    outputs,
    locktime: Math.max(0, spec.height - 1),
  };
}
