// The rpc-client package's one door: a JSON-RPC client for bitcoind-compatible nodes.
export { type FetchLike, fetchTransport } from "./fetch-transport.js";
export { httpTransport } from "./http-transport.js";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RPC_TIMEOUT_MS,
  JsonRpcClient,
  type JsonRpcClientOptions,
  type RawRpcReply,
  type RpcBatchResult,
  type RpcCallOptions,
  type RpcParams,
  type RpcRequest,
} from "./json-rpc-client.js";
export {
  RpcClientError,
  type RpcClientErrorCode,
  type RpcClientErrorDetails,
} from "./rpc-client-error.js";
export {
  basicAuthorization,
  CookieReadError,
  type RpcCredentials,
  readCookieFile,
  splitUserPassword,
} from "./rpc-credentials.js";
export type { RpcHttpRequest, RpcHttpResponse, RpcTransport } from "./rpc-transport.js";
