// A read-only KeyValueStore over a live chainstate, so a scratch Chainstate can disconnect and
// reconnect blocks in memory on top of the current UTXO set (verifychain levels 3 and 4, as
// Core's CVerifyDB does on a CCoinsViewCache over the tip's cache). Nothing reaches the store.
import { ByteReader, ByteWriter, readCoreVarInt, writeCompressedCoin } from "@hashforge/consensus";
import { BEST_BLOCK_KEY, COIN_PREFIX } from "../store/db-keys.js";
import type { KeyValueStore, StoreEntry, WriteBatch } from "../store/key-value-store.js";
import { StoreError } from "../store/store-error.js";
import type { Chainstate } from "./chainstate.js";

/** Answers coin and best-block reads from `live` (its unflushed changes included). */
export class ChainstateViewStore implements KeyValueStore {
  constructor(private readonly live: Chainstate) {}

  get(key: Uint8Array): Uint8Array | undefined {
    if (key.length === 1 && key[0] === BEST_BLOCK_KEY[0]) return this.live.bestBlock ?? undefined;
    if (key[0] !== COIN_PREFIX || key.length < 34) return undefined;
    const r = new ByteReader(key.subarray(33));
    const vout = Number(readCoreVarInt(r));
    const coin = this.live.coins.get(key.subarray(1, 33), vout);
    if (coin === undefined) return undefined;
    const w = new ByteWriter(64);
    writeCompressedCoin(w, coin);
    return w.finish().slice();
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return keys.map((k) => this.get(k));
  }

  has(key: Uint8Array): boolean {
    return this.get(key) !== undefined;
  }

  write(_batch: WriteBatch): Promise<void> {
    return Promise.reject(new StoreError("invalid", "the chainstate view is read-only"));
  }

  iterate(): AsyncIterable<StoreEntry> {
    throw new StoreError("invalid", "a chainstate view answers point reads only");
  }

  async close(): Promise<void> {}
}
