// Messages between MinerPool (main thread) and its workers. Every message is a few dozen bytes:
// a header, a target and integers; hash counts travel as numbers, never as per-hash events.

/** Main thread to worker: scan this nonce range (replaces whatever the worker was doing). */
export interface WorkMessage {
  readonly type: "work";
  readonly unitId: number;
  /** 80-byte header; only bytes 0..75 matter. */
  readonly header: Uint8Array;
  /** Target as 8 words, least significant first (`targetToWords`). */
  readonly target: Uint32Array;
  readonly startNonce: number;
  readonly count: number;
}

/** Main thread to worker: drop the current unit and wait (the job was solved or withdrawn). */
export interface IdleMessage {
  readonly type: "idle";
}

/** Main thread to worker: report the hashes not yet reported, then exit. */
export interface StopMessage {
  readonly type: "stop";
}

/** Everything the main thread sends. */
export type ToWorker = WorkMessage | IdleMessage | StopMessage;

/**
 * Everything a worker sends. `hashes` always counts nonces tried since the worker's previous
 * message, so their sum is the exact number of hashes the worker computed.
 */
export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly unitId: number; readonly hashes: number }
  | { readonly type: "done"; readonly unitId: number; readonly hashes: number }
  | {
      readonly type: "found";
      readonly unitId: number;
      readonly nonce: number;
      readonly hashes: number;
    }
  | { readonly type: "stopped"; readonly hashes: number };

const isCount = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks a message received from a worker, returning it typed, or null when it is not one of
 * {@link FromWorker} (a worker is our own code, but a malformed message must not corrupt pool
 * state: it is reported and ignored).
 */
export function parseFromWorker(msg: unknown): FromWorker | null {
  if (typeof msg !== "object" || msg === null) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case "ready":
      return { type: "ready" };
    case "progress":
    case "done":
      return isCount(m.unitId) && isCount(m.hashes)
        ? { type: m.type, unitId: m.unitId, hashes: m.hashes }
        : null;
    case "found":
      return isCount(m.unitId) && isCount(m.hashes) && isCount(m.nonce) && m.nonce <= 0xffffffff
        ? { type: "found", unitId: m.unitId, nonce: m.nonce, hashes: m.hashes }
        : null;
    case "stopped":
      return isCount(m.hashes) ? { type: "stopped", hashes: m.hashes } : null;
    default:
      return null;
  }
}
