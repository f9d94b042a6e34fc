// Which addresses the RPC server listens on, and how a failure to listen is told (Core's
// HTTPBindAddresses in httpserver.cpp and the -rpcbind port check of init.cpp).

import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { RpcServerError } from "./rpc-server-error.js";

/** Addresses bound when `-rpcbind` is absent or ignored: Core's `::1` and `127.0.0.1`. */
export const DEFAULT_RPC_LOOPBACK_BIND: readonly string[] = ["::1", "127.0.0.1"];

/** Logged when `-rpcbind` is given without `-rpcallowip` (Core's wording). */
export const RPCBIND_IGNORED_WARNING =
  "Option -rpcbind was ignored because -rpcallowip was not specified, refusing to allow everyone to connect";
/** Logged when `-rpcallowip` is given without `-rpcbind` (Core's wording). */
export const RPCALLOWIP_WITHOUT_RPCBIND_WARNING =
  "Option -rpcallowip was specified without -rpcbind; this doesn't usually make sense";
/** Logged after binding a wildcard address (Core's wording). */
export const RPC_BIND_ANY_WARNING =
  "The RPC server is not safe to expose to untrusted networks such as the public internet";

/** One address to listen on. */
export interface RpcBindEndpoint {
  /** Host name or address as configured; `""` means every address (Core binds NULL). */
  readonly host: string;
  /** Port from `host:port`, or null for the server's port (`-rpcport`). */
  readonly port: number | null;
  /**
   * A default loopback address rather than one the operator asked for: when this host lacks it
   * (no IPv6) the server starts without it, as long as another address binds.
   */
  readonly implicit: boolean;
}

/** The endpoints to bind and the warnings to log about the settings. */
export interface RpcBindPlan {
  readonly endpoints: readonly RpcBindEndpoint[];
  readonly warnings: readonly string[];
}

/** The settings {@link rpcBindPlan} reads. */
export interface RpcBindSettings {
  /** `-rpcbind` values: `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
  readonly bind?: readonly string[] | undefined;
  /** `-rpcallowip` values; only their presence matters here. */
  readonly allowIps?: readonly string[] | undefined;
  /** What to bind when `bind` is absent or ignored; default {@link DEFAULT_RPC_LOOPBACK_BIND}. */
  readonly loopback?: readonly string[] | undefined;
}

/** Resolves a host name to the address to listen on. */
export type RpcBindLookup = (hostname: string) => Promise<string>;

/** The system resolver (`getaddrinfo`), first address, as `listen()` itself would use. */
export const systemBindLookup: RpcBindLookup = async (hostname) =>
  (await dnsLookup(hostname)).address;

/**
 * Splits `host:port` the way Core's SplitHostPort does: the last `:` separates a port when the
 * value is bracketed (`[::1]:8332`) or has no other colon; a bare IPv6 address has no port.
 * A port that is not 1-65535 is refused with Core's start-up error.
 */
export function splitRpcBind(value: string): { host: string; port: number | null } {
  const colon = value.lastIndexOf(":");
  let host = value;
  let port: number | null = null;
  if (colon !== -1) {
    const bracketed = value.startsWith("[") && value[colon - 1] === "]";
    const otherColon = colon > 0 && value.lastIndexOf(":", colon - 1) !== -1;
    if (colon === 0 || bracketed || !otherColon) {
      const text = value.slice(colon + 1);
      const n = /^\d{1,5}$/.test(text) ? Number(text) : 0;
      if (n < 1 || n > 65535) {
        throw new RpcServerError("invalid-bind", `Invalid port specified in -rpcbind: '${value}'`);
      }
      host = value.slice(0, colon);
      port = n;
    }
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host, port };
}

/**
 * Decides what to bind, as Core's HTTPBindAddresses does: the `-rpcbind` addresses only when
 * `-rpcallowip` is given too; otherwise loopback only, with a warning that names the ignored
 * option, so a bind to a public address never opens the server to every client by accident.
 * Every `-rpcbind` value is checked, even an ignored one (Core refuses to start on a bad port).
 */
export function rpcBindPlan(settings: RpcBindSettings): RpcBindPlan {
  const bind = settings.bind ?? [];
  const allowIps = settings.allowIps ?? [];
  const parsed = bind.map(splitRpcBind);
  if (bind.length > 0 && allowIps.length > 0) {
    return { endpoints: parsed.map((p) => ({ ...p, implicit: false })), warnings: [] };
  }
  const warnings: string[] = [];
  if (allowIps.length > 0) warnings.push(RPCALLOWIP_WITHOUT_RPCBIND_WARNING);
  if (bind.length > 0) warnings.push(RPCBIND_IGNORED_WARNING);
  const loopback = settings.loopback ?? DEFAULT_RPC_LOOPBACK_BIND;
  return {
    endpoints: loopback.map((host) => ({ host, port: null, implicit: true })),
    warnings,
  };
}

/** True for the wildcard addresses (`""`, `0.0.0.0`, `::`) that listen on every interface. */
export function isBindAny(host: string): boolean {
  return host === "" || (isIP(host) !== 0 && /^[0.:]+$/.test(host));
}

/** `host:port` for messages, with IPv6 in brackets and the wildcard `""` as `*`. */
export function formatBindAddress(host: string, port: number): string {
  if (isIP(host) === 6) return `[${host}]:${port}`;
  return `${host === "" ? "*" : host}:${port}`;
}

const REASONS: { readonly [code: string]: string } = {
  EADDRINUSE: "address in use",
  EADDRNOTAVAIL: "address not available on this host",
  EAFNOSUPPORT: "address family not supported on this host",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTFOUND: "cannot resolve host name",
  EAI_NONAME: "cannot resolve host name",
  EAI_FAIL: "cannot resolve host name",
  EAI_AGAIN: "cannot resolve host name (temporary resolver failure)",
  ENODATA: "host name has no address",
};

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** True when the failure means this host lacks the address (an implicit endpoint may be skipped). */
export function isAddressUnavailable(err: unknown): boolean {
  const code = errorCode(err);
  return code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT";
}

/** The `bind-failed` error for an endpoint: `cannot listen on 127.0.0.1:8332: address in use`. */
export function bindFailure(address: string, err: unknown): RpcServerError {
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const reason =
    code !== undefined && Object.hasOwn(REASONS, code)
      ? REASONS[code]!
      : detail.replace(/\s+/g, " ");
  return new RpcServerError("bind-failed", `cannot listen on ${address}: ${reason}`, {
    cause: err,
    address,
  });
}

/**
 * The address to hand to `listen()` for a configured host: an IP address as is, `""` as
 * undefined (every address), a name through `lookup`. A dotted-decimal value that is not an
 * IPv4 address (`999.1.1.1`) is refused without asking the resolver. Failures are `bind-failed`
 * errors naming `address`.
 */
export async function resolveBindHost(
  host: string,
  address: string,
  lookup: RpcBindLookup,
): Promise<string | undefined> {
  if (host === "") return undefined;
  if (isIP(host) !== 0) return host;
  if (/^[0-9.]+$/.test(host)) {
    throw new RpcServerError("bind-failed", `cannot listen on ${address}: not a valid IP address`, {
      address,
    });
  }
  try {
    return await lookup(host);
  } catch (err) {
    throw bindFailure(address, err);
  }
}
