// Which signature rules a script runs under (Core's SigVersion).

/**
 * The context a script executes in, as Core's SigVersion: it selects the signature hash
 * algorithm and several execution rules (limits, MINIMALIF, FindAndDelete, OP_SUCCESSx).
 */
export const SigVersion = {
  /** Legacy scripts: scriptSig, scriptPubKey and P2SH redeem scripts. */
  BASE: 0,
  /** BIP141 witness v0 scripts (P2WPKH, P2WSH), signed with BIP143 hashes. */
  WITNESS_V0: 1,
  /** BIP341 key-path spends: no script, one Schnorr signature. */
  TAPROOT: 2,
  /** BIP342 tapscript: leaf version 0xc0 script-path spends. */
  TAPSCRIPT: 3,
} as const;

/** One of the {@link SigVersion} values. */
export type SigVersion = (typeof SigVersion)[keyof typeof SigVersion];
