/**
 * Thrown by `start()` when a ZMQ endpoint cannot be bound (port in use, address not on this
 * host, permission denied). The message names the endpoint; `code` is the system error code
 * (`EADDRINUSE`, `EADDRNOTAVAIL`, `EACCES`) and `cause` the original error.
 */
export class ZmqBindError extends Error {
  override readonly name = "ZmqBindError";
  /** The endpoint as configured, e.g. `tcp://127.0.0.1:28332`. */
  readonly endpoint: string;
  /** The system error code, or `unknown`. */
  readonly code: string;

  constructor(endpoint: string, code: string, detail: string, options?: { cause?: unknown }) {
    super(`Unable to bind ZMQ endpoint ${endpoint}: ${detail}`, options);
    this.endpoint = endpoint;
    this.code = code;
  }
}
