// Every key the node writes to its key-value stores, in one place (docs/node-storage.md).
import { ByteReader, ByteWriter, readCoreVarInt, writeCoreVarInt } from "@hashforge/consensus";

// --- The chainstate store (chainstate/) ------------------------------------------------------

/** Prefix of an unspent coin: 'C' + txid (internal order) + VARINT(vout), as Core's chainstate. */
export const COIN_PREFIX = 0x43;
/** Key of the hash of the block the UTXO set corresponds to ('B'). */
export const BEST_BLOCK_KEY = Uint8Array.of(0x42);
/** Prefix of a block index record: 'b' + block hash (internal order). */
export const BLOCK_INDEX_PREFIX = 0x62;
/** Key of the block files' committed append points ('F'). */
export const FILE_CURSOR_KEY = Uint8Array.of(0x46);

/** The store key of the coin at `txid:vout`. */
export function coinKey(txid: Uint8Array, vout: number): Uint8Array {
  const w = new ByteWriter(38);
  w.u8(COIN_PREFIX).bytes(txid);
  writeCoreVarInt(w, BigInt(vout));
  return w.finish();
}

/** The txid (internal order) and output index of a coin key. */
export function decodeCoinKey(key: Uint8Array): { txid: Uint8Array; vout: number } {
  const r = new ByteReader(key);
  r.u8();
  const txid = r.take(32);
  return { txid, vout: Number(readCoreVarInt(r)) };
}

/** The store key of a block index record. */
export function blockIndexKey(hash: Uint8Array): Uint8Array {
  return prefixed(BLOCK_INDEX_PREFIX, hash);
}

// --- Index stores (indexes/<name>/) ----------------------------------------------------------

/** Key of an index's own tip: the last block it holds, hash (32) + height (u32 LE) ('B'). */
export const INDEX_TIP_KEY = Uint8Array.of(0x42);
/** Prefix of a transaction index record: 't' + txid (internal order), as Core's txindex. */
export const TX_INDEX_PREFIX = 0x74;

/** The txindex key of `txid`. */
export function txIndexKey(txid: Uint8Array): Uint8Array {
  return prefixed(TX_INDEX_PREFIX, txid);
}

function prefixed(prefix: number, hash: Uint8Array): Uint8Array {
  const key = new Uint8Array(1 + hash.length);
  key[0] = prefix;
  key.set(hash, 1);
  return key;
}
