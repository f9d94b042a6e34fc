// Command-line flag parsing shared by the `--flag` style commands (profit, halving, network).
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command.js";

/** `text` as a whole number from `min` to `max`, or a UsageError naming `flag`. */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = /^\s*\d{1,16}\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${flag}: expected a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`,
    );
  }
  return n;
}

/** The flags a command declares, as node:util's parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseFlags} returns for `T`. */
export type ParsedFlags<T extends FlagOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>["values"];

/**
 * Parses `args` with node:util's parseArgs (strict, no positionals); its errors become one-line
 * UsageErrors pointing at `hashforge <command> --help`.
 */
export function parseFlags<T extends FlagOptions>(
  args: string[],
  options: T,
  command: string,
): ParsedFlags<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // node:util's messages may span lines; an error here is one line.
    const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ");
    throw new UsageError(`${message} (hashforge ${command} --help lists the options)`);
  }
}
