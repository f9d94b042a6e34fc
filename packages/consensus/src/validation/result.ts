/**
 * Why a block or transaction was rejected, in the categories Bitcoin Core uses
 * (BlockValidationResult / TxValidationResult). Edges map them to their protocol: RPC error
 * codes, HTTP statuses, P2P misbehaviour.
 */
export type RejectCode =
  /** Invalid by consensus rules. */
  | "consensus"
  /** The block's data does not match its header (merkle or witness mutation): not cacheable. */
  | "mutated"
  /** Invalid proof of work or a bad header field. */
  | "invalid-header"
  /** Builds on a block known to be invalid. */
  | "invalid-prev"
  /** Builds on a block this node does not know (yet). */
  | "missing-prev"
  /** Timestamp too far in the future; may become valid later. */
  | "time-future"
  /** An input spends a missing or already spent output. */
  | "missing-inputs"
  /** Spends an immature coinbase or fails time/sequence locks. */
  | "premature-spend";

/** A successful check. */
export interface Valid {
  readonly ok: true;
}

/**
 * A failed check: the category, Core's reject reason (`bad-txnmrklroot`, `high-hash`, ...) and
 * optional human detail.
 */
export interface Reject {
  readonly ok: false;
  readonly code: RejectCode;
  readonly reason: string;
  readonly debug?: string;
}

/** The outcome of a consensus check. */
export type CheckResult = Valid | Reject;

/** The shared success value. */
export const VALID: Valid = Object.freeze({ ok: true });

/** Builds a {@link Reject}. */
export function reject(code: RejectCode, reason: string, debug?: string): Reject {
  return debug === undefined ? { ok: false, code, reason } : { ok: false, code, reason, debug };
}
