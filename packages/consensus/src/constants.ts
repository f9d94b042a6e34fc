/** Satoshis per bitcoin. */
export const COIN = 100_000_000n;

/**
 * No amount larger than this (21 million BTC) is valid (Core's MAX_MONEY). It is a sanity bound
 * on values, not the exact supply, which ends slightly below it.
 */
export const MAX_MONEY = 21_000_000n * COIN;

/** True when `value` is within [0, MAX_MONEY] (Core's MoneyRange). */
export function moneyRange(value: bigint): boolean {
  return value >= 0n && value <= MAX_MONEY;
}

/** Maximum BIP141 block weight. */
export const MAX_BLOCK_WEIGHT = 4_000_000;

/** Maximum serialized block size, witness included. */
export const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;

/** Maximum sigop cost per block (BIP141 counts legacy sigops x4). */
export const MAX_BLOCK_SIGOPS_COST = 80_000;

/** Coinbase outputs may be spent only after this many confirmations. */
export const COINBASE_MATURITY = 100;

/** Minimum weight of a transaction (Core's MIN_TRANSACTION_WEIGHT, 60 bytes x 4). */
export const MIN_TRANSACTION_WEIGHT = 240;

/** nLockTime below this is a block height, at or above it a UNIX time. */
export const LOCKTIME_THRESHOLD = 500_000_000;

/** nSequence value that disables the input's lock time (and BIP68). */
export const SEQUENCE_FINAL = 0xffffffff;
