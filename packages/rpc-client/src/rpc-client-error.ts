// The one error type of the JSON-RPC client, with a code per way a call can fail.

/**
 * Why a JSON-RPC call failed:
 * - `bad-url`: the node URL is not an http:// or https:// URL;
 * - `bad-request`: the call itself is unusable (an empty method, params JSON cannot encode, a
 *   negative timeout);
 * - `network`: the node could not be reached or dropped the connection;
 * - `timeout`: no complete answer within the call's timeout;
 * - `auth`: the node answered HTTP 401 (wrong or missing credentials);
 * - `http`: another HTTP status without a JSON-RPC reply (403 rpcwhitelist, 404 unknown path,
 *   503 work queue full, ...); `httpStatus` and `responseText` say which;
 * - `rpc`: the node answered with a JSON-RPC error; `rpcCode` is its code (-32601 method not
 *   found, -8 invalid parameter, ...), `rpcMessage` its message;
 * - `bad-response`: the answer is not a JSON-RPC reply to this request;
 * - `too-large`: the answer exceeds the client's response size cap.
 */
export type RpcClientErrorCode =
  | "bad-url"
  | "bad-request"
  | "network"
  | "timeout"
  | "auth"
  | "http"
  | "rpc"
  | "bad-response"
  | "too-large";

/** Details an {@link RpcClientError} may carry besides its code and message. */
export interface RpcClientErrorDetails {
  /** The JSON-RPC error code, for `rpc`. */
  readonly rpcCode?: number;
  /** The JSON-RPC error message as the node sent it, for `rpc`. */
  readonly rpcMessage?: string;
  /** The HTTP status, for `auth`, `http` and replies that were not JSON-RPC. */
  readonly httpStatus?: number;
  /** The response body, for `http` (what bitcoin-cli prints for a 503). */
  readonly responseText?: string;
  /**
   * The cookie file that could not be read, when the request went out without credentials
   * because of it (bitcoin-cli's "Could not locate RPC credentials").
   */
  readonly missingCookie?: string;
  readonly cause?: unknown;
}

/** A failed JSON-RPC call, with a message that says what to check. */
export class RpcClientError extends Error {
  override readonly name = "RpcClientError";
  readonly code: RpcClientErrorCode;
  readonly rpcCode: number | undefined;
  readonly rpcMessage: string | undefined;
  readonly httpStatus: number | undefined;
  readonly responseText: string | undefined;
  readonly missingCookie: string | undefined;

  constructor(code: RpcClientErrorCode, message: string, details: RpcClientErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.rpcCode = details.rpcCode;
    this.rpcMessage = details.rpcMessage;
    this.httpStatus = details.httpStatus;
    this.responseText = details.responseText;
    this.missingCookie = details.missingCookie;
  }
}
