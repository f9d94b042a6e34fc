// The typed failure of the RPC server's lifecycle: bad bind settings, addresses that cannot be
// listened on, a cookie that cannot be written, or start/stop misuse.

/**
 * What went wrong:
 * - `invalid-bind`: a `-rpcbind` value Core would refuse at start (bad port);
 * - `bind-failed`: an address could not be listened on (in use, not on this host, unresolvable);
 * - `cookie-failed`: the `.cookie` file could not be written;
 * - `lifecycle`: `start()` called twice.
 */
export type RpcServerErrorCode = "invalid-bind" | "bind-failed" | "cookie-failed" | "lifecycle";

/** A failure to start the RPC server; the message is one line that names the address or file. */
export class RpcServerError extends Error {
  override readonly name = "RpcServerError";
  readonly code: RpcServerErrorCode;
  /** `host:port` (`[v6]:port`) of the endpoint that failed, for `bind-failed`. */
  readonly address: string | undefined;

  constructor(
    code: RpcServerErrorCode,
    message: string,
    options: { cause?: unknown; address?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.address = options.address;
  }
}
