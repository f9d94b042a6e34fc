import assert from "node:assert/strict";
import { test } from "node:test";
import {
  connectBlock,
  defaultSignatureBackend,
  nobleBackend,
  type SignatureBackend,
  type TxScriptJob,
  verifyBlockScripts,
} from "@hashforge/consensus";
import { loadRealBlocks, realBlockContext } from "../../consensus/test/support/real-blocks.js";
import { reportCases, vectorSuite } from "../../consensus/test/support/vectors.js";
import {
  MIN_PARALLEL_INPUTS,
  partitionJobs,
  ScriptCheckPool,
} from "../src/script-check/script-check-pool.js";
import { decodeScriptJobs, encodeScriptJobs } from "../src/script-check/script-job-codec.js";

/** The script jobs and flags of each real block, after its non-script checks. */
function realJobs(): { name: string; jobs: TxScriptJob[]; flags: number }[] {
  return loadRealBlocks().map((rb) => {
    const ctx = realBlockContext(rb);
    const connected = connectBlock(rb.block, ctx);
    if (!connected.ok) throw new Error(`${rb.name}: ${connected.reason}`);
    return { name: rb.name, jobs: [...connected.scriptJobs], flags: ctx.flags };
  });
}

/** `jobs` with the first signature byte of input `input` of job `at` flipped. */
function tampered(jobs: TxScriptJob[], at: number, input: number): TxScriptJob[] {
  const job = jobs[at]!;
  const inputs = job.tx.inputs.map((inp, i) => {
    if (i !== input) return inp;
    const witness = inp.witness.map((w, k) => (k === 0 ? flipped(w, 10) : w));
    const scriptSig = inp.witness.length > 0 ? inp.scriptSig : flipped(inp.scriptSig, 10);
    return { ...inp, witness, scriptSig };
  });
  const copy = [...jobs];
  copy[at] = { ...job, tx: { ...job.tx, inputs } };
  return copy;
}

function flipped(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at] = out[at]! ^ 0x01;
  return out;
}

test("script jobs survive the worker wire format", vectorSuite(), (t) => {
  const failures: string[] = [];
  const all = realJobs();
  for (const { name, jobs } of all) {
    const back = decodeScriptJobs(encodeScriptJobs(jobs));
    if (JSON.stringify(back, replacer) !== JSON.stringify(jobs, replacer)) failures.push(name);
  }
  assert.throws(() => decodeScriptJobs(Uint8Array.of(1, 0, 0)), /./);
  reportCases(t, "script job codec round trips", all.length, failures);
});

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  return typeof value === "bigint" ? `${value}` : value;
}

test("jobs are cut into contiguous batches of similar input counts", () => {
  const job = (inputs: number) =>
    ({ tx: { inputs: new Array(inputs).fill(null) } }) as unknown as TxScriptJob;
  const jobs = [1, 1, 1, 1, 10, 1, 1, 1, 1, 1, 1].map(job);
  const batches = partitionJobs(jobs, 3);
  assert.equal(batches[0]!.from, 0);
  assert.equal(batches.at(-1)!.to, jobs.length);
  for (let i = 1; i < batches.length; i++) assert.equal(batches[i]!.from, batches[i - 1]!.to);
  for (const b of batches) assert.ok(b.to > b.from, "no empty batch");
  assert.deepEqual(partitionJobs(jobs.slice(0, 2), 4).length, 2);
  assert.deepEqual(partitionJobs([], 2), []);
});

test("a worker pool gives the answers of sequential verification", vectorSuite(), async (t) => {
  const backend = defaultSignatureBackend();
  const pool = await ScriptCheckPool.start({ threads: 2, backend });
  assert.ok(pool, "the default backend loads in workers");
  const failures: string[] = [];
  let cases = 0;
  try {
    for (const { name, jobs, flags } of realJobs()) {
      const inputs = jobs.reduce((n, j) => n + j.tx.inputs.length, 0);
      assert.ok(inputs >= MIN_PARALLEL_INPUTS, `${name} is verified on the workers`);
      // Valid as is; then one bad input early, one late, and both (the first one wins).
      const late = jobs.length - 1;
      const variants: [string, TxScriptJob[]][] = [
        ["valid", jobs],
        ["early", tampered(jobs, 0, 0)],
        ["late", tampered(jobs, late, 0)],
        ["both", tampered(tampered(jobs, late, 0), 1, 0)],
      ];
      for (const [label, variant] of variants) {
        cases++;
        const want = verifyBlockScripts(variant, flags, backend);
        const got = await pool!.verify(variant, flags);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          failures.push(`${name} ${label}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
        }
        if (label !== "valid" && want.ok) failures.push(`${name} ${label}: tampering not caught`);
      }
    }
  } finally {
    await pool!.close();
  }
  reportCases(t, "parallel script checks equal sequential ones", cases, failures);
});

test("a pool refuses what its workers cannot load, and verifies here once closed", async () => {
  const wrapped: SignatureBackend = { ...nobleBackend, name: "custom" };
  assert.equal(await ScriptCheckPool.start({ threads: 1, backend: wrapped }), null);
  await assert.rejects(ScriptCheckPool.start({ threads: 0, backend: nobleBackend }), RangeError);
  const pool = (await ScriptCheckPool.start({ threads: 1, backend: nobleBackend }))!;
  assert.equal(pool.threads, 1);
  await pool.close();
  assert.equal(pool.threads, 0);
  assert.deepEqual(await pool.verify([], 0), { ok: true });
});

test(
  "a batch whose worker dies is verified on the main thread; the worker is replaced",
  vectorSuite(),
  async () => {
    const backend = defaultSignatureBackend();
    const warnings: string[] = [];
    const pool = (await ScriptCheckPool.start({
      threads: 1,
      backend,
      workerUrl: new URL("./support/exiting-script-worker.ts", import.meta.url),
      logger: { warn: (_obj, msg) => warnings.push(msg ?? "") },
    }))!;
    try {
      const { jobs, flags } = realJobs()[0]!;
      const late = tampered(jobs, jobs.length - 1, 0);
      const want = verifyBlockScripts(late, flags, backend);
      assert.equal(want.ok, false);
      assert.deepEqual(await pool.verify(late, flags), want, "the dead worker's batch still fails");
      assert.deepEqual(await pool.verify(jobs, flags), { ok: true });
      assert.ok(warnings.includes("Script check batch verified on the main thread"));
      assert.ok(warnings.includes("Script check worker stopped"));
    } finally {
      await pool.close();
    }
  },
);
