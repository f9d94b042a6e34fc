import assert from "node:assert/strict";
import { test } from "node:test";
import type { Coin } from "@hashforge/consensus";
import { CoinsCache } from "../src/chainstate/coins-cache.js";
import { MemoryStore } from "../src/store/memory-store.js";

const id = (n: number) => new Uint8Array(32).fill(n);
const coin = (value: bigint): Coin => ({
  output: { value, scriptPubKey: Uint8Array.of(0x51) },
  height: 1,
  coinbase: false,
});

async function flush(cache: CoinsCache, store: MemoryStore) {
  const batch = cache.takeFlushBatch();
  await store.write(batch);
  cache.flushed(false);
  return batch;
}

test("a flush writes exactly what changed since the last one, FRESH coins never reach the store", async () => {
  const store = new MemoryStore();
  const cache = new CoinsCache(store);
  for (let n = 1; n <= 5; n++) cache.add(id(n), 0, coin(BigInt(n)), false);
  const first = await flush(cache, store);
  assert.equal(first.put.length, 5);
  assert.equal(first.del.length, 0);
  // Nothing changed: an empty batch, however many coins the cache holds.
  const idle = cache.takeFlushBatch();
  assert.deepEqual([idle.put.length, idle.del.length], [0, 0]);
  // One spent (a delete), one added then spent before any flush (never written), one added.
  assert.deepEqual(cache.spend(id(2), 0), coin(2n));
  cache.add(id(6), 0, coin(6n), false);
  cache.spend(id(6), 0);
  cache.add(id(7), 0, coin(7n), false);
  const second = await flush(cache, store);
  assert.equal(second.put.length, 1);
  assert.equal(second.del.length, 1);
  // A fresh cache over the store sees the same set.
  const reread = new CoinsCache(store);
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((n) => reread.get(id(n), 0)?.output.value ?? null),
    [1n, null, 3n, 4n, 5n, null, 7n],
  );
  cache.flushed(true);
  assert.equal(cache.size, 0);
  assert.equal(cache.get(id(7), 0)?.output.value, 7n, "evicted coins are read back");
});
