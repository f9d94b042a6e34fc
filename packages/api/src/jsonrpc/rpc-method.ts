// How an RPC method is declared: parameters, result and examples like Core's RPCHelpMan, plus a
// handler that receives its arguments already checked and converted.

import type { JsonObject, JsonValue, RpcResultValue } from "./json-value.js";

/**
 * A parameter type (Core's `RPCArg::Type`, with hex and hashes split out so the framework can
 * decode them):
 * - `str` string; `hex` hex string → bytes (Core's ParseHexV); `hash` 64-hex hash in display
 *   order → 32 bytes in internal order (ParseHashV + byte reversal);
 * - `num` any JSON number → double; `int` integer JSON number → number;
 * - `amount` BTC as number or string → satoshis (AmountFromValue);
 * - `bool`; `obj` / `obj_user_keys` object; `arr` array; `range` number or [n,n]; `any` anything.
 */
export type RpcParamType =
  | "str"
  | "hex"
  | "hash"
  | "num"
  | "int"
  | "amount"
  | "bool"
  | "obj"
  | "obj_user_keys"
  | "arr"
  | "range"
  | "any";

/** The value a handler receives for each parameter type. */
export interface RpcParamValueMap {
  str: string;
  hex: Uint8Array;
  hash: Uint8Array;
  num: number;
  int: number;
  amount: bigint;
  bool: boolean;
  obj: JsonObject;
  obj_user_keys: JsonObject;
  arr: readonly JsonValue[];
  range: JsonValue;
  any: JsonValue;
}

/** One declared parameter (Core's `RPCArg`). */
export interface RpcParam {
  /** Name used for named arguments and in help. */
  readonly name: string;
  /** Other accepted names for named arguments (Core's `"name|alias"`). */
  readonly aliases?: readonly string[];
  readonly type: RpcParamType;
  readonly description: string;
  /** May be omitted or null; the handler then gets `undefined` (unless `default` is set). */
  readonly optional?: boolean;
  /** Value used when omitted or null (plain JSON, shown in help as `default=<json>`). */
  readonly default?: unknown;
  /** Help text for a default the handler computes itself (`default=<hint>`); implies optional. */
  readonly defaultHint?: string;
  /** Members of an `obj` or elements of an `arr`, for help only. */
  readonly inner?: readonly RpcParam[];
  /** Replaces the one-line summary rendering of this argument. */
  readonly oneline?: string;
  /** Replaces the type words: [in JSON skeletons, in descriptions]. */
  readonly typeStr?: readonly [string, string];
  /** Leave this and every later parameter out of help (test-only arguments). */
  readonly hidden?: boolean;
  /** Accept any JSON type; the handler gets the raw value. */
  readonly skipTypeCheck?: boolean;
}

/** A result node type (Core's `RPCResult::Type`). */
export type RpcResultType =
  | "str"
  | "str_amount"
  | "str_hex"
  | "num"
  | "num_time"
  | "bool"
  | "arr"
  | "arr_fixed"
  | "obj"
  | "obj_dyn"
  | "elision"
  | "none"
  | "any";

/** Documentation of a result or of one of its members (Core's `RPCResult`). */
export interface RpcResultDoc {
  readonly type: RpcResultType;
  /** Member name when inside an object. */
  readonly key?: string;
  readonly description?: string;
  readonly optional?: boolean;
  readonly inner?: readonly RpcResultDoc[];
  /** When the result has several shapes: the condition for this one (`if verbose is set to true`). */
  readonly cond?: string;
}

/** What a handler knows about the call besides its arguments. */
export interface RpcCallContext {
  readonly method: string;
  /** Wallet name from a `/wallet/<name>` URI, percent-decoded; undefined for `/`. */
  readonly wallet: string | undefined;
  /** Authenticated user (`__cookie__` for cookie auth). */
  readonly user: string;
  /** Peer `address:port`, or `local` for in-process calls. */
  readonly peer: string;
  /** Positional parameters after named-argument conversion, as parsed. */
  readonly params: readonly JsonValue[];
  /** Aborted when the per-request timeout expires or the server stops. */
  readonly signal: AbortSignal;
  /** Runs `fn` once the HTTP response has been sent (e.g. to start a shutdown after `stop`). */
  afterResponse(fn: () => void): void;
}

