// The error type of address, Base58 and WIF decoding.

/**
 * Why a string is not a valid address or key. Each code has one reason text, Core's
 * DecodeDestination / bech32::LocateErrors message where Core has one.
 *
 * - `base58-encoding`: neither Base58 nor Bech32 ("Invalid or unsupported Segwit (Bech32) or
 *   Base58 encoding.").
 * - `base58-checksum`: Base58 text whose checksum or length is wrong ("Invalid checksum or
 *   length of Base58 address (P2PKH or P2SH)").
 * - `base58-length`: right version byte, wrong payload length ("Invalid length for Base58
 *   address (P2PKH or P2SH)").
 * - `base58-prefix`: a version byte this network does not use ("Invalid or unsupported
 *   Base58-encoded address.").
 * - `bech32-too-long`, `bech32-character`, `bech32-separator`, `bech32-separator-position`,
 *   `bech32-base32-character`, `bech32-checksum`: malformed Bech32 text.
 * - `bech32-empty-data`, `bech32-hrp`, `bech32-v0-checksum`, `bech32-v1-checksum`,
 *   `bech32-padding`, `bech32-v0-program-size`, `bech32-version`, `bech32-program-size`: a
 *   well-formed Bech32 string that is not a valid segwit address for this network (BIP173,
 *   BIP350).
 * - `wif-encoding`, `wif-checksum`, `wif-prefix`, `wif-length`, `wif-range`: not a WIF private
 *   key for this network.
 * - `invalid-destination`: a destination that has no address (encoding side).
 */
export type AddressErrorCode =
  | "base58-encoding"
  | "base58-checksum"
  | "base58-length"
  | "base58-prefix"
  | "bech32-too-long"
  | "bech32-character"
  | "bech32-separator"
  | "bech32-separator-position"
  | "bech32-base32-character"
  | "bech32-checksum"
  | "bech32-empty-data"
  | "bech32-hrp"
  | "bech32-v0-checksum"
  | "bech32-v1-checksum"
  | "bech32-padding"
  | "bech32-v0-program-size"
  | "bech32-version"
  | "bech32-program-size"
  | "wif-encoding"
  | "wif-checksum"
  | "wif-prefix"
  | "wif-length"
  | "wif-range"
  | "invalid-destination";

/**
 * Thrown when a string is not a valid address or private key for a network, or a destination
 * cannot be encoded. `code` is for programs; `reason` (also the message) mirrors Core's error
 * text, which RPC answers repeat to users.
 */
export class AddressError extends Error {
  override readonly name = "AddressError";
  /** Machine-readable cause, see {@link AddressErrorCode}. */
  readonly code: AddressErrorCode;
  /** Human-readable cause in Core's words. */
  readonly reason: string;

  constructor(code: AddressErrorCode, reason: string) {
    super(reason);
    this.code = code;
    this.reason = reason;
  }
}
