// Embedded key-value store benchmark: LevelDB (classic-level) vs LMDB (lmdb) on a UTXO-set-shaped
// workload. Run: `node --conditions=source --import tsx packages/node/bench/store.bench.ts
// [--scale 0.1]`. Each engine runs in its own child process so RSS figures are its own. Prints
// progress and a table; asserts nothing. See docs/decisions/0004-embedded-store.md.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClassicLevel } from "classic-level";
import { open as openLmdb } from "lmdb";

const KEY_BYTES = 37; // 'C' + txid[32] + vout u32
const VALUE_BYTES = 40; // ~ compressed amount + height/coinbase + short script
const BATCH = 5_000; // a block's worth of UTXO changes
const PREFIX = 0x43;

type EngineName = "lmdb" | "level";

/** The engine operations the benchmark drives; each engine adapts its native API to this. */
interface Engine {
  writeBatch(puts: Uint8Array[], values: Uint8Array[], dels: Uint8Array[]): Promise<void>;
  getSync(key: Uint8Array): Uint8Array | undefined;
  getAsync(key: Uint8Array): Promise<Uint8Array | undefined>;
  getMany(keys: Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  countRange(gte: Uint8Array, lt: Uint8Array | undefined): number | Promise<number>;
  stats(): string;
  /** Lets the engine finish deferred work (LevelDB: compact everything); resolves when done. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function openEngine(name: EngineName, dir: string): Promise<Engine> {
  if (name === "lmdb") {
    const db = openLmdb<Uint8Array, Uint8Array>({
      path: dir,
      keyEncoding: "binary",
      encoding: "binary",
    });
    return {
      async writeBatch(puts, values, dels) {
        await db.batch(() => {
          for (const k of dels) db.remove(k);
          for (let i = 0; i < puts.length; i++) db.put(puts[i]!, values[i]!);
        });
        // overlappingSync (the Linux default) resolves at commit; wait for the fsync too.
        await db.flushed;
      },
      getSync: (key) => db.getBinary(key),
      getAsync: async (key) => (await db.getMany([key]))[0],
      getMany: (keys) => db.getMany(keys),
      countRange(gte, lt) {
        let n = 0;
        for (const _ of db.getKeys(lt === undefined ? { start: gte } : { start: gte, end: lt }))
          n++;
        return n;
      },
      stats: () => JSON.stringify(db.getStats()),
      settle: async () => undefined,
      close: () => db.close(),
    };
  }
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, {
    keyEncoding: "view",
    valueEncoding: "view",
  });
  await db.open();
  return {
    async writeBatch(puts, values, dels) {
      const b = db.batch();
      for (const k of dels) b.del(k);
      for (let i = 0; i < puts.length; i++) b.put(puts[i]!, values[i]!);
      await b.write({ sync: true });
    },
    getSync: (key) => db.getSync(key),
    getAsync: (key) => db.get(key),
    getMany: (keys) => db.getMany(keys),
    async countRange(gte, lt) {
      // nextv() pulls entries in chunks: the fastest way through classic-level's async iterator.
      const it = db.iterator(lt === undefined ? { gte } : { gte, lt });
      let n = 0;
      try {
        for (let chunk = await it.nextv(1000); chunk.length > 0; chunk = await it.nextv(1000)) {
          n += chunk.length;
        }
      } finally {
        await it.close();
      }
      return n;
    },
    stats: () => "",
    settle: () => db.compactRange(Uint8Array.of(0x00), Uint8Array.of(0xff)),
    close: () => db.close(),
  };
}

/** Deterministic xorshift32 filler so both engines see the same keys. */
function makeRng(seed: number): (out: Uint8Array) => void {
  let s = seed >>> 0 || 1;
  return (out) => {
    for (let i = 0; i < out.length; i += 4) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s & 0xff;
      if (i + 1 < out.length) out[i + 1] = (s >>> 8) & 0xff;
      if (i + 2 < out.length) out[i + 2] = (s >>> 16) & 0xff;
      if (i + 3 < out.length) out[i + 3] = s >>> 24;
    }
  };
}

function makeKeys(count: number, seed: number): Uint8Array[] {
  const fill = makeRng(seed);
  const buf = new Uint8Array(count * KEY_BYTES);
  fill(buf);
  const keys: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const k = buf.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
    k[0] = PREFIX;
    keys.push(k);
  }
  return keys;
}

function makeValues(count: number, seed: number): Uint8Array[] {
  const fill = makeRng(seed);
  const buf = new Uint8Array(count * VALUE_BYTES);
  fill(buf);
  return Array.from({ length: count }, (_, i) =>
    buf.subarray(i * VALUE_BYTES, (i + 1) * VALUE_BYTES),
  );
}

