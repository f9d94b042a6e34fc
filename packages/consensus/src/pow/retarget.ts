// The nBits a block must carry: Bitcoin's two-week retarget and the testnet exceptions.
import { RangeCheckError } from "../errors.js";
import type { PowParams } from "../params/chain-params.js";
import { decodeCompact, encodeCompact, UINT256_MAX } from "./compact.js";

/** What retargeting needs to know about a block already in the chain. */
export interface ChainEntry {
  readonly height: number;
  readonly bits: number;
  /** Header timestamp, UNIX seconds. */
  readonly time: number;
}

/**
 * The ancestor of the tip being extended at `height` (0 <= height <= tip height), as Core's
 * CBlockIndex::GetAncestor. The caller owns the block index; consensus only reads it.
 */
export type AncestorLookup = (height: number) => ChainEntry;

/**
 * Blocks per retarget window: targetTimespan / targetSpacing, rounded down (Core's
 * Consensus::Params::DifficultyAdjustmentInterval; 2016 on mainnet, 144 on regtest).
 */
export function retargetInterval(pow: PowParams): number {
  const interval = Math.floor(pow.targetTimespan / pow.targetSpacing);
  if (!Number.isSafeInteger(interval) || interval < 1) {
    throw new RangeCheckError(
      `targetTimespan ${pow.targetTimespan} / targetSpacing ${pow.targetSpacing} is not a positive interval`,
    );
  }
  return interval;
}

function lookup(ancestor: AncestorLookup, height: number): ChainEntry {
  const entry = ancestor(height);
  // A lookup that answers with the wrong block would silently change the required bits.
  if (entry.height !== height) {
    throw new RangeCheckError(
      `ancestor lookup for height ${height} returned height ${entry.height}`,
    );
  }
  return entry;
}

/**
 * The nBits required of the block after `tip` whose timestamp is `newBlockTime` (Core's
 * GetNextWorkRequired in pow.cpp).
 *
 * Off a retarget boundary the tip's bits carry over, except on networks that allow
 * min-difficulty blocks (testnet3, testnet4, regtest): a block more than 2 x targetSpacing
 * after its parent may use the pow limit, and otherwise inherits the bits of the last block
 * that is on a boundary or was not such a min-difficulty block. On a boundary the window's
 * first block (tip.height - interval + 1) supplies the start time, and the BIP94 base bits,
 * for {@link calculateNextWorkRequired}. The genesis block has no predecessor: its bits come
 * from the chain params, so `tip` is always a real block. The walk back stops at genesis, which
 * sits on a boundary (height 0).
 */
export function getNextWorkRequired(
  tip: ChainEntry,
  ancestor: AncestorLookup,
  newBlockTime: number,
  pow: PowParams,
): number {
  if (!Number.isSafeInteger(tip.height) || tip.height < 0) {
    throw new RangeCheckError(`tip height must be a non-negative integer, got ${tip.height}`);
  }
  const interval = retargetInterval(pow);
  const powLimitBits = encodeCompact(pow.powLimit);

  if ((tip.height + 1) % interval !== 0) {
    if (!pow.allowMinDifficultyBlocks) return tip.bits;
    // Testnet rule: after 20 minutes without a block anyone may mine at minimum difficulty.
    if (newBlockTime > tip.time + pow.targetSpacing * 2) return powLimitBits;
    // Otherwise min-difficulty blocks must not lower the difficulty for the blocks after them.
    let entry = tip;
    while (entry.height > 0 && entry.height % interval !== 0 && entry.bits === powLimitBits) {
      entry = lookup(ancestor, entry.height - 1);
    }
    return entry.bits;
  }

  // tip.height + 1 is a positive multiple of interval, so the window start is >= 0.
  const first = lookup(ancestor, tip.height - (interval - 1));
  return calculateNextWorkRequired(tip, first.time, first.bits, pow);
}

/**
 * The retarget at a window boundary (Core's CalculateNextWorkRequired in pow.cpp): scale the
 * old target by how long the window actually took against targetTimespan, the time clamped to
 * [timespan / 4, timespan x 4] so one step changes difficulty at most fourfold, capped at the
 * pow limit and rounded through the compact encoding.
 *
 * The old target is the tip's bits, except under BIP94 (testnet4) where it is the bits of the
 * window's first block (`firstBlockBits`), which may not be a min-difficulty block, so a
 * min-difficulty block at the end of a window can no longer reset the difficulty. On
 * noRetargeting networks (regtest) the tip's bits carry over unchanged. The multiplication
 * wraps modulo 2^256 as arith_uint256 does; real chain params never come near that.
 */
export function calculateNextWorkRequired(
  tip: ChainEntry,
  firstBlockTime: number,
  firstBlockBits: number,
  pow: PowParams,
): number {
  if (pow.noRetargeting) return tip.bits;

  const minTimespan = Math.trunc(pow.targetTimespan / 4);
  const maxTimespan = pow.targetTimespan * 4;
  let actualTimespan = tip.time - firstBlockTime;
  if (actualTimespan < minTimespan) actualTimespan = minTimespan;
  if (actualTimespan > maxTimespan) actualTimespan = maxTimespan;

  const baseBits = pow.enforceBip94 ? firstBlockBits : tip.bits;
  // Core ignores SetCompact's negative/overflow flags here: the base bits were already validated.
  let target = decodeCompact(baseBits).target;
  target = (target * BigInt(actualTimespan)) & UINT256_MAX;
  target /= BigInt(pow.targetTimespan);
  if (target > pow.powLimit) target = pow.powLimit;
  return encodeCompact(target);
}

/**
 * The largest or smallest target one retarget can reach from `oldBits`, after the pow-limit cap
 * and the compact rounding a real retarget goes through.
 */
function boundTarget(oldBits: number, timespan: number, pow: PowParams): bigint {
  let target = (decodeCompact(oldBits).target * BigInt(timespan)) & UINT256_MAX;
  target /= BigInt(pow.targetTimespan);
  if (target > pow.powLimit) target = pow.powLimit;
  return decodeCompact(encodeCompact(target)).target;
}

/**
 * Whether a header at `height` may carry `newBits` after a parent with `oldBits`, without
 * knowing the window's timestamps (Core's PermittedDifficultyTransition). Used to bound
 * headers from peers before their full ancestry is checked: off a boundary the bits must be
 * unchanged, on a boundary the new target must lie within the x4 clamp. Networks that allow
 * min-difficulty blocks permit anything, since bits may legitimately jump there.
 */
export function permittedDifficultyTransition(
  pow: PowParams,
  height: number,
  oldBits: number,
  newBits: number,
): boolean {
  if (pow.allowMinDifficultyBlocks) return true;

  if (height % retargetInterval(pow) === 0) {
    const observed = decodeCompact(newBits).target;
    const largest = boundTarget(oldBits, pow.targetTimespan * 4, pow);
    if (largest < observed) return false;
    const smallest = boundTarget(oldBits, Math.trunc(pow.targetTimespan / 4), pow);
    if (smallest > observed) return false;
    return true;
  }
  return oldBits === newBits;
}
