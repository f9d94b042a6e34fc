// Follows the chain and mempool for the wallet: its transactions, coins, spends and depths.
import {
  type Block,
  blockHash,
  COINBASE_MATURITY,
  txid as computeTxid,
  decodeTx,
  encodeTx,
  hashToHex,
  isCoinbase,
  outpointKey,
  type Transaction,
  type TxOut,
} from "@hashforge/consensus";
import { BlockLocator, type LocatorEntry } from "./block-locator.js";
import type { WalletKey } from "./keychain.js";
import { WalletError } from "./wallet-error.js";

/** How the tracker recognises wallet scripts; {@link KeyPool} implements it. */
export interface ScriptResolver {
  /** The wallet key paying to `scriptPubKey`, if any. */
  keyForScript(scriptPubKey: Uint8Array): WalletKey | undefined;
  /** Records that `key` received a payment (extends the look-ahead window). */
  markUsed(key: WalletKey): boolean;
}

/** Where a wallet transaction is: in a block of the active chain, or in the mempool. */
export type WalletTxState =
  | { readonly kind: "confirmed"; readonly height: number; readonly blockHash: string }
  | { readonly kind: "mempool" };

/** A transaction that pays the wallet or spends its coins. */
export interface WalletTx {
  readonly tx: Transaction;
  /** Txid, internal byte order. */
  readonly txid: Uint8Array;
  readonly coinbase: boolean;
  readonly state: WalletTxState;
}

/** A confirmed wallet transaction as the wallet file keeps it. */
export interface ConfirmedWalletTx {
  /** The transaction serialized with its witnesses. */
  readonly raw: Uint8Array;
  /** Height of the block holding it. */
  readonly height: number;
  /** Hash (display hex) of the block holding it. */
  readonly blockHash: string;
}

/**
 * The part of the tracker's state the wallet file keeps: where the wallet is on the chain and
 * the confirmed transactions that got it there. Mempool transactions are left out: the node
 * reports them again when it reloads its mempool.
 */
export interface TrackerSnapshot {
  /** The last processed block first, then ancestors of it (see {@link BlockLocator}). */
  readonly locator: readonly LocatorEntry[];
  /** Every confirmed wallet transaction, each at a height no greater than the last block's. */
  readonly transactions: readonly ConfirmedWalletTx[];
}

/** An output paying a wallet script, with its chain context. */
export interface WalletCoin {
  /** Txid of the creating transaction, internal byte order. */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
  /** The wallet key it pays to. */
  readonly key: WalletKey;
  /** True for a coinbase output (subject to maturity). */
  readonly coinbase: boolean;
  /** Height of the block holding it, null while in the mempool. */
  readonly height: number | null;
  /** Blocks on top of it, its own included; 0 in the mempool. */
  readonly confirmations: number;
  /**
   * Core's "trusted": confirmed, or in the mempool and spending only trusted wallet coins
   * (our own unconfirmed change). Untrusted coins are pending payments from others.
   */
  readonly trusted: boolean;
  /** A coinbase output with too few confirmations to spend (see {@link isImmature}). */
  readonly immature: boolean;
  /** Txid (display hex) of the wallet transaction spending it, null when unspent. */
  readonly spentBy: string | null;
}

/**
 * True when a coinbase output at `confirmations` may not be spent yet. Like Core's wallet
 * (GetTxBlocksToMaturity), it waits for COINBASE_MATURITY + 1 confirmations, one more than
 * consensus strictly needs (a block at depth 100 may be spent by the next block), which is why
 * regtest needs 101 blocks before the first reward shows as spendable.
 */
export function isImmature(coinbase: boolean, confirmations: number): boolean {
  return coinbase && confirmations < COINBASE_MATURITY + 1;
}

interface CoinEntry {
  readonly txKey: string;
  readonly vout: number;
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
  readonly key: WalletKey;
}

interface TxEntry {
  /**
   * The transaction serialized with its witnesses. Decoded objects cost about 1 KB per
   * transaction (a dozen small arrays), and a mining wallet keeps one per block it was paid by.
   */
  readonly raw: Uint8Array;
  readonly txid: Uint8Array;
  readonly coinbase: boolean;
  readonly outputCount: number;
  state: WalletTxState;
}

