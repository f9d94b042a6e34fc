/**
 * Validation state bits of a block index entry, after Core's BlockStatus (chain.h), reduced to
 * what the node tracks. Several can be set at once.
 */
export const BlockStatus = {
  /** The header passed every header check and links to a known valid-header parent. */
  VALID_HEADER: 1 << 0,
  /** The block's data is stored in the block files. */
  HAVE_DATA: 1 << 1,
  /** Undo data (the coins it spent) is stored: the block has been connected once. */
  HAVE_UNDO: 1 << 2,
  /** The block passed every check including scripts when it was connected. */
  VALID_SCRIPTS: 1 << 3,
  /** The block itself is invalid. */
  FAILED: 1 << 4,
  /** An ancestor is invalid. */
  FAILED_CHILD: 1 << 5,
} as const;

/** Either failure bit. */
export const FAILED_MASK = BlockStatus.FAILED | BlockStatus.FAILED_CHILD;
