import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type Block,
  type BlockHeader,
  type ChainParams,
  type Coin,
  decodeTx,
  defaultSignatureBackend,
  hashToHex,
  type Reject,
  type SignatureBackend,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import type { ChainEvent } from "../chain/chain-events.js";
import { type BlockAccepted, type ChainLogger, ChainManager } from "../chain/chain-manager.js";
import type { ChainView } from "../chain/chain-view.js";
import type { AddHeaderResult } from "../chain/header-tree.js";
import { NodeEventBus } from "../events/event-bus.js";
import type { NodeEvent } from "../events/node-event.js";
import { FeeEstimator } from "../fees/fee-estimator.js";
import type { Indexer } from "../index/indexer.js";
import { IndexerRunner, type IndexInfo } from "../index/indexer-runner.js";
import { TxIndex, type TxLocation } from "../index/tx-index.js";
import { progressReporter } from "../logging/progress.js";
import { Mempool, type MempoolAcceptResult, type PackageTestResult } from "../mempool/mempool.js";
import type { MempoolEvent } from "../mempool/mempool-events.js";
import type { MempoolView } from "../mempool/mempool-view.js";
import { assembleBlockTemplate, templateIdFor } from "../mining/assemble-block-template.js";
import type { BlockTemplate } from "../mining/block-template.js";
import { mempoolCandidates, templateTip } from "../mining/template-inputs.js";
import { ScriptCheckPool } from "../script-check/script-check-pool.js";
import { LevelStore } from "../store/level-store.js";
import { DevWallet } from "../wallet/dev-wallet.js";
import { WalletFileStore } from "../wallet/wallet-file-store.js";
import {
  type BroadcastOptions,
  type BroadcastResult,
  broadcastTransaction,
} from "./broadcast-transaction.js";
import { chainMempoolView } from "./chain-mempool-view.js";
import { directoryBytes } from "./disk-usage.js";
import { DEFAULT_MAX_TIP_AGE_SECONDS, InitialBlockDownload } from "./initial-block-download.js";
import { NodeClock } from "./node-clock.js";
import { NodeError } from "./node-error.js";
import { importReindexedBlocks, prepareReindex, reindexDir } from "./reindex.js";
import type { Service } from "./service.js";
import { loadStateFile, writeFileAtomic } from "./state-file.js";
import { LONGPOLL_MEMPOOL_DELAY_MS, waitForChange, waitForTip } from "./template-waiter.js";
import { type UtxoSnapshot, utxoRecords } from "./utxo-records.js";

/** Options of {@link HashforgeNode}. */
export interface NodeOptions {
  readonly params: ChainParams;
  /** The network's data directory (blocks/, chainstate/, indexes/, mempool.dat, wallet.json). */
  readonly dataDir: string;
  readonly logger: ChainLogger;
  /** UNIX seconds; tests inject their own clock (setmocktime overrides it). */
  readonly now?: () => number;
  readonly backend?: SignatureBackend;
  /** UTXO cache size in bytes (-dbcache). */
  readonly dbcacheBytes?: number;
  /** Open the development wallet (test networks only). */
  readonly wallet?: boolean;
  /** Seconds between chainstate flushes. */
  readonly flushIntervalSeconds?: number;
  /**
   * Threads verifying block scripts, this one included (Core's -par); above 1 the others are
   * worker threads. Default 1.
   */
  readonly scriptThreads?: number;
  /**
   * Rebuild the block index and UTXO set from the block files (Core's -reindex), and the
   * indexes with them. An interrupted reindex resumes on the next start whether or not this is set.
   */
  readonly reindex?: boolean;
  /** Keep the transaction index (Core's -txindex). */
  readonly txindex?: boolean;
  /** More indexes to keep in step with the chain (the address index of the REST API). */
  readonly indexers?: readonly Indexer[];
  /** A tip older than this means initial block download (Core's -maxtipage; default 24 h). */
  readonly maxTipAgeSeconds?: number;
  /**
   * Called once when the node cannot go on (a block or undo file cannot be written, the store
   * fails): the node refuses further blocks, and the process should shut down (Core's AbortNode).
   */
  readonly onFatal?: (error: unknown) => void;
}

