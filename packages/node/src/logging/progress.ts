// Progress of long work (verifychain, the wallet's rescan at start, later reindex) as log
// records: `{progress: 0.3}` plus the message. A terminal renders them as one redrawn bar, a log
// collector gets a line per step.

/** The logger progress is written to (pino-compatible). */
export interface ProgressLog {
  info(obj: object, msg: string): void;
}

/**
 * Returns a function to call with the work done so far (0..total); it logs `message` with the
 * fraction done each time another `step` of the work is complete, and once at the end.
 */
export function progressReporter(
  log: ProgressLog,
  message: string,
  total: number,
  step = 0.1,
): (done: number) => void {
  let next = step;
  return (done) => {
    const fraction = total <= 0 ? 1 : Math.min(1, done / total);
    if (fraction < next) return;
    log.info({ progress: Math.floor(fraction * 100) / 100 }, message);
    next = fraction >= 1 ? Number.POSITIVE_INFINITY : (Math.floor(fraction / step) + 1) * step;
  };
}
