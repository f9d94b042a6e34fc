// A script verification worker: decodes each batch, verifies its inputs in order and answers
// with the first failure. Started by ScriptCheckPool; never touches chain state.
import { parentPort, workerData } from "node:worker_threads";
import {
  defaultSignatureBackend,
  firstScriptFailure,
  loadSignatureBackends,
  type SignatureBackend,
} from "@hashforge/consensus";
import type { ScriptWorkerData, VerifyRequest, VerifyResponse } from "./script-check-protocol.js";
import { decodeScriptJobs } from "./script-job-codec.js";

function backendNamed(name: string): SignatureBackend {
  const found = loadSignatureBackends().find((b) => b.kind === name)?.backend;
  return found ?? defaultSignatureBackend();
}

const backend = backendNamed((workerData as ScriptWorkerData).backend);
const port = parentPort!;

port.on("message", (req: VerifyRequest) => {
  let response: VerifyResponse;
  try {
    const jobs = decodeScriptJobs(req.jobs);
    let failure: VerifyResponse["failure"] = null;
    for (let j = 0; j < jobs.length && failure === null; j++) {
      const job = jobs[j]!;
      const f = firstScriptFailure(job.tx, job.spentOutputs, req.flags, backend);
      if (f !== null) failure = { job: j, input: f.input, error: f.error };
    }
    response = { id: req.id, failure };
  } catch (err) {
    response = {
      id: req.id,
      failure: null,
      crash: err instanceof Error ? err.message : String(err),
    };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true });
