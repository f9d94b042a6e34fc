// The development wallet: keys, addresses, coins, balances, funding and signing behind one API.
import {
  AddressError,
  type Block,
  bytesEqual,
  type ChainParams,
  txid as computeTxid,
  decodeAddress,
  defaultSignatureBackend,
  hashToHex,
  type SignatureBackend,
  scriptForDestination,
  type Transaction,
  type TxOut,
} from "@hashforge/consensus";
import type { LocatorEntry } from "./block-locator.js";
import { CoinTracker, type WalletCoin } from "./coin-tracker.js";
import { type FundedTransaction, type FundingCoin, fundTransaction } from "./fund-transaction.js";
import { DEFAULT_LOOKAHEAD, EMPTY_INDEXES, KeyPool } from "./key-pool.js";
import {
  coinTypeFor,
  Keychain,
  WALLET_ADDRESS_TYPES,
  type WalletAddressType,
  type WalletKey,
} from "./keychain.js";
import { type SignTransactionResult, signTransaction } from "./sign-transaction.js";
import { feeRateFromSatPerVb } from "./size-estimate.js";
import {
  MAX_LABEL_LENGTH,
  parseWalletDocument,
  serializeWalletDocument,
  type WalletDocument,
} from "./wallet-document.js";
import { WalletError } from "./wallet-error.js";
import type { WalletStore } from "./wallet-file-store.js";
import type {
  FundOptions,
  PrevoutInfo,
  Recipient,
  SendOptions,
  SendResult,
  UnspentOutput,
  WalletBalances,
} from "./wallet-rpc-types.js";
import { WalletSaver } from "./wallet-saver.js";

/** A pino-compatible logger: structured object first, then the message. */
export interface WalletLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Seed length of new wallets: 32 bytes (256 bits), the BIP32 maximum strength in common use. */
export const SEED_LENGTH = 32;

/** The fee rate used when a call names none, in sat/vB (Core's regtest fallbackfee is 20). */
export const DEFAULT_FEE_RATE_SAT_VB = 1;

/** Core's listunspent default maxconf. */
export const DEFAULT_MAXCONF = 9_999_999;

/** Construction options of {@link DevWallet}. */
export interface DevWalletOptions {
  /** The network the node runs; a wallet file of another network is refused. */
  readonly params: ChainParams;
  /** Where the wallet file lives, normally a WalletFileStore in the datadir. */
  readonly store: WalletStore;
  /** Cryptographic randomness: the seed of a new wallet and BIP340 aux randomness. */
  readonly randomBytes: (length: number) => Uint8Array;
  /** Current time in milliseconds since the epoch (stamped on new wallets). */
  readonly now: () => number;
  readonly logger: WalletLogger;
  /** Curve backend for the taproot tweak and signature verification; default: fastest. */
  readonly backend?: SignatureBackend;
  /** Scripts derived past the last used index per branch; default 1000 (Core's keypool). */
  readonly lookahead?: number;
  /** Fee rate in sat/vB when a call gives none; default {@link DEFAULT_FEE_RATE_SAT_VB}. */
  readonly defaultFeeRate?: number;
  /** Permit mainnet (coin type 0). Off by default: the seed is stored unencrypted. */
  readonly allowMainnet?: boolean;
}

function checkLabel(label: string): void {
  if (label === "*" || label.length > MAX_LABEL_LENGTH) {
    throw new WalletError("invalid-parameter", "Invalid label name");
  }
}

function checkAddressType(type: string): asserts type is WalletAddressType {
  if (!(WALLET_ADDRESS_TYPES as readonly string[]).includes(type)) {
    throw new WalletError("invalid-parameter", `Unknown address type '${type}'`);
  }
}

