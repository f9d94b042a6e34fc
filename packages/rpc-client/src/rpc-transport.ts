// The seam between the JSON-RPC client and HTTP: one POST, its status and its body text.

/** One HTTP POST the client wants sent. */
export interface RpcHttpRequest {
  /** Where to post, without credentials (they travel in `headers.authorization`). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON-RPC request text. */
  readonly body: string;
  /** Aborted on the call's timeout or the caller's signal; the transport must stop then. */
  readonly signal: AbortSignal;
  /** Largest body the transport may read; beyond it the transport fails with `too-large`. */
  readonly maxResponseBytes: number;
}

/** The node's HTTP answer, not yet interpreted. */
export interface RpcHttpResponse {
  readonly status: number;
  /** The body decoded as UTF-8 ("" when there was none). */
  readonly body: string;
}

/**
 * Sends one request. It rejects with an {@link RpcClientError} `too-large` when the body exceeds
 * `maxResponseBytes`; any other rejection is taken as a network failure (or as the abort, when
 * `signal` aborted).
 */
export type RpcTransport = (request: RpcHttpRequest) => Promise<RpcHttpResponse>;
