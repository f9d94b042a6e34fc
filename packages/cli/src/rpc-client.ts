// The bitcoin-cli front end of `hashforge rpc`: command-line settings, argument conversion,
// bitcoin-cli's error messages and output format. The call itself goes through the shared
// JSON-RPC client (@hashforge/rpc-client).

import { isAbsolute, join } from "node:path";
import { type JsonValue, parseJson, RpcErrorCode, writeJson } from "@hashforge/api";
import { chainParamsByName } from "@hashforge/consensus";
import {
  type FetchLike,
  fetchTransport,
  JsonRpcClient,
  RpcClientError,
} from "@hashforge/rpc-client";
import { UsageError } from "./command.js";
import { networkSubdir } from "./datadir.js";
import { convertsNamed, convertsPositional } from "./rpc-convert-params.js";

/** Where and as whom to call. */
export interface RpcCliSettings {
  readonly host: string;
  readonly port: number;
  /** `-rpcwallet`: calls go to `/wallet/<name>`. */
  readonly wallet: string | undefined;
  readonly user: string;
  /** `-rpcpassword`; when empty the cookie file is used. */
  readonly password: string;
  /** Resolved cookie path. */
  readonly cookieFile: string;
  /** `-named`: arguments are `name=value` pairs. */
  readonly named: boolean;
  /** `-rpcclienttimeout` in ms; 0 waits indefinitely. */
  readonly timeoutMs: number;
}

/** What the command line asks for. */
export type RpcCliInvocation =
  | { readonly kind: "help" }
  | { readonly kind: "generate-auth"; readonly user: string; readonly password: string | undefined }
  | {
      readonly kind: "call";
      readonly settings: RpcCliSettings;
      readonly method: string;
      readonly args: readonly string[];
    };

/** A failure printed as `error: <message>` with exit code 1, as bitcoin-cli does. */
export class RpcCliError extends Error {
  override readonly name = "RpcCliError";
}

/** Default `-rpcclienttimeout` (bitcoin-cli: 900 s). */
export const DEFAULT_RPC_CLIENT_TIMEOUT_S = 900;
/** Longest timeout a timer can hold (2^31 - 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;
/** Largest reply accepted: a verbose block of 4 MWU is far below this. */
export const MAX_RPC_CLI_RESPONSE_BYTES = 256 * 1024 * 1024;

const STRING_OPTIONS = new Set([
  "rpcconnect",
  "rpcport",
  "rpccookiefile",
  "rpcuser",
  "rpcpassword",
  "datadir",
  "chain",
  "rpcwallet",
  "rpcclienttimeout",
]);
const BOOL_OPTIONS = new Set([
  "named",
  "regtest",
  "testnet",
  "testnet4",
  "signet",
  "generate-auth",
  "help",
  "h",
  "?",
]);

function parseBool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === "" || value === "1") return true;
  if (value === "0") return false;
  throw new UsageError(`-${name}: expected 0 or 1 (got ${JSON.stringify(value)})`);
}

function splitHostPort(text: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : undefined };
  }
  const colon = text.lastIndexOf(":");
  // One colon separates a port; several mean a bare IPv6 address.
  if (colon > 0 && text.indexOf(":") === colon && /^\d+$/.test(text.slice(colon + 1))) {
    return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  }
  return { host: text, port: undefined };
}

function validPort(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new UsageError(`${flag}: invalid port ${JSON.stringify(text)}`);
  }
  return n;
}

/**
 * Parses bitcoin-cli style arguments: `-name=value` options (also `--name`, and `-noname` for a
 * false flag) up to the first non-option, which is the method; the rest are its arguments.
 */
