import { ByteReader, type Coin, readCompressedCoin } from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import { decodeCoinKey } from "../store/db-keys.js";
import type { StoreEntry } from "../store/key-value-store.js";

/** One unspent output of the UTXO set. */
export interface UtxoRecord {
  /** Txid of the creating transaction, internal byte order. */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly coin: Coin;
}

/** The UTXO set as of one tip, in the coins database's order (txid bytes, then output index). */
export interface UtxoSnapshot {
  readonly tip: BlockIndexEntry;
  readonly coins: AsyncIterable<UtxoRecord>;
}

/** Decodes the store's coin records ('C' + txid + VARINT(vout) -> compressed coin). */
export async function* utxoRecords(entries: AsyncIterable<StoreEntry>): AsyncIterable<UtxoRecord> {
  for await (const { key, value } of entries) {
    const { txid, vout } = decodeCoinKey(key);
    yield { txid, vout, coin: readCompressedCoin(new ByteReader(value)) };
  }
}