type ParamValue<P extends RpcParam> = P extends { readonly skipTypeCheck: true }
  ? JsonValue
  : RpcParamValueMap[P["type"]];

type IsAlwaysPresent<P extends RpcParam> = P extends { readonly default: unknown }
  ? true
  : P extends { readonly optional: true }
    ? false
    : P extends { readonly defaultHint: string }
      ? false
      : true;

/** The argument object a handler receives, typed from its parameter declarations. */
export type RpcArgs<Ps extends readonly RpcParam[]> = {
  readonly [P in Ps[number] as P["name"]]: IsAlwaysPresent<P> extends true
    ? ParamValue<P>
    : ParamValue<P> | undefined;
};

/** A method handler: may be async; throws {@link RpcError} for Core-coded failures. */
export type RpcHandler<A> = (
  args: A,
  ctx: RpcCallContext,
) => RpcResultValue | Promise<RpcResultValue>;

/** A method declaration as written by a method module. */
export interface RpcMethodSpec<Ps extends readonly RpcParam[]> {
  readonly name: string;
  /** Help section (`blockchain`, `control`, `mining`, ...); `hidden` keeps it out of `help`. */
  readonly category: string;
  /** Help description; the first line should say what the method does. */
  readonly description: string;
  readonly params: Ps;
  /** One result shape, or several with `cond`. */
  readonly result: RpcResultDoc | readonly RpcResultDoc[];
  /** Preformatted examples (see helpExampleCli / helpExampleRpc). */
  readonly examples?: string;
  /** See {@link isWalletScoped}; default: true in the `wallet` category. */
  readonly walletScoped?: boolean;
  readonly handler: RpcHandler<RpcArgs<Ps>>;
}

/** A registered method, its handler taking the converted argument record. */
export interface RpcMethod {
  readonly name: string;
  readonly category: string;
  readonly description: string;
  readonly params: readonly RpcParam[];
  readonly result: readonly RpcResultDoc[];
  readonly examples: string;
  /** See {@link isWalletScoped}. */
  readonly walletScoped?: boolean;
  readonly handler: RpcHandler<Readonly<Record<string, unknown>>>;
}

/**
 * True when the method acts on the wallet a `/wallet/<name>` request selects (it would call
 * Core's GetWalletForJSONRPCRequest), so an unknown name fails it with -18; methods that manage
 * or list wallets (`listwallets`, `createwallet`) declare `walletScoped: false`. Default: the
 * `wallet` category is scoped, every other category ignores the name, as in Core.
 */
export function isWalletScoped(method: RpcMethod): boolean {
  return method.walletScoped ?? method.category === "wallet";
}

/**
 * Declares an RPC method. The `const` parameter list gives the handler a typed argument record
 * (`{ blockhash: Uint8Array; verbosity: number }`), so declaration and use cannot drift apart.
 */
export function defineRpcMethod<const Ps extends readonly RpcParam[]>(
  spec: RpcMethodSpec<Ps>,
): RpcMethod {
  return {
    name: spec.name,
    category: spec.category,
    description: spec.description,
    params: spec.params,
    result: Array.isArray(spec.result)
      ? (spec.result as readonly RpcResultDoc[])
      : [spec.result as RpcResultDoc],
    examples: spec.examples ?? "",
    ...(spec.walletScoped === undefined ? {} : { walletScoped: spec.walletScoped }),
    handler: spec.handler as unknown as RpcHandler<Readonly<Record<string, unknown>>>,
  };
}

/** True when the parameter may be left out (optional, or with a default or default hint). */
export function isOptionalParam(param: RpcParam): boolean {
  return param.optional === true || param.default !== undefined || param.defaultHint !== undefined;
}

/** A command-line example line for help text (Core's `HelpExampleCli`). */
export function helpExampleCli(method: string, args: string): string {
  return `> hashforge rpc ${method} ${args}\n`;
}

/** A JSON-RPC-over-curl example line for help text (Core's `HelpExampleRpc`). */
export function helpExampleRpc(method: string, args: string): string {
  return `> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "${method}", "params": [${args}]}' -H 'content-type: application/json' http://127.0.0.1:8332/\n`;
}
