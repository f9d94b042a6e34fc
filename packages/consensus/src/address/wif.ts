// Wallet Import Format: a private key, its compression flag and its network in Base58Check.
import { SECP256K1_ORDER } from "../crypto/secp256k1-constants.js";
import type { ChainParams } from "../params/chain-params.js";
import { AddressError } from "./address-error.js";
import { base58CheckDecode, base58CheckEncode, base58Decode } from "./base58.js";

/** A private key decoded from WIF. */
export interface WifKey {
  /** The 32-byte secret, big-endian. */
  readonly privateKey: Uint8Array;
  /** True when the key's public key is to be used compressed (a trailing 0x01 marker). */
  readonly compressed: boolean;
}

type WifNetwork = Pick<ChainParams, "base58">;

function isValidSecret(key: Uint8Array): boolean {
  let value = 0n;
  for (const byte of key) value = (value << 8n) | BigInt(byte);
  return value > 0n && value < SECP256K1_ORDER;
}

/**
 * Encodes a 32-byte private key as WIF for `network` (Core's EncodeSecret): version byte, key,
 * `0x01` when compressed, Base58Check. Throws `wif-range` unless 0 < key < n.
 */
export function encodeWif(
  privateKey: Uint8Array,
  compressed: boolean,
  network: WifNetwork,
): string {
  if (privateKey.length !== 32 || !isValidSecret(privateKey)) {
    throw new AddressError("wif-range", "Private key must be 32 bytes and within the curve order");
  }
  const payload = new Uint8Array(compressed ? 34 : 33);
  payload[0] = network.base58.secretKey;
  payload.set(privateKey, 1);
  if (compressed) payload[33] = 1;
  return base58CheckEncode(payload);
}

/**
 * Decodes a WIF private key of `network` (Core's DecodeSecret): Base58Check of at most 34
 * payload bytes, the network's secret-key version byte, 32 key bytes optionally followed by
 * the compression marker 0x01, and a key within [1, n-1]. Throws {@link AddressError}.
 */
export function decodeWif(text: string, network: WifNetwork): WifKey {
  const data = base58CheckDecode(text, 34);
  if (data === null) {
    if (base58Decode(text, 100) === null) {
      throw new AddressError("wif-encoding", "Invalid private key encoding");
    }
    throw new AddressError("wif-checksum", "Invalid checksum or length of private key");
  }
  if (data[0] !== network.base58.secretKey) {
    throw new AddressError("wif-prefix", "Invalid private key prefix for this network");
  }
  const compressed = data.length === 34 && data[33] === 1;
  if (data.length !== 33 && !compressed) {
    throw new AddressError("wif-length", "Invalid private key length");
  }
  const privateKey = data.slice(1, 33);
  if (!isValidSecret(privateKey)) {
    throw new AddressError("wif-range", "Private key is out of range");
  }
  return { privateKey, compressed };
}
