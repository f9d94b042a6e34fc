// How the client proves who it is: rpcuser/rpcpassword or bitcoind's cookie file.

/**
 * Credentials for HTTP Basic auth: a user and password (`-rpcuser`/`-rpcpassword`, an `rpcauth`
 * entry), or the node's `.cookie` file, which is read at every call as bitcoin-cli does, so a
 * client outlives node restarts (each start writes a new cookie).
 */
export type RpcCredentials =
  | { readonly user: string; readonly password: string }
  | { readonly cookieFile: string };

/** Why a cookie file gave no credentials. */
export class CookieReadError extends Error {
  override readonly name = "CookieReadError";
}

/**
 * Splits `user:password` (a cookie line, or credentials given as one string) at its first colon,
 * as HTTP Basic auth does; null when there is no colon.
 */
export function splitUserPassword(text: string): { user: string; password: string } | null {
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Reads `user:password` from the first line of a cookie file (what bitcoin-cli's GetAuthCookie
 * takes). Throws {@link CookieReadError} when the file cannot be read or its first line is not
 * `user:password`.
 */
export function readCookieFile(
  path: string,
  readFile: (path: string) => string,
): { user: string; password: string } {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    throw new CookieReadError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const line = text.split(/\r?\n/, 1)[0] ?? "";
  const credentials = splitUserPassword(line);
  if (credentials === null) throw new CookieReadError("its first line is not user:password");
  return credentials;
}

/** The `Authorization` header value for HTTP Basic auth. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}
