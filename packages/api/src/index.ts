// The API package's one door.

export { ApiError, type ErrorBody, installErrorHandlers } from "./errors.js";
export { amountFromValue, parseFixedPoint, valueFromAmount } from "./jsonrpc/amount.js";
export { type ControlMethodsOptions, createControlMethods } from "./jsonrpc/control-methods.js";
export {
  fromPlainJson,
  isJsonObject,
  JsonNumber,
  type JsonObject,
  type JsonTypeName,
  type JsonValue,
  jsonTypeName,
  type RpcResultValue,
  toPlainJson,
} from "./jsonrpc/json-value.js";
export {
  duplicateKeysOf,
  JsonParseError,
  MAX_JSON_DEPTH,
  parseJson,
} from "./jsonrpc/parse-json.js";
export { normalizePeerAddress, RpcAllowList, RpcAllowListError } from "./jsonrpc/rpc-allow-list.js";
export {
  checkArgTypes,
  convertArgs,
  isValidArgCount,
  parseHashArg,
  parseHexArg,
  parseIntArg,
  transformNamedArguments,
} from "./jsonrpc/rpc-args.js";
export {
  type GeneratedRpcAuth,
  generateRpcAuth,
  parseRpcAuthEntry,
  RpcAuthConfigError,
  type RpcAuthEntry,
  RpcAuthenticator,
  type RpcAuthenticatorOptions,
  type RpcAuthResult,
  rpcAuthHash,
  WWW_AUTHENTICATE,
} from "./jsonrpc/rpc-auth.js";
export {
  type AuthCookieOptions,
  COOKIE_FILE_NAME,
  COOKIE_USER,
  deleteAuthCookie,
  readAuthCookie,
  writeAuthCookie,
} from "./jsonrpc/rpc-cookie.js";
export { RpcError, RpcErrorCode } from "./jsonrpc/rpc-error.js";
export { methodHelp, methodSynopsis } from "./jsonrpc/rpc-help.js";
export {
  AUTH_FAILURE_DELAY_MS,
  DEFAULT_RPC_MAX_BODY_BYTES,
  DEFAULT_RPC_MAX_HEADER_BYTES,
  DEFAULT_RPC_SERVER_TIMEOUT_MS,
  RpcHttpServer,
  type RpcHttpServerOptions,
  type RpcLogger,
  type RpcServerAuthOptions,
  RpcServerError,
} from "./jsonrpc/rpc-http-server.js";
export {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  isOptionalParam,
  type RpcArgs,
  type RpcCallContext,
  type RpcHandler,
  type RpcMethod,
  type RpcMethodSpec,
  type RpcParam,
  type RpcParamType,
  type RpcParamValueMap,
  type RpcResultDoc,
  type RpcResultType,
} from "./jsonrpc/rpc-method.js";
export {
  errorHttpStatus,
  type JsonRpcHttpReply,
  type JsonRpcRequest,
  type JsonRpcVersion,
  jsonRpcReply,
  parseJsonRpcRequest,
  processJsonRpcBody,
  type RpcExecutor,
} from "./jsonrpc/rpc-request.js";
export {
  DEFAULT_WARMUP_STATUS,
  type RpcCall,
  type RpcCallInfo,
  RpcRegistrationError,
  RpcTable,
  type RpcTableOptions,
} from "./jsonrpc/rpc-table.js";
export {
  DEFAULT_RPC_THREADS,
  DEFAULT_RPC_WORK_QUEUE,
  RpcWorkQueue,
} from "./jsonrpc/rpc-work-queue.js";
export { writeJson } from "./jsonrpc/write-json.js";
export type { LiveNetwork, NetworkSource } from "./network-source.js";
export { nodeNetworkSource } from "./node-network-source.js";
export {
  ECONOMICS_PARAMETER_NAMES,
  type EconomicsRoutesOptions,
  economicsRoutes,
} from "./routes/economics.js";
export { BLOCK_STAT_NAMES, type BlockStats, computeBlockStats } from "./rpc-methods/block-stats.js";
export { descriptorChecksum, inferDescriptor } from "./rpc-methods/infer-descriptor.js";
export { networkHashPs, submitBlockBip22 } from "./rpc-methods/mining.js";
export type { RpcNodeContext } from "./rpc-methods/node-context.js";
export { createNodeRpcMethods } from "./rpc-methods/node-rpc-methods.js";
export { decodeHexTx, scriptToJson, txToJson } from "./rpc-methods/tx-to-json.js";
export {
  createZmqRpcMethods,
  type ZmqNotificationRow,
  type ZmqNotificationSource,
} from "./rpc-methods/zmq-methods.js";
export {
  type ApiServer,
  type ApiServerOptions,
  createApiServer,
  DEFAULT_API_HOST,
  listenApiServer,
  MAX_BODY_BYTES,
} from "./server.js";
