// Signature hash types, the byte appended to a signature that selects what it commits to.

/**
 * Taproot-only hash type 0 (BIP341): a 64-byte Schnorr signature without a hash-type byte. It
 * signs the same things as SIGHASH_ALL but hashes the value 0, so the two are distinct messages.
 */
export const SIGHASH_DEFAULT = 0;

/** Commit to every input and every output (Core's SIGHASH_ALL). */
export const SIGHASH_ALL = 1;

/** Commit to no output; other inputs' sequences are not committed either (Core's SIGHASH_NONE). */
export const SIGHASH_NONE = 2;

/**
 * Commit only to the output at the same index as the input being signed (Core's SIGHASH_SINGLE).
 * Legacy signatures with no such output sign the constant 1 (the "SIGHASH_SINGLE bug").
 */
export const SIGHASH_SINGLE = 3;

/** Flag: commit to the input being signed only, so others may add inputs (Core's ANYONECANPAY). */
export const SIGHASH_ANYONECANPAY = 0x80;

/** Mask selecting the output part (ALL/NONE/SINGLE) of a taproot hash type (BIP341). */
export const SIGHASH_OUTPUT_MASK = 3;

/** Mask selecting the input part (ANYONECANPAY or not) of a taproot hash type (BIP341). */
export const SIGHASH_INPUT_MASK = 0x80;
