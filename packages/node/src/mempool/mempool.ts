// The transaction memory pool (Core's CTxMemPool with MemPoolAccept and TxOrphanage).
import {
  COINBASE_MATURITY,
  calculateSequenceLocks,
  txid as computeTxid,
  isCoinbase,
  isFinalTx,
  type Transaction,
} from "@hashforge/consensus";
import { feeRateOf } from "../policy/fee-rate.js";
import { type PolicyOptions, resolvePolicyOptions } from "../policy/policy-options.js";
import { type AncestorLimits, DEFAULT_ANCESTOR_LIMITS } from "./ancestor-limits.js";
import { compareAncestorScore } from "./entry-scores.js";
import type { MempoolChain } from "./mempool-chain.js";
import { decodeMempoolDump, encodeMempoolDump } from "./mempool-dump.js";
import { entryKey, type MempoolEntry, type MutableEntry } from "./mempool-entry.js";
import type {
  MempoolEvent,
  MempoolLogger,
  MempoolRemovalReason,
  RemovedTx,
} from "./mempool-events.js";
import { MempoolGraph } from "./mempool-graph.js";
import {
  type AcceptOptions,
  DEFAULT_MAX_MEMPOOL_BYTES,
  DEFAULT_MEMPOOL_EXPIRY_HOURS,
  type MempoolOptions,
} from "./mempool-options.js";
import { type MempoolReject, mempoolReject } from "./mempool-reject.js";
import { OrphanPool } from "./orphan-pool.js";
import { packageError } from "./package-checks.js";
import { RollingMinFee } from "./rolling-min-fee.js";
import { type ValidationContext, validateForMempool } from "./validate-for-mempool.js";

/** A transaction the mempool accepted (or, with testOnly, would accept). */
export interface MempoolAccepted {
  readonly ok: true;
  readonly entry: MempoolEntry;
  /** Entries it replaced (evicted unless testOnly), direct conflicts and their descendants. */
  readonly replaced: readonly MempoolEntry[];
}

/** The outcome of {@link Mempool.accept}. */
export type MempoolAcceptResult = MempoolAccepted | MempoolReject;

/** The outcome of {@link Mempool.processTransaction}. */
export interface ProcessTxResult {
  readonly result: MempoolAcceptResult;
  /** True when it was kept as an orphan (its parents are unknown). */
  readonly orphaned: boolean;
  /** Orphans accepted because this transaction (or one of them) supplied their parents. */
  readonly resolved: readonly MempoolEntry[];
}

/** Mempool statistics, as getmempoolinfo reports them. */
export interface MempoolInfo {
  /** Number of transactions. */
  readonly size: number;
  /** Sum of virtual sizes. */
  readonly bytes: number;
  /** Estimated memory usage in bytes. */
  readonly usage: number;
  /** Sum of base fees in satoshis. */
  readonly totalFee: bigint;
  /** Usage limit in bytes. */
  readonly maxMempool: number;
  /** Fee rate (sat/kvB) a transaction needs to enter now: max(rolling minimum, min relay). */
  readonly mempoolMinFee: bigint;
  readonly minRelayTxFee: bigint;
  readonly incrementalRelayFee: bigint;
  readonly fullRbf: boolean;
  /** Number of orphans held. */
  readonly orphans: number;
}

/** The outcome of {@link Mempool.testAcceptPackage}. */
export type PackageTestResult =
  /** Malformed as a whole (Core's PCKG_POLICY): no transaction was tested. */
  | { readonly kind: "package-error"; readonly reason: string }
  /** Transaction `index` failed; those before it passed (`passed`), those after were not tested. */
  | {
      readonly kind: "tx-failed";
      readonly index: number;
      readonly reject: MempoolReject;
      readonly passed: readonly MempoolEntry[];
    }
  /** Every transaction would be accepted: their would-be entries, in order. */
  | { readonly kind: "ok"; readonly entries: readonly MempoolEntry[] };

/** The outcome of {@link Mempool.deserialize}. */
export interface MempoolLoadResult {
  readonly accepted: number;
  readonly failed: number;
  readonly expired: number;
  readonly alreadyThere: number;
}

/**
 * The pool of valid unconfirmed transactions: validates them as Core's AcceptToMemoryPool does,
 * keeps package figures for block templates (CPFP) and eviction, replaces by fee (full RBF, Core
 * 28 rules), limits its size by evicting the lowest descendant-feerate packages behind a rising
 * minimum fee, expires old entries, follows blocks and reorgs, holds orphans until their parents
 * arrive, and saves and reloads itself. Time, randomness and the chain are injected.
 */
