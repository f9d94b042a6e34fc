// Real consensus objects (transactions, blocks, index entries, mempool entries) for the notifier
// tests, built with the consensus codecs rather than written as bytes.
import {
  type Block,
  blockHash,
  hashToHex,
  merkleRoot,
  NULL_VOUT,
  type Transaction,
  txid,
  txVsize,
  txWeight,
  wtxid,
} from "@hashforge/consensus";
import type { BlockIndexEntry, MempoolEntry } from "@hashforge/node";

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

/** A segwit coinbase for `height` (BIP34 height push, a witness reserved value). */
export function coinbaseTx(height: number): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: NULL_VOUT },
        scriptSig: Uint8Array.from([0x01, height & 0xff, 0x51]),
        sequence: 0xffffffff,
        witness: [new Uint8Array(32)],
      },
    ],
    outputs: [
      { value: 50_0000_0000n, scriptPubKey: Uint8Array.from([0x00, 0x14, ...bytes(20, height)]) },
    ],
    locktime: 0,
  };
}

/** A P2WPKH-looking spend of `prev:0` with a two-item witness; `tag` makes each one distinct. */
export function segwitSpend(prev: Uint8Array, tag: number): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: prev, vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0xfffffffd,
        witness: [bytes(71, 0x30 + (tag & 0x0f)), Uint8Array.from([0x02, ...bytes(32, tag)])],
      },
    ],
    outputs: [
      {
        value: 1_000_000n + BigInt(tag),
        scriptPubKey: Uint8Array.from([0x00, 0x14, ...bytes(20, tag)]),
      },
    ],
    locktime: 0,
  };
}

/** A legacy (no witness) spend, so rawtx shows both serializations. */
export function legacySpend(prev: Uint8Array, tag: number): Transaction {
  return {
    version: 1,
    inputs: [
      {
        prevout: { txid: prev, vout: 1 },
        scriptSig: bytes(10, tag),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: 5000n, scriptPubKey: Uint8Array.from([0x6a, 0x01, tag]) }],
    locktime: 0,
  };
}

/** A block on `prev` holding `txs`, with a correct merkle root (its proof of work is not checked). */
export function makeBlock(prev: Uint8Array, txs: readonly Transaction[], time: number): Block {
  return {
    header: {
      version: 0x20000000,
      prevBlock: prev,
      merkleRoot: merkleRoot(txs.map((t) => txid(t))).root,
      time,
      bits: 0x207fffff,
      nonce: 0,
    },
    txs,
  };
}

/**
 * The index entry of `block` on top of `prev`. The node exports BlockIndexEntry as a type only,
 * so this builds its data fields (hash, hashHex, header, height, prev), which is all an event
 * subscriber reads; the entry's tree methods are not part of what the notifier may use.
 */
export function indexEntry(block: Block, prev: BlockIndexEntry | null): BlockIndexEntry {
  const hash = blockHash(block.header);
  const entry = {
    hash,
    hashHex: hashToHex(hash),
    header: block.header,
    height: prev === null ? 0 : prev.height + 1,
    prev,
  };
  return entry as unknown as BlockIndexEntry;
}

/** A mempool entry for `tx` with plausible figures (the notifier reads only tx and txid). */
export function mempoolEntry(tx: Transaction): MempoolEntry {
  const id = txid(tx);
  const vsize = txVsize(tx);
  return {
    tx,
    txid: id,
    wtxid: wtxid(tx),
    txidHex: hashToHex(id),
    fee: 1000n,
    feeDelta: 0n,
    modifiedFee: 1000n,
    weight: txWeight(tx),
    vsize,
    sigOpCost: 4,
    time: 1_700_000_000,
    height: 100,
    spendsCoinbase: false,
    usage: 512,
    ancestorCount: 1,
    ancestorSize: vsize,
    ancestorFees: 1000n,
    ancestorSigOpCost: 4,
    descendantCount: 1,
    descendantSize: vsize,
    descendantFees: 1000n,
    parentTxids: [],
  };
}
