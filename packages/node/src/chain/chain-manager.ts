import {
  type Block,
  type BlockHeader,
  blockScriptFlags,
  buildGenesisBlock,
  type ChainParams,
  type CheckResult,
  type Coin,
  checkBlock,
  checkSignetBlockSolution,
  contextualCheckBlock,
  decodeBlock,
  encodeBlock,
  hashToHex,
  type Reject,
  reject,
  type SignatureBackend,
  type TxScriptJob,
} from "@hashforge/consensus";
import { BlockFileStore } from "../blockstore/block-file-store.js";
import { EMPTY_BLOCK_FILE_CURSOR } from "../blockstore/block-pos.js";
import {
  Chainstate,
  type ConnectBlockContext,
  type ConnectedBlockResult,
} from "../chainstate/chainstate.js";
import { decodeBlockUndo, encodeBlockUndo } from "../chainstate/undo-codec.js";
import { progressReporter } from "../logging/progress.js";
import {
  BLOCK_INDEX_PREFIX,
  blockIndexKey,
  COIN_PREFIX,
  FILE_CURSOR_KEY,
} from "../store/db-keys.js";
import type { KeyValueStore, StoreEntry } from "../store/key-value-store.js";
import { type BlockIndexEntry, lastCommonAncestor } from "./block-index-entry.js";
import { BlockStatus } from "./block-status.js";
import type { ChainEvent } from "./chain-events.js";
import type { ChainView } from "./chain-view.js";
import { type AddHeaderResult, HeaderTree, isBetter } from "./header-tree.js";
import {
  decodeFileCursor,
  decodeIndexRecord,
  encodeFileCursor,
  encodeIndexRecord,
} from "./index-record.js";
import { verifyDb, verifyDepth } from "./verify-db.js";

/** The structured logger the chain writes to (pino-compatible). */
export interface ChainLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Options of {@link ChainManager.open}. */
export interface ChainManagerOptions {
  readonly params: ChainParams;
  readonly store: KeyValueStore;
  /** Directory of the block and undo files. */
  readonly blocksDir: string;
  readonly backend: SignatureBackend;
  /** Network-adjusted time in UNIX seconds. */
  readonly now: () => number;
  readonly logger: ChainLogger;
  /** UTXO cache size that triggers a flush, in bytes (Core's -dbcache; default 450 MiB). */
  readonly dbcacheBytes?: number;
  /** Longest time between flushes in seconds (default 60). */
  readonly flushIntervalSeconds?: number;
  /** Receives chain events in order; the chain awaits a returned promise before going on. */
  readonly onEvent?: (event: ChainEvent) => void | Promise<void>;
  /**
   * Verifies a block's script jobs elsewhere (a {@link ScriptCheckPool} on worker threads);
   * without it scripts are verified on this thread.
   */
  readonly scriptChecks?: ScriptVerifier;
}

/** Block script verification off the calling thread (see {@link ScriptCheckPool}). */
export interface ScriptVerifier {
  verify(jobs: readonly TxScriptJob[], flags: number): Promise<CheckResult>;
}

/** A block accepted by {@link ChainManager.processBlock}. */
export interface BlockAccepted {
  readonly ok: true;
  readonly entry: BlockIndexEntry;
  /** False when the block was already known with its data. */
  readonly isNew: boolean;
}

/** Raised when stored data contradicts itself; the node must stop rather than guess. */
export class ChainCorruptionError extends Error {
  override readonly name = "ChainCorruptionError";
}

const DEFAULT_DBCACHE = 450 * 1024 * 1024;

/**
 * The node's view of the block chain (Core's ChainstateManager): headers, block data, the
 * active chain and its UTXO set. Blocks are checked and stored as they arrive, and the chain
 * with the most work whose blocks are all present and valid becomes active — reorganizing to
 * any depth with undo data. Changes reach disk in atomic flushes (docs/node-storage.md).
 */
