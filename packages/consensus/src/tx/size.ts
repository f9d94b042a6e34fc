import { compactSizeLength } from "../bytes/writer.js";
import { hasWitness, type Transaction } from "./transaction.js";

/** BIP141 scale factor between base size and weight. */
export const WITNESS_SCALE_FACTOR = 4;

/** Size in bytes of the serialization without witness (Core's "stripped size"). */
export function baseSize(tx: Transaction): number {
  let n = 4 + compactSizeLength(tx.inputs.length) + compactSizeLength(tx.outputs.length) + 4;
  for (const i of tx.inputs)
    n += 32 + 4 + compactSizeLength(i.scriptSig.length) + i.scriptSig.length + 4;
  for (const o of tx.outputs)
    n += 8 + compactSizeLength(o.scriptPubKey.length) + o.scriptPubKey.length;
  return n;
}

/** Size in bytes of the full serialization, witness included. */
export function totalSize(tx: Transaction): number {
  let n = baseSize(tx);
  if (!hasWitness(tx)) return n;
  n += 2;
  for (const i of tx.inputs) {
    n += compactSizeLength(i.witness.length);
    for (const item of i.witness) n += compactSizeLength(item.length) + item.length;
  }
  return n;
}

/** BIP141 weight: base size x 3 + total size. */
export function txWeight(tx: Transaction): number {
  return baseSize(tx) * (WITNESS_SCALE_FACTOR - 1) + totalSize(tx);
}

/** Virtual size: weight / 4 rounded up. */
export function txVsize(tx: Transaction): number {
  return Math.ceil(txWeight(tx) / WITNESS_SCALE_FACTOR);
}
