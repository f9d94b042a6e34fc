// The mempool.dat file format: what the mempool saves at shutdown and reloads at startup.
import {
  ByteReader,
  ByteWriter,
  DecodeError,
  readTx,
  type Transaction,
  writeTx,
} from "@hashforge/consensus";

/**
 * File magic: the ASCII bytes "hfmp". Core's mempool.dat has no magic; ours has one so a wrong
 * or truncated file is recognised before any transaction is parsed.
 */
export const MEMPOOL_DUMP_MAGIC = new Uint8Array([0x68, 0x66, 0x6d, 0x70]);
/** The only format version written and read. */
export const MEMPOOL_DUMP_VERSION = 1;

/** One saved mempool transaction. */
export interface DumpedTx {
  readonly tx: Transaction;
  /** Unix time (seconds) it first entered the mempool. */
  readonly time: number;
  /** Its prioritisation delta in satoshis. */
  readonly feeDelta: bigint;
}

/** The contents of a mempool dump. */
export interface MempoolDump {
  readonly txs: readonly DumpedTx[];
  /** Prioritisation deltas of transactions not in the mempool, keyed by txid. */
  readonly deltas: readonly { readonly txid: Uint8Array; readonly delta: bigint }[];
}

/**
 * Encodes a mempool dump. Layout (integers little-endian), modelled on Core's mempool.dat v1:
 *
 *   magic    4 bytes  "hfmp"
 *   version  u32      1
 *   count    u64      number of transactions
 *   count ×  { tx: transaction with witness (BIP144 serialization), time: i64 Unix seconds,
 *              feeDelta: i64 satoshis }
 *   ndeltas  u64      number of stand-alone deltas
 *   ndeltas × { txid: 32 bytes internal order, delta: i64 satoshis }
 *
 * Transactions are written parents first, so reloading them in file order never meets a child
 * before its in-mempool parent.
 */
export function encodeMempoolDump(dump: MempoolDump): Uint8Array {
  const w = new ByteWriter(1024);
  w.bytes(MEMPOOL_DUMP_MAGIC).u32le(MEMPOOL_DUMP_VERSION).u64le(BigInt(dump.txs.length));
  for (const item of dump.txs) {
    writeTx(w, item.tx, true);
    w.i64le(BigInt(item.time)).i64le(item.feeDelta);
  }
  w.u64le(BigInt(dump.deltas.length));
  for (const d of dump.deltas) w.bytes(d.txid).i64le(d.delta);
  return w.finish();
}

/**
 * Decodes a mempool dump written by {@link encodeMempoolDump}. Throws DecodeError on a wrong
 * magic or version, a truncated file, counts larger than the file could hold, or trailing bytes.
 */
export function decodeMempoolDump(bytes: Uint8Array): MempoolDump {
  const r = new ByteReader(bytes);
  const magic = r.take(4);
  if (!magic.every((b, i) => b === MEMPOOL_DUMP_MAGIC[i])) {
    throw new DecodeError("bad-mempool-dump", "not a mempool dump (bad magic)");
  }
  const version = r.u32le();
  if (version !== MEMPOOL_DUMP_VERSION) {
    throw new DecodeError("bad-mempool-dump", `unsupported mempool dump version ${version}`);
  }
  // Every transaction takes at least 10 bytes plus 16 of metadata, which bounds the count.
  const count = r.u64le();
  if (count > BigInt(Math.floor(r.remaining / 26))) {
    throw new DecodeError("bad-mempool-dump", `transaction count ${count} exceeds file size`);
  }
  const txs: DumpedTx[] = [];
  for (let i = 0n; i < count; i++) {
    const tx = readTx(r, true);
    const time = Number(r.i64le());
    const feeDelta = r.i64le();
    txs.push({ tx, time, feeDelta });
  }
  const ndeltas = r.u64le();
  if (ndeltas > BigInt(Math.floor(r.remaining / 40))) {
    throw new DecodeError("bad-mempool-dump", `delta count ${ndeltas} exceeds file size`);
  }
  const deltas: { txid: Uint8Array; delta: bigint }[] = [];
  for (let i = 0n; i < ndeltas; i++) deltas.push({ txid: r.take(32), delta: r.i64le() });
  r.expectEnd("mempool dump");
  return { txs, deltas };
}
