// The `.cookie` credential file: written once the server listens, removed at stop (Core's
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
  /** The `__cookie__:<hex>` credential to write (from {@link createAuthCookie}); default: a fresh one. */
  readonly cookie?: string;
  /** Random source for a fresh cookie (tests pass a deterministic one). */
  readonly randomBytes?: (n: number) => Uint8Array;
  /** File permissions; Core's default is owner read/write only. */
  readonly mode?: number;
}

/** Creates a fresh `__cookie__:<64 hex>` credential from 32 random bytes (Core's GenerateAuthCookie). */
export function createAuthCookie(randomBytes: (n: number) => Uint8Array = nodeRandomBytes): string {
  return `${COOKIE_USER}:${Buffer.from(randomBytes(32)).toString("hex")}`;
}

/**
 * Writes the cookie (`options.cookie`, or a fresh one) to `path` (no newline, mode 0600) through
 * a temporary file and a rename, so a reader never sees half a cookie. Returns the
 * `user:password` string the server must accept.
 */
export async function writeAuthCookie(options: AuthCookieOptions): Promise<string> {
  const cookie = options.cookie ?? createAuthCookie(options.randomBytes);
  const mode = options.mode ?? 0o600;
  const tmp = `${options.path}.tmp`;
  await rm(tmp, { force: true });
  try {
    await writeFile(tmp, cookie, { mode, flag: "wx" });
    await chmod(tmp, mode); // the umask may have narrowed it; never widen beyond `mode`
    await rename(tmp, options.path);
  } catch (err) {
    await rm(tmp, { force: true }); // no half-written credential left behind
    throw err;
  }
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
