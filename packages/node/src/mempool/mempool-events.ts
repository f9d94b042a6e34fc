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

/**
 * A transaction entered the mempool. `sequence` is the mempool sequence number of the addition
 * (Core's mempool_sequence, as ZMQ `sequence` publishes it).
 */
export interface TxAcceptedEvent {
  readonly type: "tx:accepted";
  readonly entry: MempoolEntry;
  readonly sequence: bigint;
}

/** A transaction left the mempool, and why; `sequence` as in {@link TxAcceptedEvent}. */
export interface TxRemovedEvent {
  readonly type: "tx:removed";
  readonly entry: MempoolEntry;
  readonly reason: MempoolRemovalReason;
  readonly sequence: bigint;
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
