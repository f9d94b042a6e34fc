// MinerPool: proof-of-work search on worker threads, for the node's built-in mining (-mine=N,
// generatetoaddress) and later the pool's own hashing.
//
// The main thread owns the job and cuts it into nonce ranges (HeaderIterator); each worker holds
// at most one range and asks for the next when it is done, so threads never overlap and a new
// header from nextHeader() (extranonce roll, time bump) is produced here, where the node's state
// lives. A new job replaces every worker's range at once; workers check for messages between
// batches of ~10 ms, which bounds how long stale work continues.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { hashToBigInt, sha256d } from "@hashforge/consensus";
import { startWorker } from "@hashforge/threads";
import { HashrateMeter } from "./hashrate-meter.js";
import { DEFAULT_UNIT_SIZE, HeaderIterator, type WorkUnit } from "./header-iterator.js";
import { checkInteger, MinerError } from "./miner-error.js";
import { type MiningJob, withNonce } from "./mining-job.js";
import { checkHeader80, targetToWords } from "./sha256-midstate.js";
import { defaultWorkerUrl } from "./worker-entry.js";
import { type FromWorker, parseFromWorker, type ToWorker } from "./worker-protocol.js";

/** A pino-compatible logger (the node passes its pino child logger). */
export interface MinerLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A header that meets its job's target, as reported by {@link MinerPoolOptions.onFound}. */
export interface FoundBlock {
  /** The solved 80-byte header. */
  readonly header: Uint8Array;
  /** Its hash (SHA256d, internal byte order), checked against the target with consensus code. */
  readonly hash: Uint8Array;
  readonly job: MiningJob;
  /** Which header of the job: 0 for the template, n for the n-th from nextHeader(). */
  readonly headerIndex: number;
  /**
   * True when the job had been replaced by the time the solution arrived. The block may still
   * be valid (a template replaced for new transactions has the same parent), so it is reported.
   */
  readonly stale: boolean;
}

/** Options of {@link MinerPool}; every callback is optional. */
export interface MinerPoolOptions {
  /**
   * A header meeting the job's target, at most once per job. The pool then idles until the
   * next setJob().
   */
  readonly onFound?: (found: FoundBlock) => void;
  /** The current rate (hashes per second over the window), every `reportIntervalMs`. */
  readonly onHashrate?: (hashesPerSecond: number) => void;
  /** Non-fatal failures: a crashed worker, an exhausted or failing job, a bad solution. */
  readonly onError?: (error: MinerError) => void;
  readonly logger?: MinerLogger;
  /** Clock in milliseconds for the hashrate window (default `performance.now`). */
  readonly now?: () => number;
  /** Sliding window of {@link MinerPool.hashrate} in ms (default 10 000). */
  readonly hashrateWindowMs?: number;
  /** Period of onHashrate in ms (default 1000). */
  readonly reportIntervalMs?: number;
  /** Nonces per work unit handed to a worker (default 2^20). */
  readonly unitSize?: number;
  /** Crashed workers replaced over the pool's life before it runs with fewer (default 3). */
  readonly maxRestarts?: number;
  /** How long stop() waits for workers to report their last hashes before terminating them. */
  readonly stopTimeoutMs?: number;
  /** Worker script (default: the built-in miner-worker beside this module). */
  readonly workerUrl?: URL;
}

interface Slot {
  readonly id: number;
  readonly worker: Worker;
  ready: boolean;
  /** The unit this worker is scanning, as far as the main thread knows. */
  unitId: number | null;
  readonly exited: Promise<void>;
  stopped: (() => void) | null;
  /** The uncaught exception that ended the worker, reported once it has exited. */
  error: unknown;
}

const NO_LOG: MinerLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Highest thread count accepted: twice the CPUs available to this process. */
export function maxMinerThreads(): number {
  return availableParallelism() * 2;
}

/**
 * Runs the SHA256d search on worker threads. `start(n)`, then `setJob(job)` whenever the
 * template changes; solutions arrive through `onFound`. `stop()` terminates every worker.
 */
