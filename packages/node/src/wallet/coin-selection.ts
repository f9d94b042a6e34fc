// Coin selection: branch-and-bound for changeless spends, lowest-larger / largest-first with change.
import { DISCARD_FEE_RATE, feeForWeight, LONG_TERM_FEE_RATE } from "./size-estimate.js";

/** A spendable coin as coin selection sees it. */
export interface SelectionCoin {
  /** Value in satoshis. */
  readonly value: bigint;
  /** Weight of the signed input spending it. */
  readonly inputWeight: number;
}

/** What to select for. */
export interface SelectionTarget {
  /** Sum the recipients receive (before any fee is subtracted from them). */
  readonly amount: bigint;
  /**
   * Weight of the transaction without inputs and without a change output: fixed fields,
   * counts and the recipient outputs (see estimateTxWeight with no inputs).
   */
  readonly baseWeight: number;
  /** Fee rate in sat/kvB. */
  readonly feeRate: bigint;
  /** Weight a change output would add. */
  readonly changeOutputWeight: number;
  /** Weight of the input that will spend the change later. */
  readonly changeSpendWeight: number;
  /** Smallest change worth an output (the change script's dust threshold); less is fee. */
  readonly minChange: bigint;
  /**
   * True when the fee is taken from the recipients (`subtractfeefromamount`): coins then only
   * need to cover `amount`, and branch-and-bound is not used (as in Core).
   */
  readonly subtractFee: boolean;
}

/** Which algorithm produced a selection. */
export type SelectionAlgorithm = "bnb" | "lowest-larger" | "largest-first";

/** A coin selection: indexes into the candidates, in the order chosen. */
export interface CoinSelection {
  readonly indexes: readonly number[];
  readonly algorithm: SelectionAlgorithm;
  /** Sum of the selected coins' values. */
  readonly inputValue: bigint;
}

/** Core's TOTAL_TRIES for branch-and-bound: the search is bounded, then falls back. */
export const BNB_MAX_TRIES = 100_000;

interface Candidate {
  readonly index: number;
  /** Value minus the fee of spending it at the target rate (Core's effective value). */
  readonly effective: bigint;
  /** Fee at the target rate minus fee at the long-term rate: what spending it now "wastes". */
  readonly waste: bigint;
  readonly weight: number;
}

/**
 * Branch-and-bound (Core's SelectCoinsBnB, after Murch's thesis): a depth-first search over
 * coins sorted by effective value, largest first, for a set whose effective value lands in
 * [target, target + costOfChange], where no change output is worth making; among those, the one
 * with least waste (input waste plus the excess given up to fees). Equivalent coins are not
 * tried twice, branches that cannot reach the target or already overshoot are cut, and the
 * search stops after {@link BNB_MAX_TRIES} steps. Returns candidate positions or null.
 */
function branchAndBound(
  pool: readonly Candidate[],
  target: bigint,
  costOfChange: bigint,
): number[] | null {
  let remaining = 0n;
  for (const c of pool) remaining += c.effective;
  if (remaining < target) return null;
  // When spending now costs more than later, more inputs only add waste: prune on it.
  const feeRateIsHigh = pool.length > 0 && pool[0]!.waste > 0n;
  const stack: number[] = [];
  let best: number[] | null = null;
  let bestWaste = 0n;
  let value = 0n;
  let waste = 0n;
  let next = 0;
  for (let tries = 0; tries < BNB_MAX_TRIES; tries++) {
    let backtrack = false;
    if (
      value + remaining < target ||
      value > target + costOfChange ||
      (best !== null && feeRateIsHigh && waste > bestWaste)
    ) {
      backtrack = true;
    } else if (value >= target) {
      const total = waste + (value - target);
      if (best === null || total <= bestWaste) {
        best = [...stack];
        bestWaste = total;
      }
      backtrack = true;
    }
    if (backtrack) {
      const last = stack.pop();
      if (last === undefined) break; // every branch explored
      // Coins passed over after `last` become available again for its omission branch.
      for (let j = next - 1; j > last; j--) remaining += pool[j]!.effective;
      value -= pool[last]!.effective;
      waste -= pool[last]!.waste;
      next = last + 1;
    } else {
      const c = pool[next]!;
      remaining -= c.effective;
      const prev = pool[next - 1];
      // Including a coin equal to one just omitted would repeat a branch already searched.
      const skip =
        prev !== undefined &&
        stack[stack.length - 1] !== next - 1 &&
        prev.effective === c.effective &&
        prev.weight === c.weight;
      if (!skip) {
        stack.push(next);
        value += c.effective;
        waste += c.waste;
      }
      next++;
    }
  }
  return best;
}

