// Coalesces wallet-file saves: callers mark the state changed, then flush or save in background.
import type { WalletStore } from "./wallet-file-store.js";

/**
 * Saves the wallet document whenever its persisted part (indexes, labels, confirmed
 * transactions and last block) changed. Each change bumps a version; {@link flush} writes until
 * the saved version catches up, one write at a time, so a burst of changes (a rescan finding
 * many used keys) costs few writes and a returned promise means everything changed before the
 * call is durable.
 *
 * The document is serialized in a later microtask than the call that asked for the save, never
 * during it: a save requested in the middle of a synchronous update (a key seen used halfway
 * through a block) still writes the state after the whole update, so a file never holds half a
 * block, or a block's transactions without that block as the last one processed.
 */
export class WalletSaver {
  readonly #store: WalletStore;
  readonly #snapshot: () => string;
  readonly #onBackgroundError: (e: unknown) => void;
  #version = 0;
  #savedVersion = 0;
  #saving: Promise<void> | null = null;

  /**
   * `snapshot` serializes the current document; `onBackgroundError` receives failures of
   * {@link saveInBackground} (nobody awaits those).
   */
  constructor(store: WalletStore, snapshot: () => string, onBackgroundError: (e: unknown) => void) {
    this.#store = store;
    this.#snapshot = snapshot;
    this.#onBackgroundError = onBackgroundError;
  }

  /** Records that the persisted state changed. */
  touch(): void {
    this.#version++;
  }

  /** Writes until every change recorded so far is durable; rejects when a write fails. */
  async flush(): Promise<void> {
    while (this.#savedVersion < this.#version) {
      this.#saving ??= this.#save().finally(() => {
        this.#saving = null;
      });
      await this.#saving;
    }
  }

  /** Records a change and saves it without waiting; failures go to `onBackgroundError`. */
  saveInBackground(): void {
    this.touch();
    this.flush().catch(this.#onBackgroundError);
  }

  async #save(): Promise<void> {
    // Microtasks run only once the synchronous caller has returned: see the class comment.
    await Promise.resolve();
    const version = this.#version;
    await this.#store.write(this.#snapshot());
    this.#savedVersion = Math.max(this.#savedVersion, version);
  }
}
