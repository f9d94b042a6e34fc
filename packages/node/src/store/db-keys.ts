// The key layout of the node's key-value store (documented in docs/node-storage.md).
import { ByteWriter, writeCoreVarInt } from "@hashforge/consensus";

/** Prefix of an unspent coin: 'C' + txid (internal order) + VARINT(vout), as Core's chainstate. */
export const COIN_PREFIX = 0x43;
/** Key of the hash of the block the UTXO set corresponds to ('B'). */
export const BEST_BLOCK_KEY = Uint8Array.of(0x42);
/** Prefix of a block index record: 'b' + block hash (internal order). */
export const BLOCK_INDEX_PREFIX = 0x62;

/** The store key of the coin at `txid:vout`. */
export function coinKey(txid: Uint8Array, vout: number): Uint8Array {
  const w = new ByteWriter(38);
  w.u8(COIN_PREFIX).bytes(txid);
  writeCoreVarInt(w, BigInt(vout));
  return w.finish();
}

/** The store key of a block index record. */
export function blockIndexKey(hash: Uint8Array): Uint8Array {
  const key = new Uint8Array(33);
  key[0] = BLOCK_INDEX_PREFIX;
  key.set(hash, 1);
  return key;
}
