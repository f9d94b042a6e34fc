// BIP341/BIP342 signature hash (Core's SignatureHashSchnorr).
import { hashSerialized } from "../../bytes/hash-serialized.js";
import type { ByteWriter } from "../../bytes/writer.js";
import { RangeCheckError } from "../../errors.js";
import { sha256, taggedHash } from "../../hash.js";
import type { Transaction, TxOut } from "../../tx/transaction.js";
import {
  SIGHASH_ALL,
  SIGHASH_ANYONECANPAY,
  SIGHASH_DEFAULT,
  SIGHASH_INPUT_MASK,
  SIGHASH_OUTPUT_MASK,
  SIGHASH_SINGLE,
} from "./hash-type.js";
import type { PrecomputedTxData } from "./precomputed.js";

/**
 * The per-input data a taproot signature message commits to beyond the transaction (Core's
 * ScriptExecutionData).
 */
export interface TaprootSighashExt {
  /** The annex (last witness element, starting with 0x50), whole; null when absent. */
  annex: Uint8Array | null;
  /**
   * BIP342 tapleaf hash of the executing script for script-path (tapscript) signatures; null
   * for key-path signatures, which then use ext_flag 0 and commit to no script data.
   */
  tapleafHash: Uint8Array | null;
  /**
   * Opcode position of the last executed OP_CODESEPARATOR in the tapscript, 0xffffffff when
   * none (BIP342). Ignored for key-path signatures.
   */
  codesepPos: number;
}

function writeTxOut(w: ByteWriter, out: TxOut): void {
  w.i64le(out.value).varBytes(out.scriptPubKey);
}

function tapSighashOf(preimage: Uint8Array): Uint8Array {
  return taggedHash("TapSighash", preimage);
}

/**
 * Computes the BIP341 signature hash (TapSighash tagged hash of SigMsg with epoch 0, plus the
 * BIP342 extension for script-path spends) of input `inputIndex`, mirroring Core's
 * SignatureHashSchnorr.
 *
 * Returns null where Core returns false: `hashType` is not one of 0x00-0x03 or 0x81-0x83, or
 * SIGHASH_SINGLE has no output at `inputIndex`; and also when `data` lacks the spent outputs
 * (Core's MissingDataBehavior::FAIL), since BIP341 commits to every spent amount and script.
 * A null result must make the signature check fail. Throws RangeCheckError when `inputIndex`
 * is not an input (Core asserts).
 */
export function taprootSighash(
  tx: Transaction,
  inputIndex: number,
  hashType: number,
  data: PrecomputedTxData,
  ext: TaprootSighashExt,
): Uint8Array | null {
  const input = tx.inputs[inputIndex];
  if (input === undefined || !Number.isInteger(inputIndex)) {
    throw new RangeCheckError(`input index ${inputIndex} out of range`);
  }
  const validType = (hashType >= 0 && hashType <= 3) || (hashType >= 0x81 && hashType <= 0x83);
  if (!validType || !Number.isInteger(hashType)) return null;
  const shaAmounts = data.shaAmounts;
  const shaScriptPubkeys = data.shaScriptPubkeys;
  const spentOutputs = data.spentOutputs;
  if (shaAmounts === null || shaScriptPubkeys === null || spentOutputs === null) return null;

  // SIGHASH_DEFAULT signs like SIGHASH_ALL but hashes the byte 0x00.
  const outputType = hashType === SIGHASH_DEFAULT ? SIGHASH_ALL : hashType & SIGHASH_OUTPUT_MASK;
  const anyoneCanPay = (hashType & SIGHASH_INPUT_MASK) === SIGHASH_ANYONECANPAY;
  let singleOutputHash: Uint8Array | null = null;
  if (outputType === SIGHASH_SINGLE) {
    const out = tx.outputs[inputIndex];
    if (out === undefined) return null;
    singleOutputHash = hashSerialized((w) => writeTxOut(w, out), sha256);
  }
  const annexHash =
    ext.annex === null ? null : hashSerialized((w) => w.varBytes(ext.annex!), sha256);
  // The lazily computed parts first: they hash serializations of their own.
  const shaPrevouts = anyoneCanPay ? null : data.shaPrevouts;
  const shaSequences = anyoneCanPay ? null : data.shaSequences;
  const shaOutputs = outputType === SIGHASH_ALL ? data.shaOutputs : null;

  const spent = spentOutputs[inputIndex]!;
  return hashSerialized((w) => {
    w.u8(0); // epoch
    w.u8(hashType);
    w.u32le(tx.version);
    w.u32le(tx.locktime);
    if (shaPrevouts !== null && shaSequences !== null) {
      w.bytes(shaPrevouts);
      w.bytes(shaAmounts);
      w.bytes(shaScriptPubkeys);
      w.bytes(shaSequences);
    }
    if (shaOutputs !== null) w.bytes(shaOutputs);

    const extFlag = ext.tapleafHash === null ? 0 : 1;
    // spend_type: ext_flag * 2 + annex_present.
    w.u8(extFlag * 2 + (ext.annex === null ? 0 : 1));
    if (anyoneCanPay) {
      w.bytes(input.prevout.txid).u32le(input.prevout.vout);
      writeTxOut(w, spent);
      w.u32le(input.sequence);
    } else {
      w.u32le(inputIndex);
    }
    if (annexHash !== null) w.bytes(annexHash);
    if (singleOutputHash !== null) w.bytes(singleOutputHash);
    if (ext.tapleafHash !== null) {
      // BIP342 extension: tapleaf hash, key_version 0 (32-byte keys), codeseparator position.
      w.bytes(ext.tapleafHash);
      w.u8(0);
      w.u32le(ext.codesepPos);
    }
  }, tapSighashOf);
}
