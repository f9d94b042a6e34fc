// Worker thread entry of MinerPool: scans the nonce range it is given in short batches, going
// back to its event loop between batches so a new unit, `idle` or `stop` takes effect within a
// batch (about BATCH_TARGET_MS). Not meant to be imported: `new Worker(url)` runs it.
import { parentPort } from "node:worker_threads";
import { MinerError } from "./miner-error.js";
import { type MiningWork, scanNonces, workFromHeader } from "./sha256-midstate.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

/** Batch length aimed for: the latency of switching work, and the cost of one event-loop turn. */
const BATCH_TARGET_MS = 10;
/** Progress is reported at most this often (bounds messages to the main thread). */
const REPORT_INTERVAL_MS = 100;
const MIN_BATCH = 256;
const MAX_BATCH = 1 << 22;

interface Current {
  readonly unitId: number;
  readonly work: MiningWork;
  readonly target: Uint32Array;
  next: number;
  readonly end: number;
}

const port = parentPort;
if (port === null)
  throw new MinerError("invalid-argument", "miner-worker runs only as a worker thread");

let current: Current | null = null;
let scheduled = false;
let unreported = 0;
let lastReport = performance.now();
let batch = 4096;

const send = (msg: FromWorker): void => port.postMessage(msg);

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(step);
}

function step(): void {
  scheduled = false;
  const unit = current;
  if (unit === null) return;
  const count = Math.min(batch, unit.end - unit.next);
  const started = performance.now();
  const hit = scanNonces(unit.work, unit.target, unit.next, count);
  const elapsed = performance.now() - started;
  // Aim each batch at BATCH_TARGET_MS whatever the CPU (and the JIT warming up) does.
  if (elapsed > 0) {
    const scaled = Math.round((batch * BATCH_TARGET_MS) / elapsed);
    batch = Math.max(MIN_BATCH, Math.min(MAX_BATCH, scaled, batch * 2));
  }
  if (hit !== null) {
    unreported += hit.nonce - unit.next + 1;
    send({ type: "found", unitId: unit.unitId, nonce: hit.nonce, hashes: unreported });
    unreported = 0;
    current = null; // the main thread decides what comes next
    return;
  }
  unreported += count;
  unit.next += count;
  if (unit.next >= unit.end) {
    send({ type: "done", unitId: unit.unitId, hashes: unreported });
    unreported = 0;
    current = null;
    return;
  }
  const now = performance.now();
  if (now - lastReport >= REPORT_INTERVAL_MS) {
    send({ type: "progress", unitId: unit.unitId, hashes: unreported });
    unreported = 0;
    lastReport = now;
  }
  schedule();
}

/** Reports the hashes done on the unit being dropped, so counts stay exact across switches. */
function flush(): void {
  if (current !== null && unreported > 0) {
    send({ type: "progress", unitId: current.unitId, hashes: unreported });
    unreported = 0;
  }
}

port.on("message", (msg: ToWorker) => {
  switch (msg.type) {
    case "work":
      flush();
      current = {
        unitId: msg.unitId,
        work: workFromHeader(msg.header),
        target: msg.target,
        next: msg.startNonce,
        end: msg.startNonce + msg.count,
      };
      schedule();
      break;
    case "idle":
      flush();
      current = null;
      break;
    case "stop":
      current = null;
      send({ type: "stopped", hashes: unreported });
      unreported = 0;
      port.close();
      break;
  }
});

send({ type: "ready" });
