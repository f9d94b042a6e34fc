// The node's side files beside its stores (mempool.dat, fee_estimates.dat): read at start when
// present, written atomically.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { basename } from "node:path";
import type { ChainLogger } from "../chain/chain-manager.js";

/**
 * Writes `bytes` to `path` so that a crash leaves either the old file or the new one: a temporary
 * file beside it is written and fsynced, then renamed over it.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temp = `${path}.new`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/**
 * Hands the bytes of `path` to `load`, which restores them and returns what to log. A missing
 * file means no saved state; one that `load` refuses is logged and ignored, as Core does with
 * mempool.dat and fee_estimates.dat.
 */
export function loadStateFile(
  path: string,
  logger: ChainLogger,
  load: (bytes: Uint8Array) => object,
): void {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    return;
  }
  const name = basename(path);
  try {
    logger.info(load(bytes), `Loaded ${name}`);
  } catch (error: unknown) {
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      `Ignoring ${name}`,
    );
  }
}
