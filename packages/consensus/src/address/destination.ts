// What an address stands for, and the output scripts that pay to it.
import { decodeSmallInt, encodeSmallInt, OP } from "../script/opcodes.js";
import { buildScript } from "../script/script.js";
import { isPayToAnchor } from "../script/witness-program.js";
import { solveScript } from "./solver.js";

/** Witness destinations, named after the Core output type they pay to. */
export type WitnessDestinationType =
  | "witness_v0_keyhash"
  | "witness_v0_scripthash"
  | "witness_v1_taproot"
  | "anchor"
  | "witness_unknown";

/**
 * Something an address can name (Core's CTxDestination without its no-address members): a
 * pubkey hash or script hash (Base58), or a witness version and program (Bech32/Bech32m).
 */
export type Destination =
  | { readonly type: "pubkeyhash"; readonly hash: Uint8Array }
  | { readonly type: "scripthash"; readonly hash: Uint8Array }
  | {
      readonly type: WitnessDestinationType;
      readonly version: number;
      readonly program: Uint8Array;
    };

/**
 * The witness destination of a version and program, typed the way Core's DecodeDestination
 * types it: 20/32-byte v0 as key/script hash, 32-byte v1 as taproot, `OP_1 <4e73>` as
 * pay-to-anchor, anything else as unknown. The caller has checked sizes and version.
 */
export function witnessDestination(version: number, program: Uint8Array): Destination {
  let type: WitnessDestinationType = "witness_unknown";
  if (version === 0) type = program.length === 20 ? "witness_v0_keyhash" : "witness_v0_scripthash";
  else if (version === 1 && program.length === 32) type = "witness_v1_taproot";
  else if (isPayToAnchor(version, program)) type = "anchor";
  return { type, version, program };
}

/**
 * The destination an output script pays to, or null when it has none (Core's
 * ExtractDestination returning false): bare pubkey and multisig outputs, OP_RETURN data,
 * a witness v0 program of the wrong size and nonstandard scripts have no address.
 */
export function extractDestination(spk: Uint8Array): Destination | null {
  const { type, solutions } = solveScript(spk);
  switch (type) {
    case "pubkeyhash":
    case "scripthash":
      return { type, hash: solutions[0]! };
    case "witness_v0_keyhash":
    case "witness_v0_scripthash":
    case "witness_v1_taproot":
    case "anchor":
    case "witness_unknown":
      return { type, version: decodeSmallInt(spk[0]!), program: spk.slice(2) };
    case "pubkey":
    case "multisig":
    case "nulldata":
    case "nonstandard":
      return null;
  }
}

/**
 * The output script paying to a destination (Core's GetScriptForDestination):
 * `OP_DUP OP_HASH160 <hash> OP_EQUALVERIFY OP_CHECKSIG`, `OP_HASH160 <hash> OP_EQUAL`, or
 * `OP_n <program>` for witness destinations.
 */
export function scriptForDestination(dest: Destination): Uint8Array {
  switch (dest.type) {
    case "pubkeyhash":
      return buildScript([OP.OP_DUP, OP.OP_HASH160, dest.hash, OP.OP_EQUALVERIFY, OP.OP_CHECKSIG]);
    case "scripthash":
      return buildScript([OP.OP_HASH160, dest.hash, OP.OP_EQUAL]);
    default:
      return buildScript([encodeSmallInt(dest.version), dest.program]);
  }
}
