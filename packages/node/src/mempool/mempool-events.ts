// Typed notifications the mempool emits.
import type { MempoolEntry } from "./mempool-entry.js";

/**
 * Why a transaction left the mempool, as Core's MemPoolRemovalReason: confirmed in a block,
 * conflicting with a block, replaced by fee, too old, evicted for space, or invalid after a reorg.
 */
export type MempoolRemovalReason =
  | "block"
  | "conflict"
  | "replaced"
  | "expiry"
  | "sizelimit"
  | "reorg";

/** A transaction entered the mempool. */
export interface TxAcceptedEvent {
  readonly type: "tx:accepted";
  readonly entry: MempoolEntry;
}

/** A transaction left the mempool. */
export interface TxRemovedEvent {
  readonly type: "tx:removed";
  readonly entry: MempoolEntry;
  readonly reason: MempoolRemovalReason;
}

/** Every event the mempool emits. */
export type MempoolEvent = TxAcceptedEvent | TxRemovedEvent;

/** A removed entry and why, as returned by removal methods. */
export interface RemovedTx {
  readonly entry: MempoolEntry;
  readonly reason: MempoolRemovalReason;
}

/** The pino-compatible logger the mempool writes structured debug lines to. */
export interface MempoolLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
