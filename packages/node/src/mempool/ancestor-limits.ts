// Chain limits on unconfirmed packages (Core's CalculateMemPoolAncestors).
import type { MutableEntry } from "./mempool-entry.js";

/**
 * How large an unconfirmed package may grow (Core's -limitancestorcount, -limitancestorsize,
 * -limitdescendantcount, -limitdescendantsize). Counts include the transaction itself; sizes are
 * virtual bytes.
 */
export interface AncestorLimits {
  readonly ancestorCount: number;
  readonly ancestorSizeVbytes: number;
  readonly descendantCount: number;
  readonly descendantSizeVbytes: number;
}

/** Core's defaults: 25 transactions and 101 kvB both ways. */
export const DEFAULT_ANCESTOR_LIMITS: AncestorLimits = Object.freeze({
  ancestorCount: 25,
  ancestorSizeVbytes: 101_000,
  descendantCount: 25,
  descendantSizeVbytes: 101_000,
});

/** The ancestors found, or the limit that would be broken (Core's error text). */
export type AncestorsResult =
  | { readonly ok: true; readonly ancestors: Set<MutableEntry> }
  | { readonly ok: false; readonly message: string };

/**
 * Collects the in-mempool ancestors of a new transaction of `entrySize` vbytes with direct
 * parents `parents`, failing as soon as it or any ancestor would exceed a limit, in Core's order
 * (CalculateMemPoolAncestors / CalculateAncestorsAndCheckLimits): too many parents, then for
 * each ancestor its descendant size and count with the new transaction, the running ancestor
 * size, and the ancestor count.
 */
export function calculateAncestors(
  parents: ReadonlySet<MutableEntry>,
  entrySize: number,
  limits: AncestorLimits,
): AncestorsResult {
  if (parents.size + 1 > limits.ancestorCount) {
    return { ok: false, message: `too many unconfirmed parents [limit: ${limits.ancestorCount}]` };
  }
  const ancestors = new Set<MutableEntry>();
  const staged = new Set<MutableEntry>(parents);
  let totalSize = entrySize;
  while (staged.size > 0) {
    const stage = staged.values().next().value as MutableEntry;
    staged.delete(stage);
    ancestors.add(stage);
    totalSize += stage.vsize;
    if (stage.descendantSize + entrySize > limits.descendantSizeVbytes) {
      return {
        ok: false,
        message: `exceeds descendant size limit for tx ${stage.txidHex} [limit: ${limits.descendantSizeVbytes}]`,
      };
    }
    if (stage.descendantCount + 1 > limits.descendantCount) {
      return {
        ok: false,
        message: `too many descendants for tx ${stage.txidHex} [limit: ${limits.descendantCount}]`,
      };
    }
    if (totalSize > limits.ancestorSizeVbytes) {
      return {
        ok: false,
        message: `exceeds ancestor size limit [limit: ${limits.ancestorSizeVbytes}]`,
      };
    }
    for (const parent of stage.parents) {
      if (!ancestors.has(parent)) staged.add(parent);
      if (staged.size + ancestors.size + 1 > limits.ancestorCount) {
        return {
          ok: false,
          message: `too many unconfirmed ancestors [limit: ${limits.ancestorCount}]`,
        };
      }
    }
  }
  return { ok: true, ancestors };
}
