// Topologically restricted until confirmation (BIP431) rules for one transaction.
import type { Transaction } from "@hashforge/consensus";
import {
  TRUC_ANCESTOR_LIMIT,
  TRUC_CHILD_MAX_VSIZE,
  TRUC_DESCENDANT_LIMIT,
  TRUC_MAX_VSIZE,
  TRUC_VERSION,
} from "../policy/policy-constants.js";
import type { MutableEntry } from "./mempool-entry.js";

/** A TRUC violation: Core's message, and the sibling that may be evicted instead, if any. */
export interface TrucViolation {
  readonly message: string;
  readonly sibling: MutableEntry | null;
}

/**
 * Checks a transaction against the TRUC (version 3) rules, as Core's SingleTRUCChecks: TRUC and
 * non-TRUC transactions may not spend each other's unconfirmed outputs; a TRUC transaction is at
 * most 10,000 vB, has at most one unconfirmed ancestor, is at most 1,000 vB when it has one, and
 * that parent may have no other child, unless that child is being replaced. When the only
 * obstacle is one sibling without descendants, it is returned for sibling eviction.
 */
export function singleTrucChecks(
  tx: Transaction,
  txidHex: string,
  ancestors: ReadonlySet<MutableEntry>,
  directConflicts: ReadonlySet<MutableEntry>,
  vsize: number,
): TrucViolation | null {
  for (const a of ancestors) {
    if (tx.version !== TRUC_VERSION && a.tx.version === TRUC_VERSION) {
      return {
        message: `non-version=3 tx ${txidHex} cannot spend from version=3 tx ${a.txidHex}`,
        sibling: null,
      };
    }
    if (tx.version === TRUC_VERSION && a.tx.version !== TRUC_VERSION) {
      return {
        message: `version=3 tx ${txidHex} cannot spend from non-version=3 tx ${a.txidHex}`,
        sibling: null,
      };
    }
  }
  if (tx.version !== TRUC_VERSION) return null;
  if (vsize > TRUC_MAX_VSIZE) {
    return {
      message: `version=3 tx ${txidHex} is too big: ${vsize} > ${TRUC_MAX_VSIZE} virtual bytes`,
      sibling: null,
    };
  }
  if (ancestors.size + 1 > TRUC_ANCESTOR_LIMIT) {
    return { message: `tx ${txidHex} would have too many ancestors`, sibling: null };
  }
  const parent = ancestors.values().next().value;
  if (parent === undefined) return null;
  if (vsize > TRUC_CHILD_MAX_VSIZE) {
    return {
      message: `version=3 child tx ${txidHex} is too big: ${vsize} > ${TRUC_CHILD_MAX_VSIZE} virtual bytes`,
      sibling: null,
    };
  }
  const childReplaced = [...parent.children].some((c) => directConflicts.has(c));
  if (parent.descendantCount + 1 > TRUC_DESCENDANT_LIMIT && !childReplaced) {
    const only = parent.children.size === 1 ? parent.children.values().next().value : undefined;
    const sibling =
      parent.descendantCount === 2 && only !== undefined && only.ancestorCount === 2 ? only : null;
    return { message: `tx ${txidHex} would exceed descendant count limit`, sibling };
  }
  return null;
}
