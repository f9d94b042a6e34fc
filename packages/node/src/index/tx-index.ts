import { join } from "node:path";
import { ByteReader, ByteWriter, compactSizeLength, totalSize, txid } from "@hashforge/consensus";
import { INDEX_TIP_KEY, txIndexKey } from "../store/db-keys.js";
import type { KeyValueStore } from "../store/key-value-store.js";
import { LevelStore } from "../store/level-store.js";
import { type IndexedBlock, type Indexer, IndexerError, type IndexTip } from "./indexer.js";

/** Where a confirmed transaction is: its block and its bytes' place in the block's serialization. */
export interface TxLocation {
  /** Block hash, internal byte order. */
  readonly blockHash: Uint8Array;
  /** Byte offset of the transaction in the serialized block. */
  readonly offset: number;
  /** Length of the transaction's serialization (with witness). */
  readonly length: number;
}

/** Keys deleted per batch when the index is wiped. */
const WIPE_CHUNK = 10_000;

/**
 * The transaction index (Core's -txindex): txid -> the block holding it and where its bytes are,
 * so getrawtransaction finds any confirmed transaction. Its store is `indexes/txindex` under the
 * network's data directory (docs/node-storage.md). Changes wait in memory until the runner
 * commits them with the new tip in one batch.
 */
export class TxIndex implements Indexer {
  readonly name = "txindex";
  private store: KeyValueStore | null = null;
  /** Uncommitted changes by key (latin1 string of the key bytes); null deletes. */
  private readonly pending = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();

  constructor(private readonly dataDir: string) {}

  async open(): Promise<IndexTip | null> {
    this.store = await LevelStore.open({ path: join(this.dataDir, "indexes", "txindex") });
    const raw = this.store.get(INDEX_TIP_KEY);
    if (raw === undefined) return null;
    const r = new ByteReader(raw);
    return { hash: r.take(32), height: r.u32le() };
  }

  async wipe(): Promise<void> {
    const store = this.opened();
    this.pending.clear();
    for (;;) {
      const del: Uint8Array[] = [];
      for await (const { key } of store.iterate({ limit: WIPE_CHUNK })) del.push(key);
      if (del.length === 0) return;
      await store.write({ put: [], del });
    }
  }

  connect(block: IndexedBlock): void {
    // The 80-byte header and the transaction count come first.
    let offset = 80 + compactSizeLength(block.block.txs.length);
    for (const tx of block.block.txs) {
      const length = totalSize(tx);
      const value = new ByteWriter(40).bytes(block.hash).u32le(offset).u32le(length).finish();
      this.set(txIndexKey(txid(tx)), value);
      offset += length;
    }
  }

  disconnect(block: IndexedBlock): void {
    for (const tx of block.block.txs) this.set(txIndexKey(txid(tx)), null);
  }

  async commit(tip: IndexTip): Promise<void> {
    const put: [Uint8Array, Uint8Array][] = [];
    const del: Uint8Array[] = [];
    for (const { key, value } of this.pending.values()) {
      if (value === null) del.push(key);
      else put.push([key, value]);
    }
    put.push([INDEX_TIP_KEY, new ByteWriter(36).bytes(tip.hash).u32le(tip.height).finish()]);
    await this.opened().write({ put, del });
    this.pending.clear();
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }

  /** Where `txid` (internal order) was confirmed, or null when the index does not hold it. */
  find(txidBytes: Uint8Array): TxLocation | null {
    const key = txIndexKey(txidBytes);
    const pending = this.pending.get(keyString(key));
    const raw = pending === undefined ? this.opened().get(key) : pending.value;
    if (raw === undefined || raw === null) return null;
    const r = new ByteReader(raw);
    return { blockHash: r.take(32), offset: r.u32le(), length: r.u32le() };
  }

  private set(key: Uint8Array, value: Uint8Array | null): void {
    this.pending.set(keyString(key), { key, value });
  }

  private opened(): KeyValueStore {
    if (this.store === null) throw new IndexerError(`${this.name} is not open`);
    return this.store;
  }
}

function keyString(key: Uint8Array): string {
  return String.fromCharCode(...key);
}
