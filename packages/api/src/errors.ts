import { EconomicsError } from "@hashforge/economics";
import type { FastifyError, FastifyInstance } from "fastify";

/**
 * An error a route answers with on purpose: HTTP status, a stable kebab-case code and details.
 * Codes: `invalid-request` (schema violations), `invalid-parameter` (a value the economics rules
 * reject), `not-found`, `network-unavailable` (the node behind the API did not answer),
 * `internal-error`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;

  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

/** Body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

interface SchemaViolation {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: Record<string, unknown>;
}

// "querystring/hashrate must be string" -> { location: "querystring", parameter: "hashrate", message }
function describeViolations(context: string, violations: readonly SchemaViolation[]) {
  return violations.map((v) => {
    const path = (v.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".");
    const extra =
      v.keyword === "additionalProperties" && typeof v.params?.additionalProperty === "string"
        ? v.params.additionalProperty
        : v.keyword === "required" && typeof v.params?.missingProperty === "string"
          ? v.params.missingProperty
          : "";
    const parameter = [path, extra].filter(Boolean).join(".");
    const message =
      v.keyword === "additionalProperties"
        ? "unknown parameter"
        : v.keyword === "required"
          ? "is required"
          : (v.message ?? "is invalid");
    return { location: context, parameter, message };
  });
}

/**
 * Installs the error and not-found handlers that give every failure the same `{ error: { code,
 * message, details } }` shape: 400 for schema violations (each named), 400 for values the
 * economics rules reject (the parameter and reason named), 404 for unknown routes, and a logged
 * 500 with no internals for anything unexpected.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  fieldToParameter: Readonly<Record<string, string>>,
): void {
  app.setErrorHandler((err: unknown, request, reply) => {
    if (err instanceof ApiError) {
      const body: ErrorBody = {
        error: {
          code: err.code,
          message: err.message,
          ...(err.details === undefined ? {} : { details: err.details }),
        },
      };
      return reply.status(err.statusCode).send(body);
    }
    if (err instanceof EconomicsError) {
      const parameter = fieldToParameter[err.field] ?? err.field;
      const message = err.message.startsWith(`${err.field}: `)
        ? `${parameter}: ${err.message.slice(err.field.length + 2)}`
        : err.message;
      return reply.status(400).send({
        error: { code: "invalid-parameter", message, details: { parameter, reason: err.code } },
      });
    }
    const fastifyError = err as Partial<FastifyError> & {
      validation?: SchemaViolation[];
      validationContext?: string;
    };
    if (Array.isArray(fastifyError.validation)) {
      const details = describeViolations(
        fastifyError.validationContext ?? "request",
        fastifyError.validation,
      );
      const message = details.map((d) => `${d.parameter || d.location}: ${d.message}`).join("; ");
      return reply.status(400).send({ error: { code: "invalid-request", message, details } });
    }
    const status = fastifyError.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large.
      return reply.status(status).send({
        error: {
          code: "bad-request",
          message: fastifyError.message ?? "bad request",
          details: { fastifyCode: fastifyError.code },
        },
      });
    }
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send({ error: { code: "internal-error", message: "internal error" } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: "not-found",
        message: `no route ${request.method} ${request.url.split("?")[0]}`,
      },
    });
  });
}
