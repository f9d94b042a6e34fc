// Transactions whose parents are not known yet (Core's TxOrphanage).
import { outpointKey, type Transaction, txid, txWeight, wtxid } from "@hashforge/consensus";
import { MAX_STANDARD_TX_WEIGHT } from "../policy/policy-constants.js";
import { entryKey } from "./mempool-entry.js";

/** Core's -maxorphantx default. */
export const DEFAULT_MAX_ORPHAN_TRANSACTIONS = 100;
/** Core's ORPHAN_TX_EXPIRE_TIME: orphans are dropped after 20 minutes. */
export const ORPHAN_TX_EXPIRE_SECONDS = 20 * 60;

/** Settings of an {@link OrphanPool}. */
export interface OrphanPoolOptions {
  /** Most orphans kept (default 100). */
  readonly maxCount?: number;
  /** Most total weight kept (default 100 standard-size transactions' worth). */
  readonly maxWeight?: number;
  /** Seconds an orphan is kept (default 1200). */
  readonly expirySeconds?: number;
  /** Current Unix time in seconds. */
  readonly now: () => number;
  /** Uniform random number in [0, 1), to pick eviction victims. */
  readonly random: () => number;
}

/** One stored orphan. */
export interface Orphan {
  readonly tx: Transaction;
  readonly txid: Uint8Array;
  readonly wtxid: Uint8Array;
  readonly weight: number;
  /** Peer that sent it, if any. */
  readonly peer: number | undefined;
  /** Unix time (seconds) after which it is dropped. */
  readonly expires: number;
}

/**
 * A bounded pool of orphan transactions, as Core's TxOrphanage: keyed by wtxid, indexed by the
 * outpoints they spend so that the arrival of a parent finds its waiting children, bounded by
 * count and total weight with random eviction (an attacker cannot predict which orphan goes),
 * and expiring after 20 minutes. Orphans over the standard weight are refused outright.
 */
export class OrphanPool {
  private readonly orphans = new Map<string, Orphan>();
  private readonly byPrevout = new Map<string, Set<string>>();
  private readonly maxCount: number;
  private readonly maxWeight: number;
  private readonly expirySeconds: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private totalWeight = 0;

  constructor(options: OrphanPoolOptions) {
    this.maxCount = options.maxCount ?? DEFAULT_MAX_ORPHAN_TRANSACTIONS;
    this.maxWeight = options.maxWeight ?? DEFAULT_MAX_ORPHAN_TRANSACTIONS * MAX_STANDARD_TX_WEIGHT;
    this.expirySeconds = options.expirySeconds ?? ORPHAN_TX_EXPIRE_SECONDS;
    this.now = options.now;
    this.random = options.random;
  }

  /** Number of orphans held. */
  get size(): number {
    return this.orphans.size;
  }

  /** Total weight of the orphans held. */
  get weight(): number {
    return this.totalWeight;
  }

  /** True when an orphan with this wtxid is held. */
  has(wtxidBytes: Uint8Array): boolean {
    return this.orphans.has(entryKey(wtxidBytes));
  }

  /**
   * Stores an orphan; false when it is already held or too heavy. Expired orphans are dropped
   * first and random ones after, until the pool is within its limits again.
   */
  add(tx: Transaction, peer?: number): boolean {
    const w = wtxid(tx);
    const key = entryKey(w);
    if (this.orphans.has(key)) return false;
    const weight = txWeight(tx);
    // A huge orphan would let a peer pin memory with something that can never be relayed.
    if (weight > MAX_STANDARD_TX_WEIGHT) return false;
    const orphan: Orphan = {
      tx,
      txid: txid(tx),
      wtxid: w,
      weight,
      peer,
      expires: this.now() + this.expirySeconds,
    };
    this.orphans.set(key, orphan);
    this.totalWeight += weight;
    for (const input of tx.inputs) {
      const prevout = outpointKey(input.prevout.txid, input.prevout.vout);
      let set = this.byPrevout.get(prevout);
      if (!set) {
        set = new Set();
        this.byPrevout.set(prevout, set);
      }
      set.add(key);
    }
    this.limit();
    return this.orphans.has(key);
  }

  /** The orphans spending any output of the transaction `parentTxid` with `outputs` outputs. */
  childrenOf(parentTxid: Uint8Array, outputs: number): Orphan[] {
    const found = new Map<string, Orphan>();
    for (let vout = 0; vout < outputs; vout++) {
      const set = this.byPrevout.get(outpointKey(parentTxid, vout));
      if (!set) continue;
      for (const key of set) {
        const orphan = this.orphans.get(key);
        if (orphan) found.set(key, orphan);
      }
    }
    return [...found.values()];
  }

  /** Removes the orphan with this wtxid; true when it was held. */
  remove(wtxidBytes: Uint8Array): boolean {
    return this.removeKey(entryKey(wtxidBytes));
  }

  /**
   * Removes orphans a block made unnecessary or invalid: those it confirmed and those spending
   * an outpoint it spent. Returns how many were removed.
   */
  removeForBlock(txs: readonly Transaction[]): number {
    let removed = 0;
    for (const tx of txs) {
      if (this.remove(wtxid(tx))) removed++;
      for (const input of tx.inputs) {
        const set = this.byPrevout.get(outpointKey(input.prevout.txid, input.prevout.vout));
        if (!set) continue;
        for (const key of [...set]) if (this.removeKey(key)) removed++;
      }
    }
    return removed;
  }

  /** Removes every orphan a peer sent (it disconnected). Returns how many. */
  removeForPeer(peer: number): number {
    let removed = 0;
    for (const [key, orphan] of [...this.orphans]) {
      if (orphan.peer === peer && this.removeKey(key)) removed++;
    }
    return removed;
  }

  /** Drops expired orphans; returns how many. */
  expire(): number {
    const now = this.now();
    let removed = 0;
    for (const [key, orphan] of [...this.orphans]) {
      if (orphan.expires <= now && this.removeKey(key)) removed++;
    }
    return removed;
  }

  private limit(): void {
    this.expire();
    while (this.orphans.size > this.maxCount || this.totalWeight > this.maxWeight) {
      const keys = [...this.orphans.keys()];
      const victim = keys[Math.min(keys.length - 1, Math.floor(this.random() * keys.length))]!;
      this.removeKey(victim);
    }
  }

  private removeKey(key: string): boolean {
    const orphan = this.orphans.get(key);
    if (!orphan) return false;
    this.orphans.delete(key);
    this.totalWeight -= orphan.weight;
    for (const input of orphan.tx.inputs) {
      const prevout = outpointKey(input.prevout.txid, input.prevout.vout);
      const set = this.byPrevout.get(prevout);
      if (!set) continue;
      set.delete(key);
      if (set.size === 0) this.byPrevout.delete(prevout);
    }
    return true;
  }
}
