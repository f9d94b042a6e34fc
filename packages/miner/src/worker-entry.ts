// Where MinerPool's worker script is and how to start it, compiled or from TypeScript sources.
import { Worker } from "node:worker_threads";
import { MinerError } from "./miner-error.js";

/**
 * The built-in worker script beside this module: dist/src/miner-worker.js once compiled (the
 * `bench:miner` script and production), src/miner-worker.ts when this module itself runs from
 * source under tsx (the tests, `node --import tsx`).
 */
export function defaultWorkerUrl(): URL {
  const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
  return new URL(`./miner-worker.${ext}`, import.meta.url);
}

/**
 * Starts a worker thread running `url`. A `.js` script is started directly. A `.ts` script
 * (running from source) is started through a two-line bootstrap that registers tsx in the new
 * thread first: a worker inherits `--import tsx` in its execArgv, but on Node 20 tsx installs
 * its loader on the main thread only, so a bare `new Worker("x.ts")` fails with
 * ERR_UNKNOWN_FILE_EXTENSION. tsx is a development dependency: it is looked up only on this
 * path, and its absence is reported with what to do instead.
 */
export function startWorker(url: URL, name: string): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { name });
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve("tsx/esm/api");
  } catch (err) {
    throw new MinerError(
      "invalid-argument",
      `cannot start ${url.pathname} from TypeScript without tsx installed: build first (tsc -b)`,
      { cause: err },
    );
  }
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })` +
    ".catch((err) => { setImmediate(() => { throw err; }); });";
  return new Worker(bootstrap, { eval: true, name });
}
