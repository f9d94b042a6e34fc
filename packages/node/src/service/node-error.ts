/** Why a node call was refused. */
export type NodeErrorCode =
  /** The node is not started, or is stopping. */
  | "state"
  /** The node stopped taking blocks after a fatal error (a write failed). */
  | "fatal"
  /** A test-network feature (setmocktime) was asked of mainnet. */
  | "not-test-chain"
  /** An index contradicts the stored blocks. */
  | "corrupt-index";

/** A call the node refused, with a code edges map to their protocol (RPC -1, HTTP 503...). */
export class NodeError extends Error {
  override readonly name = "NodeError";

  constructor(
    readonly code: NodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
