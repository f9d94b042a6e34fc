// A transport over a fetch function: what tests inject, and what callers that already hold a
// fetch (a proxy-aware one, say) use.

import { RpcClientError } from "./rpc-client-error.js";
import type { RpcTransport } from "./rpc-transport.js";

/** The subset of `fetch` the client uses; tests pass a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A transport that posts with `fetch` and reads the body up to the size cap. Headers are passed as
 * a plain object and the body as a string. Note that Node's global fetch gives up on a response
 * whose headers take longer than 300 s (undici's headersTimeout), so long polls and calls with a
 * longer timeout belong on {@link httpTransport}.
 */
export function fetchTransport(fetchFn: FetchLike): RpcTransport {
  return async (request) => {
    const response = await fetchFn(request.url, {
      method: "POST",
      headers: { ...request.headers },
      body: request.body,
      signal: request.signal,
    });
    const max = request.maxResponseBytes;
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > max) {
      await response.body?.cancel();
      throw new RpcClientError("too-large", `node response of ${declared} bytes exceeds ${max}`);
    }
    if (!response.body) return { status: response.status, body: "" };
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel();
        throw new RpcClientError("too-large", `node response exceeds ${max} bytes`);
      }
      chunks.push(value);
    }
    return { status: response.status, body: Buffer.concat(chunks).toString("utf8") };
  };
}
