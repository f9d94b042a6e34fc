// A script check worker that announces itself ready, then exits on its first batch: how a
// crashed worker looks to ScriptCheckPool.
import { parentPort } from "node:worker_threads";

parentPort!.on("message", () => process.exit(3));
parentPort!.postMessage({ ready: true });
