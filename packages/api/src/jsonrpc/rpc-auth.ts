// HTTP Basic authentication of RPC callers: one user:password (cookie or rpcuser/rpcpassword)
// plus any number of `rpcauth` entries, as Core's httprpc.cpp checks them.

import {
  createHash,
  createHmac,
  randomBytes as nodeRandomBytes,
  timingSafeEqual,
} from "node:crypto";

/** Realm sent in `WWW-Authenticate` with every 401 (Core's `WWW_AUTH_HEADER_DATA`). */
export const WWW_AUTHENTICATE = 'Basic realm="jsonrpc"';

/** A malformed `rpcauth` entry or an empty credential configuration. */
export class RpcAuthConfigError extends Error {
  override readonly name = "RpcAuthConfigError";
}

/** One parsed `rpcauth=user:salt$hash` entry. */
export interface RpcAuthEntry {
  readonly user: string;
  readonly salt: string;
  /** Lowercase hex HMAC-SHA256(key = salt, message = password). */
  readonly hash: string;
}

/**
 * Parses `user:salt$hash` (Core splits at ':' and then '$', and refuses to start on anything
 * else); throws {@link RpcAuthConfigError} for a malformed entry.
 */
export function parseRpcAuthEntry(entry: string): RpcAuthEntry {
  const fields = entry.split(":");
  const saltHash = (fields.at(-1) ?? "").split("$");
  if (fields.length !== 2 || saltHash.length !== 2) {
    throw new RpcAuthConfigError(`Invalid -rpcauth argument: ${entry}`);
  }
  return { user: fields[0]!, salt: saltHash[0]!, hash: saltHash[1]! };
}

/** HMAC-SHA256 of `password` keyed by the salt's text, as hex (the rpcauth scheme). */
export function rpcAuthHash(salt: string, password: string): string {
  return createHmac("sha256", Buffer.from(salt, "utf8"))
    .update(Buffer.from(password, "utf8"))
    .digest("hex");
}

/** Result of {@link generateRpcAuth}. */
export interface GeneratedRpcAuth {
  /** The entry for the node's configuration: `user:salt$hash`. */
  readonly entry: string;
  /** The password the client must use (generated when not given). */
  readonly password: string;
}

/**
 * Creates an `rpcauth` entry the way Core's share/rpcauth/rpcauth.py does: a 16-byte random salt
 * as hex, HMAC-SHA256(salt, password) as hex, and when no password is given a random one of 32
 * bytes in URL-safe base64.
 */
export function generateRpcAuth(
  user: string,
  password?: string,
  randomBytes: (n: number) => Uint8Array = nodeRandomBytes,
): GeneratedRpcAuth {
  if (user.includes(":")) throw new RpcAuthConfigError("rpcauth user name must not contain ':'");
  const salt = Buffer.from(randomBytes(16)).toString("hex");
  const pass = password ?? Buffer.from(randomBytes(32)).toString("base64url");
  return { entry: `${user}:${salt}$${rpcAuthHash(salt, pass)}`, password: pass };
}

/** Compares secrets in time independent of where they differ (and of their lengths). */
function secretEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Outcome of checking an `Authorization` header. */
export interface RpcAuthResult {
  readonly ok: boolean;
  /** The user name the caller claimed (text before the first ':'), for logs and handlers. */
  readonly user: string;
}

/** Credentials accepted by {@link RpcAuthenticator}. */
export interface RpcAuthenticatorOptions {
  /** `user:password` (e.g. `__cookie__:<hex>` or rpcuser:rpcpassword); may be absent with rpcauth. */
  readonly userColonPass?: string;
  /** `rpcauth` entries (`user:salt$hash`). */
  readonly rpcauth?: readonly string[];
}

/** Checks HTTP Basic credentials against the configured user:password and rpcauth entries. */
export class RpcAuthenticator {
  readonly #userColonPass: string | undefined;
  readonly #entries: readonly RpcAuthEntry[];

  constructor(options: RpcAuthenticatorOptions) {
    this.#userColonPass = options.userColonPass;
    this.#entries = (options.rpcauth ?? []).map(parseRpcAuthEntry);
    if (!this.#userColonPass && this.#entries.length === 0) {
      throw new RpcAuthConfigError(
        "no RPC credentials configured (cookie, rpcpassword or rpcauth)",
      );
    }
  }

  /**
   * Checks an `Authorization` header value (Core's `RPCAuthorized`): it must start with
   * `Basic `, hold valid base64 of `user:password`, and match the single credential or an
   * rpcauth entry (same user, HMAC of the password equal to the stored hash).
   */
  check(header: string): RpcAuthResult {
    if (!header.startsWith("Basic ")) return { ok: false, user: "" };
    const encoded = header.slice(6).trim();
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return { ok: false, user: "" };
    const userPass = Buffer.from(encoded, "base64").toString("utf8");
    const colon = userPass.indexOf(":");
    const user = colon >= 0 ? userPass.slice(0, colon) : "";
    if (this.#userColonPass !== undefined && secretEqual(userPass, this.#userColonPass)) {
      return { ok: true, user };
    }
    if (colon < 0) return { ok: false, user };
    const password = userPass.slice(colon + 1);
    let ok = false;
    for (const entry of this.#entries) {
      if (!secretEqual(entry.user, user)) continue;
      if (secretEqual(rpcAuthHash(entry.salt, password), entry.hash)) ok = true;
    }
    return { ok, user };
  }
}
