// One transaction in the mempool with the package figures mining and eviction sort by.
import {
  txid as computeTxid,
  wtxid as computeWtxid,
  hashToHex,
  type Transaction,
  txidKey,
} from "@hashforge/consensus";

/**
 * A mempool transaction and what the mempool knows about it, as Core's CTxMemPoolEntry. Sizes are
 * sigop-adjusted virtual sizes; fees are modified fees (base fee plus any prioritisation delta).
 * Ancestor figures include the entry itself (CPFP: a block template takes a package at its
 * ancestor fee rate); descendant figures include it too (eviction removes whole packages).
 * Entries are live: their package figures follow later arrivals and removals of relatives.
 */
export interface MempoolEntry {
  readonly tx: Transaction;
  /** Transaction id, internal byte order. */
  readonly txid: Uint8Array;
  /** Witness transaction id, internal byte order. */
  readonly wtxid: Uint8Array;
  /** Transaction id as RPC prints it (byte-reversed hex). */
  readonly txidHex: string;
  /** Fee paid (inputs minus outputs), in satoshis. */
  readonly fee: bigint;
  /** Prioritisation delta added to the fee for mining and eviction (prioritisetransaction). */
  readonly feeDelta: bigint;
  /** fee + feeDelta. */
  readonly modifiedFee: bigint;
  /** BIP141 weight. */
  readonly weight: number;
  /** Virtual size with the sigop adjustment (GetVirtualTransactionSize). */
  readonly vsize: number;
  /** Signature operation cost with the standard flags. */
  readonly sigOpCost: number;
  /** Unix time (seconds) it entered the mempool. */
  readonly time: number;
  /** Tip height when it entered. */
  readonly height: number;
  /** True when it spends a coinbase output (re-checked for maturity after a reorg). */
  readonly spendsCoinbase: boolean;
  /** Estimated memory the entry occupies, in bytes. */
  readonly usage: number;
  readonly ancestorCount: number;
  readonly ancestorSize: number;
  readonly ancestorFees: bigint;
  readonly ancestorSigOpCost: number;
  readonly descendantCount: number;
  readonly descendantSize: number;
  readonly descendantFees: bigint;
  /** txids (internal byte order) of its in-mempool parents, as a block template needs them. */
  readonly parentTxids: readonly Uint8Array[];
}

/** Core's MallocUsage on 64-bit: allocations round up to 16 bytes plus an 8-byte header. */
function mallocUsage(bytes: number): number {
  return bytes === 0 ? 0 : ((bytes + 31) >> 4) << 4;
}

/** Bytes a script takes beyond its inline buffer (Core's prevector<28> spills to the heap). */
function scriptUsage(length: number): number {
  return length > 28 ? mallocUsage(length) : 0;
}

/**
 * Estimates the memory an entry takes in the mempool, modelled on Core's DynamicMemoryUsage:
 * the transaction's heap (input and output vectors, scripts over 28 bytes, witness stacks), the
 * entry and its index nodes, and one spent-outpoint index node per input. It is an estimate of
 * Core's figure (not byte-exact), so `maxMempoolBytes` means roughly what `-maxmempool` does.
 */
export function estimateEntryUsage(tx: Transaction): number {
  let usage = mallocUsage(112); // the shared transaction object
  usage += mallocUsage(104 * tx.inputs.length) + mallocUsage(40 * tx.outputs.length);
  for (const input of tx.inputs) {
    usage += scriptUsage(input.scriptSig.length);
    if (input.witness.length > 0) usage += mallocUsage(24 * input.witness.length);
    for (const item of input.witness) usage += mallocUsage(item.length);
    usage += mallocUsage(72); // mapNextTx node
  }
  for (const output of tx.outputs) usage += scriptUsage(output.scriptPubKey.length);
  return usage + mallocUsage(400); // entry, multi-index nodes, parent/child link sets
}

/** The fields needed to create a {@link MutableEntry}. */
export interface EntryInit {
  readonly tx: Transaction;
  readonly fee: bigint;
  readonly feeDelta: bigint;
  readonly weight: number;
  readonly vsize: number;
  readonly sigOpCost: number;
  readonly time: number;
  readonly height: number;
  readonly spendsCoinbase: boolean;
}

/**
 * The mempool's own mutable record behind {@link MempoolEntry}: package figures change as
 * relatives arrive and leave, and parent/child links form the in-mempool graph.
 */
export class MutableEntry implements MempoolEntry {
  /** Bumped whenever the descendant score may have changed (the eviction queue's staleness mark). */
  scoreVersion = 0;
  readonly tx: Transaction;
  readonly txid: Uint8Array;
  readonly wtxid: Uint8Array;
  readonly txidHex: string;
  /** Map key of the txid ({@link entryKey}). */
  readonly key: string;
  /** Map key of the wtxid. */
  readonly wkey: string;
  readonly fee: bigint;
  feeDelta: bigint;
  readonly weight: number;
  readonly vsize: number;
  readonly sigOpCost: number;
  readonly time: number;
  readonly height: number;
  readonly spendsCoinbase: boolean;
  readonly usage: number;
  ancestorCount = 1;
  ancestorSize: number;
  ancestorFees: bigint;
  ancestorSigOpCost: number;
  descendantCount = 1;
  descendantSize: number;
  descendantFees: bigint;
  readonly parents = new Set<MutableEntry>();
  readonly children = new Set<MutableEntry>();

  constructor(init: EntryInit) {
    this.tx = init.tx;
    this.txid = computeTxid(init.tx);
    this.wtxid = computeWtxid(init.tx);
    this.txidHex = hashToHex(this.txid);
    this.key = entryKey(this.txid);
    this.wkey = entryKey(this.wtxid);
    this.fee = init.fee;
    this.feeDelta = init.feeDelta;
    this.weight = init.weight;
    this.vsize = init.vsize;
    this.sigOpCost = init.sigOpCost;
    this.time = init.time;
    this.height = init.height;
    this.spendsCoinbase = init.spendsCoinbase;
    this.usage = estimateEntryUsage(init.tx);
    this.ancestorSize = init.vsize;
    this.ancestorFees = this.modifiedFee;
    this.ancestorSigOpCost = init.sigOpCost;
    this.descendantSize = init.vsize;
    this.descendantFees = this.modifiedFee;
  }

  get modifiedFee(): bigint {
    return this.fee + this.feeDelta;
  }

  get parentTxids(): readonly Uint8Array[] {
    return [...this.parents].map((p) => p.txid);
  }
}

/** The map key of a txid or wtxid: consensus's flat {@link txidKey} (not hex). */
export const entryKey: (hash: Uint8Array) => string = txidKey;
