// LevelStore behaviour beyond the shared contract: data survives close/reopen, a second opener gets
// `io` (LevelDB's lock), damaged files give `corrupt`.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { LevelStore } from "../src/store/level-store.js";
import { StoreError, type StoreErrorCode } from "../src/store/store-error.js";

function assertStoreError(err: unknown, code: StoreErrorCode): true {
  assert.ok(err instanceof StoreError, `expected StoreError, got ${String(err)}`);
  assert.equal(err.code, code);
  return true;
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "hashforge-level-"));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("LevelStore: data written survives close and reopen", () =>
  withDir(async (dir) => {
    const store = await LevelStore.open({ path: join(dir, "db") });
    await store.write({
      put: [
        [Uint8Array.of(0x00), Uint8Array.of(1)],
        [Uint8Array.of(0xff, 0x00), Uint8Array.of(2)],
      ],
      del: [],
    });
    await store.write({ put: [], del: [Uint8Array.of(0x00)] });
    await store.close();
    const again = await LevelStore.open({ path: join(dir, "db"), cacheSizeBytes: 1 << 20 });
    assert.equal(again.get(Uint8Array.of(0x00)), undefined);
    assert.deepEqual(again.get(Uint8Array.of(0xff, 0x00)), Uint8Array.of(2));
    await again.close();
  }));

test("LevelStore: a second open of the same directory fails with io (locked)", () =>
  withDir(async (dir) => {
    const store = await LevelStore.open({ path: dir });
    await assert.rejects(LevelStore.open({ path: dir }), (e) => assertStoreError(e, "io"));
    await store.close();
  }));

test("LevelStore: a damaged CURRENT file fails open with corrupt", () =>
  withDir(async (dir) => {
    const store = await LevelStore.open({ path: dir });
    await store.write({ put: [[Uint8Array.of(1), Uint8Array.of(1)]], del: [] });
    await store.close();
    await writeFile(join(dir, "CURRENT"), "MANIFEST-garbage"); // no trailing newline
    await assert.rejects(LevelStore.open({ path: dir }), (e) => assertStoreError(e, "corrupt"));
  }));