export function parseRpcCliArgs(argv: readonly string[], defaultDataDir: string): RpcCliInvocation {
  const strings = new Map<string, string>();
  const flags = new Map<string, boolean>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-") || arg === "-") break;
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    let name = eq >= 0 ? body.slice(0, eq) : body;
    const value = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (STRING_OPTIONS.has(name)) {
      if (value === undefined) throw new UsageError(`-${name} needs a value (-${name}=...)`);
      strings.set(name, value);
    } else if (BOOL_OPTIONS.has(name)) flags.set(name, parseBool(name, value));
    else if (name.startsWith("no") && BOOL_OPTIONS.has(name.slice(2)) && value === undefined) {
      name = name.slice(2);
      flags.set(name, false);
    } else throw new UsageError(`Invalid parameter -${name}`);
  }
  const rest = argv.slice(i);
  if (flags.get("help") || flags.get("h") || flags.get("?")) return { kind: "help" };
  if (flags.get("generate-auth")) {
    const [user, password, ...extra] = rest;
    if (!user || extra.length > 0) {
      throw new UsageError("usage: hashforge rpc -generate-auth USER [PASSWORD]");
    }
    return { kind: "generate-auth", user, password };
  }
  const [method, ...args] = rest;
  if (!method) throw new UsageError("too few parameters (need at least a method)");

  const chainFlags = (["regtest", "testnet", "testnet4", "signet"] as const).filter((f) =>
    flags.get(f),
  );
  if (chainFlags.length + (strings.has("chain") ? 1 : 0) > 1) {
    throw new UsageError(
      "Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.",
    );
  }
  const chain =
    strings.get("chain") ??
    (chainFlags[0] === "testnet" ? "test" : chainFlags[0] === undefined ? "main" : chainFlags[0]);
  const connect = splitHostPort(strings.get("rpcconnect") ?? "127.0.0.1");
  let port: number;
  const portText = strings.get("rpcport");
  if (portText !== undefined) port = validPort(portText, "-rpcport");
  else if (connect.port !== undefined) port = connect.port;
  else {
    try {
      port = chainParamsByName(chain).rpcPort;
    } catch {
      throw new UsageError(`unknown chain '${chain}'; pass -rpcport for a custom network`);
    }
  }
  const dataDir = join(strings.get("datadir") ?? defaultDataDir, networkSubdir(chain));
  const cookieName = strings.get("rpccookiefile") ?? ".cookie";
  const timeoutText = strings.get("rpcclienttimeout") ?? String(DEFAULT_RPC_CLIENT_TIMEOUT_S);
  if (!/^\d+$/.test(timeoutText)) {
    throw new UsageError(
      `-rpcclienttimeout: expected seconds (got ${JSON.stringify(timeoutText)})`,
    );
  }
  return {
    kind: "call",
    method,
    args,
    settings: {
      host: connect.host,
      port,
      wallet: strings.get("rpcwallet"),
      user: strings.get("rpcuser") ?? "",
      password: strings.get("rpcpassword") ?? "",
      cookieFile: isAbsolute(cookieName) ? cookieName : join(dataDir, cookieName),
      named: flags.get("named") ?? false,
      timeoutMs: Number(timeoutText) * 1000,
    },
  };
}

function argToJson(text: string, convert: boolean): string {
  if (!convert) return JSON.stringify(text);
  try {
    // Parsed and re-written so numbers keep their exact text (0.1 stays 0.1).
    return writeJson(parseJson(text));
  } catch {
    throw new RpcCliError(`Error parsing JSON: ${text}`);
  }
}

/**
 * Converts command-line arguments to the JSON text of JSON-RPC params like bitcoin-cli:
 * arguments listed in the conversion table are parsed as JSON (numbers keep their exact text),
 * others are strings. With `named`, `name=value` pairs make an object (a later value for a name
 * wins) and arguments without `=` are collected into a trailing `args` member, which the server
 * treats as leading positional values; an explicit `args=` is kept too and the server reports
 * the clash, as with bitcoin-cli.
 */
export function convertRpcArgs(method: string, args: readonly string[], named: boolean): string {
  if (!named) {
    return `[${args.map((a, i) => argToJson(a, convertsPositional(method, i))).join(",")}]`;
  }
  const members = new Map<string, string>();
  const positional: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0) {
      positional.push(argToJson(arg, convertsPositional(method, positional.length)));
      continue;
    }
    const name = arg.slice(0, eq);
    // A repeated name keeps its first position and takes the last value (UniValue::pushKV).
    members.set(name, argToJson(arg.slice(eq + 1), convertsNamed(method, name)));
  }
  const parts = [...members].map(([k, v]) => `${JSON.stringify(k)}:${v}`);
  if (positional.length > 0) parts.push(`"args":[${positional.join(",")}]`);
  return `{${parts.join(",")}}`;
}

/** A parsed reply: `result` and `error` as the server sent them. */
export interface RpcCliReply {
  readonly result: JsonValue;
  readonly error: JsonValue;
}

/** What {@link callRpcCli} touches. */
export interface RpcCliIo {
  /** Post with this fetch instead of the client's node:http transport (tests pass a fake). */
  readonly fetch?: FetchLike;
  readonly readFile: (path: string) => string;
}

