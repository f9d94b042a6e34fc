import { type Logger, pino } from "pino";

const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

/** Formats one pino JSON line for people: `12:00:01 INFO  Connected block height=5 ...`. */
export function humanLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _host, ...fields } = rec;
  const t = new Date(typeof time === "number" ? time : Date.now()).toISOString().slice(11, 19);
  const extras = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${t} ${(LEVELS[level as number] ?? "INFO").padEnd(5)} ${String(msg ?? "")}${extras ? ` ${extras}` : ""}\n`;
}

/**
 * The node's logger: pino JSON lines when stdout is not a terminal (for log collectors), and
 * a compact human format on a TTY.
 */
export function createNodeLogger(options: { level?: string; human: boolean }): Logger {
  const level = options.level ?? "info";
  if (!options.human) return pino({ level });
  return pino({ level }, { write: (line: string) => process.stdout.write(humanLine(line)) });
}
