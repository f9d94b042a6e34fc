// The in-mempool transaction graph and its package figures (Core's CTxMemPool bookkeeping).
import { outpointKey } from "@hashforge/consensus";
import { BinaryHeap } from "../mining/binary-heap.js";
import { compareDescendantScore, type DescendantScoreFields } from "./entry-scores.js";
import { entryKey, type MutableEntry } from "./mempool-entry.js";

/** An entry's descendant score when it was queued for eviction (stale once its version moves). */
interface QueuedScore extends DescendantScoreFields {
  readonly entry: MutableEntry;
  readonly version: number;
}

function snapshot(entry: MutableEntry): QueuedScore {
  return {
    entry,
    version: entry.scoreVersion,
    modifiedFee: entry.modifiedFee,
    vsize: entry.vsize,
    descendantFees: entry.descendantFees,
    descendantSize: entry.descendantSize,
    time: entry.time,
  };
}

const evictionOrder = (a: QueuedScore, b: QueuedScore) => compareDescendantScore(a, b) < 0;

/**
 * Holds mempool entries indexed by txid, wtxid and spent outpoint, links parents and children,
 * and keeps every entry's ancestor and descendant figures current as entries come and go (Core's
 * UpdateAncestorsOf / UpdateForRemoveFromMempool). It applies no policy.
 */
export class MempoolGraph {
  private readonly byTxid = new Map<string, MutableEntry>();
  private readonly byWtxid = new Map<string, MutableEntry>();
  private readonly spenders = new Map<string, MutableEntry>();
  private totalUsage = 0;
  private totalVsize = 0;
  private totalFee = 0n;
  /**
   * Core's descendant_score index, kept lazily: every change to an entry's score queues a new
   * snapshot and outdated ones are skipped when they surface, so finding the entry to evict
   * costs a logarithm, not a scan of the mempool.
   */
  private evictionQueue = new BinaryHeap<QueuedScore>(evictionOrder);

  /** Number of entries. */
  get size(): number {
    return this.byTxid.size;
  }

  /** Sum of the entries' estimated memory usage. */
  get usage(): number {
    return this.totalUsage;
  }

  /** Sum of the entries' virtual sizes. */
  get vsize(): number {
    return this.totalVsize;
  }

  /** Sum of the entries' base fees. */
  get fees(): bigint {
    return this.totalFee;
  }

  /** The entry with this txid (internal byte order). */
  getByTxid(txid: Uint8Array): MutableEntry | undefined {
    return this.byTxid.get(entryKey(txid));
  }

  /** The entry with this wtxid. */
  getByWtxid(wtxid: Uint8Array): MutableEntry | undefined {
    return this.byWtxid.get(entryKey(wtxid));
  }

  /** The entry spending (txid, vout), if any (Core's mapNextTx). */
  spenderOf(txid: Uint8Array, vout: number): MutableEntry | undefined {
    return this.spenders.get(outpointKey(txid, vout));
  }

  /** Every entry, in insertion order. */
  all(): IterableIterator<MutableEntry> {
    return this.byTxid.values();
  }

  /** The in-mempool parents a transaction spending these inputs would have. */
  parentsOf(
    inputs: readonly { readonly prevout: { readonly txid: Uint8Array } }[],
  ): Set<MutableEntry> {
    const parents = new Set<MutableEntry>();
    for (const input of inputs) {
      const parent = this.byTxid.get(entryKey(input.prevout.txid));
      if (parent) parents.add(parent);
    }
    return parents;
  }

  /** All in-mempool ancestors of `entry`, not including it. */
  ancestorsOf(entry: MutableEntry): Set<MutableEntry> {
    return closure(entry.parents, (e) => e.parents);
  }

  /** All in-mempool descendants of `entry`, not including it. */
  descendantsOf(entry: MutableEntry): Set<MutableEntry> {
    return closure(entry.children, (e) => e.children);
  }

  /**
   * Adds an entry whose inputs are confirmed or in the mempool, links it to its parents, sets its
   * ancestor figures and adds it to its ancestors' descendant figures. When mempool entries
   * already spend its outputs (a transaction re-added after a reorg), they become its children
   * and the figures of the whole affected package are recomputed.
   */
  add(entry: MutableEntry): void {
    for (const parent of this.parentsOf(entry.tx.inputs)) {
      entry.parents.add(parent);
      parent.children.add(entry);
    }
    this.byTxid.set(entry.key, entry);
    this.byWtxid.set(entry.wkey, entry);
    for (const input of entry.tx.inputs) {
      this.spenders.set(outpointKey(input.prevout.txid, input.prevout.vout), entry);
    }
    this.totalUsage += entry.usage;
    this.totalVsize += entry.vsize;
    this.totalFee += entry.fee;

    for (let vout = 0; vout < entry.tx.outputs.length; vout++) {
      const child = this.spenders.get(outpointKey(entry.txid, vout));
      if (child) {
        entry.children.add(child);
        child.parents.add(entry);
      }
    }
    const ancestors = this.ancestorsOf(entry);
    entry.ancestorCount = 1;
    entry.ancestorSize = entry.vsize;
    entry.ancestorFees = entry.modifiedFee;
    entry.ancestorSigOpCost = entry.sigOpCost;
    if (entry.children.size === 0) {
      for (const a of ancestors) {
        entry.ancestorCount++;
        entry.ancestorSize += a.vsize;
        entry.ancestorFees += a.modifiedFee;
        entry.ancestorSigOpCost += a.sigOpCost;
        a.descendantCount++;
        a.descendantSize += entry.vsize;
        a.descendantFees += entry.modifiedFee;
        this.scoreChanged(a);
      }
      this.scoreChanged(entry);
      return;
    }
    const affected = new Set<MutableEntry>([entry, ...ancestors, ...this.descendantsOf(entry)]);
    for (const e of affected) this.recompute(e);
  }

