// Addresses as Core's key_io reads and writes them: Base58Check for P2PKH/P2SH, Bech32(m) for
// witness outputs.
import type { ChainParams } from "../params/chain-params.js";
import { AddressError } from "./address-error.js";
import { base58CheckDecode, base58CheckEncode, base58Decode } from "./base58.js";
import { decodeSegwitAddress, encodeSegwitAddress } from "./bech32.js";
import {
  type Destination,
  extractDestination,
  scriptForDestination,
  witnessDestination,
} from "./destination.js";

/** Size of the hash a P2PKH or P2SH address carries. */
const HASH160_SIZE = 20;

type AddressNetwork = Pick<ChainParams, "base58" | "bech32Hrp">;

/**
 * Encodes a destination as an address of `network` (Core's EncodeDestination). Throws
 * `invalid-destination` for a hash that is not 20 bytes or a witness program no address can
 * carry (see {@link encodeSegwitAddress}).
 */
export function encodeAddress(dest: Destination, network: AddressNetwork): string {
  if (dest.type === "pubkeyhash" || dest.type === "scripthash") {
    if (dest.hash.length !== HASH160_SIZE) {
      throw new AddressError("invalid-destination", `a ${dest.type} hash must be 20 bytes`);
    }
    const prefix =
      dest.type === "pubkeyhash" ? network.base58.pubkeyAddress : network.base58.scriptAddress;
    const payload = new Uint8Array(1 + HASH160_SIZE);
    payload[0] = prefix;
    payload.set(dest.hash, 1);
    return base58CheckEncode(payload);
  }
  return encodeSegwitAddress(network.bech32Hrp, dest.version, dest.program);
}

function decodeBase58Address(text: string, network: AddressNetwork): Destination {
  const data = base58CheckDecode(text, 1 + HASH160_SIZE);
  if (data === null) {
    // Core retries without the checksum to tell a typo from text that is not Base58 at all.
    if (base58Decode(text, 100) === null) {
      throw new AddressError(
        "base58-encoding",
        "Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
      );
    }
    throw new AddressError(
      "base58-checksum",
      "Invalid checksum or length of Base58 address (P2PKH or P2SH)",
    );
  }
  const version = data[0];
  const isPubkey = version === network.base58.pubkeyAddress;
  const isScript = version === network.base58.scriptAddress;
  if (data.length === 1 + HASH160_SIZE) {
    if (isPubkey) return { type: "pubkeyhash", hash: data.slice(1) };
    if (isScript) return { type: "scripthash", hash: data.slice(1) };
  }
  if (data.length >= 1 && (isPubkey || isScript)) {
    throw new AddressError("base58-length", "Invalid length for Base58 address (P2PKH or P2SH)");
  }
  throw new AddressError("base58-prefix", "Invalid or unsupported Base58-encoded address.");
}

/**
 * Decodes an address of `network` into its destination, with Core's DecodeDestination rules
 * and error texts. Text that starts with the network's Bech32 prefix (case-insensitively) is
 * read as a segwit address (BIP173/BIP350), anything else as Base58Check with the network's
 * P2PKH/P2SH version bytes; an address of another network is an error. Throws
 * {@link AddressError}.
 */
export function decodeAddress(text: string, network: AddressNetwork): Destination {
  const hrp = network.bech32Hrp;
  const isBech32 = text.slice(0, hrp.length).toLowerCase() === hrp;
  if (!isBech32) return decodeBase58Address(text, network);
  const { version, program } = decodeSegwitAddress(text, hrp);
  return witnessDestination(version, program);
}

/** True when `text` is a valid address of `network` (Core's IsValidDestinationString). */
export function isValidAddress(text: string, network: AddressNetwork): boolean {
  try {
    decodeAddress(text, network);
    return true;
  } catch (e) {
    if (e instanceof AddressError) return false;
    throw e;
  }
}

/** The output script an address of `network` pays to; throws {@link AddressError}. */
export function addressToScript(text: string, network: AddressNetwork): Uint8Array {
  return scriptForDestination(decodeAddress(text, network));
}

/**
 * The address of an output script on `network`, or null when the script has none (bare
 * pubkey, multisig, OP_RETURN, nonstandard; Core's ExtractDestination + EncodeDestination).
 */
export function scriptToAddress(spk: Uint8Array, network: AddressNetwork): string | null {
  const dest = extractDestination(spk);
  if (dest === null) return null;
  try {
    return encodeAddress(dest, network);
  } catch (e) {
    // A hrp long enough to push a 40-byte program past 90 characters leaves it without one.
    if (e instanceof AddressError) return null;
    throw e;
  }
}
