// BIP143 signature hash for witness version 0 (Core's SignatureHash for SigVersion::WITNESS_V0).
import { hashSerialized } from "../../bytes/hash-serialized.js";
import { RangeCheckError } from "../../errors.js";
import { sha256d } from "../../hash.js";
import type { Transaction } from "../../tx/transaction.js";
import { SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from "./hash-type.js";
import type { PrecomputedTxData } from "./precomputed.js";

const ZERO_HASH = new Uint8Array(32);

/**
 * Computes the BIP143 signature hash of input `inputIndex` spending `amount` satoshis, as
 * Core's SignatureHash for SigVersion::WITNESS_V0. The preimage is: version, hashPrevouts
 * (zero with ANYONECANPAY), hashSequence (zero with ANYONECANPAY, NONE or SINGLE), the signed
 * input's outpoint, `scriptCode` (CompactSize-prefixed, used as given: unlike legacy hashing
 * no OP_CODESEPARATOR is removed, the caller passes the script after the last executed one),
 * `amount`, the input's sequence, hashOutputs (all outputs; with SINGLE only the output at
 * `inputIndex`, or zero when there is none, so BIP143 has no SIGHASH_SINGLE bug; zero with
 * NONE), locktime and the 32-bit hash type. The result is its double SHA-256.
 *
 * `data` must have been prepared for this `tx` by {@link precomputeTxData}. Throws
 * RangeCheckError when `inputIndex` is not an input (Core asserts).
 */
export function segwitV0Sighash(
  tx: Transaction,
  inputIndex: number,
  scriptCode: Uint8Array,
  amount: bigint,
  hashType: number,
  data: PrecomputedTxData,
): Uint8Array {
  const input = tx.inputs[inputIndex];
  if (input === undefined || !Number.isInteger(inputIndex)) {
    throw new RangeCheckError(`input index ${inputIndex} out of range`);
  }
  const baseType = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const singleOrNone = baseType === SIGHASH_SINGLE || baseType === SIGHASH_NONE;

  let hashOutputs: Uint8Array = ZERO_HASH;
  if (!singleOrNone) {
    hashOutputs = data.hashOutputs;
  } else if (baseType === SIGHASH_SINGLE && inputIndex < tx.outputs.length) {
    const out = tx.outputs[inputIndex]!;
    hashOutputs = hashSerialized((w) => w.i64le(out.value).varBytes(out.scriptPubKey), sha256d);
  }
  // The lazily computed parts first: they hash serializations of their own.
  const hashPrevouts = anyoneCanPay ? ZERO_HASH : data.hashPrevouts;
  const hashSequence = anyoneCanPay || singleOrNone ? ZERO_HASH : data.hashSequence;
  return hashSerialized((w) => {
    w.u32le(tx.version);
    w.bytes(hashPrevouts);
    w.bytes(hashSequence);
    w.bytes(input.prevout.txid).u32le(input.prevout.vout);
    w.varBytes(scriptCode);
    w.i64le(amount);
    w.u32le(input.sequence);
    w.bytes(hashOutputs);
    w.u32le(tx.locktime);
    w.i32le(hashType);
  }, sha256d);
}