  /**
   * The entry Core's TrimToSize evicts next: the lowest descendant score (see
   * compareDescendantScore), or undefined when the mempool is empty.
   */
  lowestDescendantScore(): MutableEntry | undefined {
    for (;;) {
      const top = this.evictionQueue.peek();
      if (top === undefined) return undefined;
      const { entry, version } = top;
      if (version === entry.scoreVersion && this.byTxid.get(entry.key) === entry) return entry;
      this.evictionQueue.pop();
    }
  }

  /** Queues an entry's new score, rebuilding the queue when outdated snapshots dominate it. */
  private scoreChanged(entry: MutableEntry): void {
    entry.scoreVersion++;
    this.evictionQueue.push(snapshot(entry));
    if (this.evictionQueue.size > 2 * this.byTxid.size + 64) {
      this.evictionQueue = new BinaryHeap<QueuedScore>(evictionOrder);
      for (const e of this.byTxid.values()) this.evictionQueue.push(snapshot(e));
    }
  }

  /**
   * Removes a set of entries. Survivors' figures lose the removed relatives: ancestors lose them
   * as descendants and descendants (a block confirmed the parent) lose them as ancestors.
   */
  remove(entries: ReadonlySet<MutableEntry>): void {
    for (const r of entries) {
      for (const a of this.ancestorsOf(r)) {
        if (entries.has(a)) continue;
        a.descendantCount--;
        a.descendantSize -= r.vsize;
        a.descendantFees -= r.modifiedFee;
        this.scoreChanged(a);
      }
      for (const d of this.descendantsOf(r)) {
        if (entries.has(d)) continue;
        d.ancestorCount--;
        d.ancestorSize -= r.vsize;
        d.ancestorFees -= r.modifiedFee;
        d.ancestorSigOpCost -= r.sigOpCost;
      }
    }
    for (const r of entries) {
      for (const p of r.parents) p.children.delete(r);
      for (const c of r.children) c.parents.delete(r);
      r.parents.clear();
      r.children.clear();
      this.byTxid.delete(r.key);
      this.byWtxid.delete(r.wkey);
      for (const input of r.tx.inputs) {
        const key = outpointKey(input.prevout.txid, input.prevout.vout);
        if (this.spenders.get(key) === r) this.spenders.delete(key);
      }
      this.totalUsage -= r.usage;
      this.totalVsize -= r.vsize;
      this.totalFee -= r.fee;
    }
  }

  /** Adds `delta` to an entry's modified fee and to its relatives' package fees. */
  applyDelta(entry: MutableEntry, delta: bigint): void {
    entry.feeDelta += delta;
    entry.ancestorFees += delta;
    entry.descendantFees += delta;
    this.scoreChanged(entry);
    for (const a of this.ancestorsOf(entry)) {
      a.descendantFees += delta;
      this.scoreChanged(a);
    }
    for (const d of this.descendantsOf(entry)) d.ancestorFees += delta;
  }

  /** Recomputes one entry's package figures from the graph. */
  private recompute(entry: MutableEntry): void {
    entry.ancestorCount = 1;
    entry.ancestorSize = entry.vsize;
    entry.ancestorFees = entry.modifiedFee;
    entry.ancestorSigOpCost = entry.sigOpCost;
    for (const a of this.ancestorsOf(entry)) {
      entry.ancestorCount++;
      entry.ancestorSize += a.vsize;
      entry.ancestorFees += a.modifiedFee;
      entry.ancestorSigOpCost += a.sigOpCost;
    }
    entry.descendantCount = 1;
    entry.descendantSize = entry.vsize;
    entry.descendantFees = entry.modifiedFee;
    for (const d of this.descendantsOf(entry)) {
      entry.descendantCount++;
      entry.descendantSize += d.vsize;
      entry.descendantFees += d.modifiedFee;
    }
    this.scoreChanged(entry);
  }
}

function closure(
  start: ReadonlySet<MutableEntry>,
  next: (e: MutableEntry) => ReadonlySet<MutableEntry>,
): Set<MutableEntry> {
  const out = new Set<MutableEntry>();
  const stack = [...start];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (out.has(e)) continue;
    out.add(e);
    for (const n of next(e)) if (!out.has(n)) stack.push(n);
  }
  return out;
}
