// A worker for start-worker.test.ts: answers each message with its workerData and the message.
import { parentPort, workerData } from "node:worker_threads";

parentPort!.on("message", (msg: unknown) => parentPort!.postMessage({ workerData, msg }));