/**
 * The wallet's view of the chain, rebuilt from the calls a node makes: blocks connected and
 * disconnected, transactions entering and leaving the mempool. It keeps only transactions that
 * pay a wallet script or spend a wallet coin. Pure state: no I/O, no clock.
 *
 * Reorgs: a disconnected block's coinbase is dropped with everything spending it; its other
 * transactions return to the unconfirmed (mempool) state, as Core moves them back to the
 * mempool. The node must call {@link transactionRemoved} for any it does not take back.
 * A confirmed or newly accepted transaction spending a coin that a mempool transaction spends
 * evicts that transaction (a conflict or replacement) with its descendants.
 */
export class CoinTracker {
  readonly #resolver: ScriptResolver;
  readonly #txs = new Map<string, TxEntry>();
  readonly #coins = new Map<string, CoinEntry>();
  /** Outpoint key of a wallet coin to the txid key of the wallet transaction spending it. */
  readonly #spentBy = new Map<string, string>();
  #locator = new BlockLocator();

  constructor(resolver: ScriptResolver) {
    this.#resolver = resolver;
  }

  /** Height of the last processed block (-1 before any). */
  get tipHeight(): number {
    return this.#locator.tip?.height ?? -1;
  }

  /** The last processed block (a copy), or null before any. */
  get lastBlock(): LocatorEntry | null {
    const tip = this.#locator.tip;
    return tip === null ? null : { hash: tip.hash.slice(), height: tip.height };
  }

  /** Forgets every transaction, coin and block, before a rescan. */
  reset(): void {
    this.#txs.clear();
    this.#coins.clear();
    this.#spentBy.clear();
    this.#locator.clear();
  }

  /**
   * The state to persist: the locator and every confirmed wallet transaction. Taken between two
   * calls of the node, it describes exactly the blocks up to the last processed one.
   */
  snapshot(): TrackerSnapshot {
    const transactions: ConfirmedWalletTx[] = [];
    for (const entry of this.#txs.values()) {
      if (entry.state.kind !== "confirmed") continue;
      transactions.push({
        raw: entry.raw,
        height: entry.state.height,
        blockHash: entry.state.blockHash,
      });
    }
    return { locator: this.#locator.entries(), transactions };
  }

  /**
   * Replaces the state with a {@link snapshot} read back from the wallet file. Coins are
   * recognised again through the resolver (the persisted indexes cover every key that was
   * paid) and spends are linked in a second pass, so the order of the transactions does not
   * matter. Throws `corrupt-wallet-file` for a snapshot no valid chain produces: a transaction
   * that does not decode, one listed twice or above the last block, or two transactions
   * spending the same coin.
   */
  restore(snapshot: TrackerSnapshot): void {
    this.reset();
    const tip = snapshot.locator[0];
    if (tip === undefined && snapshot.transactions.length > 0) {
      throw new WalletError("corrupt-wallet-file", "transactions without a last block");
    }
    const spends: { key: string; outpoints: string[] }[] = [];
    for (const item of snapshot.transactions) {
      if (item.height > tip!.height) {
        throw new WalletError("corrupt-wallet-file", "a transaction above the last block");
      }
      let tx: Transaction;
      try {
        tx = decodeTx(item.raw);
      } catch (e) {
        throw new WalletError("corrupt-wallet-file", "a transaction does not decode", {
          cause: e,
        });
      }
      const id = computeTxid(tx);
      const key = hashToHex(id);
      if (this.#txs.has(key)) {
        throw new WalletError("corrupt-wallet-file", `transaction ${key} listed twice`);
      }
      const coinbase = isCoinbase(tx);
      this.#txs.set(key, {
        raw: item.raw,
        txid: id,
        coinbase,
        outputCount: tx.outputs.length,
        state: { kind: "confirmed", height: item.height, blockHash: item.blockHash },
      });
      tx.outputs.forEach((out, vout) => {
        const walletKey = this.#resolver.keyForScript(out.scriptPubKey);
        if (walletKey !== undefined) this.#addCoin(key, id, vout, out, walletKey);
      });
      if (!coinbase) {
        const outpoints = tx.inputs.map((i) => outpointKey(i.prevout.txid, i.prevout.vout));
        spends.push({ key, outpoints });
      }
    }
    for (const { key, outpoints } of spends) {
      for (const op of outpoints) {
        if (!this.#coins.has(op)) continue;
        if (this.#spentBy.has(op)) {
          throw new WalletError("corrupt-wallet-file", "two transactions spend the same coin");
        }
        this.#spentBy.set(op, key);
      }
    }
    this.#locator = new BlockLocator(snapshot.locator);
  }

