export { siblingScriptUrl, startWorker, WorkerStartError } from "./start-worker.js";
