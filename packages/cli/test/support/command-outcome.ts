// Runs a command to completion for tests: the report it printed, or the error it threw.

/** What a command run ended with. */
export type CommandOutcome = { readonly text: string } | { readonly error: unknown };

/** Awaits `run`; `out` is where the command's stdout collects. */
export async function commandOutcome(
  run: () => Promise<unknown>,
  out: readonly string[],
): Promise<CommandOutcome> {
  try {
    await run();
    return { text: out.join("") };
  } catch (error) {
    return { error };
  }
}
