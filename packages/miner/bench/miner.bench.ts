// `npm run bench:miner`: SHA256d header hashing throughput. Prints figures; asserts nothing.
//
// - naive: consensus sha256d over the full 80-byte header per nonce (what a first attempt does);
// - kernel, 1 thread: scanNonces on this thread (midstate, unrolled rounds, early exit);
// - kernel, N threads: miner workers each scanning a fixed nonce range: every figure is an
//   exact count of hashes divided by wall time, after a warm-up that lets the JIT compile;
// - MinerPool: the pool's own sliding-window hashrate while mining an unsolvable job.
import { availableParallelism, cpus, loadavg } from "node:os";
import type { Worker } from "node:worker_threads";
import { sha256d } from "@hashforge/consensus";
import { startWorker } from "@hashforge/threads";
import { createMiningJob } from "../src/mining-job.js";
import { scanNonces, workFromHeader } from "../src/sha256-midstate.js";
import { defaultWorkerUrl } from "../src/worker-entry.js";
import { MinerPool } from "../src/worker-pool.js";
import { parseFromWorker, type ToWorker } from "../src/worker-protocol.js";

const log = (line: string) => process.stdout.write(`${line}\n`);
const mhs = (hashes: number, ms: number) => (hashes / ms / 1000).toFixed(3);
const NEVER = new Uint32Array(8); // target 0: no hash meets it, so every nonce is hashed

function testHeader(): Uint8Array {
  const header = new Uint8Array(80);
  for (let i = 0; i < 80; i++) header[i] = (i * 151 + 7) & 0xff;
  return header;
}

function benchNaive(header: Uint8Array, minMs: number): { hashes: number; ms: number } {
  const copy = header.slice();
  const view = new DataView(copy.buffer);
  let hashes = 0;
  const start = performance.now();
  let ms = 0;
  do {
    for (let i = 0; i < 10_000; i++) {
      view.setUint32(76, hashes++, true);
      sha256d(copy);
    }
    ms = performance.now() - start;
  } while (ms < minMs);
  return { hashes, ms };
}

function benchKernel(header: Uint8Array, minMs: number): { hashes: number; ms: number } {
  const work = workFromHeader(header);
  const batch = 1 << 18;
  let hashes = 0;
  const start = performance.now();
  let ms = 0;
  do {
    scanNonces(work, NEVER, hashes, batch);
    hashes += batch;
    ms = performance.now() - start;
  } while (ms < minMs);
  return { hashes, ms };
}

/** Runs one fixed unit of `count` nonces on every worker; resolves with the wall time. */
async function runUnits(workers: Worker[], header: Uint8Array, count: number): Promise<number> {
  const start = performance.now();
  await Promise.all(
    workers.map(
      (w, i) =>
        new Promise<void>((resolve, reject) => {
          let hashed = 0; // progress reports, then the remainder with "done"
          const onMessage = (raw: unknown) => {
            const msg = parseFromWorker(raw);
            if (msg?.type === "progress" || msg?.type === "done") hashed += msg.hashes;
            if (msg?.type !== "done") return;
            if (hashed !== count) reject(new Error(`worker ${i} hashed ${hashed}, not ${count}`));
            w.off("message", onMessage);
            resolve();
          };
          w.on("message", onMessage);
          w.once("error", reject);
          const work: ToWorker = {
            type: "work",
            unitId: 1,
            header,
            target: NEVER,
            startNonce: i * count,
            count,
          };
          w.postMessage(work);
        }),
    ),
  );
  return performance.now() - start;
}

async function benchThreads(threads: number, header: Uint8Array, seconds: number) {
  const workers = Array.from({ length: threads }, (_, i) =>
    startWorker(defaultWorkerUrl(), `bench-miner-${i}`),
  );
  await Promise.all(
    workers.map((w) => new Promise((resolve) => w.once("message", () => resolve(undefined)))),
  );
  // Warm-up sized from one thread's speed, then a measured run of about `seconds`.
  const warm = 1 << 20;
  const warmMs = await runUnits(workers, header, warm);
  const count = Math.max(1 << 20, Math.round(((warm / warmMs) * seconds * 1000) / 1024) * 1024);
  const ms = await runUnits(workers, header, count);
  await Promise.all(workers.map((w) => w.terminate()));
  return { hashes: count * threads, ms };
}

async function benchPool(threads: number, header: Uint8Array, seconds: number): Promise<number> {
  const pool = new MinerPool({ hashrateWindowMs: seconds * 1000 });
  await pool.start(threads);
  pool.setJob(createMiningJob({ header, target: 0n }));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000 * 2));
  const rate = pool.hashrate();
  await pool.stop();
  return rate;
}

async function main(): Promise<void> {
  const header = testHeader();
  const threads = availableParallelism();
  log(`cpu: ${cpus()[0]?.model ?? "?"} x${threads}, load average ${loadavg()[0]!.toFixed(2)}`);

  benchKernel(header, 1500); // JIT warm-up
  const kernel = benchKernel(header, 3000);
  const naive = benchNaive(header, 3000);
  log(
    `naive sha256d (consensus), 1 thread: ${mhs(naive.hashes, naive.ms)} MH/s (${naive.hashes} hashes)`,
  );
  log(
    `kernel (midstate), 1 thread:          ${mhs(kernel.hashes, kernel.ms)} MH/s (${kernel.hashes} hashes)`,
  );
  log(`speedup vs naive: ${(kernel.hashes / kernel.ms / (naive.hashes / naive.ms)).toFixed(2)}x`);

  const one = await benchThreads(1, header, 3);
  log(`kernel, 1 worker thread:  ${mhs(one.hashes, one.ms)} MH/s (${one.hashes} hashes)`);
  const all = await benchThreads(threads, header, 3);
  log(`kernel, ${threads} worker threads: ${mhs(all.hashes, all.ms)} MH/s (${all.hashes} hashes)`);
  log(
    `scaling: ${(all.hashes / all.ms / (one.hashes / one.ms)).toFixed(2)}x on ${threads} threads`,
  );

  const poolRate = await benchPool(threads, header, 3);
  log(`MinerPool(${threads}) reported hashrate: ${(poolRate / 1e6).toFixed(3)} MH/s`);
}

await main();