/** A coin of the UTXO set and the tip it was read at. */
export interface CoinAtTip {
  readonly coin: Coin | undefined;
  readonly tip: BlockIndexEntry;
}

/** A confirmed transaction found through the transaction index. */
export interface IndexedTransaction {
  readonly tx: Transaction;
  readonly block: BlockIndexEntry;
}

/** Core's MAX_OUTPUTS_PER_BLOCK: MAX_BLOCK_WEIGHT / the weight of the smallest output (9 bytes). */
const MAX_OUTPUTS_PER_BLOCK = Math.floor(4_000_000 / (9 * 4));

/**
 * Shortest time between wallet saves after chainstate flushes: the development wallet's file is
 * one JSON document rewritten whole, which grows with its transactions.
 */
const WALLET_SAVE_INTERVAL_MS = 5 * 60 * 1000;

/** Core's FEE_FLUSH_INTERVAL: fee estimates are written at least hourly, and at stop. */
const FEE_FLUSH_INTERVAL_MS = 60 * 60 * 1000;

/**
 * A running hashforge node: the one API every edge uses (ARCHITECTURE.md, seams). It owns the
 * chain, its mempool, fee estimation, the indexes and the optional dev wallet, wired through
 * events: connected blocks leave the mempool and reach the wallet, the fee estimator and the
 * indexes; disconnected blocks' transactions return to the mempool after a reorg. Edges read
 * through {@link HashforgeNode.chain} and {@link HashforgeNode.mempool} (views as of one tip)
 * and change things only through its methods, which serialize with block processing. Subscribe
 * to {@link HashforgeNode.events} before `start()` to see every event from start-up on.
 */
export class HashforgeNode implements Service {
  readonly name = "node";
  readonly params: ChainParams;
  readonly dataDir: string;
  readonly events: NodeEventBus;
  private readonly options: NodeOptions;
  private readonly logger: ChainLogger;
  private readonly clock: NodeClock;
  private readonly ibd: InitialBlockDownload;
  private readonly backend: SignatureBackend;
  private parts: {
    readonly chain: ChainManager;
    readonly mempool: Mempool;
    readonly wallet: DevWallet | null;
    readonly store: LevelStore;
    readonly scriptChecks: ScriptCheckPool | null;
    readonly indexers: readonly IndexerRunner[];
    readonly txIndex: TxIndex | null;
  } | null = null;
  private feeEstimator: FeeEstimator;
  private readonly disconnected: Transaction[] = [];
  private importing = false;
  private fatalError: unknown = null;
  private feeTimer: NodeJS.Timeout | null = null;
  /** When the wallet file was last written after a chainstate flush (performance.now() ms). */
  private walletSavedAt = performance.now();
  private state: "new" | "starting" | "running" | "stopped" = "new";
  private stopping: Promise<void> | null = null;

  constructor(options: NodeOptions) {
    this.options = options;
    this.params = options.params;
    this.dataDir = options.dataDir;
    this.logger = options.logger;
    const system = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.clock = new NodeClock(system);
    this.ibd = new InitialBlockDownload(
      options.params,
      options.maxTipAgeSeconds ?? DEFAULT_MAX_TIP_AGE_SECONDS,
    );
    this.backend = options.backend ?? defaultSignatureBackend();
    this.events = new NodeEventBus(options.logger);
    this.feeEstimator = new FeeEstimator({ now: () => this.now() });
  }

  /** Creates and starts a node (the common case when nothing subscribes before start-up). */
  static async start(options: NodeOptions): Promise<HashforgeNode> {
    const node = new HashforgeNode(options);
    await node.start();
    return node;
  }

