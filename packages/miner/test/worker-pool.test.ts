// MinerPool on real worker threads: finds blocks, switches jobs quickly, survives crashing
// workers, rejects bad arguments, and leaves no thread behind (this file would never finish if
// stop() leaked a worker: a live Worker keeps the process alive).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkProofOfWork,
  encodeHeader,
  hashToBigInt,
  REGTEST_PARAMS,
  sha256d,
  targetFromBits,
} from "@hashforge/consensus";
import { MinerError } from "../src/miner-error.js";
import { createMiningJob } from "../src/mining-job.js";
import { type FoundBlock, MinerPool, maxMinerThreads } from "../src/worker-pool.js";
import { seededBytes } from "./support/random.js";

const TIMEOUT = { timeout: 60_000 };
const MAX_TARGET = (1n << 256n) - 1n;

/** Resolves once `cond()` holds, polling every 5 ms; rejects after `ms`. */
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const rand = seededBytes(21);

test(
  "finds a block at an easy target, checked by consensus, then stops cleanly",
  TIMEOUT,
  async () => {
    const found: FoundBlock[] = [];
    const errors: MinerError[] = [];
    const pool = new MinerPool({ onFound: (f) => found.push(f), onError: (e) => errors.push(e) });
    try {
      await pool.start(2);
      assert.equal(pool.threads, 2);
      // bits 0x1f00ffff: target 0xffff * 2^224, about one hash in 65 536.
      const bits = 0x1f00ffff;
      const target = targetFromBits(bits, REGTEST_PARAMS.pow.powLimit);
      assert.ok(target !== null);
      const template = encodeHeader({
        version: 0x20000000,
        prevBlock: rand(32),
        merkleRoot: rand(32),
        time: 1_700_000_000,
        bits,
        nonce: 0,
      });
      const job = createMiningJob({ id: "easy", header: template, target });
      pool.setJob(job);
      await until(() => found.length > 0, 50_000, "a block");
      const f = found[0]!;
      assert.equal(f.job, job);
      assert.equal(f.stale, false);
      assert.equal(f.headerIndex, 0);
      assert.deepEqual(f.header.subarray(0, 76), template.subarray(0, 76));
      assert.deepEqual(f.hash, sha256d(f.header));
      assert.ok(hashToBigInt(f.hash) <= target);
      assert.ok(checkProofOfWork(f.hash, bits, REGTEST_PARAMS.pow.powLimit));
      assert.ok(pool.totalHashes > 0);
      assert.deepEqual(errors, []);
    } finally {
      await pool.stop();
    }
    assert.equal(pool.threads, 0);
    assert.equal(pool.running, false);
    assert.equal(found.length, 1, "the pool idles after a find until the next job");
  },
);

test("setJob() moves every worker to the new job within milliseconds", TIMEOUT, async (t) => {
  const found: FoundBlock[] = [];
  let foundAt = 0;
  const pool = new MinerPool({
    onFound: (f) => {
      foundAt = performance.now();
      found.push(f);
    },
  });
  try {
    await pool.start(2);
    // Job A can never be solved (target 0); let the workers get well into it.
    const a = createMiningJob({ id: "a", header: rand(80), target: 0n });
    pool.setJob(a);
    await until(() => pool.totalHashes > 50_000, 30_000, "hashing on job A");
    // Job B accepts any hash: the first nonce a worker tries on it is a block.
    const b = createMiningJob({ id: "b", header: rand(80), target: MAX_TARGET });
    const switchedAt = performance.now();
    pool.setJob(b);
    await until(() => found.length > 0, 10_000, "a block on job B");
    const latency = foundAt - switchedAt;
    t.diagnostic(`job switch to first solution: ${latency.toFixed(1)} ms`);
    assert.equal(found[0]!.job, b);
    assert.equal(found[0]!.stale, false);
    // Workers check for messages every ~10 ms batch; allow for a loaded CI machine.
    assert.ok(latency < 1000, `switch took ${latency} ms`);
    // Both workers solve B at once; one block per job is reported.
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(found.length, 1);
  } finally {
    await pool.stop();
  }
});

test(
  "stop() terminates every worker, counts exactly, and the pool can start again",
  TIMEOUT,
  async () => {
    const rates: number[] = [];
    const pool = new MinerPool({ onHashrate: (r) => rates.push(r), reportIntervalMs: 50 });
    try {
      await pool.start(3);
      pool.setJob(createMiningJob({ header: rand(80), target: 0n }));
      await until(() => rates.some((r) => r > 0), 30_000, "a hashrate report");
      assert.ok(pool.hashrate() > 0);
      await Promise.all([pool.stop(), pool.stop()]); // the second call waits for the same stop
      assert.equal(pool.threads, 0);
      assert.equal(pool.running, false);
      const total = pool.totalHashes;
      assert.ok(total > 0);
      await pool.stop(); // idempotent
      // Nothing is still hashing: no report arrives after stop().
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(pool.totalHashes, total);
      // The job is kept across stop()/start(); a new one may be set while stopped.
      pool.setJob(createMiningJob({ header: rand(80), target: 0n }));
      await pool.start(1);
      assert.equal(pool.threads, 1);
      await until(() => pool.totalHashes > total, 30_000, "hashing after a restart");
    } finally {
      await pool.stop();
    }
    assert.equal(pool.threads, 0);
  },
);

test(
  "a crashing worker is reported and replaced up to maxRestarts, never fatal",
  TIMEOUT,
  async () => {
    const errors: MinerError[] = [];
    const pool = new MinerPool({
      workerUrl: new URL("./support/crash-worker.ts", import.meta.url),
      maxRestarts: 2,
      onError: (e) => errors.push(e),
    });
    try {
      await pool.start(1);
      pool.setJob(createMiningJob({ header: rand(80), target: 0n }));
      await until(() => errors.length >= 3 && pool.threads === 0, 30_000, "three crashes");
      assert.ok(errors.every((e) => e.code === "worker-crashed"));
      assert.ok(
        errors.every(
          (e) => e.cause instanceof Error && /simulated kernel fault/.test(e.cause.message),
        ),
      );
      assert.equal(errors.length, 3, "the first worker and two replacements");
      assert.equal(pool.running, true);
    } finally {
      await pool.stop();
    }
  },
);

test("invalid arguments are rejected with clear errors", TIMEOUT, async () => {
  const code = (c: string) => (e: unknown) => e instanceof MinerError && e.code === c;
  const pool = new MinerPool();
  await assert.rejects(pool.start(0), /threads: must be an integer from 1 to \d+ \(got 0\)/);
  await assert.rejects(pool.start(1.5), code("invalid-argument"));
  await assert.rejects(pool.start(maxMinerThreads() + 1), code("invalid-argument"));
  await assert.rejects(pool.start("2" as unknown as number), code("invalid-argument"));
  assert.throws(
    () => pool.setJob({ id: "x", header: new Uint8Array(79), target: 1n, nextHeader: null }),
    /header: must be 80 bytes/,
  );
  assert.throws(
    () => pool.setJob({ id: "x", header: new Uint8Array(80), target: -1n, nextHeader: null }),
    code("invalid-argument"),
  );
  assert.throws(() => new MinerPool({ unitSize: 0 }), /unitSize/);
  assert.throws(() => new MinerPool({ maxRestarts: -1 }), /maxRestarts/);
  assert.equal(pool.running, false);
  await pool.start(1);
  try {
    await assert.rejects(pool.start(1), code("already-running"));
  } finally {
    await pool.stop();
  }
});
