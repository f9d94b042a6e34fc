// The API package's one door.

export { ApiError, type ErrorBody, installErrorHandlers } from "./errors.js";
export type { LiveNetwork, NetworkSource } from "./network-source.js";
export {
  ECONOMICS_PARAMETER_NAMES,
  type EconomicsRoutesOptions,
  economicsRoutes,
} from "./routes/economics.js";
export {
  type ApiServer,
  type ApiServerOptions,
  createApiServer,
  DEFAULT_API_HOST,
  listenApiServer,
  MAX_BODY_BYTES,
} from "./server.js";