/**
 * Selection with change: the single smallest coin that covers the target plus a change output
 * (Core's knapsack "lowest larger"), else coins largest first until they do; when even all coins
 * cannot pay for change but do cover the target, largest first up to the target, the remainder
 * being too small for change and left to the fee.
 */
function selectWithChange(
  pool: readonly Candidate[],
  target: bigint,
  targetWithChange: bigint,
): { positions: number[]; algorithm: SelectionAlgorithm } | null {
  let lowestLarger = -1;
  for (let i = 0; i < pool.length; i++)
    if (pool[i]!.effective >= targetWithChange) lowestLarger = i;
  if (lowestLarger >= 0) return { positions: [lowestLarger], algorithm: "lowest-larger" };
  let total = 0n;
  for (const c of pool) total += c.effective;
  const goal = total >= targetWithChange ? targetWithChange : target;
  const positions: number[] = [];
  let sum = 0n;
  for (let i = 0; i < pool.length && sum < goal; i++) {
    positions.push(i);
    sum += pool[i]!.effective;
  }
  return sum >= goal ? { positions, algorithm: "largest-first" } : null;
}

/**
 * Chooses which of `coins` to spend for `target`, or null when they cannot cover it
 * ("Insufficient funds"). Coins are valued at their effective value (value minus the fee of
 * spending them), so coins that cost more to spend than they hold are never picked. Without
 * `subtractFee`, branch-and-bound looks for a changeless set first; otherwise, or when there is
 * none, the selection leaves room for a change output when it can. The caller computes the
 * exact fee and change and folds change below `minChange` into the fee.
 */
export function selectCoins(
  coins: readonly SelectionCoin[],
  target: SelectionTarget,
): CoinSelection | null {
  const rate = target.subtractFee ? 0n : target.feeRate;
  const pool: Candidate[] = [];
  coins.forEach((coin, index) => {
    const fee = feeForWeight(coin.inputWeight, rate);
    const effective = coin.value - fee;
    if (effective <= 0n) return;
    const waste =
      fee - feeForWeight(coin.inputWeight, target.subtractFee ? 0n : LONG_TERM_FEE_RATE);
    pool.push({ index, effective, waste, weight: coin.inputWeight });
  });
  // Largest first; ties broken by index so the result never depends on sort stability.
  pool.sort((a, b) =>
    a.effective === b.effective ? a.index - b.index : a.effective > b.effective ? -1 : 1,
  );

  const selectionTarget = target.amount + feeForWeight(target.baseWeight, rate);
  const changeFee = feeForWeight(target.changeOutputWeight, rate);
  const costOfChange = changeFee + feeForWeight(target.changeSpendWeight, DISCARD_FEE_RATE);

  const finish = (positions: number[], algorithm: SelectionAlgorithm): CoinSelection => {
    const indexes = positions.map((p) => pool[p]!.index);
    let inputValue = 0n;
    for (const i of indexes) inputValue += coins[i]!.value;
    return { indexes, algorithm, inputValue };
  };

  if (!target.subtractFee) {
    const bnb = branchAndBound(pool, selectionTarget, costOfChange);
    if (bnb !== null) return finish(bnb, "bnb");
  }
  const minChange = target.minChange > costOfChange ? target.minChange : costOfChange;
  const withChange = selectWithChange(
    pool,
    selectionTarget,
    selectionTarget + changeFee + minChange,
  );
  return withChange === null ? null : finish(withChange.positions, withChange.algorithm);
}