export class MinerPool {
  readonly #opts: MinerPoolOptions;
  readonly #log: MinerLogger;
  readonly #meter: HashrateMeter;
  readonly #unitSize: number;
  readonly #maxRestarts: number;
  readonly #stopTimeoutMs: number;
  readonly #workerUrl: URL;
  #slots: Slot[] = [];
  #state: "stopped" | "running" | "stopping" = "stopped";
  #job: MiningJob | null = null;
  #iterator: HeaderIterator | null = null;
  #targetWords: Uint32Array = new Uint32Array(8);
  /** Units recently handed out, for matching reports; bounded (oldest evicted first). */
  readonly #units = new Map<number, WorkUnit>();
  /** Jobs already reported solved: onFound fires once per job. */
  readonly #solved = new WeakSet<MiningJob>();
  #nextUnitId = 1;
  #nextSlotId = 0;
  #restarts = 0;
  #timer: ReturnType<typeof setInterval> | null = null;
  #stopping: Promise<void> | null = null;

  constructor(options: MinerPoolOptions = {}) {
    this.#opts = options;
    this.#log = options.logger ?? NO_LOG;
    this.#meter = new HashrateMeter({
      now: options.now ?? (() => performance.now()),
      windowMs: options.hashrateWindowMs ?? 10_000,
    });
    this.#unitSize = checkInteger("unitSize", options.unitSize ?? DEFAULT_UNIT_SIZE, 1, 2 ** 32);
    this.#maxRestarts = checkInteger("maxRestarts", options.maxRestarts ?? 3, 0, 1000);
    this.#stopTimeoutMs = checkInteger("stopTimeoutMs", options.stopTimeoutMs ?? 1000, 0, 60_000);
    checkInteger("reportIntervalMs", options.reportIntervalMs ?? 1000, 10, 3_600_000);
    if (options.workerUrl !== undefined && !(options.workerUrl instanceof URL)) {
      throw new MinerError("invalid-argument", "workerUrl: must be a URL");
    }
    this.#workerUrl = options.workerUrl ?? defaultWorkerUrl();
  }

  /**
   * Starts `threads` workers (1 .. twice the available CPUs) and resolves once each has loaded
   * or failed (a failure is reported through onError). Work starts as soon as a job is set.
   */
  async start(threads: number): Promise<void> {
    checkInteger("threads", threads, 1, maxMinerThreads());
    if (this.#state !== "stopped") {
      throw new MinerError("already-running", "start: the miner pool is already running");
    }
    this.#state = "running";
    this.#restarts = 0;
    this.#meter.start();
    const interval = this.#opts.reportIntervalMs ?? 1000;
    if (this.#opts.onHashrate) {
      const report = this.#opts.onHashrate;
      this.#timer = setInterval(
        () => this.#safely("onHashrate", () => report(this.hashrate())),
        interval,
      );
      this.#timer.unref();
    }
    const readies: Promise<void>[] = [];
    try {
      for (let i = 0; i < threads; i++) readies.push(this.#spawn());
    } catch (err) {
      await this.stop();
      throw err;
    }
    await Promise.all(readies);
    this.#log.info({ threads }, "miner started");
  }

  /**
   * Replaces the job every worker is on (null: idle). Workers abandon the old ranges at their
   * next batch boundary. May be called before start(); the job is kept across stop()/start().
   */
  setJob(job: MiningJob | null): void {
    if (job !== null) {
      if (typeof job !== "object")
        throw new MinerError("invalid-argument", "job: must be a MiningJob");
      checkHeader80(job.header);
      this.#targetWords = targetToWords(job.target);
    }
    this.#job = job;
    this.#iterator = job === null ? null : new HeaderIterator(job, this.#unitSize);
    for (const slot of this.#slots) {
      if (!slot.ready) continue;
      if (this.#iterator === null) this.#idle(slot);
      else this.#assign(slot);
    }
    if (job !== null) this.#log.debug({ job: job.id }, "miner job set");
  }

  /**
   * Stops every worker: each reports its uncounted hashes (waited for up to stopTimeoutMs) and
   * is terminated. Resolves when all have exited; idempotent (concurrent calls share one stop).
   */
  stop(): Promise<void> {
    if (this.#state === "stopping" && this.#stopping !== null) return this.#stopping;
    if (this.#state !== "running") return Promise.resolve();
    this.#state = "stopping";
    this.#stopping = this.#terminateAll().finally(() => {
      this.#stopping = null;
    });
    return this.#stopping;
  }

  async #terminateAll(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const slots = this.#slots;
    await Promise.all(
      slots.map(async (slot) => {
        const reported = new Promise<void>((resolve) => {
          slot.stopped = resolve;
        });
        this.#post(slot, { type: "stop" });
        let timeout: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          reported,
          slot.exited,
          new Promise<void>((resolve) => {
            timeout = setTimeout(resolve, this.#stopTimeoutMs);
          }),
        ]);
        clearTimeout(timeout);
        await slot.worker.terminate();
        await slot.exited;
      }),
    );
    this.#slots = [];
    this.#units.clear();
    this.#state = "stopped";
    this.#log.info({ totalHashes: this.#meter.total }, "miner stopped");
  }

  /** Hashes per second over the sliding window. */
  hashrate(): number {
    return this.#meter.rate();
  }

  /** Every hash the workers reported since construction (exact once stop() resolved). */
  get totalHashes(): number {
    return this.#meter.total;
  }

  /** Live worker threads. */
  get threads(): number {
    return this.#slots.length;
  }

  /** True between start() and stop(). */
  get running(): boolean {
    return this.#state === "running";
  }

  /** Spawns one worker; resolves when it is ready or gone. */
  #spawn(): Promise<void> {
    const id = this.#nextSlotId++;
    const worker = startWorker(this.#workerUrl, `hashforge-miner-${id}`);
    let readyResolve!: () => void;
    const ready = new Promise<void>((resolve) => {
      readyResolve = resolve;
    });
    const slot: Slot = {
      id,
      worker,
      ready: false,
      unitId: null,
      exited: new Promise<void>((resolve) => worker.once("exit", () => resolve())),
      stopped: null,
      error: undefined,
    };
    this.#slots.push(slot);
    worker.on("message", (raw: unknown) => {
      const msg = parseFromWorker(raw);
      if (msg === null) {
        this.#log.warn({ worker: id }, "miner worker sent a malformed message");
        return;
      }
      if (msg.type === "ready") readyResolve();
      this.#onMessage(slot, msg);
    });
    worker.on("error", (err: unknown) => {
      slot.error = err;
    });
    worker.on("messageerror", (err: unknown) => {
      this.#log.warn({ worker: id, err }, "miner worker message could not be deserialised");
    });
    worker.once("exit", (code: number) => {
      readyResolve();
      this.#onExit(slot, code);
    });
    return ready;
  }

  #onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type !== "ready") this.#meter.record(msg.hashes);
    switch (msg.type) {
      case "ready":
        slot.ready = true;
        if (this.#state === "running" && this.#iterator !== null) this.#assign(slot);
        break;
      case "progress":
        break;
      case "done":
        this.#units.delete(msg.unitId);
        if (msg.unitId === slot.unitId) {
          slot.unitId = null;
          this.#assign(slot);
        }
        break;
      case "found":
        this.#onFound(slot, msg.unitId, msg.nonce);
        break;
      case "stopped":
        slot.stopped?.();
        break;
    }
  }

  #onFound(slot: Slot, unitId: number, nonce: number): void {
    const unit = this.#units.get(unitId);
    this.#units.delete(unitId);
    const current = unitId === slot.unitId;
    if (current) slot.unitId = null; // the worker idles after a find
    if (unit === undefined) {
      this.#log.warn({ worker: slot.id, unitId }, "miner solution for a forgotten work unit");
      if (current) this.#assign(slot);
      return;
    }
    const header = withNonce(unit.header, nonce);
    const hash = sha256d(header);
    if (hashToBigInt(hash) > unit.job.target) {
      this.#report(
        new MinerError("bad-solution", `worker ${slot.id}: nonce ${nonce} misses the target`),
      );
      if (current) this.#assign(slot);
      return;
    }
    const stale = unit.job !== this.#job;
    if (current && stale) this.#assign(slot);
    if (this.#solved.has(unit.job)) {
      // Another worker solved the same job before it heard the pool was idling: one block per
      // job is reported, the sibling is dropped.
      this.#log.debug({ job: unit.job.id, nonce }, "miner dropped a second solution of a job");
      return;
    }
    this.#solved.add(unit.job);
    if (!stale) {
      // The template is spent: its block is found. Wait for the next job.
      this.#iterator = null;
      for (const other of this.#slots) if (other.unitId !== null) this.#idle(other);
    }
    this.#log.debug({ job: unit.job.id, nonce, stale }, "miner found a solution");
    const found: FoundBlock = { header, hash, job: unit.job, headerIndex: unit.headerIndex, stale };
    const onFound = this.#opts.onFound;
    if (onFound) this.#safely("onFound", () => onFound(found));
  }

  #onExit(slot: Slot, code: number): void {
    this.#slots = this.#slots.filter((s) => s !== slot);
    if (slot.unitId !== null) this.#units.delete(slot.unitId);
    if (this.#state !== "running") return;
    const why = slot.error === undefined ? `exited with code ${code}` : "threw";
    const error = new MinerError("worker-crashed", `miner worker ${slot.id} ${why}`, {
      cause: slot.error,
    });
    this.#report(error);
    if (this.#restarts < this.#maxRestarts) {
      this.#restarts++;
      this.#log.warn({ worker: slot.id, restarts: this.#restarts }, "restarting miner worker");
      try {
        void this.#spawn();
      } catch (err) {
        this.#report(
          new MinerError("worker-crashed", "cannot start a replacement worker", { cause: err }),
        );
      }
    } else if (this.#slots.length === 0) {
      this.#log.error({}, "every miner worker has exited; mining stopped");
    }
  }

  /** Hands `slot` the next unit of the current job, or idles it when the job is finished. */
  #assign(slot: Slot): void {
    if (this.#state !== "running" || !slot.ready) return;
    const iterator = this.#iterator;
    let unit: WorkUnit | null = null;
    if (iterator !== null) {
      try {
        unit = iterator.next();
      } catch (err) {
        this.#iterator = null;
        const reason = err instanceof MinerError ? err.message : "nextHeader() threw";
        this.#report(
          new MinerError("job-failed", `job ${iterator.job.id}: ${reason}`, { cause: err }),
        );
      }
      if (unit === null && this.#iterator !== null) {
        this.#iterator = null;
        this.#report(
          new MinerError("nonce-space-exhausted", `job ${iterator.job.id}: every header searched`),
        );
      }
    }
    if (unit === null) {
      this.#idle(slot);
      return;
    }
    const unitId = this.#nextUnitId++;
    this.#units.set(unitId, unit);
    // Bound the map: reports for units older than a few rounds of reassignment are dropped.
    const limit = 4 * this.#slots.length + 16;
    for (const key of this.#units.keys()) {
      if (this.#units.size <= limit) break;
      this.#units.delete(key);
    }
    slot.unitId = unitId;
    this.#post(slot, {
      type: "work",
      unitId,
      header: unit.header,
      target: this.#targetWords,
      startNonce: unit.startNonce,
      count: unit.count,
    });
  }

  #idle(slot: Slot): void {
    slot.unitId = null;
    this.#post(slot, { type: "idle" });
  }

  #post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }

  #report(error: MinerError): void {
    this.#log.warn({ code: error.code, err: error.cause }, error.message);
    const onError = this.#opts.onError;
    if (onError) this.#safely("onError", () => onError(error));
  }

  /** Runs a user callback; an exception there is logged, never allowed to break the pool. */
  #safely(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err, callback: name }, "miner callback threw");
    }
  }
}
