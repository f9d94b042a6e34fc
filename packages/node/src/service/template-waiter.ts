import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import type { NodeEventBus } from "../events/event-bus.js";

/** Core's longpoll rule: mempool changes are looked at after 60 s, then every 10 s. */
export const LONGPOLL_MEMPOOL_DELAY_MS = 60_000;
const LONGPOLL_RECHECK_MS = 10_000;

/** What a long-poll waits for: a new tip, or (after the delay) a changed mempool. */
export interface ChangeWatch {
  tipChanged(): boolean;
  mempoolChanged(): boolean;
}

/**
 * Resolves when the watched template is out of date, as Core's getblocktemplate long-poll waits:
 * at once when the tip is not the watched one, or as soon as it changes; a mempool change counts
 * first after `mempoolDelayMs`, then every 10 s. Rejects with the signal's reason when it aborts.
 */
export function waitForChange(
  events: NodeEventBus,
  watch: ChangeWatch,
  signal: AbortSignal,
  mempoolDelayMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    if (watch.tipChanged()) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout;
    const check = () => {
      if (watch.mempoolChanged() || watch.tipChanged()) done();
      else timer = setTimeout(check, LONGPOLL_RECHECK_MS);
    };
    const done = (error?: unknown) => {
      unsubscribe();
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => done(signal.reason);
    const unsubscribe = events.subscribe("template-wait", (event) => {
      if (event.type === "tip:changed" && watch.tipChanged()) done();
    });
    timer = setTimeout(check, mempoolDelayMs);
    signal.addEventListener("abort", onAbort);
  });
}

/** Resolves with the new tip once the tip is no longer `from` (waitfornewblock, waitforblock). */
export function waitForTip(
  events: NodeEventBus,
  tip: () => BlockIndexEntry,
  until: (tip: BlockIndexEntry) => boolean,
  signal: AbortSignal,
): Promise<BlockIndexEntry> {
  return new Promise<BlockIndexEntry>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    if (until(tip())) {
      resolve(tip());
      return;
    }
    const done = (error?: unknown) => {
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
      if (error === undefined) resolve(tip());
      else reject(error);
    };
    const onAbort = () => done(signal.reason);
    const unsubscribe = events.subscribe("tip-wait", (event) => {
      if (event.type === "tip:changed" && until(tip())) done();
    });
    signal.addEventListener("abort", onAbort);
  });
}
