import { ByteReader } from "../bytes/reader.js";
import { ByteWriter } from "../bytes/writer.js";
import { DecodeError } from "../errors.js";
import { hasWitness, type Transaction, type TxIn, type TxOut } from "./transaction.js";

function readInputs(r: ByteReader, count: number): TxIn[] {
  const inputs: TxIn[] = [];
  for (let i = 0; i < count; i++) {
    const txid = r.take(32);
    const vout = r.u32le();
    const scriptSig = r.varBytes();
    const sequence = r.u32le();
    inputs.push({ prevout: { txid, vout }, scriptSig, sequence, witness: [] });
  }
  return inputs;
}

function readOutputs(r: ByteReader): TxOut[] {
  const count = r.compactSize();
  const outputs: TxOut[] = [];
  for (let i = 0; i < count; i++) {
    const value = r.i64le();
    outputs.push({ value, scriptPubKey: r.varBytes() });
  }
  return outputs;
}

/**
 * Reads one transaction from the stream, accepting both the legacy and the BIP144 (segwit)
 * encoding, with the same rules as Core's UnserializeTransaction: an unknown flag byte and a
 * witness flag with no witness data are errors.
 */
export function readTx(r: ByteReader, allowWitness = true): Transaction {
  const version = r.u32le();
  let flags = 0;
  let inputCount = r.compactSize();
  let inputs = readInputs(r, inputCount);
  let outputs: TxOut[];
  if (inputCount === 0 && allowWitness) {
    flags = r.u8();
    if (flags !== 0) {
      inputCount = r.compactSize();
      inputs = readInputs(r, inputCount);
      outputs = readOutputs(r);
    } else {
      outputs = [];
    }
  } else {
    outputs = readOutputs(r);
  }
  if ((flags & 1) !== 0 && allowWitness) {
    flags ^= 1;
    let any = false;
    inputs = inputs.map((input) => {
      const n = r.compactSize();
      const witness: Uint8Array[] = [];
      for (let j = 0; j < n; j++) witness.push(r.varBytes());
      if (n > 0) any = true;
      return { ...input, witness };
    });
    if (!any) throw new DecodeError("superfluous-witness", "Superfluous witness record");
  }
  if (flags !== 0) throw new DecodeError("unknown-tx-flags", "Unknown transaction optional data");
  const locktime = r.u32le();
  return { version, inputs, outputs, locktime };
}

/** Decodes a whole buffer as one transaction; trailing bytes are an error. */
export function decodeTx(bytes: Uint8Array, allowWitness = true): Transaction {
  const r = new ByteReader(bytes);
  const tx = readTx(r, allowWitness);
  r.expectEnd("transaction");
  return tx;
}

/**
 * Writes the transaction; with `witness` (the default) and witness data present it uses the
 * BIP144 encoding (marker 0x00, flag 0x01).
 */
export function writeTx(w: ByteWriter, tx: Transaction, witness = true): void {
  const segwit = witness && hasWitness(tx);
  w.u32le(tx.version);
  if (segwit) w.u8(0).u8(1);
  w.compactSize(tx.inputs.length);
  for (const input of tx.inputs) {
    w.bytes(input.prevout.txid)
      .u32le(input.prevout.vout)
      .varBytes(input.scriptSig)
      .u32le(input.sequence);
  }
  w.compactSize(tx.outputs.length);
  for (const output of tx.outputs) w.i64le(output.value).varBytes(output.scriptPubKey);
  if (segwit) {
    for (const input of tx.inputs) {
      w.compactSize(input.witness.length);
      for (const item of input.witness) w.varBytes(item);
    }
  }
  w.u32le(tx.locktime);
}

/** Serializes a transaction (with witness unless `witness` is false). */
export function encodeTx(tx: Transaction, witness = true): Uint8Array {
  const w = new ByteWriter(256);
  writeTx(w, tx, witness);
  return w.finish();
}