  /** Opens every store under `dataDir`, brings the indexes in step, and reloads the mempool. */
  async start(): Promise<void> {
    if (this.state !== "new") throw new NodeError("state", "the node was started already");
    this.state = "starting";
    const threads = this.options.scriptThreads ?? 1;
    const scriptChecks =
      threads > 1
        ? await ScriptCheckPool.start({
            threads: threads - 1,
            backend: this.backend,
            logger: this.logger,
          })
        : null;
    // What open() has opened so far, closed again (newest first) when a later step fails, so a
    // node that cannot start leaves no store locked and no thread running.
    const opened: (() => Promise<void>)[] = [async () => scriptChecks?.close()];
    try {
      await this.open(scriptChecks, opened);
    } catch (error) {
      this.parts = null;
      this.state = "stopped";
      for (const close of opened.reverse()) {
        await close().catch((e: unknown) => {
          this.logger.warn({ err: errorText(e) }, "Closing after a failed start failed");
        });
      }
      throw error;
    }
    this.state = "running";
  }

  private async open(
    scriptChecks: ScriptCheckPool | null,
    opened: (() => Promise<void>)[],
  ): Promise<void> {
    const { params, dataDir, logger } = this.options;
    mkdirSync(dataDir, { recursive: true });
    // An interrupted reindex resumes whether or not -reindex is given again.
    const reindex = this.options.reindex === true || existsSync(reindexDir(dataDir));
    if (reindex) prepareReindex(dataDir);
    this.loadFeeEstimates();
    const forward: { ready: boolean } = { ready: false };
    const store = await LevelStore.open({ path: join(dataDir, "chainstate") });
    opened.push(() => store.close());
    const chain = await ChainManager.open({
      params,
      store,
      blocksDir: join(dataDir, "blocks"),
      backend: this.backend,
      now: () => this.now(),
      logger,
      ...(this.options.dbcacheBytes === undefined
        ? {}
        : { dbcacheBytes: this.options.dbcacheBytes }),
      ...(this.options.flushIntervalSeconds === undefined
        ? {}
        : { flushIntervalSeconds: this.options.flushIntervalSeconds }),
      onEvent: (event) => (forward.ready ? this.onChainEvent(event) : undefined),
      ...(scriptChecks === null ? {} : { scriptChecks }),
    });
    // Closing the chain flushes it: what start-up did so far (a partial reindex) is kept.
    opened.push(() => chain.close());
    const mempool = new Mempool({
      chain: chainMempoolView(chain),
      backend: this.backend,
      now: () => this.now() * 1000,
      logger,
      onEvent: (event) => {
        if (forward.ready) this.onMempoolEvent(event);
      },
    });
    const wallet = this.options.wallet
      ? await DevWallet.open({
          params,
          store: new WalletFileStore(join(dataDir, "wallet.json")),
          randomBytes: (n) => new Uint8Array(randomBytes(n)),
          now: () => this.now() * 1000,
          logger,
          backend: this.backend,
          // Key derivation is pure TypeScript: a smaller look-ahead keeps start-up quick.
          lookahead: 200,
        })
      : null;
    const txIndex = this.options.txindex ? new TxIndex(dataDir) : null;
    const indexers = [...(txIndex ? [txIndex] : []), ...(this.options.indexers ?? [])].map(
      (indexer) => new IndexerRunner(indexer, chain, logger),
    );
    for (const runner of indexers) opened.push(() => runner.close());
    this.parts = { chain, mempool, wallet, store, scriptChecks, indexers, txIndex };
    // From here on every chain and mempool event reaches the node's parts and the bus, so
    // subscribers that came before start() see the reindex and the reloaded mempool too.
    forward.ready = true;
    if (existsSync(reindexDir(dataDir))) {
      this.importing = true;
      try {
        await importReindexedBlocks(dataDir, params, chain, logger);
      } finally {
        this.importing = false;
      }
    }
    if (wallet) await this.rescanWallet(wallet, chain);
    for (const runner of indexers) {
      await runner.sync(reindex);
      this.events.subscribe(`index:${runner.indexer.name}`, (event) => runner.onEvent(event));
    }
    this.loadMempool();
    this.feeTimer = setInterval(() => this.saveFeeEstimates(), FEE_FLUSH_INTERVAL_MS);
    this.feeTimer.unref();
    logger.info(
      {
        network: params.name,
        height: chain.height,
        tip: chain.tip.hashHex,
        scriptThreads: 1 + (scriptChecks?.threads ?? 0),
        indexes: indexers.map((r) => r.indexer.name),
      },
      "Node started",
    );
  }

