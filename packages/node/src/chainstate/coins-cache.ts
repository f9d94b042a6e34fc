import {
  ByteReader,
  ByteWriter,
  type Coin,
  outpointKey,
  readCompressedCoin,
  writeCompressedCoin,
} from "@hashforge/consensus";
import { coinKey } from "../store/db-keys.js";
import type { KeyValueStore, WriteBatch } from "../store/key-value-store.js";

interface CacheEntry {
  readonly txid: Uint8Array;
  readonly vout: number;
  /** The coin, or null once spent. */
  coin: Coin | null;
  /** Differs from what the store holds. */
  dirty: boolean;
  /** Not in the store: if spent before a flush it simply disappears (Core's FRESH). */
  fresh: boolean;
}

/** Rough bytes one cached coin costs in memory (map entry, objects, script). */
const ENTRY_OVERHEAD = 160;

/**
 * The UTXO set as the chainstate sees it: a write-back cache over the key-value store (Core's
 * CCoinsViewCache over CCoinsViewDB). Reads fall through to the store synchronously; changes
 * stay in memory until {@link CoinsCache.takeFlushBatch}, whose batch the chainstate writes
 * atomically together with the best-block marker.
 */
export class CoinsCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** The dirty entries (Core's dirty list): a flush costs what changed, not the cache size. */
  private readonly dirtyEntries = new Map<string, CacheEntry>();
  private usage = 0;

  constructor(private readonly store: KeyValueStore) {}

  /** Approximate memory held by cached coins, in bytes (compared with -dbcache). */
  get memoryUsage(): number {
    return this.usage;
  }

  /** Number of cached entries (spent ones included until flushed). */
  get size(): number {
    return this.entries.size;
  }

  /** The unspent coin at `txid:vout`, or undefined. */
  get(txid: Uint8Array, vout: number): Coin | undefined {
    const key = outpointKey(txid, vout);
    const cached = this.entries.get(key);
    if (cached) return cached.coin ?? undefined;
    const raw = this.store.get(coinKey(txid, vout));
    if (raw === undefined) return undefined;
    const coin = readCompressedCoin(new ByteReader(raw));
    this.remember(key, { txid, vout, coin, dirty: false, fresh: false });
    return coin;
  }

  /**
   * Adds a newly created coin. With `possibleOverwrite` (coinbase outputs, as Core's AddCoins:
   * the two historical duplicate coinbases overwrite earlier ones) the coin may already be in
   * the store, so it is never marked fresh; otherwise BIP30 guarantees it is not.
   */
  add(txid: Uint8Array, vout: number, coin: Coin, possibleOverwrite: boolean): void {
    const key = outpointKey(txid, vout);
    const cached = this.entries.get(key);
    if (cached) {
      this.usage += scriptCost(coin) - (cached.coin ? scriptCost(cached.coin) : 0);
      // A spent entry still dirty must keep flushing its deletion: it cannot become fresh.
      cached.coin = coin;
      cached.dirty = true;
      this.dirtyEntries.set(key, cached);
      return;
    }
    this.remember(key, { txid, vout, coin, dirty: true, fresh: !possibleOverwrite });
  }

  /** Spends the coin at `txid:vout`, returning it (undefined when there is none). */
  spend(txid: Uint8Array, vout: number): Coin | undefined {
    const coin = this.get(txid, vout);
    if (coin === undefined) return undefined;
    const key = outpointKey(txid, vout);
    const entry = this.entries.get(key)!;
    if (entry.fresh) {
      this.entries.delete(key);
      this.dirtyEntries.delete(key);
      this.usage -= ENTRY_OVERHEAD + scriptCost(coin);
    } else {
      entry.coin = null;
      entry.dirty = true;
      this.dirtyEntries.set(key, entry);
      this.usage -= scriptCost(coin);
    }
    return coin;
  }

  /** The batch that brings the store up to date with the cache (coins only). */
  takeFlushBatch(): WriteBatch {
    const put: [Uint8Array, Uint8Array][] = [];
    const del: Uint8Array[] = [];
    for (const entry of this.dirtyEntries.values()) {
      const key = coinKey(entry.txid, entry.vout);
      if (entry.coin === null) {
        del.push(key);
      } else {
        const w = new ByteWriter(48);
        writeCompressedCoin(w, entry.coin);
        put.push([key, w.finish()]);
      }
    }
    return { put, del };
  }

  /**
   * Called after the flush batch was written: spent entries are dropped, the rest become clean.
   * With `evict`, every entry is dropped so memory returns to zero.
   */
  flushed(evict: boolean): void {
    if (evict) {
      this.discard();
      return;
    }
    for (const [key, entry] of this.dirtyEntries) {
      if (entry.coin === null) {
        this.entries.delete(key);
        this.usage -= ENTRY_OVERHEAD;
      } else {
        entry.dirty = false;
        entry.fresh = false;
      }
    }
    this.dirtyEntries.clear();
  }

  /** Forgets unflushed changes (used when a block fails half-way through being applied). */
  discard(): void {
    this.entries.clear();
    this.dirtyEntries.clear();
    this.usage = 0;
  }

  private remember(key: string, entry: CacheEntry): void {
    this.entries.set(key, entry);
    if (entry.dirty) this.dirtyEntries.set(key, entry);
    this.usage += ENTRY_OVERHEAD + (entry.coin ? scriptCost(entry.coin) : 0);
  }
}

function scriptCost(coin: Coin): number {
  return coin.output.scriptPubKey.length;
}
