// The JSON value model of the RPC layer: plain JS values, except numbers, which keep their text.

/**
 * A JSON number kept as its exact source text, like Core's UniValue does, so amounts are parsed
 * from "0.1" rather than from the nearest double, ids are echoed byte for byte, and results can
 * carry fixed-point text such as "0.00100000".
 */
export class JsonNumber {
  /** The number's JSON text, e.g. `1e-8`, `0.00100000`, `-5`. */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /** The nearest double (may lose precision; use the text for amounts). */
  toNumber(): number {
    return Number(this.text);
  }

  /** Lets `JSON.stringify` and template strings show the number. */
  toJSON(): number {
    return Number(this.text);
  }

  /** The source text. */
  toString(): string {
    return this.text;
  }
}

/** A JSON object as parsed from a request (numbers as {@link JsonNumber}). */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A parsed JSON value: what RPC handlers receive for `obj`, `arr` and untyped parameters. */
export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;

/**
 * What an RPC handler may return: JSON values plus JS numbers and bigints (written as integers).
 * Object members that are `undefined` are left out, as with `JSON.stringify`.
 */
export type RpcResultValue =
  | null
  | boolean
  | string
  | number
  | bigint
  | JsonNumber
  | readonly RpcResultValue[]
  | { readonly [key: string]: RpcResultValue | undefined };

/** Core's UniValue type names, used in its type-mismatch messages. */
export type JsonTypeName = "null" | "bool" | "number" | "string" | "array" | "object";

/** The UniValue type name of a parsed value (`uvTypeName` in Core). */
export function jsonTypeName(value: JsonValue | undefined): JsonTypeName {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "string";
  // Plain JS numbers only reach here from in-process callers that bypass the types.
  if (value instanceof JsonNumber || typeof value === "number") return "number";
  if (Array.isArray(value)) return "array";
  return "object";
}

/** True for a parsed JSON object (not an array, number or null). */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof JsonNumber)
  );
}

/** Converts a parsed value to plain JS (numbers become doubles), e.g. for logging or tests. */
export function toPlainJson(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return value.toNumber();
  if (Array.isArray(value)) return value.map((v: JsonValue) => toPlainJson(v));
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: toPlainJson(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * Converts a plain JS value (as written in a method declaration's `default`) to a
 * {@link JsonValue}; numbers become their shortest JSON text.
 */
export function fromPlainJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return new JsonNumber(JSON.stringify(value));
  if (typeof value === "bigint") return new JsonNumber(value.toString());
  if (value instanceof JsonNumber) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => fromPlainJson(v));
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, {
        value: fromPlainJson(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return null;
}