export class ChainManager implements ChainView {
  readonly tree: HeaderTree;
  readonly chainstate: Chainstate;
  private readonly active: BlockIndexEntry[] = [];
  /** The tip readers see: it moves only when the active chain is whole again (see `publish`). */
  private published: BlockIndexEntry | null = null;
  /** Lowest height changed by a disconnect since the last publish (Infinity: none). */
  private unstableFrom = Number.POSITIVE_INFINITY;
  /** Leaves of the set of entries whose whole ancestry has block data: the tips we could reach. */
  private readonly candidates = new Set<BlockIndexEntry>();
  private readonly haveChainData = new Set<BlockIndexEntry>();
  private readonly dirty = new Set<BlockIndexEntry>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Why a block failed to connect, for the caller that submitted it. */
  private readonly connectFailures = new WeakMap<BlockIndexEntry, Reject>();
  /** The block processBlock just stored, while it activates the best chain. */
  private arrived: { readonly entry: BlockIndexEntry; readonly block: Block } | null = null;
  private lastFlush: number;
  private readonly dbcache: number;
  private readonly flushInterval: number;

  private constructor(
    private readonly options: ChainManagerOptions,
    private readonly blocks: BlockFileStore,
  ) {
    this.tree = new HeaderTree(options.params);
    this.chainstate = new Chainstate(options.store, options.params, options.backend);
    this.dbcache = options.dbcacheBytes ?? DEFAULT_DBCACHE;
    this.flushInterval = options.flushIntervalSeconds ?? 60;
    this.lastFlush = options.now();
  }

  /** Opens the chain in `store` and `blocksDir`, creating the genesis block on first use. */
  static async open(options: ChainManagerOptions): Promise<ChainManager> {
    const rawCursor = options.store.get(FILE_CURSOR_KEY);
    const blocks = await BlockFileStore.open({
      dir: options.blocksDir,
      messageStart: options.params.messageStart,
      resume: rawCursor ? decodeFileCursor(rawCursor) : EMPTY_BLOCK_FILE_CURSOR,
    });
    const chain = new ChainManager(options, blocks);
    await chain.load();
    return chain;
  }

  /**
   * The active chain's tip as readers see it: during a reorg this stays the old tip until the new
   * branch is connected, so a reader never sees a half-disconnected chain.
   */
  get tip(): BlockIndexEntry {
    return this.published ?? this.workingTip;
  }

  /** Height of {@link tip}. */
  get height(): number {
    return this.tip.height;
  }

  /** The block at `height` on the chain ending at {@link tip}, or undefined. */
  atHeight(height: number): BlockIndexEntry | undefined {
    const tip = this.tip;
    if (height < 0 || height > tip.height || !Number.isInteger(height)) return undefined;
    // Below the lowest disconnected height the working chain still matches the published one.
    if (height < this.unstableFrom) return this.active[height];
    return tip.ancestor(height) ?? undefined;
  }

  /** True when `entry` is on the chain ending at {@link tip}. */
  isActive(entry: BlockIndexEntry): boolean {
    return this.atHeight(entry.height) === entry;
  }

  /** The known header with this display hex hash, or undefined. */
  entry(hashHex: string): BlockIndexEntry | undefined {
    return this.tree.get(hashHex);
  }

  /** The tip chain-changing work runs on (the published tip lags it during a reorg). */
  private get workingTip(): BlockIndexEntry {
    return this.active[this.active.length - 1]!;
  }

  /** Makes the working chain the one readers see. */
  private publish(): void {
    this.published = this.workingTip;
    this.unstableFrom = Number.POSITIVE_INFINITY;
  }

  /**
   * Runs chain-changing work one call at a time. Blocks arrive concurrently (the miner, RPC,
   * later peers) and every step awaits file I/O: without this, two activations could interleave
   * and corrupt the active chain.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Runs `work` while no chain-changing work runs (Core's cs_main): mempool acceptance and UTXO
   * reads see one tip and a UTXO set that matches it.
   */
  locked<T>(work: () => T | Promise<T>): Promise<T> {
    return this.exclusive(async () => work());
  }

