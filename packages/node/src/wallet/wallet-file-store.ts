// The only wallet code that touches the disk: reads and atomically replaces the wallet file.
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { WalletError } from "./wallet-error.js";

/** Where a wallet document is kept; {@link WalletFileStore} on disk, a fake in tests. */
export interface WalletStore {
  /** The stored text, or null when there is none yet. */
  read(): Promise<string | null>;
  /** Replaces the stored text; when the promise resolves the new text is durable. */
  write(text: string): Promise<void>;
}

function errnoCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String(e.code) : "unknown error";
}

/**
 * Keeps the wallet file at `path` (inside the node's datadir). Writes are atomic and durable:
 * the text goes to `<path>.tmp`, is fsynced, renamed over the file, and the directory is
 * fsynced, so a crash at any instant leaves either the old or the new file, never a torn one.
 * Files are created with mode 0600 because they hold an unencrypted seed. Writes are
 * serialised, so concurrent saves cannot interleave on the temporary file.
 */
export class WalletFileStore implements WalletStore {
  /** The wallet file's path. */
  readonly path: string;
  /** The temporary file each write goes through before the rename. */
  readonly tempPath: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
    this.tempPath = `${path}.tmp`;
  }

  /** Reads the wallet file; null when it does not exist. Throws `wallet-file-io` otherwise. */
  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, "utf8");
    } catch (e) {
      if (errnoCode(e) === "ENOENT") return null;
      throw new WalletError("wallet-file-io", `read ${this.path}: ${errnoCode(e)}`, { cause: e });
    }
  }

  /** Atomically replaces the wallet file with `text`. Throws `wallet-file-io` on failure. */
  write(text: string): Promise<void> {
    const run = this.#queue.then(() => this.#write(text));
    // The queue must survive a failed write; the caller still sees the failure through `run`.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(text: string): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const file = await open(this.tempPath, "w", 0o600);
      try {
        await file.writeFile(text, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(this.tempPath, this.path);
    } catch (e) {
      await rm(this.tempPath, { force: true }).catch(() => undefined);
      throw new WalletError("wallet-file-io", `write ${this.path}: ${errnoCode(e)}`, { cause: e });
    }
    await syncDirectory(dirname(this.path));
  }
}

/**
 * Fsyncs a directory so a rename inside it survives a power loss. Platforms that cannot open a
 * directory for syncing (Windows) skip it: their rename is already as durable as it gets there.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Not supported here (EISDIR/EPERM/EINVAL on some platforms); the file itself is synced.
  } finally {
    await handle?.close();
  }
}
