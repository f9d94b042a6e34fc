/**
 * A reference to a transaction output: the txid (internal byte order, as hashed) and the output
 * index.
 */
export interface OutPoint {
  readonly txid: Uint8Array;
  readonly vout: number;
}

/** A transaction input with its (possibly empty) BIP141 witness stack. */
export interface TxIn {
  readonly prevout: OutPoint;
  readonly scriptSig: Uint8Array;
  readonly sequence: number;
  readonly witness: readonly Uint8Array[];
}

/** A transaction output. `value` is in satoshis and may be out of range in invalid data. */
export interface TxOut {
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

/**
 * A Bitcoin transaction. `version` is read as an unsigned 32-bit integer (as Core does since
 * v28); `locktime` is unsigned 32-bit.
 */
export interface Transaction {
  readonly version: number;
  readonly inputs: readonly TxIn[];
  readonly outputs: readonly TxOut[];
  readonly locktime: number;
}

/** The all-zero txid with index 0xffffffff that marks a coinbase input. */
export const NULL_VOUT = 0xffffffff;

/** True when the outpoint is the null outpoint (all-zero txid, index 0xffffffff). */
export function isNullOutPoint(p: OutPoint): boolean {
  if (p.vout !== NULL_VOUT) return false;
  for (let i = 0; i < 32; i++) if (p.txid[i] !== 0) return false;
  return true;
}

/** True for a coinbase transaction: exactly one input, spending the null outpoint. */
export function isCoinbase(tx: Transaction): boolean {
  return tx.inputs.length === 1 && isNullOutPoint(tx.inputs[0]!.prevout);
}

/** True when any input carries a non-empty witness stack. */
export function hasWitness(tx: Transaction): boolean {
  for (const input of tx.inputs) if (input.witness.length > 0) return true;
  return false;
}
