// Block signers of a private (signet-style) network: keys and the k-of-n challenge script.
import {
  buildScript,
  bytesEqual,
  type ChainParams,
  decodeSmallInt,
  encodeSmallInt,
  encodeWif,
  fromHex,
  OP,
  parseScript,
  parseSecPubkey,
  SECP256K1_ORDER,
  toHex,
} from "@hashforge/consensus";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { UsageError } from "../command.js";

/**
 * Most signers a challenge may name: OP_CHECKMULTISIG takes up to 20 keys, but the k and n of
 * `OP_k ... OP_n` are small-integer opcodes only up to 16, and 16 is plenty for a consortium.
 */
export const MAX_SIGNERS = 16;

/** Attempts at drawing a valid private key before giving up (one retry is already 2^-128). */
const KEY_DRAWS = 16;

/** A block signer's key pair. */
export interface SignerKey {
  /** 32-byte secret, big-endian. */
  readonly privateKey: Uint8Array;
  /** 33-byte compressed SEC public key. */
  readonly publicKey: Uint8Array;
}

/** A threshold: `k` signatures of `n` keys. */
export interface SignerThreshold {
  readonly k: number;
  readonly n: number;
}

/** Parses `k-of-n` (1 <= k <= n <= 16), e.g. `2-of-3`; UsageError otherwise. */
export function parseThreshold(text: string, flag: string): SignerThreshold {
  const match = /^(\d{1,2})-of-(\d{1,2})$/.exec(text.trim());
  const k = match ? Number(match[1]) : 0;
  const n = match ? Number(match[2]) : 0;
  if (!match || k < 1 || n < k || n > MAX_SIGNERS) {
    throw new UsageError(
      `${flag}: expected k-of-n with 1 <= k <= n <= ${MAX_SIGNERS}, e.g. 2-of-3 (got ${JSON.stringify(text)})`,
    );
  }
  return { k, n };
}

/**
 * Draws `n` private keys from `randomBytes` (rejecting the rare draw outside 1..n-1 of the
 * curve order) and derives their compressed public keys.
 */
export function generateSignerKeys(
  n: number,
  randomBytes: (length: number) => Uint8Array,
): SignerKey[] {
  const keys: SignerKey[] = [];
  for (let i = 0; i < n; i++) {
    let privateKey: Uint8Array | undefined;
    for (let draw = 0; draw < KEY_DRAWS && privateKey === undefined; draw++) {
      const candidate = randomBytes(32);
      const value = BigInt(`0x${toHex(candidate)}`);
      if (candidate.length === 32 && value > 0n && value < SECP256K1_ORDER) privateKey = candidate;
    }
    if (privateKey === undefined) {
      throw new UsageError("could not draw a valid private key: the random source is broken");
    }
    keys.push({ privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) });
  }
  return keys;
}

/**
 * Parses comma-separated compressed public keys (33 bytes hex, on the curve, no duplicates),
 * as given to `--signer-pubkeys`.
 */
export function parseSignerPubkeys(text: string, flag: string): Uint8Array[] {
  const keys = text.split(",").map((part, i) => {
    const hex = part.trim();
    const key = /^(02|03)[0-9a-fA-F]{64}$/.test(hex) ? fromHex(hex.toLowerCase()) : null;
    if (key === null || parseSecPubkey(key) === null) {
      throw new UsageError(
        `${flag}: key ${i + 1} is not a compressed public key (66 hex digits starting 02 or 03, on secp256k1): ${JSON.stringify(hex)}`,
      );
    }
    return key;
  });
  keys.forEach((key, i) => {
    if (keys.findIndex((other) => bytesEqual(other, key)) !== i) {
      throw new UsageError(`${flag}: key ${i + 1} is repeated`);
    }
  });
  if (keys.length > MAX_SIGNERS) {
    throw new UsageError(`${flag}: at most ${MAX_SIGNERS} keys (got ${keys.length})`);
  }
  return keys;
}

/**
 * The BIP325 challenge `OP_k <pubkey>... OP_n OP_CHECKMULTISIG`: a bare multisig, as the default
 * signet's own 1-of-2 challenge. Core verifies the block solution against it with P2SH, WITNESS,
 * DERSIG and NULLDUMMY, so signers put `OP_0 <sig>...` (k DER signatures, in key order) in the
 * solution's scriptSig.
 */
export function multisigChallenge(k: number, publicKeys: readonly Uint8Array[]): Uint8Array {
  const n = publicKeys.length;
  if (!Number.isInteger(k) || k < 1 || k > n || n > MAX_SIGNERS) {
    throw new UsageError(`a ${k}-of-${n} challenge is impossible (1 <= k <= n <= ${MAX_SIGNERS})`);
  }
  return buildScript([encodeSmallInt(k), ...publicKeys, encodeSmallInt(n), OP.OP_CHECKMULTISIG]);
}

/** The k, n and keys of a bare multisig challenge, or null for any other script. */
export function describeMultisigChallenge(
  script: Uint8Array,
): { k: number; n: number; publicKeys: Uint8Array[] } | null {
  const parsed = parseScript(script);
  if (!parsed.ok) return null;
  const ops = parsed.ops;
  if (ops.length < 4 || ops[ops.length - 1]!.opcode !== OP.OP_CHECKMULTISIG) return null;
  const k = decodeSmallInt(ops[0]!.opcode);
  const n = decodeSmallInt(ops[ops.length - 2]!.opcode);
  const keys = ops.slice(1, -2).map((op) => op.data);
  if (k < 1 || keys.length !== n || k > n) return null;
  const publicKeys: Uint8Array[] = [];
  for (const key of keys) {
    if (key === undefined || parseSecPubkey(key) === null) return null;
    publicKeys.push(key);
  }
  return { k, n, publicKeys };
}

/** What `NAME.signers.json` holds. */
export interface SignersFile {
  readonly SECRET: string;
  readonly network: string;
  readonly genesisHash: string;
  readonly threshold: string;
  readonly signetChallenge: string;
  readonly signers: readonly {
    readonly index: number;
    readonly publicKey: string;
    readonly privateKey: string;
    readonly wif: string;
  }[];
}

/** The secret signers file of a network: every key with its WIF for the network's prefixes. */
export function signersFile(
  params: ChainParams,
  k: number,
  keys: readonly SignerKey[],
): SignersFile {
  return {
    SECRET: `PRIVATE KEYS. Anyone holding ${k} of these ${keys.length} keys can sign blocks of network "${params.name}". Keep this file private (mode 0600); never commit, share or publish it. Give each signer only their own key.`,
    network: params.name,
    genesisHash: params.genesisHash,
    threshold: `${k}-of-${keys.length}`,
    signetChallenge: toHex(params.signetChallenge ?? new Uint8Array(0)),
    signers: keys.map((key, i) => ({
      index: i + 1,
      publicKey: toHex(key.publicKey),
      privateKey: toHex(key.privateKey),
      wif: encodeWif(key.privateKey, true, params),
    })),
  };
}
