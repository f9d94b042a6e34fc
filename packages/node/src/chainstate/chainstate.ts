import {
  type Block,
  bytesEqual,
  type ChainParams,
  type Coin,
  type ConnectedBlock,
  txid as computeTxid,
  connectBlock,
  hashToHex,
  isDeploymentActive,
  isUnspendable,
  type Reject,
  reject,
  type SignatureBackend,
  verifyBlockScripts,
} from "@hashforge/consensus";
import { BEST_BLOCK_KEY } from "../store/db-keys.js";
import type { KeyValueStore, WriteBatch } from "../store/key-value-store.js";
import { CoinsCache } from "./coins-cache.js";

/** BIP34 guarantees unique coinbases up to this height, where BIP34 heights start to repeat. */
const BIP34_IMPLIES_BIP30_LIMIT = 1_983_702;

/** What connecting a block needs beyond the block itself. */
export interface ConnectBlockContext {
  readonly height: number;
  /** The block's hash (internal byte order). */
  readonly hash: Uint8Array;
  readonly flags: number;
  readonly prevMedianTimePast: number;
  readonly medianTimePastAt: (height: number) => number;
}

/** A connected block: the coins it spent (its undo data), fees and sigop cost. */
export interface ConnectedBlockResult {
  readonly ok: true;
  readonly spent: readonly (readonly Coin[])[];
  readonly fees: bigint;
  readonly sigopCost: number;
}

/**
 * The UTXO set and the block it corresponds to (Core's CChainState coins part): connects and
 * disconnects blocks on top of a write-back coin cache, and hands out the atomic batch that moves
 * the best-block marker together with the coin changes.
 */
export class Chainstate {
  readonly coins: CoinsCache;
  private best: Uint8Array | null;

  constructor(
    private readonly store: KeyValueStore,
    private readonly params: ChainParams,
    private readonly backend: SignatureBackend,
  ) {
    this.coins = new CoinsCache(store);
    this.best = store.get(BEST_BLOCK_KEY) ?? null;
  }

  /** Hash of the block the UTXO set reflects (internal order), null for an empty chainstate. */
  get bestBlock(): Uint8Array | null {
    return this.best;
  }

  /**
   * Validates and applies a block whose header is already accepted, as Core's ConnectBlock:
   * {@link Chainstate.prepareConnect}, every input script on this thread, then
   * {@link Chainstate.applyConnect}. On failure nothing is applied.
   */
  connect(block: Block, ctx: ConnectBlockContext): ConnectedBlockResult | Reject {
    const prepared = this.prepareConnect(block, ctx);
    if (!prepared.ok) return prepared;
    const scripts = verifyBlockScripts(prepared.scriptJobs, ctx.flags, this.backend);
    if (!scripts.ok) return scripts;
    return this.applyConnect(block, prepared, ctx);
  }

  /**
   * Every check of a block but its scripts, changing nothing: BIP30, then inputs, amounts,
   * sequence locks, sigops and coinbase value through consensus connectBlock. The caller
   * verifies `scriptJobs` (here or on worker threads), then calls applyConnect with no other
   * change to the UTXO set in between.
   */
  prepareConnect(block: Block, ctx: ConnectBlockContext): ConnectedBlock | Reject {
    const txids = block.txs.map(computeTxid);
    if (this.enforcesBip30(ctx)) {
      for (let t = 0; t < block.txs.length; t++) {
        for (let vout = 0; vout < block.txs[t]!.outputs.length; vout++) {
          if (this.coins.get(txids[t]!, vout) !== undefined) {
            return reject("consensus", "bad-txns-BIP30", "tried to overwrite transaction");
          }
        }
      }
    }
    const connected = connectBlock(block, {
      height: ctx.height,
      params: this.params,
      flags: ctx.flags,
      prevMedianTimePast: ctx.prevMedianTimePast,
      medianTimePastAt: ctx.medianTimePastAt,
      lookup: (id, vout) => this.coins.get(id, vout),
    });
    return connected;
  }

  /** Applies a block prepared by {@link Chainstate.prepareConnect} whose scripts verified. */
  applyConnect(
    block: Block,
    connected: ConnectedBlock,
    ctx: ConnectBlockContext,
  ): ConnectedBlockResult {
    const txids = connected.txids;
    block.txs.forEach((tx, t) => {
      if (t > 0)
        for (const input of tx.inputs) this.coins.spend(input.prevout.txid, input.prevout.vout);
      tx.outputs.forEach((output, vout) => {
        if (isUnspendable(output.scriptPubKey)) return;
        this.coins.add(txids[t]!, vout, { output, height: ctx.height, coinbase: t === 0 }, t === 0);
      });
    });
    this.best = ctx.hash;
    return {
      ok: true,
      spent: connected.spent,
      fees: connected.fees,
      sigopCost: connected.sigopCost,
    };
  }

  /**
   * Undoes the block at `height` with its undo data, as Core's DisconnectBlock: removes its
   * outputs and restores the coins it spent. `clean` is false when the UTXO set did not match (an
   * output missing or different from the block's, at another height or coinbase flag, or a spent
   * coin already present), which a caller treats as corruption.
   */
  disconnect(
    block: Block,
    height: number,
    spent: readonly (readonly Coin[])[],
    prevHash: Uint8Array,
  ): { clean: boolean } {
    let clean = spent.length === block.txs.length;
    for (let t = block.txs.length - 1; t >= 0; t--) {
      const tx = block.txs[t]!;
      const id = computeTxid(tx);
      tx.outputs.forEach((output, vout) => {
        if (isUnspendable(output.scriptPubKey)) return;
        const coin = this.coins.spend(id, vout);
        // Core: "transaction output mismatch".
        if (
          coin === undefined ||
          coin.output.value !== output.value ||
          !bytesEqual(coin.output.scriptPubKey, output.scriptPubKey) ||
          coin.height !== height ||
          coin.coinbase !== (t === 0)
        )
          clean = false;
      });
      if (t === 0) continue;
      const coins = spent[t] ?? [];
      if (coins.length !== tx.inputs.length) {
        clean = false;
        continue;
      }
      for (let i = tx.inputs.length - 1; i >= 0; i--) {
        const { txid, vout } = tx.inputs[i]!.prevout;
        if (this.coins.get(txid, vout) !== undefined) clean = false;
        this.coins.add(txid, vout, coins[i]!, true);
      }
    }
    this.best = prevHash;
    return { clean };
  }

  /** Sets the best block without connecting one (the genesis block, whose coin is unspendable). */
  setBestBlock(hash: Uint8Array): void {
    this.best = hash;
  }

  /**
   * The batch that persists the coin changes and the best-block marker; write it atomically
   * (together with any block index records), then call {@link Chainstate.flushed}.
   */
  flushBatch(): WriteBatch {
    const coins = this.coins.takeFlushBatch();
    const put = [...coins.put];
    if (this.best !== null) put.push([BEST_BLOCK_KEY, this.best]);
    return { put, del: coins.del };
  }

  /** Marks the cache clean after the flush batch was durably written. */
  flushed(evict: boolean): void {
    this.coins.flushed(evict);
  }

  /** Drops unflushed changes and returns to the state on disk (after a failed write). */
  reload(): void {
    this.coins.discard();
    this.best = this.store.get(BEST_BLOCK_KEY) ?? null;
  }

  private enforcesBip30(ctx: ConnectBlockContext): boolean {
    if (this.params.bip30Exceptions?.includes(hashToHex(ctx.hash))) return false;
    return (
      !isDeploymentActive(this.params, "bip34", ctx.height) ||
      ctx.height >= BIP34_IMPLIES_BIP30_LIMIT
    );
  }
}
