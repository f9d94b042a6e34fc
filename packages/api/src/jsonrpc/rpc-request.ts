// JSON-RPC 1.0 (legacy) and 2.0 request handling after authentication: Core's httprpc.cpp
// `HTTPReq_JSONRPC` body processing plus rpc/request.cpp parsing and reply objects.

import { isJsonObject, type JsonValue, type RpcResultValue } from "./json-value.js";
import { JsonParseError, parseJson } from "./parse-json.js";
import { RpcError, RpcErrorCode } from "./rpc-error.js";
import type { RpcCall } from "./rpc-table.js";
import { writeJson } from "./write-json.js";

/** Which JSON-RPC dialect a request used; it decides the reply shape and HTTP status. */
export type JsonRpcVersion = "1.0" | "2.0";

/** A request object after validation (Core's `JSONRPCRequest::parse`). */
export interface JsonRpcRequest {
  /** The `id` member; `undefined` when absent (a 2.0 request without id is a notification). */
  readonly id: JsonValue | undefined;
  readonly version: JsonRpcVersion;
  readonly method: string;
  readonly params: RpcCall["params"];
}

interface Parsed {
  id: JsonValue | undefined;
  version: JsonRpcVersion;
  request?: JsonRpcRequest;
  error?: RpcError;
}

function invalid(message: string): RpcError {
  return new RpcError(RpcErrorCode.RPC_INVALID_REQUEST, message);
}

/**
 * Validates one request object. Like Core, the id and version are read first so that an error
 * reply for a malformed request still carries them.
 */
export function parseJsonRpcRequest(value: JsonValue): Parsed {
  const out: Parsed = { id: null, version: "1.0" };
  if (!isJsonObject(value)) {
    out.error = invalid("Invalid Request object");
    return out;
  }
  out.id = Object.hasOwn(value, "id") ? value.id : undefined;
  const version = value.jsonrpc;
  if (version !== undefined && version !== null) {
    if (typeof version !== "string") {
      out.error = invalid("jsonrpc field must be a string");
      return out;
    }
    // Some old documentation put "jsonrpc": "1.0" in requests; Core treats it as legacy.
    if (version === "2.0") out.version = "2.0";
    else if (version !== "1.0") {
      out.error = invalid("JSON-RPC version not supported");
      return out;
    }
  }
  const method = value.method;
  if (method === undefined || method === null) {
    out.error = invalid("Missing method");
    return out;
  }
  if (typeof method !== "string") {
    out.error = invalid("Method must be a string");
    return out;
  }
  const params = value.params;
  let shaped: RpcCall["params"];
  if (params === undefined || params === null) shaped = [];
  else if (Array.isArray(params) || isJsonObject(params)) shaped = params;
  else {
    out.error = invalid("Params must be an array or object");
    return out;
  }
  out.request = { id: out.id, version: out.version, method, params: shaped };
  return out;
}

/**
 * A reply object (Core's `JSONRPCReplyObj`): 1.0 always has `result` and `error` (one null);
 * 2.0 has `"jsonrpc": "2.0"` and only one of them. `id` is echoed when the request had one.
 */
export function jsonRpcReply(
  result: RpcResultValue,
  error: RpcError | null,
  id: JsonValue | undefined,
  version: JsonRpcVersion,
): { readonly [key: string]: RpcResultValue | undefined } {
  const reply: Record<string, RpcResultValue | undefined> = {};
  if (version === "2.0") reply.jsonrpc = "2.0";
  if (version === "1.0") {
    reply.result = error ? null : result;
    reply.error = error ? error.toJson() : null;
  } else if (error) reply.error = error.toJson();
  else reply.result = result;
  if (id !== undefined) reply.id = id;
  return reply;
}

/** An HTTP answer: status and JSON body (null for 204 No Content). */
export interface JsonRpcHttpReply {
  readonly status: number;
  readonly body: string | null;
}

