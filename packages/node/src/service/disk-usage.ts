import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Bytes of every file below `dir`, sub-folders included (0 when it cannot be read). */
export function directoryBytes(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) {
    const path = join(dir, name);
    try {
      const st = statSync(path);
      total += st.isDirectory() ? directoryBytes(path) : st.size;
    } catch {
      // A file removed while we count (a LevelDB compaction) no longer takes space.
    }
  }
  return total;
}
