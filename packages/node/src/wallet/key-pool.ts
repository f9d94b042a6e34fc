// The wallet's derived keys: next unused index per branch and a look-ahead window of scripts.
import { toHex } from "@hashforge/consensus";
import {
  type KeyBranch,
  type Keychain,
  WALLET_ADDRESS_TYPES,
  type WalletAddressType,
  type WalletKey,
} from "./keychain.js";

/** Core's default keypool size (DEFAULT_KEYPOOL_SIZE): scripts derived past the last used one. */
export const DEFAULT_LOOKAHEAD = 1000;

/** Next unused index of the receive and change branches of one address type. */
export interface BranchIndexes {
  readonly receive: number;
  readonly change: number;
}

/** Next unused indexes of every address type: what the wallet file persists. */
export type KeyPoolIndexes = Readonly<Record<WalletAddressType, BranchIndexes>>;

/** Indexes of a new wallet: nothing handed out yet. */
export const EMPTY_INDEXES: KeyPoolIndexes = Object.freeze({
  bech32: { receive: 0, change: 0 },
  bech32m: { receive: 0, change: 0 },
});

/**
 * Keeps, for each address type and branch, the next unused index and every key from 0 up to
 * that index plus `lookahead`, indexed by output script. Payments to any of them are
 * recognised, including to addresses past the next index (another copy of the seed handed them
 * out); seeing one marks it and all before it used and extends the window, as Core's keypool
 * top-up does.
 */
export class KeyPool {
  readonly #keychain: Keychain;
  readonly #lookahead: number;
  readonly #next: Record<WalletAddressType, [number, number]>;
  readonly #derived: Record<WalletAddressType, [WalletKey[], WalletKey[]]>;
  readonly #byScript = new Map<string, WalletKey>();

  /** Builds the pool and derives its look-ahead window (`lookahead` >= 1 keys per branch). */
  constructor(keychain: Keychain, indexes: KeyPoolIndexes, lookahead: number = DEFAULT_LOOKAHEAD) {
    if (!Number.isInteger(lookahead) || lookahead < 1) {
      throw new RangeError(`lookahead must be a positive integer, got ${lookahead}`);
    }
    this.#keychain = keychain;
    this.#lookahead = lookahead;
    this.#next = {
      bech32: [indexes.bech32.receive, indexes.bech32.change],
      bech32m: [indexes.bech32m.receive, indexes.bech32m.change],
    };
    this.#derived = { bech32: [[], []], bech32m: [[], []] };
    for (const type of WALLET_ADDRESS_TYPES) {
      this.#topUp(type, 0);
      this.#topUp(type, 1);
    }
  }

  #topUp(type: WalletAddressType, branch: KeyBranch): void {
    const keys = this.#derived[type][branch];
    const want = this.#next[type][branch] + this.#lookahead;
    while (keys.length < want) {
      const key = this.#keychain.deriveKey(type, branch, keys.length);
      keys.push(key);
      this.#byScript.set(toHex(key.scriptPubKey), key);
    }
  }

  /** The key {@link take} would hand out next, without handing it out. */
  peek(type: WalletAddressType, branch: KeyBranch): WalletKey {
    return this.#derived[type][branch][this.#next[type][branch]]!;
  }

  /** Hands out the next unused key of `branch` for `type` and advances past it. */
  take(type: WalletAddressType, branch: KeyBranch): WalletKey {
    const index = this.#next[type][branch];
    this.#next[type][branch] = index + 1;
    this.#topUp(type, branch);
    return this.#derived[type][branch][index]!;
  }

  /** The wallet key paying to `scriptPubKey`, if it is in the window. */
  keyForScript(scriptPubKey: Uint8Array): WalletKey | undefined {
    return this.#byScript.get(toHex(scriptPubKey));
  }

  /**
   * Marks `key` and every index below it used. Returns true when the next index moved (the
   * window grew and the persisted indexes changed).
   */
  markUsed(key: WalletKey): boolean {
    if (key.index < this.#next[key.type][key.branch]) return false;
    this.#next[key.type][key.branch] = key.index + 1;
    this.#topUp(key.type, key.branch);
    return true;
  }

  /** Every key handed out or seen used so far (index below the next one), in path order. */
  usedKeys(): WalletKey[] {
    const out: WalletKey[] = [];
    for (const type of WALLET_ADDRESS_TYPES) {
      for (const branch of [0, 1] as const) {
        out.push(...this.#derived[type][branch].slice(0, this.#next[type][branch]));
      }
    }
    return out;
  }

  /** The next unused indexes, as the wallet file stores them. */
  indexes(): KeyPoolIndexes {
    const of = (type: WalletAddressType): BranchIndexes => ({
      receive: this.#next[type][0],
      change: this.#next[type][1],
    });
    return { bech32: of("bech32"), bech32m: of("bech32m") };
  }
}
