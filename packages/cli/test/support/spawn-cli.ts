// Runs the hashforge command from source in a child process, for end-to-end tests.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

/** A running `hashforge` child with its combined output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `hashforge <args>` from source (tsx) and collects stdout and stderr. */
export function spawnCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Runs `hashforge <args>` to completion. */
export async function runCli(
  args: readonly string[],
): Promise<{ code: number | null; out: string }> {
  const p = spawnCli(args);
  const code = await p.exited;
  return { code, out: p.output() };
}

/** Waits until the output contains `text` (polling), up to `timeoutMs`. */
export async function waitForOutput(
  p: CliProcess,
  text: string,
  timeoutMs: number,
): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs && !p.output().includes(text); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return p.output().includes(text);
}