  /**
   * Accepts a block from any source (mined, submitblock, a peer): header checks, context-free
   * and contextual block checks (and the signet solution), storage, then activation of the best
   * chain. Invalid blocks are marked so that they and their descendants are never reconsidered.
   */
  processBlock(block: Block): Promise<BlockAccepted | Reject> {
    return this.exclusive(() => this.processBlockNow(block));
  }

  /** Marks a block invalid and moves the active chain off it (the invalidateblock RPC). */
  invalidateBlock(entry: BlockIndexEntry): Promise<void> {
    return this.exclusive(() => this.invalidateBlockNow(entry));
  }

  /** Clears a block's invalidity and that of its family (the reconsiderblock RPC). */
  reconsiderBlock(entry: BlockIndexEntry): Promise<void> {
    return this.exclusive(() => this.reconsiderBlockNow(entry));
  }

  /**
   * Writes everything to disk: block and undo files first, then one atomic batch with the UTXO
   * changes, the best-block marker, the changed index entries and the file cursor.
   */
  flush(): Promise<void> {
    return this.exclusive(() => this.flushNow());
  }

  /**
   * Checks the last `depth` blocks at `level` 0..4 (Core's verifychain and CVerifyDB; see
   * {@link verifyDb}) while no block connects, logging progress every 10 % and the outcome with
   * Core's wording. True when every check passed.
   */
  verifyChain(level: number, depth: number): Promise<boolean> {
    return this.exclusive(async () => {
      const log = this.options.logger;
      log.info({ blocks: verifyDepth(this.height, depth), level }, "Verifying blocks");
      const progress = progressReporter(log, "Verification progress", 100);
      const result = await verifyDb(
        {
          params: this.options.params,
          backend: this.options.backend,
          chainstate: this.chainstate,
          tip: this.tip,
          memoryLimit: this.dbcache,
          readBlock: (entry) => this.readBlock(entry),
          readUndo: (entry) => this.readUndo(entry),
          connectContext: (entry) => this.connectContext(entry),
        },
        level,
        depth,
        progress,
      );
      if (!result.ok) {
        log.error({ level }, `Verification error: ${result.error}`);
        return false;
      }
      progress(100);
      log.info(
        { blocks: result.blocks, transactions: result.transactions },
        "Verification: no coin database inconsistencies",
      );
      return true;
    });
  }