  /**
   * Lines the wallet up with the node's active chain at start and returns the first height the
   * node must feed to {@link blockConnected}. The highest locator block for which
   * `isActive(entry)` holds becomes the last processed block; every transaction confirmed above
   * it is dropped with its descendants (not moved to the mempool: at start the node has not
   * reported its mempool yet, and the blocks above are no longer, or not yet, on its chain).
   * With no such block, everything is forgotten and the answer is 1.
   */
  attachChain(isActive: (entry: LocatorEntry) => boolean): number {
    const common = this.#locator.findCommon(isActive);
    if (common === null) {
      this.reset();
      return 1;
    }
    this.#forgetAbove(common.height);
    return common.height + 1;
  }

  /** Drops every transaction confirmed above `height` with its descendants, and those blocks. */
  #forgetAbove(height: number): void {
    const stale: string[] = [];
    for (const [key, tx] of this.#txs) {
      if (tx.state.kind === "confirmed" && tx.state.height > height) stale.push(key);
    }
    for (const key of stale) this.#remove(key);
    this.#locator.truncate(height);
  }

  /**
   * Applies a block that became part of the active chain at `height`: records wallet outputs
   * and spends, confirms wallet transactions it contains and evicts mempool conflicts. A block
   * at or below the last processed height (the node replaying the chain instead of using
   * {@link attachChain}) replaces what the wallet had from that height up, as
   * {@link attachChain} would: the chain is then rescanned, never counted twice.
   */
  blockConnected(block: Block, height: number): void {
    if (height <= this.tipHeight) this.#forgetAbove(height - 1);
    const hash = blockHash(block.header);
    const hashHex = hashToHex(hash);
    for (const tx of block.txs) {
      this.#apply(tx, { kind: "confirmed", height, blockHash: hashHex });
    }
    this.#locator.connect(hash, height);
  }

  /**
   * Reverts the block at `height` (the current tip): its coinbase and dependants are dropped;
   * its other wallet transactions become unconfirmed again; its parent becomes the last block.
   */
  blockDisconnected(block: Block, height: number): void {
    for (let i = block.txs.length - 1; i >= 0; i--) {
      const key = hashToHex(computeTxid(block.txs[i]!));
      const entry = this.#txs.get(key);
      if (entry === undefined || entry.state.kind !== "confirmed") continue;
      if (entry.coinbase) this.#remove(key);
      else entry.state = { kind: "mempool" };
    }
    this.#locator.disconnect(block.header.prevBlock, height);
  }

  /** Records a transaction accepted to the mempool when it touches the wallet. */
  transactionAdded(tx: Transaction): void {
    this.#apply(tx, { kind: "mempool" });
  }

  /**
   * Drops a transaction that left the mempool without being mined (evicted, replaced,
   * expired, conflicted) with its wallet descendants. A confirmed one is kept: it left
   * because it was mined.
   */
  transactionRemoved(txid: Uint8Array): void {
    const key = hashToHex(txid);
    if (this.#txs.get(key)?.state.kind === "mempool") this.#remove(key);
  }

  #apply(tx: Transaction, state: WalletTxState): void {
    const id = computeTxid(tx);
    const key = hashToHex(id);
    const known = this.#txs.get(key);
    if (known !== undefined) {
      // Mined after being seen in the mempool: same transaction, new state.
      if (state.kind === "confirmed") known.state = state;
      return;
    }
    const coinbase = isCoinbase(tx);
    let relevant = false;
    if (!coinbase) {
      for (const input of tx.inputs) {
        const op = outpointKey(input.prevout.txid, input.prevout.vout);
        if (!this.#coins.has(op)) continue;
        relevant = true;
        const other = this.#spentBy.get(op);
        if (other === undefined) continue;
        // A confirmed double spend cannot happen on a valid chain; a new one loses to it.
        if (this.#txs.get(other)?.state.kind === "confirmed") return;
        this.#remove(other);
      }
    }
    const paid: { vout: number; key: WalletKey }[] = [];
    tx.outputs.forEach((out, vout) => {
      const walletKey = this.#resolver.keyForScript(out.scriptPubKey);
      if (walletKey !== undefined) paid.push({ vout, key: walletKey });
    });
    if (!relevant && paid.length === 0) return;

    this.#txs.set(key, {
      raw: encodeTx(tx).slice(),
      txid: id,
      coinbase,
      outputCount: tx.outputs.length,
      state,
    });
    if (!coinbase) {
      for (const input of tx.inputs) {
        const op = outpointKey(input.prevout.txid, input.prevout.vout);
        if (this.#coins.has(op)) this.#spentBy.set(op, key);
      }
    }
    for (const { vout, key: walletKey } of paid) {
      this.#addCoin(key, id, vout, tx.outputs[vout]!, walletKey);
    }
  }

  /** Records output `vout` of transaction `txKey` as a coin paying the wallet's `walletKey`. */
  #addCoin(txKey: string, id: Uint8Array, vout: number, out: TxOut, walletKey: WalletKey): void {
    this.#coins.set(outpointKey(id, vout), {
      txKey,
      vout,
      value: out.value,
      scriptPubKey: out.scriptPubKey,
      key: walletKey,
    });
    this.#resolver.markUsed(walletKey);
  }

  /** Removes a wallet transaction, its descendants first, its coins and its spends. */
  #remove(key: string): void {
    const entry = this.#txs.get(key);
    if (entry === undefined) return;
    this.#txs.delete(key);
    for (let vout = 0; vout < entry.outputCount; vout++) {
      const op = outpointKey(entry.txid, vout);
      const child = this.#spentBy.get(op);
      if (child !== undefined) this.#remove(child);
      this.#spentBy.delete(op);
      this.#coins.delete(op);
    }
    if (entry.coinbase) return;
    for (const input of decodeTx(entry.raw).inputs) {
      const op = outpointKey(input.prevout.txid, input.prevout.vout);
      if (this.#spentBy.get(op) === key) this.#spentBy.delete(op);
    }
  }

  #confirmations(entry: TxEntry): number {
    return entry.state.kind === "confirmed" ? this.tipHeight - entry.state.height + 1 : 0;
  }

  /** Core's CachedTxIsTrusted: confirmed, or unconfirmed and spending only trusted coins of ours. */
  #trusted(entry: TxEntry, seen: Set<string> = new Set()): boolean {
    if (entry.state.kind === "confirmed") return true;
    if (entry.coinbase) return false;
    for (const input of decodeTx(entry.raw).inputs) {
      const coin = this.#coins.get(outpointKey(input.prevout.txid, input.prevout.vout));
      if (coin === undefined) return false;
      const parent = this.#txs.get(coin.txKey);
      if (parent === undefined || seen.has(coin.txKey)) return false;
      seen.add(coin.txKey);
      if (!this.#trusted(parent, seen)) return false;
    }
    return true;
  }

  #view(op: string, coin: CoinEntry): WalletCoin {
    const entry = this.#txs.get(coin.txKey)!;
    const confirmations = this.#confirmations(entry);
    return {
      txid: entry.txid,
      vout: coin.vout,
      value: coin.value,
      scriptPubKey: coin.scriptPubKey,
      key: coin.key,
      coinbase: entry.coinbase,
      height: entry.state.kind === "confirmed" ? entry.state.height : null,
      confirmations,
      trusted: this.#trusted(entry),
      immature: isImmature(entry.coinbase, confirmations),
      spentBy: this.#spentBy.get(op) ?? null,
    };
  }

  /** Every wallet coin (spent or not) with its current depth, trust and spend state. */
  coins(): WalletCoin[] {
    const out: WalletCoin[] = [];
    for (const [op, coin] of this.#coins) out.push(this.#view(op, coin));
    return out;
  }

  /** The wallet coin at an outpoint (spent or not), if tracked. */
  coin(txid: Uint8Array, vout: number): WalletCoin | undefined {
    const op = outpointKey(txid, vout);
    const coin = this.#coins.get(op);
    return coin === undefined ? undefined : this.#view(op, coin);
  }

  /** A wallet transaction by txid (internal byte order), if tracked. */
  transaction(txid: Uint8Array): WalletTx | undefined {
    const entry = this.#txs.get(hashToHex(txid));
    if (entry === undefined) return undefined;
    const { txid: id, coinbase, state } = entry;
    return { tx: decodeTx(entry.raw), txid: id, coinbase, state };
  }

  /** Number of wallet transactions tracked. */
  get transactionCount(): number {
    return this.#txs.size;
  }
}