/** Executes one call; the server supplies context and time limits. */
export type RpcExecutor = (call: RpcCall) => Promise<RpcResultValue>;

function toRpcError(err: unknown): RpcError {
  if (err instanceof RpcError) return err;
  return new RpcError(
    RpcErrorCode.RPC_MISC_ERROR,
    err instanceof Error ? err.message : String(err),
  );
}

/** HTTP status of a legacy error reply (Core's `JSONErrorReply`): 400, 404 or 500. */
export function errorHttpStatus(code: number): number {
  if (code === RpcErrorCode.RPC_INVALID_REQUEST) return 400;
  if (code === RpcErrorCode.RPC_METHOD_NOT_FOUND) return 404;
  return 500;
}

function errorReply(error: RpcError, id: JsonValue | undefined, version: JsonRpcVersion) {
  return {
    status: errorHttpStatus(error.code),
    body: `${writeJson(jsonRpcReply(null, error, id, version))}\n`,
  };
}

/**
 * Processes a request body the way Core's `HTTPReq_JSONRPC` does once the caller is
 * authenticated:
 * - unparsable body: -32700 "Parse error", HTTP 500; a JSON scalar: -32700 "Top-level object
 *   parse error";
 * - one 1.0 request: errors come back with HTTP 500 (400 invalid request, 404 method not found)
 *   and `{result:null,error,id}`;
 * - one 2.0 request: HTTP 200 with only `result` or `error`; a notification (no id) is executed
 *   and answered 204 with no body;
 * - a batch: HTTP 200 with one reply per non-notification item, errors caught per item; 204 when
 *   every item was a notification; an empty batch gets `[]` (Core keeps that for old clients).
 */
export async function processJsonRpcBody(
  body: Uint8Array | string,
  execute: RpcExecutor,
): Promise<JsonRpcHttpReply> {
  let value: JsonValue;
  try {
    value = parseJson(body);
  } catch (err) {
    if (!(err instanceof JsonParseError)) throw err;
    return errorReply(new RpcError(RpcErrorCode.RPC_PARSE_ERROR, "Parse error"), null, "1.0");
  }
  if (isJsonObject(value)) {
    const parsed = parseJsonRpcRequest(value);
    if (!parsed.request) return errorReply(parsed.error!, parsed.id, parsed.version);
    const { request } = parsed;
    let reply: RpcResultValue;
    try {
      const result = await execute(request);
      reply = jsonRpcReply(result, null, request.id, request.version);
    } catch (err) {
      const error = toRpcError(err);
      // Legacy 1.0 requests turn failures into HTTP errors; 2.0 answers them with HTTP 200.
      if (request.version === "1.0") return errorReply(error, request.id, request.version);
      reply = jsonRpcReply(null, error, request.id, request.version);
    }
    if (request.version === "2.0" && request.id === undefined) return { status: 204, body: null };
    return { status: 200, body: `${writeJson(reply)}\n` };
  }
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    const replies: RpcResultValue[] = [];
    for (const item of items) {
      const parsed = parseJsonRpcRequest(item);
      const notification = parsed.version === "2.0" && parsed.id === undefined;
      let reply: RpcResultValue;
      if (!parsed.request) reply = jsonRpcReply(null, parsed.error!, parsed.id, parsed.version);
      else {
        try {
          const result = await execute(parsed.request);
          reply = jsonRpcReply(result, null, parsed.id, parsed.version);
        } catch (err) {
          reply = jsonRpcReply(null, toRpcError(err), parsed.id, parsed.version);
        }
      }
      if (!notification) replies.push(reply);
    }
    if (replies.length === 0 && items.length > 0) return { status: 204, body: null };
    return { status: 200, body: `${writeJson(replies)}\n` };
  }
  return errorReply(
    new RpcError(RpcErrorCode.RPC_PARSE_ERROR, "Top-level object parse error"),
    null,
    "1.0",
  );
}