export class Mempool {
  private readonly graph = new MempoolGraph();
  private readonly chain: MempoolChain;
  private readonly ctx: ValidationContext;
  private readonly policy: PolicyOptions;
  private readonly nowMs: () => number;
  private readonly onEvent: ((event: MempoolEvent) => void) | undefined;
  private readonly logger: MempoolLogger | undefined;
  private readonly maxBytes: number;
  private readonly expirySeconds: number;
  private readonly fullRbf: boolean;
  private readonly rolling: RollingMinFee;
  private readonly deltas = new Map<string, { readonly txid: Uint8Array; delta: bigint }>();
  /** Change counter: bumped by every addition and removal (Core's mempool sequence). */
  private changes = 0n;
  /** No entry's time is below this (a lower bound: removals do not raise it). */
  private oldestTimeBound = Number.POSITIVE_INFINITY;
  /** The entry being added: it is not announced as removed if it is trimmed at once. */
  private pending: MutableEntry | null = null;
  /** Orphan transactions waiting for parents. */
  readonly orphans: OrphanPool;

  constructor(options: MempoolOptions) {
    this.chain = options.chain;
    this.policy = resolvePolicyOptions(options.policy);
    this.nowMs = options.now ?? Date.now;
    this.onEvent = options.onEvent;
    this.logger = options.logger;
    this.maxBytes = options.maxMempoolBytes ?? DEFAULT_MAX_MEMPOOL_BYTES;
    this.expirySeconds = (options.expiryHours ?? DEFAULT_MEMPOOL_EXPIRY_HOURS) * 3600;
    this.fullRbf = options.fullRbf ?? true;
    this.rolling = new RollingMinFee(this.policy.incrementalRelayFeeRate);
    const limits: AncestorLimits = { ...DEFAULT_ANCESTOR_LIMITS, ...options.limits };
    this.ctx = {
      chain: options.chain,
      graph: this.graph,
      backend: options.backend,
      policy: this.policy,
      limits,
      requireStandard: options.requireStandard ?? true,
      fullRbf: this.fullRbf,
      deltaOf: (key) => this.deltas.get(key)?.delta ?? 0n,
      minFeeRate: () => this.rolling.current(this.now(), this.graph.usage, this.maxBytes),
    };
    this.orphans = new OrphanPool({
      ...options.orphans,
      now: () => this.now(),
      random: options.random ?? Math.random,
    });
  }

  /** Number of transactions in the mempool. */
  get size(): number {
    return this.graph.size;
  }

  /**
   * A counter that grows with every addition and removal, so template builders and long-pollers
   * can tell whether the mempool changed (Core's mempool sequence number).
   */
  get sequence(): bigint {
    return this.changes;
  }

  /**
   * Validates a transaction and, unless `testOnly`, adds it, evicting what it replaces, then
   * expires old entries and trims to the size limit unless `bypassLimits` ("mempool full" when
   * the new transaction itself is trimmed). Never throws on bad input.
   */
  accept(tx: Transaction, options: AcceptOptions = {}): MempoolAcceptResult {
    const bypassLimits = options.bypassLimits ?? false;
    const time = options.acceptTime ?? this.now();
    const validated = validateForMempool(
      this.ctx,
      tx,
      bypassLimits,
      time,
      options.allowReplacement ?? true,
    );
    if (!validated.ok) {
      this.logger?.debug(
        { txid: hashOf(tx), reason: validated.reason, debug: validated.debug },
        "mempool reject",
      );
      return validated;
    }
    const { entry, replaced } = validated;
    if (options.testOnly) return { ok: true, entry, replaced: [...replaced] };

    if (replaced.size > 0) this.removeSet(replaced, "replaced");
    this.graph.add(entry);
    if (entry.time < this.oldestTimeBound) this.oldestTimeBound = entry.time;
    const sequence = ++this.changes;
    if (!bypassLimits) {
      this.pending = entry;
      try {
        this.limitSize();
      } finally {
        this.pending = null;
      }
      if (!this.graph.getByTxid(entry.txid)) {
        return mempoolReject("reconsiderable", "mempool full");
      }
    }
    this.logger?.debug(
      { txid: entry.txidHex, vsize: entry.vsize, fee: `${entry.fee}`, replaced: replaced.size },
      "mempool accept",
    );
    this.onEvent?.({ type: "tx:accepted", entry, sequence });
    return { ok: true, entry, replaced: [...replaced] };
  }

