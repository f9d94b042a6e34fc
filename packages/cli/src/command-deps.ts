// The outside world a command touches, passed in so tests can replace it.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import type { FetchLike } from "@hashforge/rpc-client";

/** Clock, network, files and output of a command. */
export interface CommandDeps {
  readonly fetch: FetchLike;
  /** Unix milliseconds. */
  readonly now: () => number;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** Directory for caches (`~/.hashforge`). */
  readonly dataDir: string;
}

/** The real process's dependencies. */
export function defaultDeps(): CommandDeps {
  return {
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: (path) => readFileSync(path, "utf8"),
    dataDir: process.env.HASHFORGE_DATA_DIR ?? `${homedir()}/.hashforge`,
  };
}
