// Recognising witness programs and P2SH outputs (BIP141, BIP16).
import { OP } from "./opcodes.js";

/** A witness program: version 0..16 and a 2..40-byte program (BIP141). */
export interface WitnessProgram {
  readonly version: number;
  readonly program: Uint8Array;
}

/** BIP141 P2WPKH program size: HASH160 of the public key. */
export const WITNESS_V0_KEYHASH_SIZE = 20;

/** BIP141 P2WSH program size: SHA-256 of the witness script. */
export const WITNESS_V0_SCRIPTHASH_SIZE = 32;

/** BIP341 taproot program size: the x-only output key. */
export const WITNESS_V1_TAPROOT_SIZE = 32;

/**
 * Returns the witness program of `script` when it is one, as Core's CScript::IsWitnessProgram:
 * 4 to 42 bytes, a version opcode (OP_0, OP_1..OP_16), then one direct push of the rest.
 */
export function extractWitnessProgram(script: Uint8Array): WitnessProgram | null {
  const size = script.length;
  if (size < 4 || size > 42) return null;
  const first = script[0]!;
  if (first !== OP.OP_0 && (first < OP.OP_1 || first > OP.OP_16)) return null;
  if (script[1]! + 2 !== size) return null;
  return {
    version: first === OP.OP_0 ? 0 : first - OP.OP_1 + 1,
    program: script.subarray(2),
  };
}

/** True for `OP_HASH160 <20 bytes> OP_EQUAL`, BIP16's P2SH form (Core's IsPayToScriptHash). */
export function isPayToScriptHash(script: Uint8Array): boolean {
  return (
    script.length === 23 &&
    script[0] === OP.OP_HASH160 &&
    script[1] === 0x14 &&
    script[22] === OP.OP_EQUAL
  );
}

/**
 * True for the pay-to-anchor program (witness v1, program 0x4e73), which Core exempts from
 * DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM when spent directly (CScript::IsPayToAnchor).
 */
export function isPayToAnchor(version: number, program: Uint8Array): boolean {
  return version === 1 && program.length === 2 && program[0] === 0x4e && program[1] === 0x73;
}