  /** The active chain and stored blocks, as of one tip (see {@link ChainView}). */
  get chain(): ChainView {
    return this.running().chain;
  }

  /** The mempool, read only; transactions enter through {@link broadcastTransaction}. */
  get mempool(): MempoolView {
    return this.running().mempool;
  }

  /** Fee estimation (estimatesmartfee). */
  get fees(): Pick<FeeEstimator, "estimateSmartFee" | "maxUsableEstimate"> {
    return this.feeEstimator;
  }

  /** The development wallet, or null when the node runs without one. */
  get wallet(): DevWallet | null {
    return this.running().wallet;
  }

  /** The node's time in UNIX seconds: the mock time when set. */
  now(): number {
    return this.clock.now();
  }

  /** The mock time, 0 when none is set. */
  get mockTime(): number {
    return this.clock.mockTime;
  }

  /** Sets the node's mock time (setmocktime; 0 clears it). Test networks only. */
  setMockTime(time: number): void {
    if (!this.params.isTestChain) {
      throw new NodeError("not-test-chain", "setmocktime is for test networks only");
    }
    this.clock.setMock(time);
  }

  /** True while the node is in initial block download (Core's IsInitialBlockDownload). */
  isInitialBlockDownload(): boolean {
    return this.ibd.check(this.running().chain.tip, this.now(), this.importing);
  }

  /**
   * Accepts a block (mined, submitblock, a peer) as Core's ProcessNewBlock, resolving after the
   * active chain, the mempool and the wallet reflect it.
   */
  submitBlock(block: Block): Promise<BlockAccepted | Reject> {
    return this.guard(async () => {
      const result = await this.running().chain.processBlock(block);
      this.readdDisconnected();
      return result;
    });
  }

  /** Adds a header without its block (submitheader, headers-first sync); kept across restarts. */
  submitHeader(header: BlockHeader): Promise<AddHeaderResult> {
    return this.guard(async () => {
      const { chain } = this.running();
      const result = chain.processHeader(header);
      if (result.ok && result.isNew) await chain.flush();
      return result;
    });
  }

  /** invalidateblock: moves the chain off the block; its transactions return to the mempool. */
  invalidateBlock(entry: BlockIndexEntry): Promise<void> {
    return this.guard(async () => {
      await this.running().chain.invalidateBlock(entry);
      this.readdDisconnected();
    });
  }

  /** reconsiderblock: clears invalidity and re-activates the best chain. */
  reconsiderBlock(entry: BlockIndexEntry): Promise<void> {
    return this.guard(async () => {
      await this.running().chain.reconsiderBlock(entry);
      this.readdDisconnected();
    });
  }

  /**
   * Accepts a transaction to the mempool and announces it for relay (Core's
   * BroadcastTransaction), under the chain lock so it validates against one tip.
   */
  broadcastTransaction(tx: Transaction, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    const { chain, mempool } = this.running();
    return chain.locked(async () => {
      const result = broadcastTransaction(
        { mempool, isUnspent: (id, vout) => chain.chainstate.coins.get(id, vout) !== undefined },
        tx,
        options,
      );
      if (result.ok) {
        const entry = mempool.getEntry(result.txid)!;
        this.events.publish({ type: "tx:announce", txid: entry.txid, wtxid: entry.wtxid });
        await this.events.ready();
      }
      return result;
    });
  }

