import type { MiningMode } from "@hashforge/work";

/** Parses `-mine=N` (threads) or `-mine=interval:10s` / `interval:2m` (one block per interval). */
export function parseMiningMode(value: string): MiningMode {
  const interval = /^interval:(\d+(?:\.\d+)?)(s|m)?$/.exec(value);
  if (interval) {
    const seconds = Number(interval[1]) * (interval[2] === "m" ? 60 : 1);
    if (seconds <= 0) throw new RangeError("-mine=interval: needs a positive duration");
    return { kind: "interval", seconds };
  }
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new RangeError(`-mine expects a thread count or interval:10s (got "${value}")`);
  return { kind: "threads", threads: Number(value) };
}
