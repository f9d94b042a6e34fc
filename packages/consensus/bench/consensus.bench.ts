// `npm run bench:consensus`: signature backends, script-validated inputs per second on real
// blocks (one thread and all cores), and block parse throughput. Prints figures; asserts nothing.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { decodeBlock } from "../src/block/block.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { loadRealBlocks, realBlockContext } from "../test/support/real-blocks.js";
import { vectorsDir } from "../test/support/vectors.js";
import {
  prepareBlock,
  type RecordedSignatures,
  recordingBackend,
  replaySignatures,
  verifyPrepared,
} from "./real-block-validation.js";
import { benchSignatures } from "./signatures.js";

const log = (line: string) => process.stdout.write(`${line}\n`);

function timeLoop(minMs: number, body: () => void): { ms: number; rounds: number } {
  const start = performance.now();
  let rounds = 0;
  do {
    body();
    rounds++;
  } while (performance.now() - start < minMs);
  return { ms: performance.now() - start, rounds };
}

async function runWorkers(count: number, rounds: number): Promise<{ inputs: number; ms: number }> {
  // The benchmark runs compiled (dist/bench), so the worker is plain JavaScript too.
  const url = new URL("./script-worker.js", import.meta.url);
  const workers = Array.from(
    { length: count },
    (_, worker) => new Worker(url, { workerData: { worker, workers: count } }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve, reject) => {
          w.once("message", resolve);
          w.once("error", reject);
        }),
    ),
  );
  const start = performance.now();
  const results = await Promise.all(
    workers.map(
      (w) =>
        new Promise<number>((resolve, reject) => {
          w.once("message", (m: { inputs: number }) => resolve(m.inputs));
          w.once("error", reject);
          w.postMessage({ rounds });
        }),
    ),
  );
  const ms = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return { inputs: results.reduce((a, b) => a + b, 0), ms };
}

async function main(): Promise<void> {
  if (vectorsDir() === null) {
    log("bench:consensus needs the real-block vectors (HASHFORGE_VECTORS or ../shared/vectors)");
    process.exitCode = 1;
    return;
  }
  log("== block parsing");
  const blocks = loadRealBlocks();
  const totalBytes = blocks.reduce((n, b) => n + b.bytes.length, 0);
  const parse = timeLoop(1500, () => {
    for (const b of blocks) decodeBlock(b.bytes);
  });
  log(
    `block parse: ${((totalBytes * parse.rounds) / 1e6 / (parse.ms / 1000)).toFixed(1)} MB/s (${blocks.length} real blocks, ${(totalBytes / 1e6).toFixed(2)} MB, ${parse.rounds} rounds)`,
  );

  log("== signature backends");
  const sigs = await benchSignatures(log);
  for (const b of sigs.backends) {
    log(
      `${b.backend.padEnd(24)} ECDSA ${Math.round(b.ecdsaVerifiesPerSecond).toLocaleString("en-US").padStart(8)}/s   Schnorr ${Math.round(b.schnorrVerifiesPerSecond).toLocaleString("en-US").padStart(8)}/s`,
    );
  }
  log(`default backend: ${sigs.defaultBackend}`);

  log("== script validation of real blocks (one thread)");
  const backend = defaultSignatureBackend();
  const prepared = blocks.map((rb) => prepareBlock(rb));
  const inputs = prepared.reduce((n, b) => n + b.inputs, 0);
  const recorded: RecordedSignatures = { ecdsa: [], schnorr: [] };
  verifyPrepared(prepared, recordingBackend(backend, recorded));
  const contexts = blocks.map((rb) => realBlockContext(rb));
  // The three are timed in alternation, round after round, so a machine whose speed drifts
  // (a shared or throttled CPU) affects each the same way and their ratio stays fair.
  const passes = { validate: 0, raw: 0, prepare: 0 };
  const alternations = 8;
  for (let r = 0; r < alternations; r++) {
    passes.validate += timeLoop(0, () => verifyPrepared(prepared, backend)).ms;
    passes.raw += timeLoop(0, () => replaySignatures(recorded, backend)).ms;
    passes.prepare += timeLoop(0, () => blocks.map((rb, i) => prepareBlock(rb, contexts[i]))).ms;
  }
  const validateMs = passes.validate / alternations;
  const rawMs = passes.raw / alternations;
  const prepareMs = passes.prepare / alternations;
  log(
    `inputs: ${inputs.toLocaleString("en-US")} (${recorded.ecdsa.length.toLocaleString("en-US")} ECDSA + ${recorded.schnorr.length} Schnorr verifications)`,
  );
  log(
    `script validation: ${Math.round(inputs / (validateMs / 1000)).toLocaleString("en-US")} inputs/s (${validateMs.toFixed(0)} ms per pass)`,
  );
  log(`raw signature verification of the same inputs: ${rawMs.toFixed(0)} ms`);
  log(`other block checks (merkle, amounts, sigops, UTXO lookups): ${prepareMs.toFixed(0)} ms`);
  const overhead = (validateMs + prepareMs) / rawMs - 1;
  log(
    `validation cost over raw signature checks: +${(overhead * 100).toFixed(1)} % (goal <= +25 %); time in libsecp256k1: ${((rawMs / (validateMs + prepareMs)) * 100).toFixed(1)} %`,
  );

  const cores = availableParallelism();
  log(`== script validation on all cores (${cores} worker threads)`);
  const rounds = 3;
  const one = await runWorkers(1, rounds);
  const all = await runWorkers(cores, rounds);
  const rate1 = one.inputs / (one.ms / 1000);
  const rateN = all.inputs / (all.ms / 1000);
  log(
    `1 worker: ${Math.round(rate1).toLocaleString("en-US")} inputs/s; ${cores} workers: ${Math.round(rateN).toLocaleString("en-US")} inputs/s (x${(rateN / rate1).toFixed(2)})`,
  );
}

await main();
