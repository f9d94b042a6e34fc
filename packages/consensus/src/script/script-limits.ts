// Consensus limits of script execution (Core's script/script.h and interpreter constants).

/** Largest element a script may push or a stack may hold, in bytes. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;

/** Most non-push opcodes one legacy or witness v0 script may contain (tapscript has no limit). */
export const MAX_OPS_PER_SCRIPT = 201;

/** Most public keys one OP_CHECKMULTISIG may take. */
export const MAX_PUBKEYS_PER_MULTISIG = 20;

/** Largest legacy or witness v0 script, in bytes (tapscript has no limit). */
export const MAX_SCRIPT_SIZE = 10_000;

/** Most elements the stack and altstack may hold together. */
export const MAX_STACK_SIZE = 1000;

/** Tapscript validation weight every executed signature check consumes (BIP342). */
export const VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;

/** Validation weight a tapscript gets on top of its witness size (BIP342). */
export const VALIDATION_WEIGHT_OFFSET = 50;

/** First byte of a taproot annex: the last witness element when 2+ elements remain (BIP341). */
export const ANNEX_TAG = 0x50;
