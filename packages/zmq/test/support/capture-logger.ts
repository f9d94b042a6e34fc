// A logger for tests that records every line and lets a test await the one it expects.
import type { ZmqLogger } from "../../src/zmq-logger.js";

/** One recorded log line. */
export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** A pino-shaped logger that keeps its lines in memory. */
export class CaptureLogger implements ZmqLogger {
  readonly lines: LogLine[] = [];
  readonly #waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  debug(obj: object, msg?: string): void {
    this.#add("debug", obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.#add("info", obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.#add("warn", obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.#add("error", obj, msg);
  }

  /** Resolves with the first line (already logged or still to come) that `match` accepts. */
  waitFor(match: (l: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  #add(level: LogLine["level"], obj: object, msg: string | undefined): void {
    const line = { level, obj: obj as Record<string, unknown>, msg };
    this.lines.push(line);
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (w.match(line)) {
        this.#waiters.splice(i, 1);
        w.resolve(line);
      }
    }
  }
}

/** Matches the warning a protocol violation of `code` logs. */
export const protocolWarning =
  (code: string) =>
  (l: LogLine): boolean =>
    l.level === "warn" && l.obj.code === code;
