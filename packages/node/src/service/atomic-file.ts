import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";

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
