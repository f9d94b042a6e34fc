// What the bitcoind-compatible RPC methods need from the running node.

import type { Block, BlockHeader, ChainParams, Coin, Reject } from "@hashforge/consensus";
import type {
  AddHeaderResult,
  BlockAccepted,
  BlockIndexEntry,
  BlockTemplate,
  ChainManager,
  DevWallet,
  FeeEstimator,
  Mempool,
} from "@hashforge/node";

/** One unspent output of the UTXO set, as {@link RpcNodeContext.coins} yields it. */
/** A consistent view of the UTXO set: the tip it belongs to and its coins. */
export interface UtxoSnapshot {
  readonly tip: BlockIndexEntry;
  readonly coins: AsyncIterable<UtxoRecord>;
}

export interface UtxoRecord {
  /** Txid of the creating transaction, internal byte order. */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly coin: Coin;
}

/**
 * The node as the RPC methods see it. Reads go straight to the node's parts (`chain`,
 * `mempool`, `fees`, `wallet`); everything that changes the chain goes through a member here so
 * the node can serialize it with block processing from peers and run its side effects.
 *
 * Contract the methods rely on:
 * - the mempool's and chain's event callbacks are wired by the node: a transaction accepted
 *   with `mempool.accept` is relayed and reaches the wallet and fee estimator; a block connected
 *   or disconnected updates the mempool, fee estimator and wallet before the promise of the
 *   member that caused it resolves;
 * - times are UNIX seconds.
 */
export interface RpcNodeContext {
  /** The network the node runs. */
  readonly params: ChainParams;
  /** The chain: tip, header tree, UTXO cache, stored blocks. Methods only read from it. */
  readonly chain: ChainManager;
  /** The mempool; sendrawtransaction/testmempoolaccept call `accept` on it directly. */
  readonly mempool: Mempool;
  readonly fees: FeeEstimator;
  /** The development wallet, or null when the node runs without one (wallet RPCs fail -18). */
  readonly wallet: DevWallet | null;

  /** The node's current time (mock time when set), UNIX seconds. */
  now(): number;
  /** Sets the mock time used by {@link now} (setmocktime); 0 returns to the system clock. */
  setMockTime(time: number): void;
  /** True while the node is in initial block download (Core's IsInitialBlockDownload). */
  isInitialBlockDownload(): boolean;
  /** Bytes used by block and undo files plus the chainstate database (getblockchaininfo). */
  sizeOnDisk(): number;

  /**
   * The undo data of a block connected at least once: for each transaction in block order the
   * coins its inputs spent (index 0, the coinbase, is empty). Null when the block has no undo
   * data (never connected). Implemented with the stored undo record of `entry.undoPos`.
   */
  readBlockUndo(entry: BlockIndexEntry): Promise<readonly (readonly Coin[])[] | null>;

  /**
   * Processes a block from submitblock/generate* exactly as one from a peer (ChainManager
   * processBlock under the node's chain lock, then relay when it became the tip). Resolves after
   * the active chain and the mempool reflect it.
   */
  submitBlock(block: Block): Promise<BlockAccepted | Reject>;
  /** Adds a header (submitheader) through the header tree with the node's clock; persisted. */
  submitHeader(header: BlockHeader): AddHeaderResult;
  /** Marks a block invalid and reorganizes away from it (invalidateblock), under the chain lock. */
  invalidateBlock(entry: BlockIndexEntry): Promise<void>;
  /** Clears a block's invalidity and re-activates the best chain (reconsiderblock). */
  reconsiderBlock(entry: BlockIndexEntry): Promise<void>;

  /**
   * A block template on the current tip with the mempool's best transactions, the coinbase
   * paying `payoutScript` (the node may cache it per tip and mempool sequence). Its
   * `templateId` is the BIP22 longpoll id.
   */
  blockTemplate(payoutScript: Uint8Array): Promise<BlockTemplate>;
  /**
   * Resolves when a template built now would differ from the one with `templateId`: the tip
   * changed at once, or the mempool changed and at least a minute passed (Core's longpoll rule).
   * Resolves immediately when `templateId` is not the current one; rejects with the signal's
   * reason when `signal` aborts.
   */
  waitForTemplateChange(templateId: string, signal: AbortSignal): Promise<void>;

  /**
   * The UTXO set as of one tip (gettxoutsetinfo), in the coins database's order: txid bytes,
   * then output index (hash_serialized_3 depends on it). Blocks connected while the caller
   * iterates do not change what it yields.
   */
  utxoSnapshot(): Promise<UtxoSnapshot>;
  /** Bytes the UTXO set takes on disk (gettxoutsetinfo's `disk_size`; an estimate, as Core's). */
  chainstateDiskSize(): number;
  /**
   * Checks the last `nblocks` blocks of the active chain (0 = all) at `level` 0..4 (Core's
   * CVerifyDB): read, context-free checks, undo data, disconnect/reconnect in a scratch view.
   */
  verifyChain(level: number, nblocks: number): Promise<boolean>;
  /** Writes mempool.dat atomically and returns its full path (savemempool). */
  saveMempool(): Promise<string>;
}
