import { hashSerialized } from "../bytes/hash-serialized.js";
import { sha256d } from "../hash.js";
import { writeTx } from "./codec.js";
import type { Transaction } from "./transaction.js";

// Transactions are immutable values, so a txid computed once holds for the object's lifetime.
// Validation asks for the same txids several times (merkle root, UTXO keys, undo data); the
// weak maps remember them without keeping any transaction alive.
const txidCache = new WeakMap<Transaction, Uint8Array>();
const wtxidCache = new WeakMap<Transaction, Uint8Array>();

/**
 * The txid: SHA256d of the serialization without witness data (internal byte order). The
 * returned array is shared between callers: copy it before modifying it.
 */
export function txid(tx: Transaction): Uint8Array {
  let id = txidCache.get(tx);
  if (id === undefined) {
    id = hashSerialized((w) => writeTx(w, tx, false), sha256d);
    txidCache.set(tx, id);
  }
  return id;
}

/** The BIP141 wtxid: SHA256d of the serialization with witness data (shared, like txid). */
export function wtxid(tx: Transaction): Uint8Array {
  let id = wtxidCache.get(tx);
  if (id === undefined) {
    id = hashSerialized((w) => writeTx(w, tx, true), sha256d);
    wtxidCache.set(tx, id);
  }
  return id;
}