  /** Would the mempool accept `tx` now (testmempoolaccept with one transaction)? */
  testAcceptTransaction(tx: Transaction): Promise<MempoolAcceptResult> {
    const { chain, mempool } = this.running();
    return chain.locked(() => mempool.accept(tx, { testOnly: true }));
  }

  /** Would the mempool accept this package (testmempoolaccept with several)? */
  testAcceptPackage(txs: readonly Transaction[]): Promise<PackageTestResult> {
    const { chain, mempool } = this.running();
    return chain.locked(() => mempool.testAcceptPackage(txs));
  }

  /** The unspent coin at `txid:vout` (internal order) and the tip it belongs to (gettxout). */
  readCoin(txidBytes: Uint8Array, vout: number): Promise<CoinAtTip> {
    const { chain } = this.running();
    return chain.locked(() => ({
      coin: chain.chainstate.coins.get(txidBytes, vout),
      tip: chain.tip,
    }));
  }

  /**
   * The first unspent output of `txid` (internal order), as Core's AccessByTxid: output indexes
   * are tried up to the most a block can hold. Used by gettxoutproof to find a block.
   */
  firstUnspentCoin(txidBytes: Uint8Array): Promise<CoinAtTip> {
    const { chain } = this.running();
    return chain.locked(() => {
      for (let vout = 0; vout < MAX_OUTPUTS_PER_BLOCK; vout++) {
        const coin = chain.chainstate.coins.get(txidBytes, vout);
        if (coin !== undefined) return { coin, tip: chain.tip };
      }
      return { coin: undefined, tip: chain.tip };
    });
  }

  /** A block template on the current tip from the mempool, paying `payoutScript`. */
  blockTemplate(payoutScript: Uint8Array): BlockTemplate {
    const { chain, mempool } = this.running();
    return assembleBlockTemplate({
      tip: templateTip(chain.tip, this.params),
      params: this.params,
      candidates: mempoolCandidates(mempool),
      payoutScript,
      mempoolSequence: mempool.sequence,
      now: this.now(),
    });
  }

  /** The BIP22 long-poll id a template built now would carry (tip hash + mempool sequence). */
  templateId(): string {
    const { chain, mempool } = this.running();
    return templateIdFor(chain.tip.hash, mempool.sequence);
  }

  /**
   * Resolves when the template with BIP22 long-poll id `templateId` is out of date, as Core's
   * getblocktemplate long-poll: at once when its tip is not the current tip, or as soon as the tip
   * changes; when the mempool changed since, after `mempoolDelayMs` (default 60 s).
   */
  waitForTemplateChange(
    templateId: string,
    signal: AbortSignal,
    mempoolDelayMs = LONGPOLL_MEMPOOL_DELAY_MS,
  ): Promise<void> {
    // The id is the tip's display hash followed by the mempool sequence (Core's format).
    const watchedTip = templateId.slice(0, 64);
    const watchedSequence = templateId.slice(64);
    return waitForChange(
      this.events,
      {
        tipChanged: () => this.running().chain.tip.hashHex !== watchedTip,
        mempoolChanged: () => `${this.running().mempool.sequence}` !== watchedSequence,
      },
      signal,
      mempoolDelayMs,
    );
  }

  /** Resolves with the tip once `until(tip)` holds (waitfornewblock, waitforblockheight). */
  waitForTip(
    until: (tip: BlockIndexEntry) => boolean,
    signal: AbortSignal,
  ): Promise<BlockIndexEntry> {
    return waitForTip(this.events, () => this.running().chain.tip, until, signal);
  }

  /** The UTXO set as of one tip, decoded (gettxoutsetinfo, scantxoutset). */
  async utxoSnapshot(): Promise<UtxoSnapshot> {
    const { tip, entries } = await this.running().chain.utxoSnapshot();
    return { tip, coins: utxoRecords(entries) };
  }

  /** Bytes the block and undo files and the chainstate take on disk (getblockchaininfo). */
  sizeOnDisk(): number {
    return directoryBytes(join(this.dataDir, "blocks")) + this.chainstateDiskSize();
  }

