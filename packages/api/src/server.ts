import type { IncomingMessage, ServerResponse } from "node:http";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  HARDWARE_PRESETS,
  type HardwarePreset,
  mergeHardwarePresets,
  type SupplyParams,
} from "@hashforge/economics";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawServerDefault,
} from "fastify";
import { installErrorHandlers } from "./errors.js";
import type { NetworkSource } from "./network-source.js";
import { ECONOMICS_PARAMETER_NAMES, economicsRoutes } from "./routes/economics.js";
import { HealthResponse } from "./schemas/common.js";

/** The Fastify instance type the API builds, with TypeBox type inference on routes. */
export type ApiServer = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Address the API binds to unless told otherwise: loopback only, never all interfaces by default. */
export const DEFAULT_API_HOST = "127.0.0.1";

/** Largest request body accepted (profitability bodies are a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Options for {@link createApiServer}. */
export interface ApiServerOptions {
  /** Clock in unix milliseconds (default Date.now); tests pass a fixed one. */
  readonly clock?: () => number;
  /** Fastify logger setting (default off; pass true or pino options to log). */
  readonly logger?: FastifyServerOptions["logger"];
  /** Live network figures from a node; without it mainnet answers use the dated snapshot. */
  readonly networkSource?: NetworkSource;
  /** The schedule requests without `network` are about (the node's network; default mainnet). */
  readonly defaultSupply?: SupplyParams;
  /** Extra hardware presets (e.g. from a user file), added to the built-in table. */
  readonly extraHardwarePresets?: readonly HardwarePreset[];
}

/**
 * Builds the HTTP API: `/health` and the economics routes under `/api/v1/economics`, with TypeBox
 * schemas on every request and response and uniform `{ error: { code, message, details } }`
 * failures. Returns the instance without listening: the caller decides where
 * ({@link listenApiServer} binds 127.0.0.1 by default), and tests use `app.inject`.
 */
export async function createApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const clock = options.clock ?? Date.now;
  const fastifyOptions: FastifyServerOptions = {
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    ajv: {
      // Unknown parameters are errors, not silently dropped; report every violation at once.
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: "array" },
    },
  };
  const app = Fastify(fastifyOptions).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandlers(app, ECONOMICS_PARAMETER_NAMES);
  app.get("/health", { schema: { response: { 200: HealthResponse } } }, async () => ({
    status: "ok" as const,
    time: new Date(clock()).toISOString(),
  }));
  await app.register(economicsRoutes, {
    prefix: "/api/v1/economics",
    clock,
    hardwarePresets: mergeHardwarePresets(HARDWARE_PRESETS, options.extraHardwarePresets ?? []),
    ...(options.networkSource ? { networkSource: options.networkSource } : {}),
    ...(options.defaultSupply ? { defaultSupply: options.defaultSupply } : {}),
  });
  return app;
}

/** Starts listening on `port` (0 = any free port) at `host`, 127.0.0.1 unless given; returns the address. */
export async function listenApiServer(
  app: ApiServer,
  options: { port: number; host?: string },
): Promise<string> {
  return app.listen({ port: options.port, host: options.host ?? DEFAULT_API_HOST });
}
