/** One `hashforge` sub-command. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** Thrown for bad command-line input; main prints its message without a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