/**
 * A DEVELOPMENT wallet for regtest, the demo network and custom chains. Its seed is stored
 * UNENCRYPTED in the wallet file; it refuses mainnet unless told otherwise. Keys are BIP84
 * (P2WPKH, "bech32") and BIP86 (P2TR, "bech32m"); coins are followed through the node's
 * calls ({@link blockConnected}, {@link blockDisconnected}, {@link transactionAdded},
 * {@link transactionRemoved}); the confirmed ones are saved with the last processed block, so
 * a start resumes from there ({@link attachChain}). Spending methods build and sign; the
 * caller submits the result to the mempool, whose acceptance the node reports back through
 * {@link transactionAdded}.
 */
export class DevWallet {
  readonly #params: ChainParams;
  readonly #randomBytes: (length: number) => Uint8Array;
  readonly #logger: WalletLogger;
  readonly #backend: SignatureBackend;
  readonly #defaultFeeRate: number;
  readonly #seed: Uint8Array;
  readonly #createdAt: number;
  readonly #keychain: Keychain;
  readonly #pool: KeyPool;
  readonly #tracker: CoinTracker;
  readonly #labels: Record<string, string>;
  readonly #saver: WalletSaver;

  private constructor(options: DevWalletOptions, doc: WalletDocument, backend: SignatureBackend) {
    this.#params = options.params;
    this.#randomBytes = options.randomBytes;
    this.#logger = options.logger;
    this.#backend = backend;
    this.#defaultFeeRate = options.defaultFeeRate ?? DEFAULT_FEE_RATE_SAT_VB;
    this.#seed = doc.seed;
    this.#createdAt = doc.createdAt;
    this.#labels = { ...doc.labels };
    this.#keychain = new Keychain(doc.seed, options.params, backend);
    this.#pool = new KeyPool(
      this.#keychain,
      doc.nextIndexes,
      options.lookahead ?? DEFAULT_LOOKAHEAD,
    );
    this.#saver = new WalletSaver(
      options.store,
      () => this.#serialize(),
      (e: unknown) => {
        this.#logger.error(
          { err: e instanceof WalletError ? e.details : String(e) },
          "could not save the wallet file",
        );
      },
    );
    this.#tracker = new CoinTracker({
      keyForScript: (spk) => this.#pool.keyForScript(spk),
      markUsed: (key) => {
        const moved = this.#pool.markUsed(key);
        if (moved) this.#saver.saveInBackground();
        return moved;
      },
    });
    if (doc.chain !== null) this.#tracker.restore(doc.chain);
  }

  /**
   * Opens the wallet in `options.store`, creating it with a fresh random seed when the store
   * is empty. Throws {@link WalletError}: `wrong-network` for a file of another network,
   * `corrupt-wallet-file`, `unsupported-wallet-version`, `wallet-file-io`, and
   * `network-not-allowed` on mainnet without `allowMainnet`.
   */
  static async open(options: DevWalletOptions): Promise<DevWallet> {
    const { params, store, logger } = options;
    if (coinTypeFor(params) === 0 && options.allowMainnet !== true) {
      throw new WalletError("network-not-allowed", params.name);
    }
    const backend = options.backend ?? defaultSignatureBackend();
    const text = await store.read();
    let doc: WalletDocument;
    const created = text === null;
    if (text === null) {
      const seed = options.randomBytes(SEED_LENGTH);
      if (seed.length !== SEED_LENGTH) throw new RangeError("randomBytes returned a short seed");
      doc = {
        network: params.name,
        genesisHash: params.genesisHash,
        seed,
        createdAt: Math.floor(options.now() / 1000),
        nextIndexes: EMPTY_INDEXES,
        labels: {},
        chain: null,
      };
      await store.write(serializeWalletDocument(doc));
    } else {
      doc = parseWalletDocument(text, params);
    }
    const wallet = new DevWallet(options, doc, backend);
    logger.info(
      {
        network: params.name,
        created,
        nextIndexes: doc.nextIndexes,
        lastBlockHeight: wallet.tipHeight,
        transactions: doc.chain?.transactions.length ?? 0,
      },
      "development wallet opened (keys are stored UNENCRYPTED; for test networks only)",
    );
    return wallet;
  }

  /** The network name the wallet belongs to. */
  get network(): string {
    return this.#params.name;
  }

  /** Height of the last block the wallet has processed (-1 before any). */
  get tipHeight(): number {
    return this.#tracker.tipHeight;
  }

  // --- Following the chain -----------------------------------------------------------------

  /**
   * The last block the wallet processed (Core's `m_last_block_processed`): its hash in internal
   * byte order and its height, or null when it has processed none (a new wallet, or a file
   * written before the wallet kept it). Restored from the wallet file on open, together with
   * the coins it describes.
   */
  lastProcessedBlock(): LocatorEntry | null {
    return this.#tracker.lastBlock;
  }

  /**
   * Lines the wallet up with the node's active chain at start (Core's CWallet::AttachChain) and
   * returns the first height the node must feed. The contract:
   *
   * 1. Call it once, right after {@link open} and before any other chain or mempool call (so
   *    before the node reloads its mempool). `activeHashAt(height)` returns the hash (internal
   *    byte order) of the node's active-chain block at `height`, or undefined above the tip,
   *    e.g. `(h) => chain.atHeight(h)?.hash`.
   * 2. Then call {@link blockConnected} for every height from the returned one up to the tip, in
   *    order, with the active chain's blocks; then follow the chain's events as usual.
   *
   * When the wallet's last processed block is still on the active chain the answer is its
   * height + 1: nothing is scanned twice. When it is not (reorged out while the node was down,
   * or ahead of the node's chain after a crash that lost blocks the wallet had seen), the
   * wallet looks through its locator for the highest ancestor still on the active chain,
   * forgets everything confirmed above it (stale coinbases and payments alike; a spend of its
   * coins there is undone), and answers that height + 1. The locator holds the last 11 blocks
   * one by one, then thins out (see BlockLocator): a fork up to 10 blocks deep is resumed from
   * exactly the fork, a deeper one d blocks down from less than 4d below the last block. The
   * node reads no stale block and calls no {@link blockDisconnected} for them: the wallet
   * knows the height of each of its transactions. With no common block, or when the wallet has
   * processed nothing, all coins are forgotten and the answer is 1. The new position is saved
   * by the next {@link flush}.
   */
  attachChain(activeHashAt: (height: number) => Uint8Array | undefined): number {
    const before = this.#tracker.tipHeight;
    const start = this.#tracker.attachChain((entry) => {
      const active = activeHashAt(entry.height);
      return active !== undefined && bytesEqual(active, entry.hash);
    });
    const rewound = before >= 0 && start !== before + 1;
    if (rewound) this.#saver.touch();
    this.#logger.info(
      { lastBlockHeight: before, resumeHeight: start },
      rewound
        ? "wallet's last block is not on the active chain; rescanning from a common ancestor"
        : "wallet attached to the active chain",
    );
    return start;
  }

  /**
   * The node calls this after `block` joins the active chain at `height`, in chain order; the
   * block becomes the wallet's last processed block.
   */
  blockConnected(block: Block, height: number): void {
    const tip = this.#tracker.tipHeight;
    // An empty wallet starts at block 1: the genesis coinbase is unspendable and never fed.
    const next = tip < 0 ? 1 : tip + 1;
    if (height !== next) {
      // Not the contract (attachChain, then chain order): say so, and stay correct.
      this.#logger.warn(
        { height, lastBlockHeight: tip },
        height < next
          ? "wallet fed a block at or below its last one; forgetting its blocks from that height"
          : "wallet fed a block above the next height; the blocks in between are not scanned",
      );
    }
    this.#tracker.blockConnected(block, height);
    this.#saver.touch();
  }

  /**
   * The node calls this after the tip `block` at `height` leaves the active chain; its parent
   * (`block.header.prevBlock` at `height - 1`) becomes the wallet's last processed block.
   */
  blockDisconnected(block: Block, height: number): void {
    this.#tracker.blockDisconnected(block, height);
    this.#saver.touch();
  }

  /** The node calls this for every transaction its mempool accepts (including re-adds). */
  transactionAdded(tx: Transaction): void {
    this.#tracker.transactionAdded(tx);
  }

  /**
   * The node calls this for every transaction that leaves its mempool unmined, and for
   * transactions of disconnected blocks it does not take back. Txid in internal byte order.
   */
  transactionRemoved(txid: Uint8Array): void {
    this.#tracker.transactionRemoved(txid);
  }

  /**
   * Forgets all coins and replays `blocks` (the active chain from height 1, in order). A start
   * normally uses {@link attachChain} instead, which rescans only what the wallet has not seen.
   */
  rescan(blocks: Iterable<{ readonly block: Block; readonly height: number }>): void {
    this.#tracker.reset();
    for (const { block, height } of blocks) this.#tracker.blockConnected(block, height);
    this.#saver.touch();
  }

  // --- Addresses ---------------------------------------------------------------------------

  /**
   * Hands out a new receive address (Core's getnewaddress), persisted before it is returned
   * so it is never handed out twice. `type` "bech32" is P2WPKH, "bech32m" P2TR.
   */
  async getNewAddress(label = "", type: WalletAddressType = "bech32"): Promise<string> {
    checkLabel(label);
    checkAddressType(type);
    const key = this.#pool.take(type, 0);
    if (label !== "") this.#labels[key.address] = label;
    this.#saver.touch();
    await this.flush();
    return key.address;
  }

  /** Hands out a new change address (Core's getrawchangeaddress), persisted first. */
  async getRawChangeAddress(type: WalletAddressType = "bech32"): Promise<string> {
    checkAddressType(type);
    const key = this.#pool.take(type, 1);
    this.#saver.touch();
    await this.flush();
    return key.address;
  }

  /** The wallet key of an address, or undefined when it is not the wallet's (or invalid). */
  keyForAddress(address: string): WalletKey | undefined {
    try {
      return this.#pool.keyForScript(scriptForDestination(decodeAddress(address, this.#params)));
    } catch (e) {
      if (e instanceof AddressError) return undefined;
      throw e;
    }
  }

  /** The label of an address ("" when none). */
  labelOf(address: string): string {
    return this.#labels[address] ?? "";
  }

  // --- Balances and coins ------------------------------------------------------------------

  /**
   * Trusted spendable balance with at least `minconf` confirmations (Core's getbalance; the
   * default 0 includes our own unconfirmed change).
   */
  getBalance(options: { readonly minconf?: number } = {}): bigint {
    const minconf = options.minconf ?? 0;
    let sum = 0n;
    for (const c of this.#tracker.coins()) {
      if (c.spentBy === null && c.trusted && !c.immature && c.confirmations >= minconf) {
        sum += c.value;
      }
    }
    return sum;
  }

  /** Trusted, untrusted pending and immature balances (Core's getbalances `mine`). */
  getBalances(): WalletBalances {
    let trusted = 0n;
    let untrustedPending = 0n;
    let immature = 0n;
    for (const c of this.#tracker.coins()) {
      if (c.spentBy !== null) continue;
      if (c.immature) immature += c.value;
      else if (c.trusted) trusted += c.value;
      else untrustedPending += c.value;
    }
    return { trusted, untrustedPending, immature };
  }

  /**
   * Unspent, mature wallet outputs with confirmations in [minconf, maxconf], optionally only
   * those paying `addresses` (Core's listunspent; throws `invalid-address` or
   * `duplicate-address` for a bad filter). Sorted by confirmations, then txid and vout.
   */
  listUnspent(
    minconf = 1,
    maxconf = DEFAULT_MAXCONF,
    addresses?: readonly string[],
  ): UnspentOutput[] {
    let filter: Set<string> | null = null;
    if (addresses !== undefined) {
      filter = new Set();
      for (const a of addresses) {
        this.#parseAddress(a);
        if (filter.has(a)) throw new WalletError("duplicate-address", a);
        filter.add(a);
      }
    }
    const out: UnspentOutput[] = [];
    for (const c of this.#tracker.coins()) {
      if (c.spentBy !== null || c.immature) continue;
      if (c.confirmations < minconf || c.confirmations > maxconf) continue;
      if (filter !== null && !filter.has(c.key.address)) continue;
      out.push({
        txid: hashToHex(c.txid),
        vout: c.vout,
        address: c.key.address,
        label: this.labelOf(c.key.address),
        scriptPubKey: c.scriptPubKey,
        amount: c.value,
        confirmations: c.confirmations,
        spendable: true,
        solvable: true,
        safe: c.trusted,
        path: c.key.path,
      });
    }
    return out.sort((a, b) =>
      a.confirmations !== b.confirmations
        ? b.confirmations - a.confirmations
        : a.txid === b.txid
          ? a.vout - b.vout
          : a.txid < b.txid
            ? -1
            : 1,
    );
  }

  /** Every coin the wallet tracks (spent or not), for diagnostics and the RPC layer. */
  coins(): WalletCoin[] {
    return this.#tracker.coins();
  }

  // --- Spending ----------------------------------------------------------------------------

  /**
   * Builds and signs a transaction paying `amountSats` to `address` (Core's sendtoaddress)
   * and returns it; the caller submits it to the mempool. Fee rate in sat/vB; the change goes
   * to a fresh change address of the recipient's type. Throws {@link WalletError}:
   * "Invalid address", "Amount out of range", "Invalid amount for send", "Transaction amount
   * too small", "Insufficient funds", and the subtract-fee errors.
   */
  async sendToAddress(
    address: string,
    amountSats: bigint,
    options: SendOptions = {},
  ): Promise<SendResult> {
    const funded = await this.createFundedTransaction(
      [{ address, amount: amountSats }],
      options.feeRate,
      options.subtractFeeFromAmount === true ? { subtractFeeFromOutputs: [0] } : {},
    );
    const signed = this.#sign(
      funded.tx,
      funded.spent.map((c) => ({ value: c.value, scriptPubKey: c.scriptPubKey })),
    );
    if (!signed.complete) {
      // Every input is a wallet coin; failing here is a bug, reported without key material.
      this.#logger.error({ errors: signed.errors }, "wallet failed to sign its own transaction");
      throw new WalletError("signing-failed");
    }
    const txid = hashToHex(computeTxid(signed.tx));
    this.#logger.info(
      {
        txid,
        fee: funded.fee.toString(),
        inputs: funded.tx.inputs.length,
        algorithm: funded.algorithm,
      },
      "wallet transaction created",
    );
    return {
      tx: signed.tx,
      txid,
      hex: signed.hex,
      fee: funded.fee,
      changePosition: funded.changePosition,
    };
  }

  /**
   * Builds an unsigned transaction paying `recipients`, funded from the wallet's spendable
   * coins (trusted, mature, unspent): version 2, inputs with sequence 0xfffffffd (BIP125),
   * locktime = tip height (anti-fee-sniping), change to a fresh change address (taken, and
   * persisted, only when the change output is made). Fee rate in sat/vB.
   */
  async createFundedTransaction(
    recipients: readonly Recipient[],
    feeRate?: number,
    options: FundOptions = {},
  ): Promise<FundedTransaction> {
    const rate = feeRateFromSatPerVb(feeRate ?? this.#defaultFeeRate);
    if (rate === null) throw new WalletError("invalid-fee-rate", String(feeRate));
    const seen = new Set<string>();
    const outputs: TxOut[] = recipients.map((r) => {
      if (seen.has(r.address)) throw new WalletError("duplicate-address", r.address);
      seen.add(r.address);
      return { value: r.amount, scriptPubKey: this.#parseAddress(r.address) };
    });
    // Change of the recipient's type, so the change output does not stand out (as Core).
    const changeType: WalletAddressType = outputs.some(
      (o) => o.scriptPubKey.length === 34 && o.scriptPubKey[0] === 0x51,
    )
      ? "bech32m"
      : "bech32";
    const changeKey = this.#pool.peek(changeType, 1);
    const funded = fundTransaction({
      coins: this.#spendableCoins(),
      outputs,
      feeRate: rate,
      changeScript: changeKey.scriptPubKey,
      changeType,
      subtractFeeFrom: options.subtractFeeFromOutputs ?? [],
      locktime: Math.max(0, this.#tracker.tipHeight),
    });
    if (funded.changePosition >= 0) {
      this.#pool.take(changeType, 1);
      this.#saver.touch();
      await this.flush();
    }
    return funded;
  }

  /**
   * Signs the inputs of `tx` that spend wallet outputs and reports every input that does not
   * verify (Core's signrawtransactionwithwallet). Spent outputs come from `prevouts` first,
   * then from the wallet's own coins.
   */
  signRawTransactionWithWallet(
    tx: Transaction,
    prevouts: readonly PrevoutInfo[] = [],
  ): SignTransactionResult {
    const spent = tx.inputs.map((input): TxOut | null => {
      const given = prevouts.find(
        (p) => p.vout === input.prevout.vout && hashToHex(p.txid) === hashToHex(input.prevout.txid),
      );
      if (given !== undefined) return { value: given.amount, scriptPubKey: given.scriptPubKey };
      const coin = this.#tracker.coin(input.prevout.txid, input.prevout.vout);
      return coin === undefined ? null : { value: coin.value, scriptPubKey: coin.scriptPubKey };
    });
    return this.#sign(tx, spent);
  }

  // --- Persistence -------------------------------------------------------------------------

  /**
   * Writes pending changes (indexes, labels, and the confirmed transactions with the last
   * processed block they describe) to the wallet file; resolves once durable. The node calls it
   * when its chain state flushes (`chain:flushed`) and at stop; how often only decides how much
   * a start after a crash rescans, never whether coins are right.
   */
  flush(): Promise<void> {
    return this.#saver.flush();
  }

  #serialize(): string {
    const chain = this.#tracker.snapshot();
    return serializeWalletDocument({
      network: this.#params.name,
      genesisHash: this.#params.genesisHash,
      seed: this.#seed,
      createdAt: this.#createdAt,
      nextIndexes: this.#pool.indexes(),
      labels: this.#labels,
      chain: chain.locator.length === 0 ? null : chain,
    });
  }

  #parseAddress(address: string): Uint8Array {
    try {
      return scriptForDestination(decodeAddress(address, this.#params));
    } catch (e) {
      if (e instanceof AddressError)
        throw new WalletError("invalid-address", e.message, { cause: e });
      throw e;
    }
  }

  #spendableCoins(): FundingCoin[] {
    const coins: FundingCoin[] = [];
    for (const c of this.#tracker.coins()) {
      if (c.spentBy !== null || c.immature || !c.trusted) continue;
      coins.push({
        outpoint: { txid: c.txid, vout: c.vout },
        value: c.value,
        scriptPubKey: c.scriptPubKey,
        type: c.key.type,
      });
    }
    return coins;
  }

  #sign(tx: Transaction, spent: readonly (TxOut | null)[]): SignTransactionResult {
    return signTransaction(
      tx,
      spent,
      {
        keyForScript: (spk) => this.#pool.keyForScript(spk),
        privateKey: (type, branch, index) => this.#keychain.privateKey(type, branch, index),
      },
      this.#backend,
      this.#randomBytes,
    );
  }
}
