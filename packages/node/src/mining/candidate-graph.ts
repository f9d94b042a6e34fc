import { toHex } from "@hashforge/consensus";
import type { TemplateCandidate } from "./block-template.js";

/** Shared empty list: most candidates have no in-mempool parents. */
const NONE: readonly number[] = Object.freeze([]);

/**
 * The in-mempool dependency graph of the template candidates, restricted to the usable ones.
 * Indexes refer to the candidate list given to {@link buildCandidateGraph}.
 */
export interface CandidateGraph {
  /** True for a candidate that may be selected. */
  readonly usable: readonly boolean[];
  /** Usable in-mempool children of each candidate. */
  readonly children: readonly (readonly number[])[];
  /** Every in-mempool ancestor of each usable candidate (itself excluded). */
  readonly ancestors: readonly (readonly number[])[];
  /**
   * Candidates left out before selection: a duplicate txid, a non-positive weight or negative
   * sigop cost, a parent missing from the list, a dependency cycle, or a descendant of those.
   */
  readonly excluded: number;
}

/**
 * Resolves candidates' `parents` into ancestor sets, as Core's mempool keeps them
 * (CalculateMemPoolAncestors) but computed here from the parent lists alone: the assembler must
 * not depend on a particular mempool. Bad input (unknown parents, cycles) excludes the affected
 * transactions instead of failing, since a block without them is still a valid block.
 */
export function buildCandidateGraph(candidates: readonly TemplateCandidate[]): CandidateGraph {
  const n = candidates.length;
  const indexByTxid = new Map<string, number>();
  const usable: boolean[] = new Array<boolean>(n).fill(true);
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    const key = toHex(c.txid);
    if (indexByTxid.has(key)) usable[i] = false;
    else indexByTxid.set(key, i);
    // Nonsense sizes would poison every feerate comparison: leave such entries out.
    if (!(Number.isSafeInteger(c.weight) && c.weight > 0)) usable[i] = false;
    if (!(Number.isSafeInteger(c.sigopCost) && c.sigopCost >= 0)) usable[i] = false;
  }
  const parents: (readonly number[])[] = [];
  const children: number[][] = Array.from({ length: n }, () => []);
  const pending: number[] = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const own: number[] = [];
    if (usable[i]) {
      for (const parent of candidates[i]!.parents) {
        const p = indexByTxid.get(toHex(parent));
        if (p === undefined || p === i) usable[i] = false;
        else if (!own.includes(p)) own.push(p);
      }
    }
    parents.push(own.length === 0 ? NONE : own);
    pending[i] = own.length;
    for (const p of own) children[p]!.push(i);
  }
  // Kahn's algorithm: whatever is never released sits on or below a cycle.
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const child of children[order[k]!]!) {
      pending[child] = pending[child]! - 1;
      if (pending[child] === 0) order.push(child);
    }
  }
  const released = new Array<boolean>(n).fill(false);
  for (const i of order) released[i] = true;
  const ancestors: (readonly number[])[] = new Array<readonly number[]>(n).fill(NONE);
  for (const i of order) {
    if (!usable[i]) continue;
    const own = parents[i]!;
    if (own.some((p) => !usable[p])) {
      usable[i] = false;
    } else if (own.length === 1) {
      // One parent: its ancestors never include itself, so no deduplication is needed.
      ancestors[i] = [own[0]!, ...ancestors[own[0]!]!];
    } else if (own.length > 1) {
      const set = new Set<number>();
      for (const p of own) {
        set.add(p);
        for (const a of ancestors[p]!) set.add(a);
      }
      ancestors[i] = [...set];
    }
  }
  let excluded = 0;
  for (let i = 0; i < n; i++) {
    if (!released[i]) usable[i] = false;
    if (!usable[i]) excluded++;
  }
  const usableChildren = children.map((list) => list.filter((c) => usable[c]));
  return { usable, children: usableChildren, ancestors, excluded };
}
