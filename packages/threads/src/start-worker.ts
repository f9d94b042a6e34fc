// Starting worker threads whose script sits beside the calling module, compiled or not.
import { Worker } from "node:worker_threads";

/** A worker could not be started (its script cannot run here). */
export class WorkerStartError extends Error {
  override readonly name = "WorkerStartError";
}

/**
 * The URL of the worker script `basename` beside the module at `moduleUrl` (pass
 * `import.meta.url`): `basename.js` once compiled, `basename.ts` when that module itself runs
 * from source under tsx (the tests, `node --import tsx`).
 */
export function siblingScriptUrl(moduleUrl: string, basename: string): URL {
  const ext = moduleUrl.endsWith(".ts") ? "ts" : "js";
  return new URL(`./${basename}.${ext}`, moduleUrl);
}

/**
 * Starts a worker thread running `url` with `workerData`. A `.js` script is started directly. A
 * `.ts` script (running from source) is started through a two-line bootstrap that registers tsx
 * in the new thread first: a worker inherits `--import tsx` in its execArgv, but on Node 20 tsx
 * installs its loader on the main thread only, so a bare `new Worker("x.ts")` fails with
 * ERR_UNKNOWN_FILE_EXTENSION. tsx is a development dependency: it is looked up only on this
 * path, and its absence is reported with what to do instead.
 */
export function startWorker(url: URL, name: string, workerData?: unknown): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { name, workerData });
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve("tsx/esm/api");
  } catch (err) {
    throw new WorkerStartError(
      `cannot start ${url.pathname} from TypeScript without tsx installed: build first (tsc -b)`,
      { cause: err },
    );
  }
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })` +
    ".catch((err) => { setImmediate(() => { throw err; }); });";
  return new Worker(bootstrap, { eval: true, name, workerData });
}
