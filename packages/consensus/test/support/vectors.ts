// Locates the shared real-Bitcoin test data and reports vector-suite results.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { TestContext } from "node:test";
import { fileURLToPath } from "node:url";

/** The monorepo root: the nearest ancestor whose package.json declares workspaces. */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && "workspaces" in JSON.parse(readFileSync(manifest, "utf8")))
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("hashforge repository root not found");
    dir = parent;
  }
}

const repoRoot = findRepoRoot();

/**
 * The vectors directory: `HASHFORGE_VECTORS` when set, else `../shared/vectors` beside the repo.
 * Returns null when neither exists.
 */
export function vectorsDir(): string | null {
  const candidates = [process.env.HASHFORGE_VECTORS, join(repoRoot, "..", "shared", "vectors")];
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return null;
}

const MISSING =
  "real-Bitcoin vectors not found: set HASHFORGE_VECTORS or place them in ../shared/vectors " +
  "(Bitcoin Core's src/test/data/*.json plus the block/header files listed in docs/vectors.md)";

/**
 * Options for a vector-suite `describe`/`test`: skipped with the reason when the data is absent
 * on a user's machine; under CI a missing directory is a failure, so it is never skipped there.
 */
export function vectorSuite(): { skip: string | false } {
  if (vectorsDir() !== null) return { skip: false };
  if (process.env.CI) throw new Error(`CI requires the vectors: ${MISSING}`);
  return { skip: MISSING };
}

/** Absolute path of a file inside the vectors directory (call only inside a vector suite). */
export function vectorPath(...parts: string[]): string {
  const dir = vectorsDir();
  if (dir === null) throw new Error(MISSING);
  return join(dir, ...parts);
}

/** Reads a vector file as bytes. */
export function readVector(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(vectorPath(...parts)));
}

/** Reads a vector JSON file. */
export function readVectorJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(vectorPath(...parts), "utf8")) as T;
}

/**
 * Prints `name: passed/total passed` for a vector suite (visible in the test output) and fails
 * the test listing the first failures when any case failed.
 */
export function reportCases(t: TestContext, name: string, total: number, failures: string[]): void {
  const line = `${name}: ${total - failures.length}/${total} passed`;
  t.diagnostic(line);
  if (failures.length > 0) {
    throw new Error(
      `${line}\n${failures.slice(0, 20).join("\n")}${failures.length > 20 ? `\n... ${failures.length - 20} more` : ""}`,
    );
  }
}