  /** Bytes the UTXO set's store takes on disk (gettxoutsetinfo's `disk_size`). */
  chainstateDiskSize(): number {
    return directoryBytes(join(this.dataDir, "chainstate"));
  }

  /** Checks the last `depth` blocks at `level` 0..4 (verifychain; Core's CVerifyDB). */
  verifyChain(level: number, depth: number): Promise<boolean> {
    return this.running().chain.verifyChain(level, depth);
  }

  /** Where each index stands (getindexinfo). */
  indexInfo(): IndexInfo[] {
    return this.running().indexers.map((r) => r.info());
  }

  /** True when the node keeps the transaction index (-txindex). */
  get hasTxIndex(): boolean {
    return this.running().txIndex !== null;
  }

  /**
   * A confirmed transaction by txid (internal order) through the transaction index, or null
   * when the index does not hold it (or the node has none).
   */
  async indexedTransaction(txidBytes: Uint8Array): Promise<IndexedTransaction | null> {
    const { chain, txIndex } = this.running();
    const location: TxLocation | null = txIndex?.find(txidBytes) ?? null;
    if (location === null) return null;
    const block = chain.entry(hashToHex(location.blockHash));
    if (block === undefined) return null;
    const bytes = await chain.readBlockBytes(block);
    const end = location.offset + location.length;
    if (end > bytes.length) {
      throw new NodeError("corrupt-index", `txindex points past the end of block ${block.hashHex}`);
    }
    return { tx: decodeTx(bytes.subarray(location.offset, end)), block };
  }

  /** Writes mempool.dat atomically (temp file, fsync, rename); returns its path (savemempool). */
  saveMempool(): string {
    const path = join(this.dataDir, "mempool.dat");
    writeFileAtomic(path, this.running().mempool.serialize());
    return path;
  }

