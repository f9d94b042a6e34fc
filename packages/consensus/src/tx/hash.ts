import { sha256d } from "../hash.js";
import { encodeTx } from "./codec.js";
import type { Transaction } from "./transaction.js";

/** The txid: SHA256d of the serialization without witness data (internal byte order). */
export function txid(tx: Transaction): Uint8Array {
  return sha256d(encodeTx(tx, false));
}

/** The BIP141 wtxid: SHA256d of the serialization with witness data. */
export function wtxid(tx: Transaction): Uint8Array {
  return sha256d(encodeTx(tx, true));
}
