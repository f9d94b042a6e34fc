// Per-input state taproot signature checks need from script execution (Core's ScriptExecutionData).

/** Position value meaning "no OP_CODESEPARATOR executed yet" (BIP342 codesep_pos). */
export const NO_CODESEPARATOR = 0xffffffff;

/**
 * Data gathered while verifying one input that BIP341/BIP342 signature hashes commit to, plus
 * tapscript's remaining validation weight; mirrors Core's ScriptExecutionData. It is mutable
 * because execution updates it (OP_CODESEPARATOR, each signature check).
 */
export interface ScriptExecutionData {
  /** Tapleaf hash of the executing tapscript; null outside script-path spends. */
  tapleafHash: Uint8Array | null;
  /** Opcode index of the last executed OP_CODESEPARATOR, or {@link NO_CODESEPARATOR}. */
  codeseparatorPos: number;
  /** The annex (whole, tag byte included) when the witness has one, else null. */
  annex: Uint8Array | null;
  /** Tapscript validation weight left (BIP342); unused by other script versions. */
  validationWeightLeft: number;
}

/** Creates execution data for a fresh input: no leaf, no code separator, no annex. */
export function newExecutionData(): ScriptExecutionData {
  return {
    tapleafHash: null,
    codeseparatorPos: NO_CODESEPARATOR,
    annex: null,
    validationWeightLeft: 0,
  };
}