  /**
   * Flushes the chain, lets every subscriber finish, commits the indexes, saves the mempool,
   * the fee estimates and the wallet, and closes the stores. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    const parts = this.parts;
    this.state = "stopped";
    if (this.feeTimer) clearInterval(this.feeTimer);
    if (parts === null) return;
    const { chain, wallet, store, scriptChecks, indexers } = parts;
    if (this.fatalError === null) {
      this.saveMempool();
      // At shutdown the transactions still tracked count as not confirmed (Core's Flush).
      this.feeEstimator.flushUnconfirmed();
      this.saveFeeEstimates();
    }
    await wallet?.flush();
    await chain.close().catch((error: unknown) => {
      this.logger.error({ err: errorText(error) }, "Final chainstate flush failed");
    });
    await this.events.drain();
    for (const runner of indexers) await runner.close();
    await store.close();
    await scriptChecks?.close();
    this.logger.info({ height: chain.height }, "Node stopped");
  }

  private running(): NonNullable<HashforgeNode["parts"]> {
    if (this.parts === null) throw new NodeError("state", "the node is not started");
    return this.parts;
  }

  /**
   * Runs chain-changing work; a thrown error (not a rejection value: a file that cannot be
   * written, a store that fails) is fatal, as in Core's AbortNode: the node stops taking blocks
   * and asks the process to shut down.
   */
  private async guard<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.fatalError !== null) {
      throw new NodeError(
        "fatal",
        `the node stopped after a fatal error: ${errorText(this.fatalError)}`,
      );
    }
    if (this.state === "stopped") throw new NodeError("state", "the node is stopping");
    try {
      return await work();
    } catch (error: unknown) {
      if (!(error instanceof NodeError)) this.fatal(error);
      throw error;
    }
  }

  private fatal(error: unknown): void {
    if (this.fatalError !== null) return;
    this.fatalError = error;
    this.logger.error(
      { err: errorText(error) },
      "Fatal error: the node cannot go on; shutting down",
    );
    this.options.onFatal?.(error);
  }

  private async onChainEvent(event: ChainEvent): Promise<void> {
    const { mempool, wallet } = this.running();
    if (event.type === "block:connected") {
      const { block, height } = event;
      this.events.publish(event);
      mempool.removeForBlock(block.txs);
      this.feeEstimator.processBlock(height, block.txs.map(txid));
      wallet?.blockConnected(block, height);
    } else if (event.type === "block:disconnected") {
      this.events.publish(event);
      wallet?.blockDisconnected(event.block, event.height);
      this.disconnected.push(...event.block.txs.slice(1));
    } else if (event.type === "tip:changed") {
      this.events.publish({ ...event, initialDownload: this.isInitialBlockDownload() });
    } else {
      this.events.publish(event);
      // The wallet follows the chainstate to disk, so a restart after a crash rescans little;
      // its file is rewritten whole, so at most every few minutes (and always at stop).
      const now = performance.now();
      if (wallet && now - this.walletSavedAt >= WALLET_SAVE_INTERVAL_MS) {
        this.walletSavedAt = now;
        wallet.flush().catch((error: unknown) => {
          this.logger.error({ err: errorText(error) }, "Saving the wallet failed");
        });
      }
    }
    // A subscriber that fell too far behind holds block connection back (backpressure).
    await this.events.ready();
  }

  private onMempoolEvent(event: MempoolEvent): void {
    if (event.type === "tx:accepted") {
      this.feeEstimator.processTransaction({
        txid: event.entry.txid,
        fee: event.entry.fee,
        vsize: event.entry.vsize,
        height: this.running().chain.height,
      });
      this.parts?.wallet?.transactionAdded(event.entry.tx);
    } else if (event.reason !== "block") {
      this.feeEstimator.removeTx(event.entry.txid);
      this.parts?.wallet?.transactionRemoved(event.entry.txid);
    }
    this.events.publish(event as NodeEvent);
  }

  /** After a reorg, transactions of disconnected blocks go back to the mempool when still valid. */
  private readdDisconnected(): void {
    if (this.disconnected.length === 0) return;
    const txs = this.disconnected.splice(0);
    this.running().mempool.addBackFromDisconnectedBlock(txs);
  }

  /**
   * Brings the wallet to the tip from the last block it processed that is still active (Core's
   * rescan from the wallet's best block locator), with progress for long rescans.
   */
  private async rescanWallet(wallet: DevWallet, chain: ChainManager): Promise<void> {
    const from = wallet.attachChain((h) => chain.atHeight(h)?.hash);
    const blocks = chain.height - from + 1;
    if (blocks <= 0) return;
    this.logger.info({ from, to: chain.height }, "Rescanning the wallet");
    const progress =
      blocks >= 1000 ? progressReporter(this.logger, "Rescanning the wallet", blocks) : () => {};
    for (let h = from; h <= chain.height; h++) {
      wallet.blockConnected(await chain.readBlock(chain.atHeight(h)!), h);
      progress(h - from + 1);
    }
  }

  private loadMempool(): void {
    loadStateFile(join(this.dataDir, "mempool.dat"), this.logger, (bytes) => {
      const r = this.running().mempool.deserialize(bytes);
      return { accepted: r.accepted, failed: r.failed, expired: r.expired };
    });
  }

  /** Restores fee estimates from fee_estimates.dat (Core's CBlockPolicyEstimator::Read). */
  private loadFeeEstimates(): void {
    loadStateFile(join(this.dataDir, "fee_estimates.dat"), this.logger, (bytes) => {
      this.feeEstimator = FeeEstimator.deserialize(bytes, { now: () => this.now() });
      return { bestSeenHeight: this.feeEstimator.bestSeenHeight };
    });
  }

  /** Writes fee_estimates.dat atomically (hourly and at stop, as Core). */
  private saveFeeEstimates(): void {
    try {
      writeFileAtomic(join(this.dataDir, "fee_estimates.dat"), this.feeEstimator.serialize());
    } catch (error: unknown) {
      this.logger.warn({ err: errorText(error) }, "Writing fee_estimates.dat failed");
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
