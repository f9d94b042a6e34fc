// The `.cookie` credential file: written at server start, removed at stop (Core's
// GenerateAuthCookie / DeleteAuthCookie in rpc/request.cpp).

import { randomBytes as nodeRandomBytes } from "node:crypto";
import { chmod, readFile, rename, rm, writeFile } from "node:fs/promises";

/** User name of cookie authentication. */
export const COOKIE_USER = "__cookie__";
/** Default cookie file name inside the network's data directory. */
export const COOKIE_FILE_NAME = ".cookie";

/** Where and how to write the cookie. */
export interface AuthCookieOptions {
  /** Full path of the cookie file. */
  readonly path: string;
  /** Random source (tests pass a deterministic one). */
  readonly randomBytes?: (n: number) => Uint8Array;
  /** File permissions; Core's default is owner read/write only. */
  readonly mode?: number;
}

/**
 * Creates a fresh `__cookie__:<64 hex>` credential and writes it to `path` (no newline, mode
 * 0600) through a temporary file and a rename, so a reader never sees half a cookie. Returns the
 * `user:password` string the server must accept.
 */
export async function writeAuthCookie(options: AuthCookieOptions): Promise<string> {
  const random = options.randomBytes ?? nodeRandomBytes;
  const cookie = `${COOKIE_USER}:${Buffer.from(random(32)).toString("hex")}`;
  const mode = options.mode ?? 0o600;
  const tmp = `${options.path}.tmp`;
  await rm(tmp, { force: true });
  await writeFile(tmp, cookie, { mode, flag: "wx" });
  await chmod(tmp, mode); // the umask may have narrowed it; never widen beyond `mode`
  await rename(tmp, options.path);
  return cookie;
}

/** Removes the cookie file; a missing file is fine. */
export async function deleteAuthCookie(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Reads `user:password` from a cookie file (first line), or undefined when it cannot be read. */
export async function readAuthCookie(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, "utf8");
    const line = text.split(/\r?\n/, 1)[0] ?? "";
    return line.length > 0 ? line : undefined;
  } catch {
    return undefined;
  }
}
