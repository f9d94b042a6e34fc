// The default transport: node:http(s) with one connection per call and no timeouts of its own.

import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { RpcClientError } from "./rpc-client-error.js";
import type { RpcHttpResponse, RpcTransport } from "./rpc-transport.js";

/**
 * A transport over node:http (or node:https for https:// URLs). Each call opens its own
 * connection, as bitcoin-cli does: bitcoind drops idle keep-alive connections without telling
 * the client, and a reused dead socket would fail a call for nothing. Unlike global fetch it has
 * no header timeout, so a getblocktemplate long poll can wait as long as the node takes; the
 * call's timeout and signal are the only limits.
 */
export function httpTransport(): RpcTransport {
  return (request) =>
    new Promise<RpcHttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const body = Buffer.from(request.body, "utf8");
      const max = request.maxResponseBytes;
      const outgoing = send(
        url,
        {
          method: "POST",
          headers: { ...request.headers, "content-length": String(body.length) },
          agent: false,
          signal: request.signal,
        },
        (response: IncomingMessage) => {
          const declared = Number(response.headers["content-length"] ?? "0");
          if (declared > max) {
            outgoing.destroy();
            reject(
              new RpcClientError("too-large", `node response of ${declared} bytes exceeds ${max}`),
            );
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          response.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > max) {
              outgoing.destroy();
              reject(new RpcClientError("too-large", `node response exceeds ${max} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          response.on("error", reject);
          response.on("close", () => {
            if (response.complete) return;
            reject(
              new RpcClientError(
                "network",
                "the node closed the connection before the response ended",
              ),
            );
          });
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
}
