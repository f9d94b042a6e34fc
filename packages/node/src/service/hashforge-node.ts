import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import {
  type Block,
  type ChainParams,
  defaultSignatureBackend,
  type Reject,
  type SignatureBackend,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { ChainEvent } from "../chain/chain-events.js";
import type { BlockAccepted, ChainLogger } from "../chain/chain-manager.js";
import { ChainManager } from "../chain/chain-manager.js";
import { FeeEstimator } from "../fees/fee-estimator.js";
import { progressReporter } from "../logging/progress.js";
import { Mempool } from "../mempool/mempool.js";
import type { MempoolEvent } from "../mempool/mempool-events.js";
import { assembleBlockTemplate } from "../mining/assemble-block-template.js";
import type { BlockTemplate } from "../mining/block-template.js";
import { mempoolCandidates, templateTip } from "../mining/template-inputs.js";
import { ScriptCheckPool } from "../script-check/script-check-pool.js";
import { LevelStore } from "../store/level-store.js";
import { DevWallet } from "../wallet/dev-wallet.js";
import { WalletFileStore } from "../wallet/wallet-file-store.js";
import { chainMempoolView } from "./chain-mempool-view.js";
import { type NodeEvent, NodeEventBus } from "./node-events.js";
import { importReindexedBlocks, prepareReindex, reindexDir } from "./reindex.js";

/** Options of {@link HashforgeNode.start}. */
export interface NodeOptions {
  readonly params: ChainParams;
  /** The network's data directory (blocks/, chainstate/, mempool.dat, wallet.json). */
  readonly dataDir: string;
  readonly logger: ChainLogger;
  /** UNIX seconds; tests and setmocktime inject their own clock. */
  readonly now?: () => number;
  readonly backend?: SignatureBackend;
  /** UTXO cache size in bytes (-dbcache). */
  readonly dbcacheBytes?: number;
  /** Open the development wallet (regtest, demo and custom networks only). */
  readonly wallet?: boolean;
  /** Seconds between chainstate flushes. */
  readonly flushIntervalSeconds?: number;
  /**
   * Threads verifying block scripts, this one included (Core's -par); above 1 the others are
   * worker threads. Default 1.
   */
  readonly scriptThreads?: number;
  /**
   * Rebuild the block index and UTXO set from the block files (Core's -reindex). An interrupted
   * reindex resumes on the next start whether or not this is set.
   */
  readonly reindex?: boolean;
}

/**
 * A running hashforge node: the chain, its mempool, fee estimation and the optional dev
 * wallet, wired together through typed events (ARCHITECTURE.md, data flow): connected blocks
 * leave the mempool and reach the wallet and the fee estimator; disconnected blocks' transactions
 * return to the mempool after a reorg. Start with {@link HashforgeNode.start}; `stop()` flushes.
 */
export class HashforgeNode {
  readonly events: NodeEventBus;
  readonly fees = new FeeEstimator();
  private readonly disconnected: Transaction[] = [];
  private stopped = false;

  private constructor(
    readonly params: ChainParams,
    readonly dataDir: string,
    readonly chain: ChainManager,
    readonly mempool: Mempool,
    readonly wallet: DevWallet | null,
    readonly store: LevelStore,
    private readonly scriptChecks: ScriptCheckPool | null,
    events: NodeEventBus,
    private readonly logger: ChainLogger,
  ) {
    this.events = events;
  }

  /** Opens every store under `dataDir` and starts the node. */
  static async start(options: NodeOptions): Promise<HashforgeNode> {
    const backend = options.backend ?? defaultSignatureBackend();
    const scriptThreads = options.scriptThreads ?? 1;
    const scriptChecks =
      scriptThreads > 1
        ? await ScriptCheckPool.start({
            threads: scriptThreads - 1,
            backend,
            logger: options.logger,
          })
        : null;
    try {
      return await HashforgeNode.open(options, backend, scriptChecks);
    } catch (error) {
      await scriptChecks?.close();
      throw error;
    }
  }

  private static async open(
    options: NodeOptions,
    backend: SignatureBackend,
    scriptChecks: ScriptCheckPool | null,
  ): Promise<HashforgeNode> {
    const { params, dataDir, logger } = options;
    const now = options.now ?? (() => Math.floor(Date.now() / 1000));
    mkdirSync(dataDir, { recursive: true });
    if (options.reindex || existsSync(reindexDir(dataDir))) prepareReindex(dataDir);
    const events = new NodeEventBus((error, event) => {
      logger.error({ err: error, event: event.type }, "Event listener failed");
    });
    const forward: { node: HashforgeNode | null } = { node: null };
    const store = await LevelStore.open({ path: join(dataDir, "chainstate") });
    const chain = await ChainManager.open({
      params,
      store,
      blocksDir: join(dataDir, "blocks"),
      backend,
      now,
      logger,
      ...(options.dbcacheBytes === undefined ? {} : { dbcacheBytes: options.dbcacheBytes }),
      ...(options.flushIntervalSeconds === undefined
        ? {}
        : { flushIntervalSeconds: options.flushIntervalSeconds }),
      onEvent: (event) => forward.node?.onChainEvent(event),
      ...(scriptChecks === null ? {} : { scriptChecks }),
    });
    if (existsSync(reindexDir(dataDir))) {
      await importReindexedBlocks(dataDir, params, chain, logger);
    }
    const mempool = new Mempool({
      chain: chainMempoolView(chain),
      backend,
      now: () => now() * 1000,
      logger,
      onEvent: (event) => forward.node?.onMempoolEvent(event),
    });
    const wallet = options.wallet
      ? await DevWallet.open({
          params,
          store: new WalletFileStore(join(dataDir, "wallet.json")),
          randomBytes: (n) => new Uint8Array(randomBytes(n)),
          now: () => now() * 1000,
          logger,
          backend,
          // Key derivation is pure TypeScript: a smaller look-ahead keeps start-up quick.
          lookahead: 200,
        })
      : null;
    const node = new HashforgeNode(
      params,
      dataDir,
      chain,
      mempool,
      wallet,
      store,
      scriptChecks,
      events,
      logger,
    );
    if (wallet) {
      // Long rescans (a chain of thousands of blocks) show their progress.
      const progress =
        chain.height >= 1000
          ? progressReporter(logger, "Rescanning the wallet", chain.height)
          : () => {};
      for (let h = 1; h <= chain.height; h++) {
        wallet.blockConnected(await chain.readBlock(chain.atHeight(h)!), h);
        progress(h);
      }
    }
    // Events from here on (the reloaded mempool included) reach the wallet and fee estimator.
    forward.node = node;
    node.loadMempool();
    logger.info(
      {
        network: params.name,
        height: chain.height,
        tip: chain.tip.hashHex,
        scriptThreads: 1 + (scriptChecks?.threads ?? 0),
      },
      "Node started",
    );
    return node;
  }

  /**
   * Accepts a block (mined, submitted over RPC, later from peers), returning the chain's answer.
   */
  async submitBlock(block: Block): Promise<BlockAccepted | Reject> {
    const result = await this.chain.processBlock(block);
    this.readdDisconnected();
    return result;
  }

  /** invalidateblock: moves the chain off the block; its transactions return to the mempool. */
  async invalidateBlock(entry: Parameters<ChainManager["invalidateBlock"]>[0]): Promise<void> {
    await this.chain.invalidateBlock(entry);
    this.readdDisconnected();
  }

  /** reconsiderblock: clears invalidity and re-activates the best chain. */
  async reconsiderBlock(entry: Parameters<ChainManager["reconsiderBlock"]>[0]): Promise<void> {
    await this.chain.reconsiderBlock(entry);
    this.readdDisconnected();
  }

  /** A block template on the current tip from the mempool, paying `payoutScript`. */
  blockTemplate(payoutScript: Uint8Array, now: number): BlockTemplate {
    return assembleBlockTemplate({
      tip: templateTip(this.chain.tip, this.params),
      params: this.params,
      candidates: mempoolCandidates(this.mempool),
      payoutScript,
      mempoolSequence: this.mempool.sequence,
      now,
    });
  }

  /** Flushes the chain, saves the mempool and the wallet, and closes the stores. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.saveMempool();
    await this.wallet?.flush();
    await this.chain.close();
    await this.store.close();
    await this.scriptChecks?.close();
    this.logger.info({ height: this.chain.height }, "Node stopped");
  }

  /** Writes mempool.dat atomically (temp file, fsync, rename); returns its path. */
  saveMempool(): string {
    const path = join(this.dataDir, "mempool.dat");
    const fd = openSync(`${path}.new`, "w");
    try {
      writeSync(fd, this.mempool.serialize());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${path}.new`, path);
    return path;
  }

  private loadMempool(): void {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(join(this.dataDir, "mempool.dat")));
    } catch {
      return;
    }
    try {
      const r = this.mempool.deserialize(bytes);
      this.logger.info(
        { accepted: r.accepted, failed: r.failed, expired: r.expired },
        "Loaded mempool.dat",
      );
    } catch (error: unknown) {
      this.logger.warn({ err: error }, "Ignoring unreadable mempool.dat");
    }
  }

  private onChainEvent(event: ChainEvent): void {
    if (event.type === "block:connected") {
      const { block, entry } = event;
      this.mempool.removeForBlock(block.txs);
      this.fees.processBlock(entry.height, block.txs.map(txid));
      this.wallet?.blockConnected(block, entry.height);
    } else if (event.type === "block:disconnected") {
      this.wallet?.blockDisconnected(event.block, event.entry.height);
      this.disconnected.push(...event.block.txs.slice(1));
    }
    this.events.publish(event);
  }

  private onMempoolEvent(event: MempoolEvent): void {
    if (event.type === "tx:accepted") {
      this.fees.processTransaction({
        txid: event.entry.txid,
        fee: event.entry.fee,
        vsize: event.entry.vsize,
        height: this.chain.height,
      });
      this.wallet?.transactionAdded(event.entry.tx);
    } else if (event.reason !== "block") {
      this.fees.removeTx(event.entry.txid);
      this.wallet?.transactionRemoved(event.entry.txid);
    }
    this.events.publish(event as NodeEvent);
  }

  /** After a reorg, transactions of disconnected blocks go back to the mempool when still valid. */
  private readdDisconnected(): void {
    if (this.disconnected.length === 0) return;
    const txs = this.disconnected.splice(0);
    this.mempool.addBackFromDisconnectedBlock(txs);
  }
}
