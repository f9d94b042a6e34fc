// Checks a crashed node's transaction index against its chain: the index's durable tip is a block
// of the active chain (never ahead of the chainstate), and every entry points into a block at or
// below that tip that holds the transaction where the entry says.
import { join } from "node:path";
import { ByteReader, decodeBlock, decodeTx, hashToHex, txid } from "@hashforge/consensus";
import type { ChainManager } from "../../src/chain/chain-manager.js";
import { INDEX_TIP_KEY, TX_INDEX_PREFIX, txIndexKey } from "../../src/store/db-keys.js";
import { LevelStore } from "../../src/store/level-store.js";

/** Null when consistent, else what is wrong; `entries` counts the index's records. */
export async function checkTxIndexStore(
  dataDir: string,
  chain: ChainManager,
): Promise<{ mismatch: string | null; tipHeight: number; entries: number }> {
  const store = await LevelStore.open({ path: join(dataDir, "indexes", "txindex") });
  try {
    const raw = store.get(INDEX_TIP_KEY);
    if (raw === undefined) return { mismatch: null, tipHeight: -1, entries: 0 };
    const r = new ByteReader(raw);
    const tipHash = hashToHex(r.take(32));
    const tipHeight = r.u32le();
    const tip = chain.entry(tipHash);
    if (tip === undefined)
      return { mismatch: `index tip ${tipHash} unknown`, tipHeight, entries: 0 };
    if (!chain.isActive(tip) || tip.height !== tipHeight) {
      return {
        mismatch: `index tip ${tipHash} at ${tipHeight} is not on the active chain`,
        tipHeight,
        entries: 0,
      };
    }
    // Every transaction of blocks 0..tip points at its own bytes; each block is read once.
    let expected = 0;
    for (let h = 0; h <= tipHeight; h++) {
      const entry = chain.atHeight(h)!;
      const bytes = await chain.readBlockBytes(entry);
      for (const tx of decodeBlock(bytes).txs) {
        expected++;
        const id = txid(tx);
        const value = store.get(txIndexKey(id));
        if (value === undefined) {
          return {
            mismatch: `transaction ${hashToHex(id)} of block ${h} missing`,
            tipHeight,
            entries: 0,
          };
        }
        const v = new ByteReader(value);
        const where = hashToHex(v.take(32));
        const offset = v.u32le();
        const length = v.u32le();
        const found = decodeTx(bytes.subarray(offset, offset + length));
        if (where !== entry.hashHex || hashToHex(txid(found)) !== hashToHex(id)) {
          return { mismatch: `entry ${hashToHex(id)} points elsewhere`, tipHeight, entries: 0 };
        }
      }
    }
    // Nothing above the tip, and nothing of another branch.
    let entries = 0;
    for await (const _ of store.iterate({
      gte: Uint8Array.of(TX_INDEX_PREFIX),
      lt: Uint8Array.of(TX_INDEX_PREFIX + 1),
    })) {
      entries++;
    }
    if (expected !== entries) {
      return {
        mismatch: `index holds ${entries} transactions, blocks 0..${tipHeight} ${expected}`,
        tipHeight,
        entries,
      };
    }
    return { mismatch: null, tipHeight, entries };
  } finally {
    await store.close();
  }
}
