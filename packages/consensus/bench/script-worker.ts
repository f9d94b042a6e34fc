// Worker thread for the consensus benchmark: loads the real blocks, then verifies the script
// jobs it is told to, reporting how many inputs it checked.
import { parentPort, workerData } from "node:worker_threads";
import { verifyTxScripts } from "../src/checks/verify-scripts.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { loadRealBlocks } from "../test/support/real-blocks.js";
import { prepareBlock } from "./real-block-validation.js";

const { worker, workers } = workerData as { worker: number; workers: number };
const prepared = loadRealBlocks().map((rb) => prepareBlock(rb));
const backend = defaultSignatureBackend();
parentPort!.postMessage({ ready: true });
parentPort!.on("message", (msg: { rounds: number }) => {
  let inputs = 0;
  for (let r = 0; r < msg.rounds; r++) {
    for (const b of prepared) {
      // Transactions are dealt round-robin, so each worker gets a similar mix of input types.
      for (let j = worker; j < b.jobs.length; j += workers) {
        const result = verifyTxScripts(b.jobs[j]!, b.flags, backend);
        if (!result.ok) throw new Error(`${b.rb.name}: ${result.reason}`);
        inputs += b.jobs[j]!.tx.inputs.length;
      }
    }
  }
  parentPort!.postMessage({ inputs });
});