  /**
   * The UTXO set at the current tip, from the store: the cache is flushed and a store iteration
   * begun (LevelDB iterators read an implicit snapshot) while no block connects, so blocks
   * connected while the caller iterates change nothing it sees. Entries are the raw coin records
   * in key order (txid, then output index).
   */
  utxoSnapshot(): Promise<{ tip: BlockIndexEntry; entries: AsyncIterable<StoreEntry> }> {
    return this.exclusive(async () => {
      await this.flushNow();
      const tip = this.tip;
      const iterator = this.options.store
        .iterate({ gte: Uint8Array.of(COIN_PREFIX), lt: Uint8Array.of(COIN_PREFIX + 1) })
        [Symbol.asyncIterator]();
      // Pulling the first entry opens the store iterator, and with it the snapshot, here.
      const first = await iterator.next();
      async function* entries(): AsyncGenerator<StoreEntry> {
        if (first.done) return;
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          yield next.value;
        }
      }
      return { tip, entries: entries() };
    });
  }

  /** Reads a stored block. */
  async readBlock(entry: BlockIndexEntry): Promise<Block> {
    if (!entry.blockPos) throw new ChainCorruptionError(`block ${entry.hashHex} has no data`);
    return decodeBlock(await this.blocks.readBlock(entry.blockPos));
  }

  /** Reads a stored block's serialized bytes. */
  async readBlockBytes(entry: BlockIndexEntry): Promise<Uint8Array> {
    if (!entry.blockPos) throw new ChainCorruptionError(`block ${entry.hashHex} has no data`);
    return this.blocks.readBlock(entry.blockPos);
  }

  /** The coins a connected block spent (its undo data), or null when it was never connected. */
  async readUndo(entry: BlockIndexEntry): Promise<Coin[][] | null> {
    if (!entry.undoPos) return null;
    return decodeBlockUndo(await this.blocks.readUndo(entry.undoPos));
  }

  /** Adds a header without its block (the submitheader RPC, headers-first sync). */
  processHeader(header: BlockHeader): AddHeaderResult {
    const result = this.tree.addHeader(header, this.options.now());
    if (result.ok && result.isNew) this.dirty.add(result.entry);
    return result;
  }

  private async processBlockNow(block: Block): Promise<BlockAccepted | Reject> {
    const added = this.tree.addHeader(block.header, this.options.now());
    if (!added.ok) return added;
    const entry = added.entry;
    if (entry.status & BlockStatus.HAVE_DATA) return { ok: true, entry, isNew: false };
    const params = this.options.params;
    const checked = checkBlock(block, params.pow.powLimit);
    if (!checked.ok) {
      // A mutated block says nothing about the header: another copy may be valid.
      if (checked.code !== "mutated") this.invalidate(entry);
      return checked;
    }
    const contextual = contextualCheckBlock(
      block,
      entry.height,
      entry.prev!.medianTimePast(),
      params,
    );
    if (!contextual.ok) {
      if (contextual.code !== "mutated") this.invalidate(entry);
      return contextual;
    }
    const signet = checkSignetBlockSolution(block, params, this.options.backend);
    if (!signet.ok) {
      this.invalidate(entry);
      return signet;
    }
    entry.blockPos = await this.blocks.writeBlock(encodeBlock(block));
    entry.txCount = block.txs.length;
    entry.status |= BlockStatus.HAVE_DATA;
    this.dirty.add(entry);
    this.noteChainData(entry);
    // The block is at hand: connecting it need not read it back from disk.
    this.arrived = { entry, block };
    try {
      await this.activateBestChain();
    } finally {
      this.arrived = null;
    }
    if (entry.failed) {
      return (
        this.connectFailures.get(entry) ??
        reject("invalid-prev", "bad-prevblk", "an ancestor failed to connect")
      );
    }
    return { ok: true, entry, isNew: true };
  }

  private async invalidateBlockNow(entry: BlockIndexEntry): Promise<void> {
    const previous = this.workingTip;
    while (this.active[entry.height] === entry && this.workingTip !== entry.prev) {
      await this.disconnectTip();
    }
    this.invalidate(entry);
    await this.activateBestChain(previous);
  }

  private async reconsiderBlockNow(entry: BlockIndexEntry): Promise<void> {
    for (const e of this.tree.clearInvalid(entry)) {
      this.dirty.add(e);
      if (this.haveChainData.has(e)) this.candidates.add(e);
    }
    await this.activateBestChain();
  }

  private async flushNow(): Promise<void> {
    const cursor = await this.blocks.flush();
    const batch = this.chainstate.flushBatch();
    const put = [...batch.put];
    for (const e of this.dirty) {
      put.push([
        blockIndexKey(e.hash),
        encodeIndexRecord({
          header: e.header,
          height: e.height,
          status: e.status,
          txCount: e.txCount,
          blockPos: e.blockPos,
          undoPos: e.undoPos,
        }),
      ]);
    }
    put.push([FILE_CURSOR_KEY, encodeFileCursor(cursor)]);
    await this.options.store.write({ put, del: batch.del });
    this.chainstate.flushed(this.chainstate.coins.memoryUsage > this.dbcache);
    this.dirty.clear();
    this.lastFlush = this.options.now();
    await this.options.onEvent?.({ type: "chain:flushed", tip: this.workingTip });
  }

  /** Flushes and closes the block files (the store belongs to the caller). */
  async close(): Promise<void> {
    await this.flush();
    await this.blocks.close();
  }

  private async load(): Promise<void> {
    const records = [];
    for await (const { value } of this.options.store.iterate({
      gte: Uint8Array.of(BLOCK_INDEX_PREFIX),
      lt: Uint8Array.of(BLOCK_INDEX_PREFIX + 1),
    })) {
      records.push(decodeIndexRecord(value));
    }
    records.sort((a, b) => a.height - b.height);
    for (const rec of records) {
      const entry = this.tree.restore(rec.header, rec.status);
      entry.txCount = rec.txCount;
      entry.blockPos = rec.blockPos;
      entry.undoPos = rec.undoPos;
      if (entry.status & BlockStatus.HAVE_DATA) this.noteChainData(entry);
    }
    const best = this.chainstate.bestBlock;
    if (best === null) {
      await this.initGenesis();
      return;
    }
    const tip = this.tree.get(hashToHex(best));
    if (!tip)
      throw new ChainCorruptionError(`best block ${hashToHex(best)} is not in the block index`);
    for (let h = 0; h <= tip.height; h++) this.active.push(tip.ancestor(h)!);
    this.publish();
    this.options.logger.info(
      { height: tip.height, tip: tip.hashHex, headers: this.tree.size },
      "Loaded block index",
    );
    await this.activateBestChain();
  }

  private async initGenesis(): Promise<void> {
    const genesis = this.tree.genesis;
    const block = buildGenesisBlock(this.options.params);
    genesis.blockPos = await this.blocks.writeBlock(encodeBlock(block));
    genesis.txCount = block.txs.length;
    // The genesis coinbase is not spendable: Core never adds it to the UTXO set.
    genesis.status |= BlockStatus.HAVE_DATA | BlockStatus.VALID_SCRIPTS;
    this.dirty.add(genesis);
    this.noteChainData(genesis);
    this.active.push(genesis);
    this.publish();
    this.chainstate.setBestBlock(genesis.hash);
    await this.flush();
    this.options.logger.info(
      { genesis: genesis.hashHex, network: this.options.params.name },
      "Created genesis block",
    );
  }

  /** Records that `entry` and every descendant with data now have all their ancestors' data. */
  private noteChainData(entry: BlockIndexEntry): void {
    if (entry.prev !== null && !this.haveChainData.has(entry.prev)) return;
    const stack = [entry];
    while (stack.length > 0) {
      const e = stack.pop()!;
      this.haveChainData.add(e);
      if (e.prev) this.candidates.delete(e.prev);
      if (!e.failed) this.candidates.add(e);
      for (const child of this.tree.childrenOf(e)) {
        if (child.status & BlockStatus.HAVE_DATA && !this.haveChainData.has(child))
          stack.push(child);
      }
    }
  }

  private invalidate(entry: BlockIndexEntry): void {
    for (const e of this.tree.markInvalid(entry)) {
      this.dirty.add(e);
      this.candidates.delete(e);
    }
    // The invalid block's parent may be a reachable tip again.
    const parent = entry.prev;
    if (parent && this.haveChainData.has(parent) && !parent.failed) this.candidates.add(parent);
  }

  private bestCandidate(): BlockIndexEntry | null {
    let best: BlockIndexEntry | null = null;
    for (const c of this.candidates)
      if (!c.failed && (best === null || isBetter(c, best))) best = c;
    return best;
  }

  /**
   * Moves the active chain to the best candidate, disconnecting back to the fork and connecting
   * forward; a block that fails to connect is marked invalid and the search repeats (Core's
   * ActivateBestChain).
   */
  private async activateBestChain(previousTip: BlockIndexEntry = this.workingTip): Promise<void> {
    for (;;) {
      const best = this.bestCandidate();
      const tip = this.workingTip;
      if (best === null || best === tip || !isBetter(best, tip)) break;
      const fork = lastCommonAncestor(tip, best);
      while (this.workingTip !== fork) await this.disconnectTip();
      const path: BlockIndexEntry[] = [];
      for (let e: BlockIndexEntry | null = best; e !== null && e !== fork; e = e.prev) path.push(e);
      path.reverse();
      for (const entry of path) {
        if (!(await this.connectTip(entry))) break;
      }
      await this.maybeFlush();
    }
    this.publish();
    const tip = this.workingTip;
    if (tip !== previousTip) {
      const fork = lastCommonAncestor(tip, previousTip);
      await this.options.onEvent?.({ type: "tip:changed", tip, previous: previousTip, fork });
    }
  }

  private async connectTip(entry: BlockIndexEntry): Promise<boolean> {
    const block = this.arrived?.entry === entry ? this.arrived.block : await this.readBlock(entry);
    const result = await this.connectWithScripts(block, this.connectContext(entry));
    if (!result.ok) {
      this.options.logger.warn(
        { block: entry.hashHex, height: entry.height, reason: result.reason, debug: result.debug },
        "Invalid block",
      );
      this.connectFailures.set(entry, result);
      this.invalidate(entry);
      return false;
    }
    entry.undoPos = await this.blocks.writeUndo(result.undo);
    entry.status |= BlockStatus.HAVE_UNDO | BlockStatus.VALID_SCRIPTS;
    this.dirty.add(entry);
    this.active.push(entry);
    // A chain that only grows is whole after each block: readers follow it block by block.
    if (this.unstableFrom === Number.POSITIVE_INFINITY) this.publish();
    await this.options.onEvent?.({
      type: "block:connected",
      entry,
      block,
      height: entry.height,
      spent: result.spent,
    });
    return true;
  }

  /** What connecting the block of `entry` needs from the chain (its flags and ancestors' times). */
  private connectContext(entry: BlockIndexEntry): ConnectBlockContext {
    const prev = entry.prev!;
    return {
      height: entry.height,
      hash: entry.hash,
      flags: blockScriptFlags(this.options.params, entry.height, entry.hashHex),
      prevMedianTimePast: prev.medianTimePast(),
      medianTimePastAt: (h) => prev.ancestor(h)!.medianTimePast(),
    };
  }

  /**
   * Connects a block to the UTXO set (no other change can interleave: callers hold the chain
   * lock). With a script verifier the scripts run there while this thread encodes the undo data.
   */
  private async connectWithScripts(
    block: Block,
    ctx: ConnectBlockContext,
  ): Promise<(ConnectedBlockResult & { readonly undo: Uint8Array }) | Reject> {
    const verifier = this.options.scriptChecks;
    if (verifier === undefined) {
      const connected = this.chainstate.connect(block, ctx);
      return connected.ok ? { ...connected, undo: encodeBlockUndo(connected.spent) } : connected;
    }
    const prepared = this.chainstate.prepareConnect(block, ctx);
    if (!prepared.ok) return prepared;
    const scripts = verifier.verify(prepared.scriptJobs, ctx.flags);
    const undo = encodeBlockUndo(prepared.spent);
    const verified = await scripts;
    if (!verified.ok) return verified;
    return { ...this.chainstate.applyConnect(block, prepared, ctx), undo };
  }

  private async disconnectTip(): Promise<void> {
    const entry = this.workingTip;
    if (entry.prev === null) throw new ChainCorruptionError("cannot disconnect the genesis block");
    if (!entry.undoPos) throw new ChainCorruptionError(`block ${entry.hashHex} has no undo data`);
    const block = await this.readBlock(entry);
    const spent = decodeBlockUndo(await this.blocks.readUndo(entry.undoPos));
    const { clean } = this.chainstate.disconnect(block, entry.height, spent, entry.prev.hash);
    if (!clean)
      throw new ChainCorruptionError(
        `disconnecting ${entry.hashHex} found an inconsistent UTXO set`,
      );
    this.active.pop();
    if (entry.height < this.unstableFrom) this.unstableFrom = entry.height;
    await this.options.onEvent?.({
      type: "block:disconnected",
      entry,
      block,
      height: entry.height,
      spent,
    });
  }

  private async maybeFlush(): Promise<void> {
    const overdue = this.options.now() - this.lastFlush >= this.flushInterval;
    if (overdue || this.chainstate.coins.memoryUsage > this.dbcache) await this.flushNow();
  }
}
