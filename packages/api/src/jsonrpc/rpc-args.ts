// Argument handling of Core's rpc/server.cpp and rpc/util.cpp: named → positional conversion,
// argument count and JSON type checks, and conversion to the handler's typed values.

import { fromHex, hexToHash, isHex } from "@hashforge/consensus";
import { amountFromValue } from "./amount.js";
import {
  fromPlainJson,
  JsonNumber,
  type JsonObject,
  type JsonTypeName,
  type JsonValue,
  jsonTypeName,
} from "./json-value.js";
import { duplicateKeysOf } from "./parse-json.js";
import { RpcError, RpcErrorCode } from "./rpc-error.js";
import { isOptionalParam, type RpcParam, type RpcParamType } from "./rpc-method.js";
import { writeJson } from "./write-json.js";

function namesOf(param: RpcParam): readonly string[] {
  return [param.name, ...(param.aliases ?? [])];
}

function invalidParameter(message: string): RpcError {
  return new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, message);
}

/**
 * Turns named parameters (`params` as an object) into the positional list the method expects,
 * following Core's `transformNamedArguments`: gaps between given parameters become nulls (but
 * not at the end), an `args` member supplies leading positional values, and duplicated, unknown
 * or doubly-given parameters are RPC_INVALID_PARAMETER errors with Core's messages.
 */
export function transformNamedArguments(
  named: JsonObject,
  params: readonly RpcParam[],
): JsonValue[] {
  const duplicated = duplicateKeysOf(named);
  if (duplicated.length > 0) {
    throw invalidParameter(`Parameter ${duplicated[0]} specified multiple times`);
  }
  const remaining = new Map<string, JsonValue>(Object.entries(named));
  const out: JsonValue[] = [];
  let hole = 0;
  let initialHole = 0;
  let initialParam: string | undefined;
  for (const param of params) {
    const found = namesOf(param).find((n) => remaining.has(n));
    if (found !== undefined) {
      for (let i = 0; i < hole; i++) out.push(null);
      hole = 0;
      initialParam ??= namesOf(param).join("|");
      out.push(remaining.get(found) ?? null);
      remaining.delete(found);
    } else {
      hole++;
      if (out.length === 0) initialHole = hole;
    }
  }
  const positional = remaining.get("args");
  remaining.delete("args");
  let result = out;
  if (Array.isArray(positional)) {
    const given = positional as readonly JsonValue[];
    if (initialParam !== undefined && initialHole < given.length) {
      throw invalidParameter(
        `Parameter ${initialParam} specified twice both as positional and named argument`,
      );
    }
    result = [...given];
    for (let i = given.length; i < out.length; i++) result.push(out[i]!);
  } else if (positional !== undefined) {
    // A non-array "args" is not special: it is reported as unknown like any other name.
    remaining.set("args", positional);
  }
  const unknown = remaining.keys().next();
  if (!unknown.done) throw invalidParameter(`Unknown named parameter ${unknown.value}`);
  return result;
}

/** Whether `count` positional arguments satisfy the declaration (Core's `IsValidNumArgs`). */
export function isValidArgCount(params: readonly RpcParam[], count: number): boolean {
  let required = 0;
  for (let n = params.length; n > 0; n--) {
    if (!isOptionalParam(params[n - 1]!)) {
      required = n;
      break;
    }
  }
  return required <= count && count <= params.length;
}

const EXPECTED_TYPE: Readonly<Record<RpcParamType, JsonTypeName | undefined>> = {
  str: "string",
  hex: "string",
  hash: "string",
  num: "number",
  int: "number",
  amount: undefined,
  bool: "bool",
  obj: "object",
  obj_user_keys: "object",
  arr: "array",
  range: undefined,
  any: undefined,
};

/**
 * Checks each given argument's JSON type against its declaration and throws RPC_TYPE_ERROR
 * "Wrong type passed:" with one `Position N (name)` entry per mismatch, as Core's
 * `RPCHelpMan::HandleRequest` does. Null is fine for an optional parameter.
 */
export function checkArgTypes(params: readonly RpcParam[], args: readonly JsonValue[]): void {
  const mismatches: Record<string, string> = {};
  let any = false;
  params.forEach((param, i) => {
    if (param.skipTypeCheck) return;
    const value = args[i];
    if (isOptionalParam(param) && (value === undefined || value === null)) return;
    const expected = EXPECTED_TYPE[param.type];
    if (expected === undefined) return;
    const actual = jsonTypeName(value);
    if (actual !== expected) {
      mismatches[`Position ${i + 1} (${namesOf(param).join("|")})`] =
        `JSON value of type ${actual} is not of expected type ${expected}`;
      any = true;
    }
  });
  if (any) {
    throw new RpcError(
      RpcErrorCode.RPC_TYPE_ERROR,
      `Wrong type passed:\n${writeJson(mismatches, 4)}`,
    );
  }
}

/**
 * Parses hex bytes from a string parameter, or throws RPC_INVALID_PARAMETER "<name> must be
 * hexadecimal string (not '<value>')" (Core's `ParseHexV`; an empty string is not hex there).
 */
export function parseHexArg(value: string, name: string): Uint8Array {
  if (value.length === 0 || !isHex(value)) {
    throw invalidParameter(`${name} must be hexadecimal string (not '${value}')`);
  }
  return fromHex(value);
}

/**
 * Parses a displayed 64-hex-digit hash into internal byte order, or throws Core's `ParseHashV`
 * errors: "<name> must be of length 64 (not N, for '<value>')" or "...must be hexadecimal string".
 */
export function parseHashArg(value: string, name: string): Uint8Array {
  if (value.length !== 64) {
    throw invalidParameter(`${name} must be of length 64 (not ${value.length}, for '${value}')`);
  }
  if (!isHex(value)) throw invalidParameter(`${name} must be hexadecimal string (not '${value}')`);
  return hexToHash(value);
}

/**
 * Reads an integer parameter; anything but an integer within the safe range fails with
 * RPC_MISC_ERROR "JSON integer out of range", which is what Core's `getInt` reports.
 */
export function parseIntArg(value: JsonNumber): number {
  const n = /^-?\d+$/.test(value.text) ? Number(value.text) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "JSON integer out of range");
  }
  return n;
}

function convertOne(param: RpcParam, given: JsonValue): unknown {
  if (param.skipTypeCheck) return given;
  // Tolerate plain JS numbers from in-process callers that bypass the types.
  const value = typeof given === "number" ? new JsonNumber(JSON.stringify(given)) : given;
  switch (param.type) {
    case "str":
      return value;
    case "hex":
      return parseHexArg(value as string, param.name);
    case "hash":
      return parseHashArg(value as string, param.name);
    case "num": {
      const n = (value as JsonNumber).toNumber();
      if (!Number.isFinite(n)) {
        throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "JSON number out of range");
      }
      return n;
    }
    case "int":
      return parseIntArg(value as JsonNumber);
    case "amount":
      return amountFromValue(value);
    default:
      return value;
  }
}

/**
 * Converts checked positional arguments into the handler's record, keyed by parameter name:
 * omitted or null optional parameters take their declared default (converted the same way) or
 * stay undefined.
 */
export function convertArgs(
  params: readonly RpcParam[],
  args: readonly JsonValue[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  params.forEach((param, i) => {
    let value = args[i];
    if ((value === undefined || value === null) && isOptionalParam(param)) {
      if (param.default === undefined) {
        out[param.name] = undefined;
        return;
      }
      value = fromPlainJson(param.default);
    }
    out[param.name] = convertOne(param, value ?? null);
  });
  return out;
}
