import { Type } from "typebox";

/** A number, or null where the value is undefined or infinite (e.g. a break-even that never comes). */
export const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** An exact amount of satoshis as a decimal string (JSON numbers cannot hold every int64). */
export const SatsString = Type.String({
  pattern: "^-?[0-9]+$",
  description: "satoshis, decimal string",
});

/**
 * The error body of every 4xx/5xx answer: a stable machine-readable `code`, a message a person
 * understands, and optional details (the offending parameter, or a list of schema violations).
 */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** `/health` answer. */
export const HealthResponse = Type.Object({
  status: Type.Literal("ok"),
  time: Type.String({ description: "server time, ISO 8601" }),
});

/** A network's issuance parameters, with the subsidy as satoshis. */
export const SupplyParamsSchema = Type.Object({
  name: Type.String(),
  halvingInterval: Type.Integer(),
  initialSubsidy: SatsString,
  targetSpacing: Type.Number(),
  genesisTime: Type.Integer(),
});

/** Query parameters that select a built-in network or describe a custom one. */
export const NetworkQueryProperties = {
  network: Type.Optional(
    Type.String({ description: "main, test, testnet4, signet, regtest (default main)" }),
  ),
  halvingInterval: Type.Optional(
    Type.Integer({ minimum: 1, description: "custom network: blocks between halvings" }),
  ),
  initialSubsidySats: Type.Optional(
    Type.String({
      pattern: "^[0-9]{1,19}$",
      description: "custom network: first-era subsidy in satoshis",
    }),
  ),
  targetSpacing: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, description: "custom network: seconds per block" }),
  ),
  genesisTime: Type.Optional(
    Type.Integer({ minimum: 0, description: "custom network: genesis unix time" }),
  ),
};
