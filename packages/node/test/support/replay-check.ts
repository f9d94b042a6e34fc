// Compares a node's persisted UTXO set with a replay of its stored active chain.
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  ByteReader,
  hashToHex,
  nobleBackend,
  REGTEST_PARAMS,
  readCompressedCoin,
} from "@hashforge/consensus";
import { ChainManager } from "../../src/chain/chain-manager.js";
import { Chainstate } from "../../src/chainstate/chainstate.js";
import { COIN_PREFIX } from "../../src/store/db-keys.js";
import { LevelStore } from "../../src/store/level-store.js";
import { MemoryStore } from "../../src/store/memory-store.js";
import { silentLogger } from "./regtest-chain.js";
import { checkTxIndexStore } from "./txindex-check.js";

/**
 * Opens a regtest data directory, replays its active chain and compares the UTXO sets; with a
 * transaction index, checks it against the chain too (support/txindex-check.ts).
 */
export async function checkReplay(
  dataDir: string,
): Promise<{ height: number; coins: number; mismatch: string | null; txindexHeight?: number }> {
  const store = await LevelStore.open({ path: join(dataDir, "chainstate") });
  try {
    const chain = await ChainManager.open({
      params: REGTEST_PARAMS,
      store,
      blocksDir: join(dataDir, "blocks"),
      backend: nobleBackend,
      now: () => 4_000_000_000,
      logger: silentLogger,
    });
    const replay = new Chainstate(new MemoryStore(), REGTEST_PARAMS, nobleBackend);
    for (let h = 1; h <= chain.height; h++) {
      const entry = chain.atHeight(h)!;
      const block = await chain.readBlock(entry);
      const r = replay.connect(block, {
        height: h,
        hash: entry.hash,
        flags: 0,
        prevMedianTimePast: 0,
        medianTimePastAt: () => 0,
      });
      if (!r.ok) {
        await chain.close();
        return { height: h, coins: 0, mismatch: `replay failed at ${h}: ${r.reason}` };
      }
    }
    const replayed = new Map<string, string>();
    const batch = replay.flushBatch();
    for (const [key, value] of batch.put) {
      if (key[0] !== COIN_PREFIX) continue;
      const coin = readCompressedCoin(new ByteReader(value));
      replayed.set(hashToHex(key), `${coin.height}:${coin.coinbase}:${coin.output.value}`);
    }
    const height = chain.height;
    const index = existsSync(join(dataDir, "indexes", "txindex"))
      ? await checkTxIndexStore(dataDir, chain)
      : null;
    await chain.close();
    if (index?.mismatch) return { height, coins: 0, mismatch: `txindex: ${index.mismatch}` };
    const persisted = new Map<string, string>();
    for await (const { key, value } of store.iterate({
      gte: Uint8Array.of(COIN_PREFIX),
      lt: Uint8Array.of(COIN_PREFIX + 1),
    })) {
      const coin = readCompressedCoin(new ByteReader(value));
      persisted.set(hashToHex(key), `${coin.height}:${coin.coinbase}:${coin.output.value}`);
    }
    let mismatch: string | null = null;
    if (replayed.size !== persisted.size)
      mismatch = `persisted ${persisted.size} coins, replay ${replayed.size}`;
    for (const [k, v] of replayed)
      if (!mismatch && persisted.get(k) !== v) mismatch = `coin ${k}: ${persisted.get(k)} vs ${v}`;
    return {
      height,
      coins: replayed.size,
      mismatch,
      ...(index === null ? {} : { txindexHeight: index.tipHeight }),
    };
  } finally {
    await store.close();
  }
}
