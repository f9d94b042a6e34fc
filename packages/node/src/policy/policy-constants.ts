// Relay policy constants (Core's policy/policy.h, policy/rbf.h, policy/truc_policy.h).
import { MAX_BLOCK_SIGOPS_COST, VerifyFlags } from "@hashforge/consensus";

/** Largest standard transaction weight; bigger ones are never relayed (MAX_STANDARD_TX_WEIGHT). */
export const MAX_STANDARD_TX_WEIGHT = 400_000;

/** Largest standard signature-operation cost of one transaction, a fifth of a block's. */
export const MAX_STANDARD_TX_SIGOPS_COST = MAX_BLOCK_SIGOPS_COST / 5;

/**
 * Largest standard scriptSig: enough for a 15-of-15 P2SH multisig with compressed keys, with room
 * to spare (MAX_STANDARD_SCRIPTSIG_SIZE).
 */
export const MAX_STANDARD_SCRIPTSIG_SIZE = 1650;

/**
 * Smallest standard serialized size without witness: 64-byte transactions are refused because
 * they can be confused with inner merkle nodes (MIN_STANDARD_TX_NONWITNESS_SIZE).
 */
export const MIN_STANDARD_TX_NONWITNESS_SIZE = 65;

/** Most signature operations a standard P2SH redeem script may count (MAX_P2SH_SIGOPS). */
export const MAX_P2SH_SIGOPS = 15;

/** Most witness stack items (script excluded) of a standard P2WSH spend. */
export const MAX_STANDARD_P2WSH_STACK_ITEMS = 100;

/** Largest witness stack item (script excluded) of a standard P2WSH spend. */
export const MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;

/** Largest standard P2WSH witness script. */
export const MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;

/** Largest stack item (script and control block excluded) of a standard tapscript spend. */
export const MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE = 80;

/** Highest transaction version that is standard (TX_MAX_STANDARD_VERSION, 3 since TRUC). */
export const TX_MAX_STANDARD_VERSION = 3;

/**
 * Fee rate (sat/kvB) that defines dust: an output is dust when spending it would cost more than
 * it is worth at this rate (DUST_RELAY_TX_FEE).
 */
export const DUST_RELAY_TX_FEE = 3000n;

/**
 * Default minimum relay fee rate in sat/kvB (1 sat/vB), below which transactions are treated as
 * free and not relayed (DEFAULT_MIN_RELAY_TX_FEE as of Core 28).
 */
export const DEFAULT_MIN_RELAY_TX_FEE = 1000n;

/**
 * Default fee rate (sat/kvB) a replacement must add for its own size, and the step added to the
 * rolling minimum fee after an eviction (DEFAULT_INCREMENTAL_RELAY_FEE as of Core 28).
 */
export const DEFAULT_INCREMENTAL_RELAY_FEE = 1000n;

/** Default size of standard OP_RETURN outputs in bytes, whole script (MAX_OP_RETURN_RELAY). */
export const MAX_OP_RETURN_RELAY = 83;

/** Default: bare multisig outputs are standard (DEFAULT_PERMIT_BAREMULTISIG). */
export const DEFAULT_PERMIT_BAREMULTISIG = true;

/**
 * Default virtual bytes charged per signature operation when sizing a transaction, so that
 * sigop-heavy transactions pay for the block space their sigops consume (DEFAULT_BYTES_PER_SIGOP).
 */
export const DEFAULT_BYTES_PER_SIGOP = 20;

/** Most transactions one replacement may evict, direct conflicts and their descendants. */
export const MAX_REPLACEMENT_CANDIDATES = 100;

/** TRUC (BIP431) transaction version. */
export const TRUC_VERSION = 3;

/** Largest TRUC transaction in virtual bytes. */
export const TRUC_MAX_VSIZE = 10_000;

/** Largest TRUC transaction with an unconfirmed TRUC parent, in virtual bytes. */
export const TRUC_CHILD_MAX_VSIZE = 1_000;

/** A TRUC transaction and its in-mempool ancestors number at most this many. */
export const TRUC_ANCESTOR_LIMIT = 2;

/** A TRUC transaction and its in-mempool descendants number at most this many. */
export const TRUC_DESCENDANT_LIMIT = 2;

/**
 * Script verification flags every block enforces today (MANDATORY_SCRIPT_VERIFY_FLAGS); a
 * transaction failing them is invalid, not merely non-standard.
 */
export const MANDATORY_SCRIPT_VERIFY_FLAGS: number =
  VerifyFlags.P2SH |
  VerifyFlags.DERSIG |
  VerifyFlags.NULLDUMMY |
  VerifyFlags.CHECKLOCKTIMEVERIFY |
  VerifyFlags.CHECKSEQUENCEVERIFY |
  VerifyFlags.WITNESS |
  VerifyFlags.TAPROOT;

/**
 * Script verification flags for relay (STANDARD_SCRIPT_VERIFY_FLAGS): the mandatory ones plus
 * the policy rules that keep malleability and soft-fork upgrade hooks out of the mempool.
 */
export const STANDARD_SCRIPT_VERIFY_FLAGS: number =
  MANDATORY_SCRIPT_VERIFY_FLAGS |
  VerifyFlags.STRICTENC |
  VerifyFlags.MINIMALDATA |
  VerifyFlags.DISCOURAGE_UPGRADABLE_NOPS |
  VerifyFlags.CLEANSTACK |
  VerifyFlags.MINIMALIF |
  VerifyFlags.NULLFAIL |
  VerifyFlags.LOW_S |
  VerifyFlags.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  VerifyFlags.WITNESS_PUBKEYTYPE |
  VerifyFlags.CONST_SCRIPTCODE |
  VerifyFlags.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION |
  VerifyFlags.DISCOURAGE_OP_SUCCESS |
  VerifyFlags.DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

/** The policy-only part of the standard flags (STANDARD_NOT_MANDATORY_VERIFY_FLAGS). */
export const STANDARD_NOT_MANDATORY_VERIFY_FLAGS: number =
  STANDARD_SCRIPT_VERIFY_FLAGS & ~MANDATORY_SCRIPT_VERIFY_FLAGS;
