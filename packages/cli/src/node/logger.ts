import { type Logger, pino } from "pino";

const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

/** Width of a progress bar in characters. */
const BAR_WIDTH = 24;

interface HumanRecord {
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly fields: string;
  /** 0..1 for long work reporting progress, else null. */
  readonly progress: number | null;
}

function parseRecord(json: string): HumanRecord | null {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { time, level, msg, pid: _pid, hostname: _host, progress, ...fields } = rec;
  const fraction = typeof progress === "number" && progress >= 0 && progress <= 1 ? progress : null;
  if (fraction === null && progress !== undefined) fields.progress = progress;
  return {
    time: new Date(typeof time === "number" ? time : Date.now()).toISOString().slice(11, 19),
    level: (LEVELS[level as number] ?? "INFO").padEnd(5),
    msg: String(msg ?? ""),
    fields: Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" "),
    progress: fraction,
  };
}

/** `[#########---------------]  38%` */
export function progressBar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${percent}`;
}

/** Formats one pino JSON line for people: `12:00:01 INFO  Connected block height=5 ...`. */
export function humanLine(json: string): string {
  const rec = parseRecord(json);
  if (rec === null) return json;
  const bar = rec.progress === null ? "" : ` ${progressBar(rec.progress)}`;
  return `${rec.time} ${rec.level} ${rec.msg}${bar}${rec.fields ? ` ${rec.fields}` : ""}\n`;
}

/**
 * Turns pino JSON lines into terminal output. Long work logs records with a `progress` field
 * (0..1); consecutive ones with the same message redraw one line in place as a progress bar
 * (carriage return, then the line cleared), and the bar's line is closed by the next record
 * or when progress reaches 1.
 */
export class HumanLogWriter {
  private openBar: string | null = null;

  /** The text to write to the terminal for one JSON log line. */
  format(json: string): string {
    const rec = parseRecord(json);
    if (rec === null) return this.closeBar() + json;
    if (rec.progress === null) return this.closeBar() + humanLine(json);
    const line = humanLine(json).trimEnd();
    const redraw = this.openBar === rec.msg;
    const prefix = redraw ? "\r\x1b[2K" : this.closeBar();
    if (rec.progress >= 1) {
      this.openBar = null;
      return `${prefix}${line}\n`;
    }
    this.openBar = rec.msg;
    return `${prefix}${line}`;
  }

  private closeBar(): string {
    if (this.openBar === null) return "";
    this.openBar = null;
    return "\n";
  }
}

/**
 * The node's logger: pino JSON lines when stdout is not a terminal (for log collectors), and
 * a compact human format with in-place progress bars on a TTY.
 */
export function createNodeLogger(options: { level?: string; human: boolean }): Logger {
  const level = options.level ?? "info";
  if (!options.human) return pino({ level });
  const writer = new HumanLogWriter();
  return pino({ level }, { write: (line: string) => process.stdout.write(writer.format(line)) });
}
