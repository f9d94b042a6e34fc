// Pre-segwit signature hash (Core's SignatureHash for SigVersion::BASE).
import { hashSerialized } from "../../bytes/hash-serialized.js";
import { ByteWriter, compactSizeLength } from "../../bytes/writer.js";
import { sha256d } from "../../hash.js";
import type { Transaction } from "../../tx/transaction.js";
import { OP } from "../opcodes.js";
import { SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from "./hash-type.js";
import { BLANK_INPUT_SIZE, type PrecomputedTxData } from "./precomputed.js";

/**
 * End offset of the script element starting at `pos`, or -1 when it is a push that runs past
 * the end (Core's GetScriptOp failing). Allocation-free: this runs once per byte of scriptCode
 * for every legacy signature.
 */
function opEnd(script: Uint8Array, pos: number): number {
  const opcode = script[pos]!;
  let p = pos + 1;
  if (opcode > OP.OP_PUSHDATA4) return p;
  let size: number;
  if (opcode < OP.OP_PUSHDATA1) {
    size = opcode;
  } else if (opcode === OP.OP_PUSHDATA1) {
    if (script.length - p < 1) return -1;
    size = script[p]!;
    p += 1;
  } else if (opcode === OP.OP_PUSHDATA2) {
    if (script.length - p < 2) return -1;
    size = script[p]! | (script[p + 1]! << 8);
    p += 2;
  } else {
    if (script.length - p < 4) return -1;
    size =
      (script[p]! | (script[p + 1]! << 8) | (script[p + 2]! << 16) | (script[p + 3]! << 24)) >>> 0;
    p += 4;
  }
  return script.length - p < size ? -1 : p + size;
}

/**
 * Where Core's script iterator is left after GetScriptOp fails on the truncated push at `pos`:
 * past the opcode, and past the length field when that field itself was complete.
 */
function truncatedOpStop(script: Uint8Array, pos: number): number {
  const opcode = script[pos]!;
  const rest = script.length - pos - 1;
  if (opcode === OP.OP_PUSHDATA1 && rest >= 1) return pos + 2;
  if (opcode === OP.OP_PUSHDATA2 && rest >= 2) return pos + 3;
  if (opcode === OP.OP_PUSHDATA4 && rest >= 4) return pos + 5;
  return pos + 1;
}

/**
 * Writes scriptCode with every OP_CODESEPARATOR removed, exactly as Core's
 * CTransactionSignatureSerializer::SerializeScriptCode. Quirk kept for consensus: if the script
 * ends in a truncated push, the length prefix still counts the whole script but the bytes stop
 * where parsing stopped.
 */
function writeScriptCode(w: ByteWriter, script: Uint8Array): void {
  let separators = 0;
  let pos = 0;
  let stop = script.length;
  // First pass, as Core: count the separators among the elements that parse.
  while (pos < script.length) {
    const end = opEnd(script, pos);
    if (end < 0) {
      stop = truncatedOpStop(script, pos);
      break;
    }
    if (script[pos] === OP.OP_CODESEPARATOR) separators++;
    pos = end;
  }
  w.compactSize(script.length - separators);
  if (separators === 0) {
    w.bytes(script.subarray(0, stop));
    return;
  }
  let segmentStart = 0;
  pos = 0;
  while (pos < stop) {
    const end = opEnd(script, pos);
    if (end < 0) break;
    if (script[pos] === OP.OP_CODESEPARATOR) {
      w.bytes(script.subarray(segmentStart, pos));
      segmentStart = end;
    }
    pos = end;
  }
  if (segmentStart !== script.length) w.bytes(script.subarray(segmentStart, stop));
}

/**
 * The uint256 value 1 in internal byte order, what Core signs for SIGHASH_SINGLE without a
 * matching output. A fresh array each time, so no caller can alter another's result.
 */
function uint256One(): Uint8Array {
  const one = new Uint8Array(32);
  one[0] = 1;
  return one;
}

/**
 * Computes the legacy (pre-segwit, SigVersion::BASE) signature hash of input `inputIndex`,
 * mirroring Core's SignatureHash and CTransactionSignatureSerializer: OP_CODESEPARATORs are
 * removed from `scriptCode`, other inputs' scripts are blanked, NONE and SINGLE zero the other
 * inputs' sequences, NONE drops all outputs, SINGLE keeps outputs up to `inputIndex` with the
 * earlier ones blanked (value -1, empty script), ANYONECANPAY keeps only the signed input.
 *
 * `hashType` is used as-is (Core's signed int32; the whole 32-bit value is hashed, only its
 * low bits select the mode). The result is the double SHA-256 in internal byte order.
 *
 * Two historical quirks are consensus: SIGHASH_SINGLE with no output at `inputIndex` returns
 * the value 1 as uint256 (0x01 then 31 zero bytes) instead of failing, and so does an
 * `inputIndex` past the inputs (what Core returned before it made that case an assertion).
 * The caller removes the signature from scriptCode (FindAndDelete) before calling this.
 *
 * With `data` (the transaction's precomputed data), SIGHASH_ALL preimages are assembled from
 * serialized pieces shared by all inputs: same bytes, without re-serializing the transaction
 * for every signature.
 */
export function legacySighash(
  tx: Transaction,
  inputIndex: number,
  scriptCode: Uint8Array,
  hashType: number,
  data?: PrecomputedTxData,
): Uint8Array {
  if (!Number.isInteger(inputIndex) || inputIndex < 0 || inputIndex >= tx.inputs.length) {
    return uint256One();
  }
  const baseType = hashType & 0x1f;
  const hashSingle = baseType === SIGHASH_SINGLE;
  const hashNone = baseType === SIGHASH_NONE;
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  if (hashSingle && inputIndex >= tx.outputs.length) return uint256One();

  if (data !== undefined && !hashSingle && !hashNone && !anyoneCanPay) {
    return legacySighashAll(tx, inputIndex, scriptCode, hashType, data);
  }
  const inputCount = anyoneCanPay ? 1 : tx.inputs.length;
  const outputCount = hashNone ? 0 : hashSingle ? inputIndex + 1 : tx.outputs.length;

  // Size the buffer up front so a large transaction is written without regrowth.
  let size = 4 + 9 + inputCount * 41 + 9 + scriptCode.length + 9 + 4 + 4;
  for (let i = 0; i < outputCount; i++) {
    const spk = tx.outputs[i]!.scriptPubKey;
    size += 8 + compactSizeLength(spk.length) + spk.length;
  }
  const w = new ByteWriter(size);

  w.u32le(tx.version);
  w.compactSize(inputCount);
  for (let n = 0; n < inputCount; n++) {
    const index = anyoneCanPay ? inputIndex : n;
    const input = tx.inputs[index]!;
    w.bytes(input.prevout.txid).u32le(input.prevout.vout);
    if (index === inputIndex) {
      writeScriptCode(w, scriptCode);
      w.u32le(input.sequence);
    } else {
      // Other inputs' scripts are blanked; with NONE/SINGLE their sequences are not signed
      // either ("let the others update at will").
      w.u8(0);
      w.u32le(hashSingle || hashNone ? 0 : input.sequence);
    }
  }
  w.compactSize(outputCount);
  for (let n = 0; n < outputCount; n++) {
    if (hashSingle && n !== inputIndex) {
      // A null CTxOut: value -1, empty script, so earlier payees are not locked in.
      w.i64le(-1n).u8(0);
    } else {
      const out = tx.outputs[n]!;
      w.i64le(out.value).varBytes(out.scriptPubKey);
    }
  }
  w.u32le(tx.locktime);
  w.i32le(hashType);
  return sha256d(w.finish());
}

/** SIGHASH_ALL (any hash type whose low bits are not NONE/SINGLE, without ANYONECANPAY). */
function legacySighashAll(
  tx: Transaction,
  inputIndex: number,
  scriptCode: Uint8Array,
  hashType: number,
  data: PrecomputedTxData,
): Uint8Array {
  const { blankInputs, outputs } = data.legacyAllParts;
  const before = inputIndex * BLANK_INPUT_SIZE;
  const after = before + BLANK_INPUT_SIZE;
  return hashSerialized((w) => {
    w.u32le(tx.version).compactSize(tx.inputs.length);
    w.bytes(blankInputs.subarray(0, before));
    w.bytes(blankInputs.subarray(before, before + 36));
    writeScriptCode(w, scriptCode);
    w.bytes(blankInputs.subarray(before + 37, after));
    w.bytes(blankInputs.subarray(after));
    w.bytes(outputs);
    w.u32le(tx.locktime).i32le(hashType);
  }, sha256d);
}
