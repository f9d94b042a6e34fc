// Script verification flags: which rules VerifyScript enforces (Core's SCRIPT_VERIFY_* bits).
import { DecodeError } from "../errors.js";

/**
 * The script verification flags with Core's names and bit values (script/interpreter.h). A flag
 * set is their bitwise OR. Consensus enables P2SH, DERSIG, NULLDUMMY, CHECKLOCKTIMEVERIFY,
 * CHECKSEQUENCEVERIFY, WITNESS and TAPROOT by deployment; the others are policy.
 */
export const VerifyFlags = {
  NONE: 0,
  /** BIP16: evaluate P2SH redeem scripts. */
  P2SH: 1 << 0,
  /** Strict signature and public key encodings (policy, plus hash type checks). */
  STRICTENC: 1 << 1,
  /** BIP66: strict DER signatures. */
  DERSIG: 1 << 2,
  /** BIP146: S at most n/2 (policy). */
  LOW_S: 1 << 3,
  /** BIP147: the CHECKMULTISIG dummy must be empty. */
  NULLDUMMY: 1 << 4,
  /** scriptSig must be push-only (policy; BIP62 rule 2). */
  SIGPUSHONLY: 1 << 5,
  /** Minimal pushes and minimal script numbers (policy; BIP62 rules 3 and 4). */
  MINIMALDATA: 1 << 6,
  /** Fail on NOP1, NOP4..NOP10 and undefined witness/taproot features (policy). */
  DISCOURAGE_UPGRADABLE_NOPS: 1 << 7,
  /** Exactly one stack element after evaluation (policy; BIP62 rule 6). */
  CLEANSTACK: 1 << 8,
  /** BIP65 OP_CHECKLOCKTIMEVERIFY. */
  CHECKLOCKTIMEVERIFY: 1 << 9,
  /** BIP112 OP_CHECKSEQUENCEVERIFY. */
  CHECKSEQUENCEVERIFY: 1 << 10,
  /** BIP141 segregated witness. */
  WITNESS: 1 << 11,
  /** Fail on undefined witness versions (policy). */
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 1 << 12,
  /** Minimal OP_IF/NOTIF arguments in witness v0 scripts (policy). */
  MINIMALIF: 1 << 13,
  /** Failed signature checks need empty signatures (policy; BIP146). */
  NULLFAIL: 1 << 14,
  /** Only compressed public keys in witness v0 (policy). */
  WITNESS_PUBKEYTYPE: 1 << 15,
  /** No OP_CODESEPARATOR and no FindAndDelete match in legacy scripts (policy). */
  CONST_SCRIPTCODE: 1 << 16,
  /** BIP341/BIP342 taproot and tapscript. */
  TAPROOT: 1 << 17,
  /** Fail on unknown taproot leaf versions (policy). */
  DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: 1 << 18,
  /** Fail on OP_SUCCESSx in tapscript (policy). */
  DISCOURAGE_OP_SUCCESS: 1 << 19,
  /** Fail on unknown public key types in tapscript (policy). */
  DISCOURAGE_UPGRADABLE_PUBKEYTYPE: 1 << 20,
} as const;

/** The name of one verification flag (without NONE). */
export type VerifyFlagName = Exclude<keyof typeof VerifyFlags, "NONE">;

/** Every flag name in bit order. */
export const VERIFY_FLAG_NAMES: readonly VerifyFlagName[] = Object.freeze(
  (Object.keys(VerifyFlags) as (keyof typeof VerifyFlags)[]).filter(
    (name): name is VerifyFlagName => name !== "NONE",
  ),
);

/** The union of every defined flag. */
export const ALL_VERIFY_FLAGS: number = VERIFY_FLAG_NAMES.reduce(
  (acc, name) => acc | VerifyFlags[name],
  0,
);

/**
 * Parses a comma-separated flag list as script_tests.json and tx_valid.json write it
 * (`"P2SH,WITNESS"`); `""` and `"NONE"` mean no flags, like Core's ParseScriptFlags. Throws
 * DecodeError on an unknown name.
 */
export function parseVerifyFlags(text: string): number {
  if (text === "" || text === "NONE") return VerifyFlags.NONE;
  let flags = 0;
  for (const word of text.split(",")) {
    if (word === "NONE" || !Object.hasOwn(VerifyFlags, word)) {
      throw new DecodeError("unknown-verify-flag", `unknown verification flag '${word}'`);
    }
    flags |= VerifyFlags[word as VerifyFlagName];
  }
  return flags;
}

/** Formats a flag set as a comma-separated list of names in bit order (`""` for none). */
export function formatVerifyFlags(flags: number): string {
  return VERIFY_FLAG_NAMES.filter((name) => (flags & VerifyFlags[name]) !== 0).join(",");
}

/**
 * True when the flag set is one VerifyScript accepts, as Core's IsValidFlagCombination: CLEANSTACK
 * needs P2SH and WITNESS, WITNESS needs P2SH. Other sets would let adding a flag turn an invalid
 * spend valid, which no soft fork may do.
 */
export function isValidFlagCombination(flags: number): boolean {
  if (
    (flags & VerifyFlags.CLEANSTACK) !== 0 &&
    (flags & (VerifyFlags.P2SH | VerifyFlags.WITNESS)) !== (VerifyFlags.P2SH | VerifyFlags.WITNESS)
  ) {
    return false;
  }
  if ((flags & VerifyFlags.WITNESS) !== 0 && (flags & VerifyFlags.P2SH) === 0) return false;
  return true;
}
