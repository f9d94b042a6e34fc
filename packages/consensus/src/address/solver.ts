// Output script templates: Core's Solver and the type names of GetTxnOutputType.
import { secPubkeyLength } from "../crypto/pubkey.js";
import { checkMinimalPush } from "../script/check-minimal-push.js";
import { decodeSmallInt, OP } from "../script/opcodes.js";
import { isPushOnly, readScriptOp } from "../script/script.js";
import { MAX_PUBKEYS_PER_MULTISIG } from "../script/script-limits.js";
import { decodeScriptNum } from "../script/script-num.js";
import {
  extractWitnessProgram,
  isPayToAnchor,
  isPayToScriptHash,
  WITNESS_V0_KEYHASH_SIZE,
  WITNESS_V0_SCRIPTHASH_SIZE,
  WITNESS_V1_TAPROOT_SIZE,
} from "../script/witness-program.js";

/** Core's TxoutType names, as RPC prints them in `scriptPubKey.type`. */
export type ScriptType =
  | "nonstandard"
  | "anchor"
  | "pubkey"
  | "pubkeyhash"
  | "scripthash"
  | "multisig"
  | "nulldata"
  | "witness_v0_keyhash"
  | "witness_v0_scripthash"
  | "witness_v1_taproot"
  | "witness_unknown";

/**
 * A classified output script and the data Core's Solver extracts from it: the pubkey
 * (`pubkey`), the 20-byte hash (`pubkeyhash`, `scripthash`), the witness program
 * (`witness_v0_*`, `witness_v1_taproot`), `[version byte, program]` (`witness_unknown`), or
 * `[m, key1..keyN, n]` with m and n as one byte each (`multisig`); empty for `anchor`,
 * `nulldata` and `nonstandard`.
 */
export interface SolvedScript {
  readonly type: ScriptType;
  readonly solutions: readonly Uint8Array[];
}

/** True for a SEC public key whose length matches its prefix byte (Core's CPubKey::ValidSize). */
function validPubkeySize(data: Uint8Array): boolean {
  return data.length > 0 && secPubkeyLength(data[0]!) === data.length;
}

/**
 * The small count a multisig template states with this element, if within [min, max]: OP_1..16
 * or a minimal push of a minimal number (Core's GetScriptNumber).
 */
function templateNumber(
  opcode: number,
  data: Uint8Array | undefined,
  min: number,
  max: number,
): number | null {
  let count: number | null = null;
  if (opcode >= OP.OP_1 && opcode <= OP.OP_16) count = decodeSmallInt(opcode);
  else if (data !== undefined && opcode > OP.OP_0 && checkMinimalPush(data, opcode)) {
    count = decodeScriptNum(data, true);
  }
  if (count === null || count < min || count > max) return null;
  return count;
}

/** Matches `m <key>... n OP_CHECKMULTISIG` exactly as Core's MatchMultisig does. */
function matchMultisig(spk: Uint8Array): Uint8Array[] | null {
  if (spk.length < 1 || spk[spk.length - 1] !== OP.OP_CHECKMULTISIG) return null;
  const first = readScriptOp(spk, 0);
  if (!first) return null;
  const required = templateNumber(first.opcode, first.data, 1, MAX_PUBKEYS_PER_MULTISIG);
  if (required === null) return null;
  const keys: Uint8Array[] = [];
  let op = readScriptOp(spk, first.end);
  while (op?.data !== undefined && validPubkeySize(op.data)) {
    keys.push(op.data);
    op = readScriptOp(spk, op.end);
  }
  if (!op) return null;
  const count = templateNumber(op.opcode, op.data, required, MAX_PUBKEYS_PER_MULTISIG);
  if (count === null || keys.length !== count) return null;
  if (op.end + 1 !== spk.length) return null;
  return [new Uint8Array([required]), ...keys, new Uint8Array([count])];
}

/**
 * Classifies an output script and extracts its data, mirroring Core's Solver in its order:
 * P2SH, witness programs (v0 key/script hash, v1 taproot, pay-to-anchor, unknown versions; a
 * v0 program of another size is nonstandard), OP_RETURN followed only by pushes, bare pubkey,
 * pubkey hash, bare multisig, and otherwise `nonstandard`.
 */
export function solveScript(spk: Uint8Array): SolvedScript {
  if (isPayToScriptHash(spk)) return { type: "scripthash", solutions: [spk.slice(2, 22)] };
  const witness = extractWitnessProgram(spk);
  if (witness) {
    const { version, program } = witness;
    if (version === 0 && program.length === WITNESS_V0_KEYHASH_SIZE) {
      return { type: "witness_v0_keyhash", solutions: [program.slice()] };
    }
    if (version === 0 && program.length === WITNESS_V0_SCRIPTHASH_SIZE) {
      return { type: "witness_v0_scripthash", solutions: [program.slice()] };
    }
    if (version === 1 && program.length === WITNESS_V1_TAPROOT_SIZE) {
      return { type: "witness_v1_taproot", solutions: [program.slice()] };
    }
    if (isPayToAnchor(version, program)) {
      return { type: "anchor", solutions: [] };
    }
    if (version !== 0) {
      return { type: "witness_unknown", solutions: [new Uint8Array([version]), program.slice()] };
    }
    return { type: "nonstandard", solutions: [] };
  }
  if (spk.length >= 1 && spk[0] === OP.OP_RETURN && isPushOnly(spk.subarray(1))) {
    return { type: "nulldata", solutions: [] };
  }
  if ((spk.length === 67 && spk[0] === 65) || (spk.length === 35 && spk[0] === 33)) {
    const key = spk.subarray(1, spk.length - 1);
    if (spk[spk.length - 1] === OP.OP_CHECKSIG && validPubkeySize(key)) {
      return { type: "pubkey", solutions: [key.slice()] };
    }
  }
  if (
    spk.length === 25 &&
    spk[0] === OP.OP_DUP &&
    spk[1] === OP.OP_HASH160 &&
    spk[2] === 20 &&
    spk[23] === OP.OP_EQUALVERIFY &&
    spk[24] === OP.OP_CHECKSIG
  ) {
    return { type: "pubkeyhash", solutions: [spk.slice(3, 23)] };
  }
  const multisig = matchMultisig(spk);
  if (multisig) return { type: "multisig", solutions: multisig };
  return { type: "nonstandard", solutions: [] };
}

/** The Core type name of an output script (GetTxnOutputType(Solver(spk))). */
export function classifyScript(spk: Uint8Array): ScriptType {
  return solveScript(spk).type;
}
