// JSON-RPC error codes and the error type every RPC method throws.

/**
 * Bitcoin Core's JSON-RPC error codes (Core's `src/rpc/protocol.h`, `RPCErrorCode`), so clients
 * that branch on a code (`-28` warm-up, `-5` not found, `-26` rejected) behave the same here.
 */
export enum RpcErrorCode {
  // Standard JSON-RPC 2.0 errors.
  /** The request object is not valid JSON-RPC (HTTP 400 for a single legacy request). */
  RPC_INVALID_REQUEST = -32600,
  /** No such method (HTTP 404 for a single legacy request). */
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  /** Internal error; Core also uses it for uncaught exceptions in some paths. */
  RPC_INTERNAL_ERROR = -32603,
  /** The body is not JSON. */
  RPC_PARSE_ERROR = -32700,

  // General application defined errors.
  /** An exception the method did not classify. */
  RPC_MISC_ERROR = -1,
  /** A parameter has the wrong JSON type, or an amount is invalid. */
  RPC_TYPE_ERROR = -3,
  RPC_INVALID_ADDRESS_OR_KEY = -5,
  RPC_OUT_OF_MEMORY = -7,
  /** A parameter has the right type but an invalid value (bad hex, unknown named parameter...). */
  RPC_INVALID_PARAMETER = -8,
  RPC_DATABASE_ERROR = -20,
  RPC_DESERIALIZATION_ERROR = -22,
  RPC_VERIFY_ERROR = -25,
  RPC_VERIFY_REJECTED = -26,
  RPC_VERIFY_ALREADY_IN_CHAIN = -27,
  /** The node is still starting (loading the block index, verifying blocks...). */
  RPC_IN_WARMUP = -28,
  RPC_METHOD_DEPRECATED = -32,

  // P2P client errors.
  RPC_CLIENT_NOT_CONNECTED = -9,
  RPC_CLIENT_IN_INITIAL_DOWNLOAD = -10,
  RPC_CLIENT_NODE_ALREADY_ADDED = -23,
  RPC_CLIENT_NODE_NOT_ADDED = -24,
  RPC_CLIENT_NODE_NOT_CONNECTED = -29,
  RPC_CLIENT_INVALID_IP_OR_SUBNET = -30,
  RPC_CLIENT_P2P_DISABLED = -31,
  RPC_CLIENT_NODE_CAPACITY_REACHED = -34,

  // Chain errors.
  RPC_CLIENT_MEMPOOL_DISABLED = -33,

  // Wallet errors.
  RPC_WALLET_ERROR = -4,
  RPC_WALLET_INSUFFICIENT_FUNDS = -6,
  RPC_WALLET_INVALID_LABEL_NAME = -11,
  RPC_WALLET_KEYPOOL_RAN_OUT = -12,
  RPC_WALLET_UNLOCK_NEEDED = -13,
  RPC_WALLET_PASSPHRASE_INCORRECT = -14,
  RPC_WALLET_WRONG_ENC_STATE = -15,
  RPC_WALLET_ENCRYPTION_FAILED = -16,
  RPC_WALLET_ALREADY_UNLOCKED = -17,
  RPC_WALLET_NOT_FOUND = -18,
  RPC_WALLET_NOT_SPECIFIED = -19,
  RPC_WALLET_ALREADY_LOADED = -35,
  RPC_WALLET_ALREADY_EXISTS = -36,

  // Unused reserved codes, kept for completeness with Core.
  RPC_FORBIDDEN_BY_SAFE_MODE = -2,
}

/**
 * An RPC failure with Core's numeric code and message; the server turns it into the JSON-RPC
 * `error` member (`{code, message}`), exactly as Core's `JSONRPCError` does.
 */
export class RpcError extends Error {
  override readonly name = "RpcError";
  readonly code: number;

  constructor(code: RpcErrorCode | number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The JSON-RPC `error` object for this failure. */
  toJson(): { code: number; message: string } {
    return { code: this.code, message: this.message };
  }
}
