// Durations on the command line: `30s`, `10m`, `2h`, or plain seconds.
import { UsageError } from "../command.js";

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** Longest duration accepted: 2^31 - 1 seconds, the largest target timespan a network may have. */
const MAX_DURATION_SECONDS = 0x7fffffff;

/**
 * Parses a positive whole duration in seconds from `30s`, `10m`, `2h` or `45` (seconds). Throws
 * UsageError naming `flag` for anything else, zero, or more than 2^31 - 1 seconds.
 */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d{1,10})([smh]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"]! : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_DURATION_SECONDS) {
    throw new UsageError(
      `${flag}: expected a positive duration such as 30s, 10m or 2h, at most ${MAX_DURATION_SECONDS} s (got ${JSON.stringify(text)})`,
    );
  }
  return seconds;
}
