// The bounded request queue in front of RPC execution (Core's WorkQueue in httpserver.cpp).

/** Default worker count (Core's -rpcthreads). */
export const DEFAULT_RPC_THREADS = 4;
/** Default queue depth (-rpcworkqueue); beyond it requests get 503 "Work queue depth exceeded". */
export const DEFAULT_RPC_WORK_QUEUE = 64;

/**
 * Runs at most `workers` jobs at once and holds at most `depth` waiting ones; {@link tryEnqueue}
 * refuses work beyond that instead of letting memory grow.
 */
export class RpcWorkQueue {
  readonly #workers: number;
  readonly #depth: number;
  readonly #waiting: (() => Promise<void>)[] = [];
  #running = 0;
  #idle: (() => void)[] = [];

  constructor(workers = DEFAULT_RPC_THREADS, depth = DEFAULT_RPC_WORK_QUEUE) {
    if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError("workers must be >= 1");
    if (!Number.isSafeInteger(depth) || depth < 1) throw new RangeError("depth must be >= 1");
    this.#workers = workers;
    this.#depth = depth;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Jobs being run. */
  get running(): number {
    return this.#running;
  }

  /**
   * Queues `job`; false when the queue is full (Core's `Enqueue` with `queue.size() >=
   * maxDepth`). The job must not throw; errors are its own to report.
   */
  tryEnqueue(job: () => Promise<void>): boolean {
    if (this.#waiting.length >= this.#depth) return false;
    this.#waiting.push(job);
    this.#pump();
    return true;
  }

  /** Resolves once nothing is queued or running. */
  drain(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#workers && this.#waiting.length > 0) {
      const job = this.#waiting.shift()!;
      this.#running++;
      job()
        .catch(() => undefined)
        .finally(() => {
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#waiting.length === 0) {
            const idle = this.#idle;
            this.#idle = [];
            for (const resolve of idle) resolve();
          }
        });
    }
  }
}
