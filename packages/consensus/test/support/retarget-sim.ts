// A synthetic-hashrate chain for watching a network's retarget: block times come from the work
// each block needs and the hashrate mining it, and nBits from consensus getNextWorkRequired.
import type { PowParams } from "../../src/params/chain-params.js";
import { medianTimePast } from "../../src/pow/median-time.js";
import { type ChainEntry, getNextWorkRequired, retargetInterval } from "../../src/pow/retarget.js";
import { blockProof } from "../../src/pow/work.js";

/** A stretch of mining at one hashrate. */
export interface SimPhase {
  /** Hashes per second of everyone mining. */
  readonly hashrate: number;
  readonly blocks: number;
}

/** A simulated block: what the chain records plus when it was really found. */
export interface SimBlock extends ChainEntry {
  /** Wall-clock time the block was found (fractional seconds); `time` is its header time. */
  readonly foundAt: number;
  /** Expected hashes of its bits (Core's GetBlockProof). */
  readonly work: number;
}

/** One retarget window of a simulated chain. */
export interface SimWindow {
  /**
   * Index of the window: heights index*interval .. (index+1)*interval - 1, which share one nBits
   * (window 0 starts at height 1).
   */
  readonly index: number;
  /** Mean wall-clock seconds between its blocks. */
  readonly meanInterval: number;
  /** Its blocks' bits (without min-difficulty blocks, bits only change on boundaries). */
  readonly bits: number;
  /** Wall-clock seconds from the first simulated block's start to this window's last block. */
  readonly elapsed: number;
  /** Hashrate during its last block. */
  readonly hashrate: number;
}

/** Options of {@link simulateRetarget}. */
export interface SimOptions {
  /** Wall-clock time mining starts (the genesis block is older; default genesis time + 1 day). */
  readonly start?: number;
  /**
   * Source of uniform [0, 1) numbers: block times are then exponential with the expected time
   * as mean (Poisson block discovery). Without it every block takes exactly the expected time.
   */
  readonly random?: () => number;
}

/**
 * Mines `phases` on top of a genesis block with `genesisBits` at `genesisTime`. Each block's bits
 * are `getNextWorkRequired`'s answer; it takes blockProof(bits) / hashrate seconds (or an
 * exponential draw with that mean), and its header time is what a miner would write: the wall
 * clock in whole seconds, but at least median time past + 1 (Core's `time-too-old` rule), so
 * sub-second blocks push header times ahead of the clock as on a real fresh chain.
 */
export function simulateRetarget(
  pow: PowParams,
  genesisBits: number,
  genesisTime: number,
  phases: readonly SimPhase[],
  options: SimOptions = {},
): { blocks: SimBlock[]; windows: SimWindow[] } {
  const start = options.start ?? genesisTime + 86_400;
  const blocks: SimBlock[] = [
    { height: 0, bits: genesisBits, time: genesisTime, foundAt: genesisTime, work: 0 },
  ];
  const ancestor = (height: number): ChainEntry => {
    const b = blocks[height];
    if (b === undefined) throw new Error(`no simulated block at height ${height}`);
    return b;
  };
  const rates: number[] = [0];
  let clock = start;
  for (const phase of phases) {
    for (let i = 0; i < phase.blocks; i++) {
      const tip = blocks[blocks.length - 1]!;
      const bits = getNextWorkRequired(tip, ancestor, Math.floor(clock), pow);
      const work = Number(blockProof(bits));
      const draw = options.random ? -Math.log(1 - options.random()) : 1;
      clock += (work / phase.hashrate) * draw;
      const mtp = medianTimePast(blocks.slice(-11).map((b) => b.time));
      const time = Math.max(Math.floor(clock), mtp + 1);
      blocks.push({ height: tip.height + 1, bits, time, foundAt: clock, work });
      rates.push(phase.hashrate);
    }
  }
  const interval = retargetInterval(pow);
  const windows: SimWindow[] = [];
  for (let w = 0; (w + 1) * interval <= blocks.length; w++) {
    const lo = Math.max(1, w * interval); // genesis was not mined here
    const hi = (w + 1) * interval - 1;
    const before = lo === 1 ? start : blocks[lo - 1]!.foundAt;
    windows.push({
      index: w,
      meanInterval: (blocks[hi]!.foundAt - before) / (hi - lo + 1),
      bits: blocks[lo]!.bits,
      elapsed: blocks[hi]!.foundAt - start,
      hashrate: rates[hi]!,
    });
  }
  return { blocks, windows };
}
