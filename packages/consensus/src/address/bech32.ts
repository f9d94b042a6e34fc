// Segwit addresses: Bech32 (BIP173) and Bech32m (BIP350) text <-> witness version and program.
import { bech32, bech32m } from "@scure/base";
import { AddressError } from "./address-error.js";

/** Maximum length of a segwit address (BIP173). */
export const BECH32_MAX_LENGTH = 90;

/** Smallest and largest witness program an address may carry (BIP141). */
export const WITNESS_PROGRAM_MIN_SIZE = 2;
/** Largest witness program an address may carry (BIP141). */
export const WITNESS_PROGRAM_MAX_SIZE = 40;

/** Which checksum constant a Bech32 string verified with. */
export type Bech32Encoding = "bech32" | "bech32m";

/** A decoded Bech32/Bech32m string: lowercase prefix, 5-bit data words and checksum variant. */
export interface Bech32Decoded {
  readonly hrp: string;
  readonly words: readonly number[];
  readonly encoding: Bech32Encoding;
}

/** A decoded segwit address. */
export interface SegwitAddress {
  readonly hrp: string;
  readonly version: number;
  readonly program: Uint8Array;
}

const CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const CHECKSUM_LENGTH = 6;

/**
 * Decodes Bech32 or Bech32m text, reporting the first structural problem the way Core's
 * bech32::LocateErrors words it: length over 90, a character outside 33..126 or mixed case, no
 * `1` separator or one too close to either end, a data character outside the Bech32 charset,
 * or a checksum valid under neither constant.
 */
export function decodeBech32(text: string): Bech32Decoded {
  if (text.length > BECH32_MAX_LENGTH) {
    throw new AddressError("bech32-too-long", "Bech32 string too long");
  }
  let lower = false;
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 33 || c > 126) {
      throw new AddressError("bech32-character", "Invalid character or mixed case");
    }
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (lower && upper) {
    throw new AddressError("bech32-character", "Invalid character or mixed case");
  }
  const folded = text.toLowerCase();
  const sep = folded.lastIndexOf("1");
  if (sep === -1) throw new AddressError("bech32-separator", "Missing separator");
  if (sep === 0 || sep + CHECKSUM_LENGTH >= folded.length) {
    throw new AddressError("bech32-separator-position", "Invalid separator position");
  }
  for (let i = sep + 1; i < folded.length; i++) {
    if (!CHARSET.includes(folded[i]!)) {
      throw new AddressError("bech32-base32-character", "Invalid Base 32 character");
    }
  }
  // The structure is sound, so the only way either decoder can fail now is its checksum.
  const asBech32 = bech32.decodeUnsafe(folded, BECH32_MAX_LENGTH);
  if (asBech32) return { hrp: asBech32.prefix, words: asBech32.words, encoding: "bech32" };
  const asBech32m = bech32m.decodeUnsafe(folded, BECH32_MAX_LENGTH);
  if (asBech32m) return { hrp: asBech32m.prefix, words: asBech32m.words, encoding: "bech32m" };
  throw new AddressError("bech32-checksum", "Invalid checksum");
}

/**
 * Decodes a segwit address for the network whose prefix is `hrp`, applying Core's
 * DecodeDestination rules in its order: non-empty data, matching prefix, version 0 with Bech32
 * and versions 1+ with Bech32m (BIP350), zero padding of at most 4 bits, version 0 programs of
 * 20 or 32 bytes (BIP141), versions up to 16 and programs of 2..40 bytes.
 */
export function decodeSegwitAddress(text: string, hrp: string): SegwitAddress {
  const dec = decodeBech32(text);
  if (dec.words.length === 0) {
    throw new AddressError("bech32-empty-data", "Empty Bech32 data section");
  }
  if (dec.hrp !== hrp) {
    throw new AddressError(
      "bech32-hrp",
      `Invalid or unsupported prefix for Segwit (Bech32) address (expected ${hrp}, got ${dec.hrp}).`,
    );
  }
  const version = dec.words[0]!;
  if (version === 0 && dec.encoding !== "bech32") {
    throw new AddressError(
      "bech32-v0-checksum",
      "Version 0 witness address must use Bech32 checksum",
    );
  }
  if (version !== 0 && dec.encoding !== "bech32m") {
    throw new AddressError(
      "bech32-v1-checksum",
      "Version 1+ witness address must use Bech32m checksum",
    );
  }
  const program = bech32.fromWordsUnsafe(dec.words.slice(1));
  if (!program) {
    throw new AddressError("bech32-padding", "Invalid padding in Bech32 data section");
  }
  const unit = program.length === 1 ? "byte" : "bytes";
  if (version === 0) {
    if (program.length !== 20 && program.length !== 32) {
      throw new AddressError(
        "bech32-v0-program-size",
        `Invalid Bech32 v0 address program size (${program.length} ${unit}), per BIP141`,
      );
    }
    return { hrp, version, program };
  }
  if (version > 16) {
    throw new AddressError("bech32-version", "Invalid Bech32 address witness version");
  }
  if (program.length < WITNESS_PROGRAM_MIN_SIZE || program.length > WITNESS_PROGRAM_MAX_SIZE) {
    throw new AddressError(
      "bech32-program-size",
      `Invalid Bech32 address program size (${program.length} ${unit})`,
    );
  }
  return { hrp, version, program };
}

/**
 * Encodes a witness program as a segwit address: Bech32 for version 0, Bech32m for 1..16
 * (BIP350). Throws `invalid-destination` for a version above 16, a program outside 2..40 bytes,
 * a version 0 program that is not 20 or 32 bytes, or a result longer than 90 characters.
 */
export function encodeSegwitAddress(hrp: string, version: number, program: Uint8Array): string {
  const validV0 = version === 0 && (program.length === 20 || program.length === 32);
  const validV1Plus =
    Number.isInteger(version) &&
    version >= 1 &&
    version <= 16 &&
    program.length >= WITNESS_PROGRAM_MIN_SIZE &&
    program.length <= WITNESS_PROGRAM_MAX_SIZE;
  if (!validV0 && !validV1Plus) {
    throw new AddressError(
      "invalid-destination",
      `witness version ${version} with a ${program.length}-byte program has no address`,
    );
  }
  const coder = version === 0 ? bech32 : bech32m;
  const words = [version, ...coder.toWords(program)];
  try {
    return coder.encode(hrp, words, BECH32_MAX_LENGTH);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new AddressError("invalid-destination", `cannot encode a segwit address: ${detail}`);
  }
}
