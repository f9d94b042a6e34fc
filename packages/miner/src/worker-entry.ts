// Where MinerPool's worker script is, compiled or from TypeScript sources.
import { siblingScriptUrl } from "@hashforge/threads";

/**
 * The built-in worker script beside this module: dist/src/miner-worker.js once compiled (the
 * `bench:miner` script and production), src/miner-worker.ts when running from source.
 */
export function defaultWorkerUrl(): URL {
  return siblingScriptUrl(import.meta.url, "miner-worker");
}