function dirSize(dir: string): { apparent: number; allocated: number } {
  let apparent = 0;
  let allocated = 0;
  for (const f of readdirSync(dir)) {
    const st = statSync(join(dir, f));
    if (!st.isFile()) continue;
    apparent += st.size;
    allocated += st.blocks * 512;
  }
  return { apparent, allocated };
}

const mib = (n: number) => n / (1 << 20);
const now = () => performance.now();

async function runChild(name: EngineName, scale: number): Promise<void> {
  const say = (line: string) => process.stdout.write(`[${name}] ${line}\n`);
  const n = Math.max(BATCH, Math.round((1_000_000 * scale) / BATCH) * BATCH);
  const reads = Math.max(10_000, Math.round(200_000 * scale));
  const mixedBatches = Math.max(4, Math.round(40 * scale));
  const dir = mkdtempSync(join(tmpdir(), `hashforge-bench-${name}-`));
  const r: Record<string, number> = { entries: n };
  try {
    const keys = makeKeys(n, 0x1234567);
    const values = makeValues(n, 0x7654321);
    const misses = makeKeys(reads, 0xabcdef);
    let db = await openEngine(name, dir);

    // 1. Bulk load in atomic, durable batches of one block's worth.
    let t = now();
    for (let off = 0; off < n; off += BATCH) {
      await db.writeBatch(keys.slice(off, off + BATCH), values.slice(off, off + BATCH), []);
      if ((off / BATCH + 1) % Math.max(1, Math.round(n / BATCH / 5)) === 0) {
        say(`insert ${off + BATCH}/${n} (${((now() - t) / 1000).toFixed(1)} s)`);
      }
    }
    r.insertSec = (now() - t) / 1000;
    r.insertPerSec = n / r.insertSec;
    r.rssAfterLoadMiB = mib(process.memoryUsage().rss);

    // 2. Random point reads, 50 % hits / 50 % misses, same sequence for every mode.
    const fill = makeRng(99);
    const pick = new Uint8Array(reads * 4);
    fill(pick);
    const dv = new DataView(pick.buffer);
    const probe: Uint8Array[] = [];
    for (let i = 0; i < reads; i++) {
      const x = dv.getUint32(i * 4, true);
      probe.push(i % 2 === 0 ? keys[x % n]! : misses[x % reads]!);
    }
    let hits = 0;
    t = now();
    for (const k of probe) if (db.getSync(k) !== undefined) hits++;
    r.syncGetUs = ((now() - t) * 1000) / reads;
    r.hitRate = hits / reads;
    say(`sync get: ${r.syncGetUs.toFixed(2)} µs/read, hit rate ${(r.hitRate * 100).toFixed(1)} %`);
    const asyncReads = Math.max(5_000, Math.round(reads / 4));
    t = now();
    for (let i = 0; i < asyncReads; i++) await db.getAsync(probe[i]!);
    r.asyncGetUs = ((now() - t) * 1000) / asyncReads;
    say(`async get (awaited one at a time): ${r.asyncGetUs.toFixed(2)} µs/read`);
    t = now();
    for (let i = 0; i < reads; i += 100) await db.getMany(probe.slice(i, i + 100));
    r.getMany100Us = ((now() - t) * 1000) / reads;
    say(`getMany x100: ${r.getMany100Us.toFixed(2)} µs/key`);

    // 3. Mixed batches: spend half a block's outputs, create as many new ones.
    const fresh = makeKeys(mixedBatches * (BATCH / 2), 0x5eed);
    const freshValues = makeValues(BATCH / 2, 0xfeed);
    t = now();
    for (let b = 0; b < mixedBatches; b++) {
      const dels = keys.slice(b * (BATCH / 2), (b + 1) * (BATCH / 2));
      const puts = fresh.slice(b * (BATCH / 2), (b + 1) * (BATCH / 2));
      await db.writeBatch(puts, freshValues, dels);
    }
    r.mixedBatchMs = (now() - t) / mixedBatches;
    say(`mixed batch (${BATCH / 2} del + ${BATCH / 2} put): ${r.mixedBatchMs.toFixed(1)} ms/batch`);

    // 3b. One big flush, as a chainstate cache flush writes it: 10 % of the set spent, as many new.
    const flushHalf = Math.round(n / 20);
    const spent = keys.slice(n - flushHalf, n);
    const created = makeKeys(flushHalf, 0xf1a5);
    t = now();
    await db.writeBatch(created, makeValues(flushHalf, 0xbeef), spent);
    r.bigFlushSec = (now() - t) / 1000;
    r.bigFlushOps = 2 * flushHalf;
    say(
      `big flush (${flushHalf} del + ${flushHalf} put, one batch): ${r.bigFlushSec.toFixed(2)} s`,
    );

    // 3c. Reads again once the engine has settled (LevelDB compaction debt paid off).
    t = now();
    await db.settle();
    r.settleSec = (now() - t) / 1000;
    t = now();
    for (const k of probe) db.getSync(k);
    r.settledSyncGetUs = ((now() - t) * 1000) / reads;
    say(
      `settle ${r.settleSec.toFixed(2)} s, then sync get ${r.settledSyncGetUs.toFixed(2)} µs/read`,
    );

    // 4. Prefix iteration (~1/256 of the set per prefix) and one full scan.
    t = now();
    let iterated = 0;
    for (let p = 0; p < 32; p++) {
      const lo = Uint8Array.of(PREFIX, p * 8);
      const hi = Uint8Array.of(PREFIX, p * 8 + 1);
      iterated += await db.countRange(lo, hi);
    }
    r.prefixIterKeysPerSec = iterated / ((now() - t) / 1000);
    t = now();
    const total = await db.countRange(Uint8Array.of(PREFIX), Uint8Array.of(PREFIX + 1));
    r.fullScanSec = (now() - t) / 1000;
    r.fullScanKeysPerSec = total / r.fullScanSec;
    say(
      `prefix iteration ${iterated} keys; full scan ${total} keys in ${r.fullScanSec.toFixed(2)} s`,
    );

    const stats = db.stats();
    if (stats !== "") say(`stats ${stats}`);

    // 5. Close, size on disk, reopen + first read.
    await db.close();
    const size = dirSize(dir);
    r.diskApparentMiB = mib(size.apparent);
    r.diskAllocatedMiB = mib(size.allocated);
    t = now();
    db = await openEngine(name, dir);
    db.getSync(keys[0]!);
    r.reopenMs = now() - t;
    await db.close();
    r.maxRssMiB = process.resourceUsage().maxRSS / 1024;
    say(`disk ${r.diskAllocatedMiB.toFixed(1)} MiB, reopen ${r.reopenMs.toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`RESULT ${JSON.stringify({ name, ...r })}\n`);
}

function runEngineProcess(
  name: EngineName,
  scale: number,
): Promise<Record<string, number | string>> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, self, "--engine", name, "--scale", String(scale)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let result: Record<string, number | string> | undefined;
    let pending = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf("\n");
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7));
        else process.stdout.write(`${line}\n`);
        nl = pending.indexOf("\n");
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${name} benchmark exited with ${code}`));
    });
  });
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scale = Number(arg("--scale") ?? "1");
const engine = arg("--engine");
if (engine === "lmdb" || engine === "level") {
  await runChild(engine, scale);
} else {
  const started = now();
  const results: Record<string, number | string>[] = [];
  for (const name of ["lmdb", "level"] as const) results.push(await runEngineProcess(name, scale));
  const rows: [string, string, number][] = [
    ["entries", "", 0],
    ["insertSec", "insert, batches of 5,000, fsync each (s)", 2],
    ["insertPerSec", "insert rate (entries/s)", 0],
    ["syncGetUs", "sync get, 50 % hits (µs)", 2],
    ["asyncGetUs", "async get, awaited singly (µs)", 2],
    ["getMany100Us", "getMany of 100 (µs/key)", 2],
    ["mixedBatchMs", "batch 2,500 del + 2,500 put, fsync (ms)", 1],
    ["bigFlushOps", "big flush: operations in one batch", 0],
    ["bigFlushSec", "big flush, fsync (s)", 2],
    ["settleSec", "compaction after writes (s)", 2],
    ["settledSyncGetUs", "sync get after compaction (µs)", 2],
    ["prefixIterKeysPerSec", "prefix iteration (keys/s)", 0],
    ["fullScanKeysPerSec", "full scan (keys/s)", 0],
    ["reopenMs", "reopen + first get (ms)", 1],
    ["diskApparentMiB", "on disk, apparent (MiB)", 1],
    ["diskAllocatedMiB", "on disk, allocated (MiB)", 1],
    ["rssAfterLoadMiB", "RSS after load (MiB)", 0],
    ["maxRssMiB", "max RSS (MiB)", 0],
  ];
  process.stdout.write(`\n| metric | ${results.map((x) => x.name).join(" | ")} |\n|---|---|---|\n`);
  for (const [key, label, digits] of rows) {
    const cells = results.map((x) => Number(x[key]).toFixed(digits));
    process.stdout.write(`| ${label || key} | ${cells.join(" | ")} |\n`);
  }
  process.stdout.write(`\ntotal ${((now() - started) / 1000).toFixed(1)} s\n`);
}
