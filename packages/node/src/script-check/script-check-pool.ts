// ScriptCheckPool: block script verification on worker threads (Core's CCheckQueue with
// -par threads). The chain manager hands it a block's script jobs after the non-script checks;
// the jobs are cut into contiguous, input-balanced batches, one per worker and one that the
// calling thread verifies itself meanwhile (as Core's master thread joins its queue), and the
// first failure in block order is reported: the answer sequential verification gives.
import type { Worker } from "node:worker_threads";
import {
  type CheckResult,
  loadSignatureBackends,
  type SignatureBackend,
  scriptFailureReject,
  type TxScriptJob,
  VALID,
  verifyBlockScripts,
} from "@hashforge/consensus";
import { siblingScriptUrl, startWorker } from "@hashforge/threads";
import type { ScriptWorkerData, VerifyRequest, VerifyResponse } from "./script-check-protocol.js";
import { encodeScriptJobs } from "./script-job-codec.js";

/** Below this many inputs a block is verified on the calling thread: messaging costs more. */
export const MIN_PARALLEL_INPUTS = 32;

/** Crashed workers replaced over the pool's life before it runs with fewer. */
const MAX_RESTARTS = 3;

/** A pino-compatible logger. */
interface PoolLogger {
  warn(obj: object, msg?: string): void;
}

export interface ScriptCheckPoolOptions {
  /** Worker threads, at least 1: Core's -par minus the calling thread, which verifies too. */
  readonly threads: number;
  /** The backend the main thread uses; workers load the same kind. */
  readonly backend: SignatureBackend;
  readonly logger?: PoolLogger;
  /** Fewer inputs than this are verified on the calling thread (default MIN_PARALLEL_INPUTS). */
  readonly minParallelInputs?: number;
  /** Worker script (default: script-check-worker beside this module); tests replace it. */
  readonly workerUrl?: URL;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, (response: VerifyResponse | null) => void>;
}

/** One worker's share of a verification: jobs[from..to). */
interface Batch {
  readonly from: number;
  readonly to: number;
}

/**
 * Splits jobs into at most `parts` contiguous batches of about equal input counts (the cost of
 * a job is its number of inputs).
 */
export function partitionJobs(jobs: readonly TxScriptJob[], parts: number): Batch[] {
  let total = 0;
  for (const job of jobs) total += job.tx.inputs.length;
  const batches: Batch[] = [];
  let from = 0;
  let done = 0;
  for (let p = 0; p < parts && from < jobs.length; p++) {
    const goal = ((p + 1) * total) / parts;
    let to = from;
    while (to < jobs.length && (done < goal || to === from)) done += jobs[to++]!.tx.inputs.length;
    if (p === parts - 1) to = jobs.length;
    batches.push({ from, to });
    from = to;
  }
  return batches;
}

export class ScriptCheckPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private restarts = 0;
  private closed = false;

  private constructor(private readonly options: ScriptCheckPoolOptions) {}

  /**
   * Starts `threads` workers and waits until each has loaded its backend. Returns null when the
   * backend is not one the workers can load (a custom or wrapped backend): verify on the
   * calling thread then.
   */
  static async start(options: ScriptCheckPoolOptions): Promise<ScriptCheckPool | null> {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1) {
      throw new RangeError(
        `script check threads must be a positive integer, got ${options.threads}`,
      );
    }
    const kinds = loadSignatureBackends().map((b) => b.kind as string);
    if (!kinds.includes(options.backend.name)) return null;
    const pool = new ScriptCheckPool(options);
    await Promise.all(Array.from({ length: options.threads }, () => pool.spawn()));
    return pool;
  }

  /** Live worker threads. */
  get threads(): number {
    return this.slots.length;
  }

  /**
   * Verifies every input script of `jobs` under `flags`: on the workers when there are enough
   * inputs, else here. Resolves with the first failure in block order as verifyBlockScripts
   * reports it. A batch whose worker crashed is verified on this thread instead.
   */
  async verify(jobs: readonly TxScriptJob[], flags: number): Promise<CheckResult> {
    let inputs = 0;
    for (const job of jobs) inputs += job.tx.inputs.length;
    const min = this.options.minParallelInputs ?? MIN_PARALLEL_INPUTS;
    if (this.closed || this.slots.length === 0 || inputs < min) {
      return verifyBlockScripts(jobs, flags, this.options.backend);
    }
    const batches = partitionJobs(jobs, this.slots.length + 1);
    const pending = batches
      .slice(1)
      .map((batch, i) => this.send(this.slots[i]!, jobs.slice(batch.from, batch.to), flags));
    // The first batch is this thread's: a failure there comes first in block order.
    const own = verifyBlockScripts(
      jobs.slice(batches[0]!.from, batches[0]!.to),
      flags,
      this.options.backend,
    );
    if (!own.ok) return own;
    const answers = await Promise.all(pending);
    for (let b = 1; b < batches.length; b++) {
      const { from, to } = batches[b]!;
      const answer = answers[b - 1];
      if (answer === null || answer?.crash !== undefined) {
        this.options.logger?.warn(
          { reason: answer?.crash ?? "worker exited" },
          "Script check batch verified on the main thread",
        );
        const result = verifyBlockScripts(jobs.slice(from, to), flags, this.options.backend);
        if (!result.ok) return result;
        continue;
      }
      const failure = answer!.failure;
      if (failure !== null) {
        return scriptFailureReject(jobs[from + failure.job]!, failure);
      }
    }
    return VALID;
  }

  /** Stops every worker; later verify() calls run on the calling thread. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) for (const done of slot.pending.values()) done(null);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** Posts a batch; resolves with the worker's answer, or null if the worker died first. */
  private send(
    slot: Slot,
    jobs: readonly TxScriptJob[],
    flags: number,
  ): Promise<VerifyResponse | null> {
    const id = this.nextId++;
    const request: VerifyRequest = { id, flags, jobs: encodeScriptJobs(jobs) };
    return new Promise((resolve) => {
      // Referenced only while it owes an answer: an idle pool never keeps the process alive.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, resolve);
      slot.worker.postMessage(request, [request.jobs.buffer as ArrayBuffer]);
    });
  }

  private spawn(): Promise<void> {
    const data: ScriptWorkerData = { backend: this.options.backend.name };
    const worker = startWorker(
      this.options.workerUrl ?? siblingScriptUrl(import.meta.url, "script-check-worker"),
      "hashforge-script-check",
      data,
    );
    const slot: Slot = { worker, pending: new Map() };
    this.slots.push(slot);
    worker.unref();
    return new Promise((ready) => {
      worker.on("message", (msg: VerifyResponse | { ready: true }) => {
        if ("ready" in msg) return ready();
        const done = slot.pending.get(msg.id);
        slot.pending.delete(msg.id);
        if (slot.pending.size === 0) worker.unref();
        done?.(msg);
      });
      const gone = (reason: unknown) => {
        const at = this.slots.indexOf(slot);
        if (at < 0) return;
        this.slots.splice(at, 1);
        for (const done of slot.pending.values()) done(null);
        slot.pending.clear();
        ready();
        if (this.closed) return;
        this.options.logger?.warn({ err: String(reason) }, "Script check worker stopped");
        if (this.restarts++ < MAX_RESTARTS) void this.spawn();
      };
      worker.on("error", gone);
      worker.on("exit", (code) => gone(`exit code ${code}`));
    });
  }
}
