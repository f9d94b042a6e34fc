// Messages between ScriptCheckPool (main thread) and its verification workers.
import type { ScriptError } from "@hashforge/consensus";

/** Main thread to worker: verify every input of these jobs under `flags`. */
export interface VerifyRequest {
  readonly id: number;
  readonly flags: number;
  /** Jobs as written by encodeScriptJobs. */
  readonly jobs: Uint8Array;
}

/** The first failing input of a batch: the job's position in the batch, the input, the error. */
export interface BatchFailure {
  readonly job: number;
  readonly input: number;
  readonly error: ScriptError;
}

/** Worker to main thread: the answer to request `id` (null failure: every input verified). */
export interface VerifyResponse {
  readonly id: number;
  readonly failure: BatchFailure | null;
  /** Set when the batch could not be verified at all (malformed, or an internal error). */
  readonly crash?: string;
}

/** What a worker receives as workerData: which signature backend to load. */
export interface ScriptWorkerData {
  readonly backend: string;
}
