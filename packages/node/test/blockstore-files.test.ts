// BlockFileStore: round trips, file rolling, reopen at a committed cursor, torn tails, checksum
// and framing failures as typed errors, and scanning files for reindex.
import assert from "node:assert/strict";
import { appendFile, mkdtemp, open, readFile, rm, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { MAIN_PARAMS, REGTEST_PARAMS } from "@hashforge/consensus";
import { BlockFileStore, type BlockFileStoreOptions } from "../src/blockstore/block-file-store.js";
import {
  type BlockFileCursor,
  type BlockPos,
  EMPTY_BLOCK_FILE_CURSOR,
} from "../src/blockstore/block-pos.js";
import { BlockStoreError, type BlockStoreErrorCode } from "../src/blockstore/block-store-error.js";

const MAGIC = REGTEST_PARAMS.messageStart;

function assertCode(err: unknown, code: BlockStoreErrorCode): true {
  assert.ok(err instanceof BlockStoreError, `expected BlockStoreError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  return true;
}

/** Deterministic record data of `length` bytes, different for each `seed`. */
function data(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 7) & 0xff);
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "hashforge-blocks-"));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function openStore(
  dir: string,
  extra: Partial<Omit<BlockFileStoreOptions, "dir">> = {},
): Promise<BlockFileStore> {
  return BlockFileStore.open({
    dir,
    messageStart: MAGIC,
    resume: EMPTY_BLOCK_FILE_CURSOR,
    ...extra,
  });
}

async function flipByte(path: string, offset: number): Promise<void> {
  const handle = await open(path, "r+");
  try {
    const one = new Uint8Array(1);
    await handle.read(one, 0, 1, offset);
    one[0] = one[0]! ^ 0x01;
    await handle.write(one, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

test("blocks and undo data round-trip; positions point past the 8-byte header", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    const blocks = [data(81, 1), data(0, 2), data(1000, 3)];
    const undos = [data(5, 4), data(300, 5)];
    const blockPos: BlockPos[] = [];
    for (const b of blocks) blockPos.push(await store.writeBlock(b));
    const undoPos: BlockPos[] = [];
    for (const u of undos) undoPos.push(await store.writeUndo(u));
    assert.deepEqual(blockPos, [
      { file: 0, offset: 8, length: 81 },
      { file: 0, offset: 97, length: 0 },
      { file: 0, offset: 105, length: 1000 },
    ]);
    assert.deepEqual(undoPos, [
      { file: 0, offset: 8, length: 5 },
      { file: 0, offset: 8 + 5 + 32 + 8, length: 300 },
    ]);
    for (let i = 0; i < blocks.length; i++) {
      assert.deepEqual(await store.readBlock(blockPos[i]!), blocks[i]);
    }
    for (let i = 0; i < undos.length; i++) {
      assert.deepEqual(await store.readUndo(undoPos[i]!), undos[i]);
    }
    const cursor = await store.flush();
    assert.deepEqual(cursor, {
      blk: { file: 0, end: 1105 },
      rev: { file: 0, end: 8 + 5 + 32 + 8 + 300 + 32 },
    });
    await store.close();
    // The on-disk framing is Core's: message start, little-endian length, data.
    const raw = await readFile(join(dir, "blk00000.dat"));
    assert.equal(raw.length, 1105);
    assert.deepEqual(new Uint8Array(raw.subarray(0, 4)), MAGIC);
    assert.equal(raw.readUInt32LE(4), 81);
    assert.equal((await stat(join(dir, "rev00000.dat"))).size, cursor.rev.end);
  }));

test("files roll to the next number once a record would pass maxFileSize", () =>
  withDir(async (dir) => {
    const store = await openStore(dir, { maxFileSize: 200 });
    const positions: BlockPos[] = [];
    for (let i = 0; i < 7; i++) positions.push(await store.writeBlock(data(50, i))); // 58 B each
    assert.deepEqual(
      positions.map((p) => [p.file, p.offset]),
      [
        [0, 8],
        [0, 66],
        [0, 124],
        [1, 8],
        [1, 66],
        [1, 124],
        [2, 8],
      ],
    );
    // A record larger than a whole file gets a file of its own, as in Core.
    const big = await store.writeBlock(data(500, 9));
    assert.deepEqual(big, { file: 3, offset: 8, length: 500 });
    const after = await store.writeBlock(data(10, 10));
    assert.equal(after.file, 4);
    // Undo files roll independently.
    const undo = [];
    for (let i = 0; i < 3; i++) undo.push(await store.writeUndo(data(60, i))); // 100 B each
    assert.deepEqual(
      undo.map((p) => p.file),
      [0, 0, 1],
    );
    for (let i = 0; i < 7; i++) assert.deepEqual(await store.readBlock(positions[i]!), data(50, i));
    assert.deepEqual(await store.readBlock(big), data(500, 9));
    await store.close();
    assert.equal((await stat(join(dir, "blk00000.dat"))).size, 174);
    assert.equal((await stat(join(dir, "blk00003.dat"))).size, 508);
  }));

test("reopening at the flushed cursor keeps reads working and appends after the end", () =>
  withDir(async (dir) => {
    const first = await openStore(dir, { maxFileSize: 200 });
    const a = await first.writeBlock(data(120, 1));
    const b = await first.writeBlock(data(120, 2));
    const u = await first.writeUndo(data(40, 3));
    const cursor: BlockFileCursor = await first.flush();
    await first.close();
    const second = await openStore(dir, { maxFileSize: 200, resume: cursor });
    assert.deepEqual(second.cursor(), cursor);
    assert.deepEqual(await second.readBlock(a), data(120, 1));
    assert.deepEqual(await second.readBlock(b), data(120, 2));
    assert.deepEqual(await second.readUndo(u), data(40, 3));
    const c = await second.writeBlock(data(10, 4));
    assert.deepEqual(c, { file: 1, offset: 136, length: 10 });
    await second.close();
  }));

test("records past the indexed cursor are discarded on open and then overwritten", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    const a = await store.writeBlock(data(100, 1));
    const indexed = await store.flush(); // the index batch committed this cursor...
    const lost = await store.writeBlock(data(100, 2)); // ...but not this block
    await store.close();
    await appendFile(join(dir, "blk00000.dat"), Uint8Array.of(...MAGIC, 50, 0, 0, 0, 1, 2)); // torn
    const reopened = await openStore(dir, { resume: indexed });
    assert.equal((await stat(join(dir, "blk00000.dat"))).size, indexed.blk.end);
    await assert.rejects(reopened.readBlock(lost), (e) => assertCode(e, "truncated"));
    const next = await reopened.writeBlock(data(100, 3));
    assert.deepEqual(next, lost, "the unindexed block's space is reused");
    assert.deepEqual(await reopened.readBlock(next), data(100, 3));
    assert.deepEqual(await reopened.readBlock(a), data(100, 1));
    await reopened.close();
  }));

test("resume 'scan' finds the end of the last complete record and drops a torn tail", () =>
  withDir(async (dir) => {
    const store = await openStore(dir, { maxFileSize: 300 });
    for (let i = 0; i < 5; i++) await store.writeBlock(data(100, i)); // files 0,0,1,1,2
    const u = await store.writeUndo(data(20, 9));
    const cursor = await store.flush();
    await store.close();
    await appendFile(join(dir, "blk00002.dat"), Uint8Array.of(...MAGIC, 100, 0, 0, 0, 7, 7, 7));
    await appendFile(join(dir, "rev00000.dat"), Uint8Array.of(...MAGIC)); // torn header
    const scanned = await openStore(dir, { maxFileSize: 300, resume: "scan" });
    assert.deepEqual(scanned.cursor(), cursor);
    assert.deepEqual(await scanned.readUndo(u), data(20, 9));
    await scanned.close();
  }));

test("a cursor beyond the data on disk fails open with truncated or not-found", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    await store.writeBlock(data(10, 1));
    const cursor = await store.flush();
    await store.close();
    const tooFar = { blk: { file: 0, end: cursor.blk.end + 1 }, rev: cursor.rev };
    await assert.rejects(openStore(dir, { resume: tooFar }), (e) => assertCode(e, "truncated"));
    const missing = { blk: { file: 7, end: 10 }, rev: cursor.rev };
    await assert.rejects(openStore(dir, { resume: missing }), (e) => assertCode(e, "not-found"));
  }));

test("damaged records read as typed errors: checksum, magic, length, torn, missing", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    const u = await store.writeUndo(data(64, 1));
    const b = await store.writeBlock(data(64, 2));
    const b2 = await store.writeBlock(data(64, 3));
    await store.flush();
    await flipByte(join(dir, "rev00000.dat"), u.offset + 10);
    await assert.rejects(store.readUndo(u), (e) => assertCode(e, "bad-checksum"));
    await flipByte(join(dir, "rev00000.dat"), u.offset + 10);
    assert.deepEqual(await store.readUndo(u), data(64, 1), "restored byte reads again");
    await flipByte(join(dir, "rev00000.dat"), u.offset + 64 + 5); // inside the checksum
    await assert.rejects(store.readUndo(u), (e) => assertCode(e, "bad-checksum"));
    await flipByte(join(dir, "blk00000.dat"), b.offset - 8);
    await assert.rejects(store.readBlock(b), (e) => assertCode(e, "bad-magic"));
    await assert.rejects(store.readBlock({ ...b2, length: 63 }), (e) =>
      assertCode(e, "bad-length"),
    );
    await assert.rejects(store.readBlock({ ...b2, offset: b2.offset + 1 }), (e) =>
      assertCode(e, "bad-magic"),
    );
    await truncate(join(dir, "blk00000.dat"), b2.offset + 30);
    await assert.rejects(store.readBlock(b2), (e) => assertCode(e, "truncated"));
    await assert.rejects(store.readBlock({ file: 0, offset: b2.offset + 1000, length: 1 }), (e) =>
      assertCode(e, "truncated"),
    );
    await assert.rejects(store.readBlock({ file: 5, offset: 8, length: 1 }), (e) =>
      assertCode(e, "not-found"),
    );
    for (const bad of [
      { file: -1, offset: 8, length: 1 },
      { file: 0, offset: 4, length: 1 },
      { file: 0, offset: 8, length: 1.5 },
      { file: 0, offset: 8, length: 2 ** 31 },
    ]) {
      await assert.rejects(store.readBlock(bad), (e) => assertCode(e, "invalid"));
    }
    await store.close();
  }));

test("another network's magic reads as bad-magic; bad options are invalid", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    const b = await store.writeBlock(data(10, 1));
    await store.close();
    const cursor = { blk: { file: 0, end: 18 }, rev: { file: 0, end: 0 } };
    const main = await openStore(dir, { messageStart: MAIN_PARAMS.messageStart, resume: cursor });
    await assert.rejects(main.readBlock(b), (e) => assertCode(e, "bad-magic"));
    await main.close();
    await assert.rejects(openStore(dir, { messageStart: Uint8Array.of(1, 2, 3) }), (e) =>
      assertCode(e, "invalid"),
    );
    await assert.rejects(openStore(dir, { maxFileSize: 10 }), (e) => assertCode(e, "invalid"));
  }));

test("records above maxRecordBytes are refused with too-large", () =>
  withDir(async (dir) => {
    const store = await openStore(dir, { maxRecordBytes: 100 });
    await assert.rejects(store.writeBlock(data(101, 1)), (e) => assertCode(e, "too-large"));
    assert.deepEqual(await store.writeBlock(data(100, 1)), { file: 0, offset: 8, length: 100 });
    await store.close();
  }));

test("scanBlockFile/scanUndoFile yield every complete record and stop at a torn tail", () =>
  withDir(async (dir) => {
    const store = await openStore(dir, { maxFileSize: 400 });
    const written: BlockPos[] = [];
    for (let i = 0; i < 6; i++) written.push(await store.writeBlock(data(90 + i, i)));
    const undo = [await store.writeUndo(data(7, 1)), await store.writeUndo(data(9, 2))];
    await store.flush();
    const scan = async (it: AsyncIterable<BlockPos>) => {
      const out: BlockPos[] = [];
      for await (const p of it) out.push(p);
      return out;
    };
    const files = [...new Set(written.map((p) => p.file))];
    assert.deepEqual(files, [0, 1]);
    const found = [
      ...(await scan(store.scanBlockFile(0))),
      ...(await scan(store.scanBlockFile(1))),
    ];
    assert.deepEqual(found, written);
    assert.deepEqual(await scan(store.scanUndoFile(0)), undo);
    await appendFile(join(dir, "blk00001.dat"), Uint8Array.of(...MAGIC, 200, 0, 0, 0, 1));
    assert.deepEqual(
      await scan(store.scanBlockFile(1)),
      written.filter((p) => p.file === 1),
    );
    await appendFile(join(dir, "rev00000.dat"), new Uint8Array(64)); // zero padding, no magic
    assert.deepEqual(await scan(store.scanUndoFile(0)), undo);
    await assert.rejects(scan(store.scanBlockFile(9)), (e) => assertCode(e, "not-found"));
    await store.close();
  }));

test("a closed block store refuses every call with closed", () =>
  withDir(async (dir) => {
    const store = await openStore(dir);
    const b = await store.writeBlock(data(10, 1));
    const pending = store.writeBlock(data(10, 2));
    await store.close();
    assert.equal((await pending).offset, 26, "close waits for appends already issued");
    await store.close();
    await assert.rejects(store.writeBlock(data(1, 1)), (e) => assertCode(e, "closed"));
    await assert.rejects(store.writeUndo(data(1, 1)), (e) => assertCode(e, "closed"));
    await assert.rejects(store.readBlock(b), (e) => assertCode(e, "closed"));
    await assert.rejects(store.flush(), (e) => assertCode(e, "closed"));
    assert.throws(
      () => store.scanBlockFile(0),
      (e) => assertCode(e, "closed"),
    );
  }));