/** bitcoin-cli's message for each way the shared client can fail. */
function cliMessage(err: RpcClientError, settings: RpcCliSettings, host: string): string {
  switch (err.code) {
    case "network":
      return `Could not connect to the server ${host}:${settings.port}\n\nMake sure the hashforge node is running and that you are connecting to the correct RPC port.`;
    case "auth":
      return err.missingCookie !== undefined
        ? `Could not locate RPC credentials. No authentication cookie could be found at ${settings.cookieFile}, and RPC password is not set. See -rpcpassword and -rpccookiefile.`
        : "Authorization failed: Incorrect rpcuser or rpcpassword";
    case "http":
      return err.httpStatus === 503
        ? `Server response: ${err.responseText ?? ""}`
        : `server returned HTTP error ${err.httpStatus}`;
    default:
      return err.message;
  }
}

/**
 * Sends one call the way bitcoin-cli does (`{"method","params","id":1}` over HTTP Basic auth with
 * rpcuser/rpcpassword or the cookie, read now) through the shared JSON-RPC client, and reports
 * its failures in bitcoin-cli's words: 401 means bad or missing credentials, 503 shows the
 * server's text, other 4xx/5xx except 400/404/500 are HTTP errors, and the body must be a JSON
 * reply object. The reply is parsed with numbers kept as their exact text. Failures are
 * {@link RpcCliError}s.
 */
export async function callRpcCli(
  settings: RpcCliSettings,
  method: string,
  paramsJson: string,
  io: RpcCliIo,
): Promise<RpcCliReply> {
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  let text: string;
  try {
    const client = new JsonRpcClient({
      url: `http://${host}:${settings.port}`,
      credentials:
        settings.password === ""
          ? { cookieFile: settings.cookieFile }
          : { user: settings.user, password: settings.password },
      wallet: settings.wallet,
      // A timer holds at most ~24.8 days; anything longer is as good as no limit.
      timeoutMs: settings.timeoutMs > MAX_TIMER_MS ? 0 : settings.timeoutMs,
      maxResponseBytes: MAX_RPC_CLI_RESPONSE_BYTES,
      readFile: io.readFile,
      ...(io.fetch ? { transport: fetchTransport(io.fetch) } : {}),
    });
    ({ text } = await client.callRaw(method, paramsJson));
  } catch (err) {
    if (err instanceof RpcClientError) throw new RpcCliError(cliMessage(err, settings, host));
    throw err;
  }
  if (text === "") throw new RpcCliError("no response from server");
  let reply: JsonValue;
  try {
    reply = parseJson(text);
  } catch {
    throw new RpcCliError("couldn't parse reply from server");
  }
  if (typeof reply !== "object" || reply === null || Array.isArray(reply) || !("id" in reply)) {
    throw new RpcCliError("expected reply to have result, error and id properties");
  }
  const obj = reply as { readonly [k: string]: JsonValue };
  return { result: obj.result ?? null, error: obj.error ?? null };
}

/** What to print and the exit code for a reply (bitcoin-cli's output rules). */
export interface RpcCliOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Formats a reply like bitcoin-cli: strings print raw, null prints nothing, other results as
 * JSON indented by 2; an error prints `error code: N` / `error message:` / the message to stderr
 * and exits with |code| (which the OS truncates to 8 bits, as with bitcoin-cli).
 */
export function formatRpcCliReply(reply: RpcCliReply): RpcCliOutput {
  const { result, error } = reply;
  if (error !== null) {
    if (typeof error === "object" && !Array.isArray(error) && "code" in error) {
      const e = error as { readonly [k: string]: JsonValue };
      const codeText = e.code === null || e.code === undefined ? "" : writeJson(e.code);
      let out = codeText ? `error code: ${codeText}\n` : "";
      if (typeof e.message === "string") out += `error message:\n${e.message}`;
      const code = Number(codeText);
      if (code === RpcErrorCode.RPC_WALLET_NOT_SPECIFIED) {
        out +=
          ' Or for the CLI, specify the "-rpcwallet=<walletname>" option before the command (run "hashforge rpc -h" for help or "hashforge rpc listwallets" to see which wallets are currently loaded).';
      }
      const exitCode = Number.isSafeInteger(code) && code !== 0 ? Math.abs(code) : 1;
      return { exitCode, stdout: "", stderr: `${out}\n` };
    }
    return { exitCode: 1, stdout: "", stderr: `error: ${writeJson(error)}\n` };
  }
  if (result === null) return { exitCode: 0, stdout: "", stderr: "" };
  const text = typeof result === "string" ? result : writeJson(result, 2);
  return { exitCode: 0, stdout: `${text}\n`, stderr: "" };
}
