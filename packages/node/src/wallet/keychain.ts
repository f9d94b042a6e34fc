// BIP32 key derivation for the development wallet: BIP84 (P2WPKH) and BIP86 (P2TR) accounts.
import {
  type ChainParams,
  encodeAddress,
  hash160,
  MAIN_PARAMS,
  type SignatureBackend,
  scriptForDestination,
  taprootOutputKey,
  witnessDestination,
} from "@hashforge/consensus";
import { HDKey } from "@scure/bip32";

/**
 * The address types the wallet hands out, named as Core's `address_type` option: `bech32` is
 * P2WPKH (BIP84 keys), `bech32m` is P2TR key-path only (BIP86 keys).
 */
export type WalletAddressType = "bech32" | "bech32m";

/** Every {@link WalletAddressType}, in a fixed order. */
export const WALLET_ADDRESS_TYPES: readonly WalletAddressType[] = Object.freeze([
  "bech32",
  "bech32m",
]);

/** The BIP44 `change` level: 0 for receive addresses, 1 for change addresses. */
export type KeyBranch = 0 | 1;

/** BIP43 purpose of each address type: 84 (BIP84) and 86 (BIP86). */
const PURPOSE: Readonly<Record<WalletAddressType, number>> = { bech32: 84, bech32m: 86 };

/** First hardened BIP32 child index; normal indexes must stay below it. */
const HARDENED = 0x8000_0000;

/** One derived wallet key and the output it pays to. Holds no private key. */
export interface WalletKey {
  readonly type: WalletAddressType;
  readonly branch: KeyBranch;
  readonly index: number;
  /** BIP32 path, e.g. `m/84'/1'/0'/0/5`. */
  readonly path: string;
  /** The derived compressed public key (33 bytes). */
  readonly publicKey: Uint8Array;
  /** BIP86 only: the x-only internal key P (the derived key with even y); else null. */
  readonly internalKey: Uint8Array | null;
  /** BIP86 only: the tweaked x-only output key Q the output commits to; else null. */
  readonly outputKey: Uint8Array | null;
  /** `OP_0 <hash160(pubkey)>` or `OP_1 <Q>`. */
  readonly scriptPubKey: Uint8Array;
  /** The address of `scriptPubKey` on the wallet's network. */
  readonly address: string;
}

/**
 * The SLIP-44 coin type of a network's BIP44 paths: 0 for Bitcoin mainnet, 1 for every test
 * network (testnet, signet, regtest, custom chains). Mainnet is recognised by its genesis hash,
 * not by name, so a custom chain can never claim it by calling itself `main`.
 */
export function coinTypeFor(params: Pick<ChainParams, "genesisHash">): 0 | 1 {
  return params.genesisHash === MAIN_PARAMS.genesisHash ? 0 : 1;
}

/** The BIP32 path of a wallet key: m / purpose' / coin' / 0' / branch / index. */
export function derivationPath(
  type: WalletAddressType,
  coinType: number,
  branch: KeyBranch,
  index: number,
): string {
  return `m/${PURPOSE[type]}'/${coinType}'/0'/${branch}/${index}`;
}

/**
 * Derives the wallet's keys from its BIP32 seed: account 0 of BIP84 and BIP86 for the
 * network's coin type, receive and change branches. The seed and private nodes live in
 * ECMAScript private fields, so logging or inspecting the object never prints them.
 */
export class Keychain {
  /** The coin type of every path (see {@link coinTypeFor}). */
  readonly coinType: 0 | 1;
  readonly #params: ChainParams;
  readonly #backend: SignatureBackend;
  /** Branch nodes m/purpose'/coin'/0'/branch, per address type: [receive, change]. */
  readonly #branches: Readonly<Record<WalletAddressType, readonly [HDKey, HDKey]>>;

  /**
   * Builds the keychain of `seed` (16 to 64 bytes, BIP32) for `params`. `backend` computes the
   * BIP86 output key tweak. Throws RangeError for a seed of invalid length.
   */
  constructor(seed: Uint8Array, params: ChainParams, backend: SignatureBackend) {
    if (seed.length < 16 || seed.length > 64) {
      throw new RangeError(`BIP32 seed must be 16 to 64 bytes, got ${seed.length}`);
    }
    this.#params = params;
    this.#backend = backend;
    this.coinType = coinTypeFor(params);
    const master = HDKey.fromMasterSeed(seed);
    const branchesOf = (type: WalletAddressType): readonly [HDKey, HDKey] => {
      const account = master.derive(`m/${PURPOSE[type]}'/${this.coinType}'/0'`);
      return [account.deriveChild(0), account.deriveChild(1)];
    };
    this.#branches = { bech32: branchesOf("bech32"), bech32m: branchesOf("bech32m") };
  }

  #node(type: WalletAddressType, branch: KeyBranch, index: number): HDKey {
    if (!Number.isInteger(index) || index < 0 || index >= HARDENED) {
      throw new RangeError(`key index ${index} out of range`);
    }
    return this.#branches[type][branch].deriveChild(index);
  }

  /**
   * Derives key `index` of `branch` for `type` with its output script and address. For
   * `bech32m` the output key is Q = P + tapTweakHash(P)·G with no script tree (BIP86).
   */
  deriveKey(type: WalletAddressType, branch: KeyBranch, index: number): WalletKey {
    const publicKey = this.#node(type, branch, index).publicKey!;
    let internalKey: Uint8Array | null = null;
    let outputKey: Uint8Array | null = null;
    let dest: ReturnType<typeof witnessDestination>;
    if (type === "bech32") {
      dest = witnessDestination(0, hash160(publicKey));
    } else {
      internalKey = publicKey.slice(1);
      const tweaked = taprootOutputKey(internalKey, null, this.#backend);
      // A BIP32 key is a valid point and the tweak a hash: failure has negligible probability.
      if (tweaked === null) throw new RangeError(`taproot tweak failed at index ${index}`);
      outputKey = tweaked.x;
      dest = witnessDestination(1, outputKey);
    }
    return {
      type,
      branch,
      index,
      path: derivationPath(type, this.coinType, branch, index),
      publicKey,
      internalKey,
      outputKey,
      scriptPubKey: scriptForDestination(dest),
      address: encodeAddress(dest, this.#params),
    };
  }

  /**
   * The 32-byte private key of a wallet key, untweaked (signers apply the BIP341 tweak). The
   * caller must not keep or log it.
   */
  privateKey(type: WalletAddressType, branch: KeyBranch, index: number): Uint8Array {
    return this.#node(type, branch, index).privateKey!;
  }
}
