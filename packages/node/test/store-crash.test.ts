// Crash atomicity of LevelStore: a child process writes batches that each change many keys
// consistently; the test SIGKILLs it at random moments, reopens the store and checks that exactly
// one batch state is visible (never a mix) and that every batch the child saw committed survived.
import assert from "node:assert/strict";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { bytesEqual } from "@hashforge/consensus";
import { LevelStore } from "../src/store/level-store.js";
import {
  CRASH_MARKER,
  CRASH_PARITY,
  crashKey,
  crashValue,
  readMarker,
} from "./support/store-crash-layout.js";

const KEYS = 200;
const ROUNDS = 12;
const WRITER = fileURLToPath(new URL("./support/store-crash-writer.ts", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Seeded xorshift32 so a failing run can be replayed with the seed it prints. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

interface Round {
  /** Batch number the child started from. */
  start: number;
  /** Last batch the child reported committed before it died (start - 1 if none). */
  lastCommitted: number;
}

/** Runs the writer until it is ready, lets it write for `delayMs`, then SIGKILLs it. */
async function killRound(dir: string, delayMs: number): Promise<Round> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", WRITER, dir, String(KEYS)],
    { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] },
  );
  let start = -1;
  let lastCommitted = -1;
  let stderr = "";
  let pending = "";
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`writer not ready in 15 s: ${stderr}`)),
      15_000,
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      let nl = pending.indexOf("\n");
      while (nl >= 0) {
        const [word, num] = pending.slice(0, nl).split(" ");
        pending = pending.slice(nl + 1);
        if (word === "ready") {
          start = Number(num);
          lastCommitted = start - 1;
          clearTimeout(timer);
          resolve();
        } else if (word === "committed") {
          lastCommitted = Number(num);
        }
        nl = pending.indexOf("\n");
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    void exited.then((how) => reject(new Error(`writer exited early (${how}): ${stderr}`)));
  });
  try {
    await ready;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  } finally {
    child.kill("SIGKILL");
  }
  const how = await exited;
  assert.equal(how, "SIGKILL", `writer died of ${how}, not our kill: ${stderr}`);
  return { start, lastCommitted };
}

/** Opens the store and returns the single batch number it holds, failing on any mix. */
async function checkConsistent(dir: string): Promise<number> {
  const store = await LevelStore.open({ path: dir });
  try {
    const marker = store.get(CRASH_MARKER);
    if (marker === undefined) {
      for (let i = 0; i < KEYS; i++)
        assert.equal(store.has(crashKey(i)), false, "keys without marker");
      assert.equal(store.has(CRASH_PARITY), false);
      return 0;
    }
    const n = readMarker(marker);
    const expected = crashValue(n);
    for (let i = 0; i < KEYS; i++) {
      const value = store.get(crashKey(i));
      assert.ok(value !== undefined && bytesEqual(value, expected), `key ${i} not at batch ${n}`);
    }
    assert.equal(store.has(CRASH_PARITY), n % 2 === 0, `parity key wrong for batch ${n}`);
    let count = 0;
    for await (const _ of store.iterate()) count++;
    assert.equal(count, KEYS + 1 + (n % 2 === 0 ? 1 : 0), "no stray keys");
    return n;
  } finally {
    await store.close();
  }
}

test("LevelStore: SIGKILL at random moments never leaves a mixed batch", async (t) => {
  const seed = Date.now() >>> 0;
  const random = rng(seed);
  const dir = await mkdtemp(join(tmpdir(), "hashforge-crash-"));
  try {
    let previous = 0;
    let progressed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Mostly mid-stream kills, sometimes right after open (recovery of the previous kill).
      const delayMs = random() < 0.2 ? 0 : Math.floor(5 + random() * 400);
      const { start, lastCommitted } = await killRound(dir, delayMs);
      const held = await checkConsistent(dir);
      const context = `seed ${seed}, round ${round}, delay ${delayMs} ms`;
      assert.equal(start, previous + 1, `writer resumed after the stored marker (${context})`);
      assert.ok(
        held >= lastCommitted,
        `batch ${lastCommitted} was committed but lost (${context})`,
      );
      assert.ok(held <= lastCommitted + 1, `store is ahead of the writer (${context})`);
      if (held > previous) progressed++;
      previous = held;
    }
    assert.ok(progressed >= ROUNDS / 2, `writer made progress in only ${progressed} rounds`);
    t.diagnostic(`seed ${seed}: ${ROUNDS} kills, final batch ${previous}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