  /**
   * Tests a package of transactions as Core's testmempoolaccept with several transactions
   * (ProcessNewPackage with test_accept): the package must be well formed (see packageError);
   * then each transaction is validated in order with the ones before it as if they were in the
   * mempool, without replacing anything. The first failure ends the test. The mempool is left
   * exactly as it was. One difference from Core: Core runs every transaction's pre-script
   * checks before any script, so with two bad transactions it may name another one.
   */
  testAcceptPackage(txs: readonly Transaction[]): PackageTestResult {
    const error = packageError(txs);
    if (error !== null) return { kind: "package-error", reason: error };
    const added = new Set<MutableEntry>();
    try {
      const entries: MempoolEntry[] = [];
      for (let i = 0; i < txs.length; i++) {
        const result = validateForMempool(this.ctx, txs[i]!, false, this.now(), false);
        if (!result.ok) return { kind: "tx-failed", index: i, reject: result, passed: entries };
        this.graph.add(result.entry);
        added.add(result.entry);
        entries.push(result.entry);
      }
      return { kind: "ok", entries };
    } finally {
      this.graph.remove(added);
    }
  }

  /**
   * Accepts a transaction received from the network: one with unknown parents is kept as an
   * orphan; one accepted releases the orphans that were waiting for it, recursively (Core's
   * ProcessOrphanTx). Orphans that fail for another reason than missing inputs are dropped.
   */
  processTransaction(tx: Transaction, options: { readonly peer?: number } = {}): ProcessTxResult {
    const result = this.accept(tx);
    if (!result.ok) {
      const orphaned = result.code === "missing-inputs" && this.orphans.add(tx, options.peer);
      return { result, orphaned, resolved: [] };
    }
    const resolved: MempoolEntry[] = [];
    const queue: MempoolEntry[] = [result.entry];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const orphan of this.orphans.childrenOf(parent.txid, parent.tx.outputs.length)) {
        const r = this.accept(orphan.tx);
        if (r.ok) {
          this.orphans.remove(orphan.wtxid);
          resolved.push(r.entry);
          queue.push(r.entry);
        } else if (r.code !== "missing-inputs") {
          this.orphans.remove(orphan.wtxid);
        }
      }
    }
    return { result, orphaned: false, resolved };
  }

  /** The entry with this txid (internal byte order), if in the mempool. */
  getEntry(txid: Uint8Array): MempoolEntry | undefined {
    return this.graph.getByTxid(txid);
  }

  /** The entry with this wtxid, if in the mempool. */
  getEntryByWtxid(wtxid: Uint8Array): MempoolEntry | undefined {
    return this.graph.getByWtxid(wtxid);
  }

  /** True when a transaction with this txid is in the mempool. */
  has(txid: Uint8Array): boolean {
    return this.graph.getByTxid(txid) !== undefined;
  }

  /** The mempool transaction spending (txid, vout), if any. */
  spenderOf(txid: Uint8Array, vout: number): MempoolEntry | undefined {
    return this.graph.spenderOf(txid, vout);
  }

  /**
   * Every entry, best first by ancestor score: the lower of its own modified fee rate and its
   * ancestor package's (Core's ancestor_score index), the order a block template considers
   * packages in. Ties go to the smaller txid.
   */
  entries(): MempoolEntry[] {
    return [...this.graph.all()].sort(compareAncestorScore);
  }

  /** Statistics like getmempoolinfo. */
  info(): MempoolInfo {
    const rolling = this.ctx.minFeeRate();
    return {
      size: this.graph.size,
      bytes: this.graph.vsize,
      usage: this.graph.usage,
      totalFee: this.graph.fees,
      maxMempool: this.maxBytes,
      mempoolMinFee: rolling > this.policy.minRelayFeeRate ? rolling : this.policy.minRelayFeeRate,
      minRelayTxFee: this.policy.minRelayFeeRate,
      incrementalRelayFee: this.policy.incrementalRelayFeeRate,
      fullRbf: this.fullRbf,
      orphans: this.orphans.size,
    };
  }

  /**
   * Adds `delta` satoshis to a transaction's modified fee for mining and eviction, whether or not
   * it is in the mempool yet (Core's PrioritiseTransaction). Fee floors and RBF use it too.
   */
  prioritiseTransaction(txid: Uint8Array, delta: bigint): void {
    const key = entryKey(txid);
    const current = this.deltas.get(key);
    const total = (current?.delta ?? 0n) + delta;
    if (total === 0n) this.deltas.delete(key);
    else this.deltas.set(key, { txid: txid.slice(), delta: total });
    const entry = this.graph.getByTxid(txid);
    if (entry) this.graph.applyDelta(entry, delta);
  }

  /**
   * Updates the mempool for a newly connected block (call after the chain moved to it), as Core's
   * removeForBlock: its transactions leave ("block"; their mempool children stay), mempool
   * transactions spending the same outputs leave with their descendants ("conflict"), orphans it
   * confirms or conflicts with are dropped, prioritisations of its transactions are cleared and
   * the rolling minimum fee may start to decay.
   */
  removeForBlock(txs: readonly Transaction[]): RemovedTx[] {
    const removed: RemovedTx[] = [];
    for (const tx of txs) {
      const txid = computeTxid(tx);
      const entry = this.graph.getByTxid(txid);
      if (entry) removed.push(...this.removeSet(new Set([entry]), "block"));
      for (const input of tx.inputs) {
        const spender = this.graph.spenderOf(input.prevout.txid, input.prevout.vout);
        if (spender && spender !== entry) {
          removed.push(...this.removeWithDescendants([spender], "conflict"));
        }
      }
      this.deltas.delete(entryKey(txid));
    }
    this.orphans.removeForBlock(txs);
    this.rolling.blockConnected(this.now());
    return removed;
  }

  /**
   * Re-adds the transactions of disconnected blocks after a reorg (call after the chain moved to
   * the new tip), as Core's MaybeUpdateMempoolForReorg: `txs` oldest first, coinbases skipped,
   * each re-accepted without fee floors; one that fails takes its mempool descendants with it.
   * Then entries no longer final, BIP68-final or spending mature coinbases at the new tip are
   * removed, and the size limit is applied. Returns what was re-added and what was removed.
   */
  addBackFromDisconnectedBlock(txs: readonly Transaction[]): {
    readonly added: readonly MempoolEntry[];
    readonly removed: readonly RemovedTx[];
  } {
    const added: MempoolEntry[] = [];
    const removed: RemovedTx[] = [];
    for (const tx of txs) {
      const result = isCoinbase(tx) ? null : this.accept(tx, { bypassLimits: true });
      if (result?.ok) {
        added.push(result.entry);
        continue;
      }
      const txid = computeTxid(tx);
      const children = new Set<MutableEntry>();
      for (let vout = 0; vout < tx.outputs.length; vout++) {
        const child = this.graph.spenderOf(txid, vout);
        if (child) children.add(child);
      }
      removed.push(...this.removeWithDescendants([...children], "reorg"));
    }
    removed.push(...this.removeForReorg());
    removed.push(...this.limitSize());
    return { added, removed };
  }

  /** Removes entries older than the expiry age with their descendants ("expiry"). */
  expire(): RemovedTx[] {
    this.orphans.expire();
    const cutoff = this.now() - this.expirySeconds;
    // Nothing is older than the bound: skip the scan (this runs on every acceptance).
    if (this.oldestTimeBound >= cutoff) return [];
    const old: MutableEntry[] = [];
    let oldest = Number.POSITIVE_INFINITY;
    for (const e of this.graph.all()) {
      if (e.time < cutoff) old.push(e);
      else if (e.time < oldest) oldest = e.time;
    }
    this.oldestTimeBound = oldest;
    return this.removeWithDescendants(old, "expiry");
  }

  /**
   * Encodes every entry (parents first, with its entry time and fee delta) and the pending
   * prioritisations in the mempool.dat format of {@link encodeMempoolDump}.
   */
  serialize(): Uint8Array {
    const entries = [...this.graph.all()].sort((a, b) => a.ancestorCount - b.ancestorCount);
    const txs = entries.map((e) => ({ tx: e.tx, time: e.time, feeDelta: e.feeDelta }));
    const deltas = [...this.deltas.values()]
      .filter((d) => !this.graph.getByTxid(d.txid))
      .map((d) => ({ txid: d.txid, delta: d.delta }));
    return encodeMempoolDump({ txs, deltas });
  }

  /**
   * Reloads a dump written by {@link serialize}, as Core's LoadMempool: each unexpired
   * transaction is re-validated against the current chain and accepted with its original time
   * and prioritisation; stand-alone prioritisations are restored. Throws DecodeError on a
   * malformed file (nothing is loaded then).
   */
  deserialize(bytes: Uint8Array): MempoolLoadResult {
    const dump = decodeMempoolDump(bytes);
    const cutoff = this.now() - this.expirySeconds;
    let accepted = 0;
    let failed = 0;
    let expired = 0;
    let alreadyThere = 0;
    for (const item of dump.txs) {
      if (item.time < cutoff) {
        expired++;
        continue;
      }
      const txid = computeTxid(item.tx);
      if (this.graph.getByTxid(txid)) {
        alreadyThere++;
        continue;
      }
      if (item.feeDelta !== 0n) this.prioritiseTransaction(txid, item.feeDelta);
      const result = this.accept(item.tx, { acceptTime: item.time });
      if (result.ok) accepted++;
      else failed++;
    }
    for (const d of dump.deltas) this.prioritiseTransaction(d.txid, d.delta);
    this.logger?.info({ accepted, failed, expired, alreadyThere }, "mempool loaded");
    return { accepted, failed, expired, alreadyThere };
  }

  /** Expires old entries, then evicts packages until usage is within the limit. */
  private limitSize(): RemovedTx[] {
    const removed = this.expire();
    removed.push(...this.trimToSize(this.maxBytes));
    return removed;
  }

  /**
   * Evicts the package with the lowest descendant score (the higher of an entry's own and its
   * descendant package's fee rate) until usage fits `limit`, raising the rolling minimum fee to
   * each evicted package's rate plus the incremental relay fee (Core's TrimToSize).
   */
  private trimToSize(limit: number): RemovedTx[] {
    const removed: RemovedTx[] = [];
    while (this.graph.size > 0 && this.graph.usage > limit) {
      const victim = this.graph.lowestDescendantScore()!;
      const rate =
        feeRateOf(victim.descendantFees, victim.descendantSize) +
        this.policy.incrementalRelayFeeRate;
      this.rolling.bump(rate);
      removed.push(...this.removeWithDescendants([victim], "sizelimit"));
    }
    return removed;
  }

  /** Removes entries that the new tip makes invalid (Core's removeForReorg). */
  private removeForReorg(): RemovedTx[] {
    const nextHeight = this.chain.height() + 1;
    const mtp = this.chain.medianTimePast();
    const invalid: MutableEntry[] = [];
    for (const e of this.graph.all()) {
      if (!isFinalTx(e.tx, nextHeight, mtp) || !this.stillSpendable(e, nextHeight, mtp)) {
        invalid.push(e);
      }
    }
    return this.removeWithDescendants(invalid, "reorg");
  }

  /** True when an entry's inputs exist, coinbases are mature and BIP68 locks pass at the tip. */
  private stillSpendable(e: MutableEntry, nextHeight: number, mtp: number): boolean {
    const prevHeights: number[] = [];
    for (const input of e.tx.inputs) {
      if (this.graph.getByTxid(input.prevout.txid)) {
        prevHeights.push(nextHeight);
        continue;
      }
      const coin = this.chain.getCoin(input.prevout.txid, input.prevout.vout);
      if (!coin) return false;
      if (coin.coinbase && nextHeight - coin.height < COINBASE_MATURITY) return false;
      prevHeights.push(coin.height);
    }
    const locks = calculateSequenceLocks(e.tx, true, prevHeights, (h) =>
      this.chain.medianTimePastAt(h),
    );
    return locks.minHeight < nextHeight && locks.minTime < mtp;
  }

  private removeWithDescendants(
    roots: readonly MutableEntry[],
    reason: MempoolRemovalReason,
  ): RemovedTx[] {
    const set = new Set<MutableEntry>();
    for (const r of roots) {
      if (set.has(r)) continue;
      set.add(r);
      for (const d of this.graph.descendantsOf(r)) set.add(d);
    }
    return this.removeSet(set, reason);
  }

  private removeSet(set: ReadonlySet<MutableEntry>, reason: MempoolRemovalReason): RemovedTx[] {
    if (set.size === 0) return [];
    this.graph.remove(set);
    const removed: RemovedTx[] = [];
    for (const entry of set) {
      const sequence = ++this.changes;
      removed.push({ entry, reason });
      if (entry !== this.pending) this.onEvent?.({ type: "tx:removed", entry, reason, sequence });
    }
    this.logger?.debug({ count: set.size, reason }, "mempool remove");
    return removed;
  }

  /** Current Unix time in whole seconds. */
  private now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}

function hashOf(tx: Transaction): string {
  return entryKey(computeTxid(tx));
}
