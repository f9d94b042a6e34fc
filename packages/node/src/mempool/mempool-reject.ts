// Why a transaction was not accepted, in Core's TxValidationResult categories.

/**
 * The category of a rejection, as Core's TxValidationResult; p2p and RPC map it to their
 * protocol (ban score, whether to keep the tx as an orphan or retry it in a package).
 */
export type MempoolRejectCode =
  /** Invalid by consensus rules. */
  | "consensus"
  /** Spends a non-standard output (TX_INPUTS_NOT_STANDARD). */
  | "inputs-not-standard"
  /** Breaks relay policy (TX_NOT_STANDARD). */
  | "not-standard"
  /** Spends an output neither confirmed nor in the mempool: may be an orphan. */
  | "missing-inputs"
  /** Not final yet: lock time, BIP68 or coinbase maturity. */
  | "premature-spend"
  /** Witness data is non-standard or malformed (TX_WITNESS_MUTATED). */
  | "witness-mutated"
  /** Scripts fail and the witness looks stripped (TX_WITNESS_STRIPPED). */
  | "witness-stripped"
  /** Conflicts with the mempool or chain and cannot replace it (TX_CONFLICT). */
  | "conflict"
  /** Breaks a mempool limit (TX_MEMPOOL_POLICY). */
  | "mempool-policy"
  /** Fee too low; may succeed with more fee or in a package (TX_RECONSIDERABLE). */
  | "reconsiderable";

/**
 * A transaction the mempool refused: the category, Core's reject reason
 * (`txn-mempool-conflict`, `min relay fee not met`, ...) and optional detail.
 */
export interface MempoolReject {
  readonly ok: false;
  readonly code: MempoolRejectCode;
  readonly reason: string;
  readonly debug?: string;
}

/** Builds a {@link MempoolReject}. */
export function mempoolReject(
  code: MempoolRejectCode,
  reason: string,
  debug?: string,
): MempoolReject {
  return debug === undefined ? { ok: false, code, reason } : { ok: false, code, reason, debug };
}
