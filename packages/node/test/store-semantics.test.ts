// The KeyValueStore contract, run against every implementation: the LevelDB store and the memory
// store must agree on ordering, batches, bounds, snapshots, closed-store and invalid-input errors.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compareBytes } from "@hashforge/consensus";
import type { IterateOptions, KeyValueStore } from "../src/store/key-value-store.js";
import { MAX_KEY_BYTES } from "../src/store/key-value-store.js";
import { LevelStore } from "../src/store/level-store.js";
import { MemoryStore } from "../src/store/memory-store.js";
import { StoreError, type StoreErrorCode } from "../src/store/store-error.js";

interface Fixture {
  store: KeyValueStore;
  dispose(): Promise<void>;
}

const implementations: [string, () => Promise<Fixture>][] = [
  [
    "MemoryStore",
    async () => {
      const store = new MemoryStore();
      return { store, dispose: () => store.close() };
    },
  ],
  [
    "LevelStore",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "hashforge-store-"));
      const store = await LevelStore.open({ path: dir });
      return {
        store,
        dispose: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

const b = (...bytes: number[]) => Uint8Array.from(bytes);

/** Keys that stress byte-wise ordering: 0x00/0xff bytes, prefixes of each other, a 37-byte key. */
const TRICKY_KEYS: Uint8Array[] = [
  b(0xff),
  b(0x00),
  b(0x01, 0x00),
  b(0xff, 0xff),
  b(0x01),
  b(0x00, 0x00),
  b(0x7f),
  b(0x80),
  b(0x01, 0xff),
  b(0x00, 0xff, 0x00),
  Uint8Array.from({ length: 37 }, (_, i) => (i === 0 ? 0x43 : 0xff - i)),
];
const SORTED = [...TRICKY_KEYS].sort(compareBytes);

async function collect(store: KeyValueStore, options?: IterateOptions): Promise<Uint8Array[][]> {
  const out: Uint8Array[][] = [];
  for await (const { key, value } of store.iterate(options)) out.push([key, value]);
  return out;
}

async function keysOf(store: KeyValueStore, options?: IterateOptions): Promise<Uint8Array[]> {
  return (await collect(store, options)).map(([k]) => k!);
}

function assertStoreError(err: unknown, code: StoreErrorCode): true {
  assert.ok(err instanceof StoreError, `expected StoreError, got ${String(err)}`);
  assert.equal(err.code, code);
  return true;
}

async function withStore(make: () => Promise<Fixture>, body: (s: KeyValueStore) => Promise<void>) {
  const fixture = await make();
  try {
    await body(fixture.store);
  } finally {
    await fixture.dispose();
  }
}

async function fill(store: KeyValueStore): Promise<void> {
  await store.write({ put: TRICKY_KEYS.map((k, i) => [k, b(i)] as const), del: [] });
}

for (const [name, make] of implementations) {
  describe(name, () => {
    test("get/has/getMany see a written batch; misses are undefined", () =>
      withStore(make, async (store) => {
        assert.equal(store.get(b(1)), undefined);
        assert.equal(store.has(b(1)), false);
        await store.write({
          put: [
            [b(1), b(10, 11)],
            [b(2), new Uint8Array(0)],
          ],
          del: [],
        });
        assert.deepEqual(store.get(b(1)), b(10, 11));
        assert.deepEqual(store.get(b(2)), new Uint8Array(0), "empty values are stored");
        assert.equal(store.has(b(2)), true);
        assert.deepEqual(await store.getMany([b(2), b(3), b(1)]), [
          new Uint8Array(0),
          undefined,
          b(10, 11),
        ]);
        assert.deepEqual(await store.getMany([]), []);
      }));

    test("keys and values are copied in and out as plain Uint8Arrays", () =>
      withStore(make, async (store) => {
        const key = Buffer.from([0x00, 0xff]);
        const value = Buffer.from([1, 2, 3]);
        const pending = store.write({ put: [[key, value]], del: [] });
        value[0] = 99; // mutated after write() returned: must not leak into the store
        key[0] = 0x55;
        await pending;
        const got = store.get(b(0x00, 0xff));
        assert.ok(got !== undefined);
        assert.equal(Object.getPrototypeOf(got), Uint8Array.prototype);
        assert.deepEqual(got, b(1, 2, 3));
        got[1] = 77;
        assert.deepEqual(store.get(b(0x00, 0xff)), b(1, 2, 3), "returned value is a copy");
        const [entry] = await collect(store);
        assert.equal(Object.getPrototypeOf(entry![0]), Uint8Array.prototype);
        assert.equal(Object.getPrototypeOf(entry![1]), Uint8Array.prototype);
      }));

    test("iteration is in unsigned byte-wise key order, forward and reverse", () =>
      withStore(make, async (store) => {
        await fill(store);
        assert.deepEqual(await keysOf(store), SORTED);
        assert.deepEqual(await keysOf(store, { reverse: true }), [...SORTED].reverse());
        const values = (await collect(store)).map(([, v]) => v![0]);
        assert.deepEqual(
          values,
          SORTED.map((k) => TRICKY_KEYS.indexOf(k)),
        );
      }));

    test("iterate bounds: gte inclusive, lt exclusive, limit, reverse within bounds", () =>
      withStore(make, async (store) => {
        await fill(store);
        const inRange = (k: Uint8Array, lo: Uint8Array, hi: Uint8Array) =>
          compareBytes(k, lo) >= 0 && compareBytes(k, hi) < 0;
        const lo = b(0x00, 0xff);
        const hi = b(0x01, 0xff);
        const expected = SORTED.filter((k) => inRange(k, lo, hi));
        assert.deepEqual(expected, [b(0x00, 0xff, 0x00), b(0x01), b(0x01, 0x00)]);
        assert.deepEqual(await keysOf(store, { gte: lo, lt: hi }), expected);
        assert.deepEqual(
          await keysOf(store, { gte: lo, lt: hi, reverse: true }),
          [...expected].reverse(),
        );
        assert.deepEqual(await keysOf(store, { gte: lo, lt: hi, limit: 2 }), expected.slice(0, 2));
        assert.deepEqual(await keysOf(store, { gte: lo, lt: hi, reverse: true, limit: 1 }), [
          b(0x01, 0x00),
        ]);
        assert.deepEqual(await keysOf(store, { limit: 0 }), []);
        assert.deepEqual(await keysOf(store, { gte: b(0xff) }), [b(0xff), b(0xff, 0xff)]);
        assert.deepEqual(await keysOf(store, { lt: b(0x00, 0x00) }), [b(0x00)]);
        assert.deepEqual(await keysOf(store, { gte: b(0x05), lt: b(0x05) }), [], "empty range");
        assert.deepEqual(await keysOf(store, { gte: b(0x90), lt: b(0x10) }), [], "inverted range");
      }));

    test("a batch applies deletes before puts; a key put twice keeps the last value", () =>
      withStore(make, async (store) => {
        await store.write({
          put: [
            [b(1), b(1)],
            [b(2), b(2)],
          ],
          del: [],
        });
        await store.write({
          put: [
            [b(1), b(11)],
            [b(3), b(3)],
            [b(3), b(33)],
          ],
          del: [b(1), b(2), b(9)],
        });
        assert.deepEqual(await collect(store), [
          [b(1), b(11)],
          [b(3), b(33)],
        ]);
      }));

    test("a batch with one bad key is rejected as invalid and applies nothing", () =>
      withStore(make, async (store) => {
        await store.write({ put: [[b(1), b(1)]], del: [] });
        await assert.rejects(
          store.write({
            put: [
              [b(2), b(2)],
              [new Uint8Array(0), b(0)],
            ],
            del: [b(1)],
          }),
          (e) => assertStoreError(e, "invalid"),
        );
        await assert.rejects(
          store.write({ put: [], del: [new Uint8Array(MAX_KEY_BYTES + 1)] }),
          (e) => assertStoreError(e, "invalid"),
        );
        assert.deepEqual(await collect(store), [[b(1), b(1)]]);
        assert.throws(
          () => store.get(new Uint8Array(0)),
          (e) => assertStoreError(e, "invalid"),
        );
        assert.throws(
          () => store.iterate({ limit: -1 }),
          (e) => assertStoreError(e, "invalid"),
        );
        assert.throws(
          () => store.iterate({ limit: 1.5 }),
          (e) => assertStoreError(e, "invalid"),
        );
        assert.ok(store.has(new Uint8Array(MAX_KEY_BYTES).fill(0xff)) === false);
      }));

    test("writes issued without awaiting are applied in call order", () =>
      withStore(make, async (store) => {
        const writes: Promise<void>[] = [];
        for (let i = 0; i < 50; i++) writes.push(store.write({ put: [[b(7), b(i)]], del: [] }));
        await Promise.all(writes);
        assert.deepEqual(store.get(b(7)), b(49));
      }));

    test("an iteration sees the snapshot taken when it starts", () =>
      withStore(make, async (store) => {
        await fill(store);
        const iterator = store.iterate()[Symbol.asyncIterator]();
        const first = await iterator.next();
        assert.deepEqual(first.value?.key, SORTED[0]);
        await store.write({ put: [[b(0x50), b(1)]], del: [SORTED[5]!] });
        const rest: Uint8Array[] = [];
        for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) {
          rest.push(r.value.key);
        }
        assert.deepEqual(rest, SORTED.slice(1));
        assert.equal(store.has(b(0x50)), true, "the write itself is visible to reads");
      }));

    test("more entries than one iteration chunk are all visited", () =>
      withStore(make, async (store) => {
        const put: [Uint8Array, Uint8Array][] = [];
        for (let i = 0; i < 2500; i++) put.push([b(0x43, i >> 8, i & 0xff), b(i & 0xff)]);
        await store.write({ put, del: [] });
        const keys = await keysOf(store, { gte: b(0x43) });
        assert.equal(keys.length, 2500);
        assert.deepEqual(keys[2499], b(0x43, 2499 >> 8, 2499 & 0xff));
        assert.equal((await keysOf(store, { reverse: true, limit: 1500 })).length, 1500);
      }));

    test("a closed store fails every call with code closed; close is idempotent", async () => {
      const fixture = await make();
      const { store } = fixture;
      await fill(store);
      const iterator = store.iterate()[Symbol.asyncIterator]();
      await iterator.next();
      const pending = store.write({ put: [[b(0x42), b(1)]], del: [] });
      await store.close();
      await pending; // close() waits for writes already issued
      await store.close();
      assert.throws(
        () => store.get(b(1)),
        (e) => assertStoreError(e, "closed"),
      );
      assert.throws(
        () => store.has(b(1)),
        (e) => assertStoreError(e, "closed"),
      );
      assert.throws(
        () => store.iterate(),
        (e) => assertStoreError(e, "closed"),
      );
      await assert.rejects(store.getMany([b(1)]), (e) => assertStoreError(e, "closed"));
      await assert.rejects(store.write({ put: [], del: [] }), (e) => assertStoreError(e, "closed"));
      await assert.rejects(
        (async () => {
          for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) {
            /* drain */
          }
        })(),
        (e) => assertStoreError(e, "closed"),
      );
      await fixture.dispose();
    });
  });
}
