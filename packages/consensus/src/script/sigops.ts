// Signature operation counting of scripts (Core's GetSigOpCount and CountWitnessSigOps).
import { RangeCheckError } from "../errors.js";
import { VerifyFlags } from "./flags.js";
import { decodeSmallInt, OP } from "./opcodes.js";
import { readScriptOp } from "./script.js";
import { MAX_PUBKEYS_PER_MULTISIG } from "./script-limits.js";
import {
  extractWitnessProgram,
  isPayToScriptHash,
  WITNESS_V0_KEYHASH_SIZE,
  WITNESS_V0_SCRIPTHASH_SIZE,
} from "./witness-program.js";

/**
 * Counts the signature operations of a script, as Core's CScript::GetSigOpCount: one per
 * CHECKSIG(VERIFY); per CHECK(MULTISIG)VERIFY, with `accurate` the key count when the previous
 * opcode is OP_1..OP_16, else 20. Counting stops at a truncated push. Block validation counts
 * scriptSigs and scriptPubKeys inaccurately (the legacy rule) and P2SH redeem scripts and
 * witness scripts accurately.
 */
export function legacySigOpCount(script: Uint8Array, accurate: boolean): number {
  let count = 0;
  let lastOpcode = OP.OP_INVALIDOPCODE as number;
  for (let pc = 0; pc < script.length; ) {
    const op = readScriptOp(script, pc);
    if (op === null) break;
    const opcode = op.opcode;
    if (opcode === OP.OP_CHECKSIG || opcode === OP.OP_CHECKSIGVERIFY) {
      count++;
    } else if (opcode === OP.OP_CHECKMULTISIG || opcode === OP.OP_CHECKMULTISIGVERIFY) {
      count +=
        accurate && lastOpcode >= OP.OP_1 && lastOpcode <= OP.OP_16
          ? decodeSmallInt(lastOpcode)
          : MAX_PUBKEYS_PER_MULTISIG;
    }
    lastOpcode = opcode;
    pc = op.end;
  }
  return count;
}

/**
 * The last element a push-only scriptSig pushes (empty for OP_0..OP_16 and OP_1NEGATE, which
 * carry no data), or null when it is not push-only or does not parse.
 */
function lastPushData(scriptSig: Uint8Array): Uint8Array | null {
  let data: Uint8Array = new Uint8Array(0);
  for (let pc = 0; pc < scriptSig.length; ) {
    const op = readScriptOp(scriptSig, pc);
    if (op === null || op.opcode > OP.OP_16) return null;
    data = op.data ?? new Uint8Array(0);
    pc = op.end;
  }
  return data;
}

/**
 * Counts the signature operations of a P2SH spend, as Core's CScript::GetSigOpCount(scriptSig):
 * for a P2SH `scriptPubKey`, the accurate count of the redeem script, i.e. the scriptSig's last
 * push (0 when the scriptSig is not push-only); for any other script its own accurate count.
 */
export function p2shSigOpCount(scriptPubKey: Uint8Array, scriptSig: Uint8Array): number {
  if (!isPayToScriptHash(scriptPubKey)) return legacySigOpCount(scriptPubKey, true);
  const redeemScript = lastPushData(scriptSig);
  return redeemScript === null ? 0 : legacySigOpCount(redeemScript, true);
}

/** Core's WitnessSigOps: 1 for P2WPKH, the witness script's accurate count for P2WSH. */
function witnessProgramSigOps(
  version: number,
  program: Uint8Array,
  witness: readonly Uint8Array[],
): number {
  if (version === 0) {
    if (program.length === WITNESS_V0_KEYHASH_SIZE) return 1;
    if (program.length === WITNESS_V0_SCRIPTHASH_SIZE && witness.length > 0) {
      return legacySigOpCount(witness[witness.length - 1]!, true);
    }
  }
  // Taproot and future versions are limited by other means (BIP342 validation weight).
  return 0;
}

/**
 * Counts the witness signature operations of one input (BIP141), as Core's CountWitnessSigOps:
 * zero unless `flags` has WITNESS; for a witness program output, bare or P2SH-wrapped (the
 * push-only scriptSig's last push), 1 per P2WPKH and the accurate count of a P2WSH witness
 * script. Witness sigops weigh 1 in the block's sigop cost, legacy ones 4.
 */
export function witnessSigOpCount(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
): number {
  if ((flags & VerifyFlags.WITNESS) === 0) return 0;
  if ((flags & VerifyFlags.P2SH) === 0) {
    throw new RangeCheckError("WITNESS sigop counting requires the P2SH flag");
  }
  const bare = extractWitnessProgram(scriptPubKey);
  if (bare !== null) return witnessProgramSigOps(bare.version, bare.program, witness);
  if (isPayToScriptHash(scriptPubKey)) {
    const redeemScript = lastPushData(scriptSig);
    const nested = redeemScript === null ? null : extractWitnessProgram(redeemScript);
    if (nested !== null) return witnessProgramSigOps(nested.version, nested.program, witness);
  }
  return 0;
}
