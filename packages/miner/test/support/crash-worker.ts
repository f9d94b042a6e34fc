// A miner worker that loads, says it is ready, and throws on its first work message: what
// MinerPool must survive (report, replace up to maxRestarts, never crash the process).
import { parentPort } from "node:worker_threads";

const port = parentPort!;
port.on("message", (msg: { type: string }) => {
  if (msg.type === "work") throw new TypeError("simulated kernel fault");
  if (msg.type === "stop") {
    port.postMessage({ type: "stopped", hashes: 0 });
    port.close();
  }
});
port.postMessage({ type: "ready" });
