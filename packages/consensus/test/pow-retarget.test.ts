import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RangeCheckError } from "../src/errors.js";
import type { PowParams } from "../src/params/chain-params.js";
import { decodeCompact, encodeCompact, UINT256_MAX } from "../src/pow/compact.js";
import {
  type AncestorLookup,
  type ChainEntry,
  calculateNextWorkRequired,
  getNextWorkRequired,
  permittedDifficultyTransition,
  retargetInterval,
} from "../src/pow/retarget.js";
import { type FactsNetwork, genesisFacts, powParamsFromFacts } from "./support/pow-params.js";
import { vectorSuite } from "./support/vectors.js";

const LIMIT_BITS = 0x1d00ffff; // pow limit of main, testnet3 and testnet4
const HARD_BITS = 0x1c0ffff0; // a difficulty above the limit (256x harder)
const TIMESPAN = 1_209_600;

/**
 * A synthetic chain: heights 0..bits.length-1, blocks 600 s apart from `start` unless `times`
 * overrides some. The lookup refuses heights outside the chain, so a walk past genesis fails.
 */
function makeChain(
  bits: readonly number[],
  times: Readonly<Record<number, number>> = {},
  start = 1_700_000_000,
): { entries: ChainEntry[]; ancestor: AncestorLookup } {
  const entries = bits.map((b, height) => ({
    height,
    bits: b,
    time: times[height] ?? start + height * 600,
  }));
  const ancestor = (height: number): ChainEntry => {
    const e = entries[height];
    if (e === undefined) throw new Error(`no block at height ${height}`);
    return e;
  };
  return { entries, ancestor };
}

function tipOf(c: { entries: ChainEntry[] }): ChainEntry {
  return c.entries[c.entries.length - 1]!;
}

describe("retarget rules with chainparams-facts.json params", vectorSuite(), () => {
  const pow = (n: FactsNetwork): PowParams => powParamsFromFacts(n);

  test("Core's pow_tests retarget cases on mainnet", () => {
    const main = pow("main");
    const cases: ReadonlyArray<readonly [string, number, number, number, number, number]> = [
      // [name, first block time, tip height, tip time, tip bits, expected]
      ["get_next_work", 1261130161, 32255, 1262152739, 0x1d00ffff, 0x1d00d86a],
      ["get_next_work_pow_limit", 1231006505, 2015, 1233061996, 0x1d00ffff, 0x1d00ffff],
      ["get_next_work_lower_limit_actual", 1279008237, 68543, 1279297671, 0x1c05a3f4, 0x1c0168fd],
      ["get_next_work_upper_limit_actual", 1263163443, 46367, 1269211443, 0x1c387f6f, 0x1d00e1fd],
    ];
    for (const [name, firstTime, height, time, bits, expected] of cases) {
      const tip = { height, time, bits };
      assert.equal(calculateNextWorkRequired(tip, firstTime, bits, main), expected, name);
      assert.ok(permittedDifficultyTransition(main, height + 1, bits, expected), name);
    }
    // One mantissa step past either clamp is not a permitted transition.
    assert.equal(permittedDifficultyTransition(main, 68544, 0x1c05a3f4, 0x1c0168fc), false);
    assert.equal(permittedDifficultyTransition(main, 46368, 0x1c387f6f, 0x1d00e1fe), false);
  });

  test("the x4 clamp bounds both directions, before scaling", () => {
    const main = pow("main");
    const t = decodeCompact(0x1c05a3f4).target;
    const tip = { height: 4031, time: 1_700_000_000, bits: 0x1c05a3f4 };
    const after = (elapsed: number): number =>
      calculateNextWorkRequired(tip, tip.time - elapsed, 0, main);
    // Too fast: at most 4x harder (target / 4), however short the window.
    assert.equal(after(1), 0x1c0168fd);
    assert.equal(after(TIMESPAN / 4 - 1), 0x1c0168fd);
    assert.equal(after(-86_400), 0x1c0168fd, "a negative timespan clamps too");
    assert.equal(after(TIMESPAN / 4), encodeCompact(t / 4n));
    // Too slow: at most 4x easier.
    assert.equal(after(TIMESPAN * 4), 0x1c168fd0);
    assert.equal(after(TIMESPAN * 5), 0x1c168fd0, "5x slower still only 4x easier");
    assert.equal(encodeCompact(t * 4n), 0x1c168fd0);
    // On target: unchanged; in between: proportional, rounded down by the compact encoding.
    assert.equal(after(TIMESPAN), 0x1c05a3f4);
    assert.equal(after(TIMESPAN * 2), encodeCompact(t * 2n));
    assert.equal(after(TIMESPAN + 7), encodeCompact((t * BigInt(TIMESPAN + 7)) / BigInt(TIMESPAN)));
    // Never easier than the pow limit.
    const easy = { ...tip, bits: 0x1d00f000 };
    assert.equal(calculateNextWorkRequired(easy, easy.time - TIMESPAN * 2, 0, main), LIMIT_BITS);
  });

  test("getNextWorkRequired retargets only on boundaries and uses the window's first block", () => {
    const main = pow("main");
    const bits = Array<number>(4033).fill(HARD_BITS);
    // Window 2016..4031 took one week: difficulty doubles at 4032.
    const c = makeChain(bits, { 2016: 1_700_000_000, 4031: 1_700_000_000 + TIMESPAN / 2 });
    const t = decodeCompact(HARD_BITS).target;
    assert.equal(getNextWorkRequired(c.entries[4031]!, c.ancestor, 0, main), encodeCompact(t / 2n));
    // Off a boundary the tip's bits carry over, whatever the timestamps.
    assert.equal(getNextWorkRequired(c.entries[4030]!, c.ancestor, 2_000_000_000, main), HARD_BITS);
    assert.equal(getNextWorkRequired(c.entries[4032]!, c.ancestor, 0, main), HARD_BITS);
    // Mainnet has no min-difficulty exception: a 20-minute gap changes nothing.
    const tip = c.entries[3000]!;
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 1201, main), HARD_BITS);
  });

  test("testnet3 min-difficulty rule: a 20-minute gap allows the pow limit", () => {
    const testnet3 = pow("testnet3");
    const c = makeChain([LIMIT_BITS, ...Array<number>(100).fill(HARD_BITS)]);
    const tip = tipOf(c);
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 1201, testnet3), LIMIT_BITS);
    // Exactly 2 x spacing is not "more than": the real difficulty applies.
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 1200, testnet3), HARD_BITS);
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time - 5000, testnet3), HARD_BITS);
  });

  test("testnet3 min-difficulty rule: without a gap, walk back past min-difficulty blocks", () => {
    const testnet3 = pow("testnet3");
    // 1..100 real difficulty, 101..103 min-difficulty blocks.
    const c = makeChain([
      LIMIT_BITS,
      ...Array<number>(100).fill(HARD_BITS),
      LIMIT_BITS,
      LIMIT_BITS,
      LIMIT_BITS,
    ]);
    const tip = tipOf(c);
    assert.equal(tip.height, 103);
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 600, testnet3), HARD_BITS);
    // The walk stops at a retarget boundary even when that block's bits are the pow limit.
    const b = Array<number>(2020).fill(HARD_BITS);
    b[2016] = LIMIT_BITS; // e.g. a retarget capped at the limit
    b[2017] = LIMIT_BITS;
    b[2018] = LIMIT_BITS;
    b[2019] = LIMIT_BITS;
    const c2 = makeChain(b);
    const tip2 = tipOf(c2);
    assert.equal(getNextWorkRequired(tip2, c2.ancestor, tip2.time + 60, testnet3), LIMIT_BITS);
    // ...and at genesis (height 0 is a boundary); the lookup refuses height -1.
    const c3 = makeChain(Array<number>(6).fill(LIMIT_BITS));
    const tip3 = tipOf(c3);
    assert.equal(getNextWorkRequired(tip3, c3.ancestor, tip3.time + 60, testnet3), LIMIT_BITS);
    // A block with bits other than the limit ends the walk even if easier than its parent.
    const c4 = makeChain([LIMIT_BITS, HARD_BITS, 0x1c7ffff0, LIMIT_BITS]);
    const tip4 = tipOf(c4);
    assert.equal(getNextWorkRequired(tip4, c4.ancestor, tip4.time + 60, testnet3), 0x1c7ffff0);
  });

  test("testnet3: on a boundary the gap rule does not apply, the tip's bits are the base", () => {
    const testnet3 = pow("testnet3");
    const bits = Array<number>(2016).fill(HARD_BITS);
    bits[0] = LIMIT_BITS;
    bits[2015] = LIMIT_BITS; // a min-difficulty block ends the window
    const c = makeChain(bits, { 0: 1_700_000_000, 2015: 1_700_000_000 + TIMESPAN });
    const tip = tipOf(c);
    // Pre-BIP94 the min-difficulty tip resets the difficulty to the limit (the testnet3 bug).
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 99_999, testnet3), LIMIT_BITS);
  });

  test("BIP94 (testnet4): the retarget scales the window's first block bits", () => {
    const testnet4 = pow("testnet4");
    const testnet3 = pow("testnet3");
    assert.equal(testnet4.enforceBip94, true);
    assert.equal(testnet3.enforceBip94, false);
    const bits = Array<number>(4032).fill(HARD_BITS);
    bits[4031] = LIMIT_BITS; // the window's last block is a min-difficulty block
    const c = makeChain(bits, { 2016: 1_700_000_000, 4031: 1_700_000_000 + TIMESPAN });
    const tip = tipOf(c);
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 1, testnet4), HARD_BITS);
    assert.equal(getNextWorkRequired(tip, c.ancestor, tip.time + 1, testnet3), LIMIT_BITS);
    // The explicit argument is what matters, and the clamp still applies.
    assert.equal(calculateNextWorkRequired(tip, tip.time - 1, HARD_BITS, testnet4), 0x1c03fffc);
    assert.equal(calculateNextWorkRequired(tip, tip.time - 1, LIMIT_BITS, testnet4), 0x1c3fffc0);
    // Min-difficulty networks permit any transition (headers pre-sync cannot bound them).
    assert.ok(permittedDifficultyTransition(testnet4, 4032, HARD_BITS, LIMIT_BITS));
    assert.ok(permittedDifficultyTransition(testnet3, 4033, HARD_BITS, LIMIT_BITS));
  });

  test("regtest: no retargeting, 144-block interval, min-difficulty rule", () => {
    const regtest = pow("regtest");
    assert.equal(retargetInterval(regtest), 144);
    const tip = { height: 143, time: 1_700_000_000, bits: 0x1e0fffff };
    // A one-second window would quadruple the difficulty elsewhere; regtest keeps the bits.
    assert.equal(calculateNextWorkRequired(tip, tip.time - 1, 0x1e0fffff, regtest), 0x1e0fffff);
    const c = makeChain([0x207fffff, ...Array<number>(143).fill(0x1e0fffff)]);
    assert.equal(getNextWorkRequired(tipOf(c), c.ancestor, tip.time + 1, regtest), 0x1e0fffff);
    // Off a boundary regtest still has the min-difficulty exception.
    const mid = c.entries[100]!;
    assert.equal(getNextWorkRequired(mid, c.ancestor, mid.time + 1201, regtest), 0x207fffff);
    assert.equal(getNextWorkRequired(mid, c.ancestor, mid.time + 1, regtest), 0x1e0fffff);
    // The same window on a retargeting network would change the bits.
    const fake: PowParams = { ...regtest, noRetargeting: false };
    assert.notEqual(calculateNextWorkRequired(tip, tip.time - 1, 0x1e0fffff, fake), 0x1e0fffff);
  });

  test("permittedDifficultyTransition on mainnet (PermittedDifficultyTransition)", () => {
    const main = pow("main");
    assert.ok(permittedDifficultyTransition(main, 4033, HARD_BITS, HARD_BITS));
    assert.equal(permittedDifficultyTransition(main, 4033, HARD_BITS, HARD_BITS - 1), false);
    const t = decodeCompact(HARD_BITS).target;
    assert.ok(permittedDifficultyTransition(main, 4032, HARD_BITS, encodeCompact(t * 4n)));
    assert.ok(permittedDifficultyTransition(main, 4032, HARD_BITS, encodeCompact(t / 4n)));
    assert.ok(permittedDifficultyTransition(main, 4032, HARD_BITS, HARD_BITS));
    assert.equal(
      permittedDifficultyTransition(main, 4032, HARD_BITS, encodeCompact(t * 5n)),
      false,
    );
    assert.equal(
      permittedDifficultyTransition(main, 4032, HARD_BITS, encodeCompact(t / 5n)),
      false,
    );
    // The bounds are rounded through the compact encoding like a real retarget, so a fully
    // clamped retarget is always permitted: here target / 4 ends in 0x40, which 0x1c0168fd drops.
    for (const old of [0x1c05a3f5, 0x1b0404cb, 0x1a7fffff, 0x17034219]) {
      const tip = { height: 4031, time: 1_700_000_000, bits: old };
      const fastest = calculateNextWorkRequired(tip, tip.time, old, main);
      const slowest = calculateNextWorkRequired(tip, tip.time - TIMESPAN * 4, old, main);
      assert.ok(permittedDifficultyTransition(main, 4032, old, fastest), `x4 harder from ${old}`);
      assert.ok(permittedDifficultyTransition(main, 4032, old, slowest), `x4 easier from ${old}`);
    }
    assert.equal(
      calculateNextWorkRequired({ height: 4031, time: 0, bits: 0x1c05a3f5 }, 0, 0, main),
      0x1c0168fd,
    );
    // The upper bound is capped at the pow limit.
    assert.ok(permittedDifficultyTransition(main, 2016, LIMIT_BITS, LIMIT_BITS));
    assert.equal(permittedDifficultyTransition(main, 2016, LIMIT_BITS, 0x1d010000), false);
    assert.equal(permittedDifficultyTransition(main, 2016, 0x1d00f000, 0x1d00ffff), true);
  });

  test("each network's params are sane (Core's chainparams sanity checks)", () => {
    const networks: FactsNetwork[] = ["main", "testnet3", "testnet4", "signet_default", "regtest"];
    for (const n of networks) {
      const p = pow(n);
      // The genesis block is mined at the pow limit on every built-in network.
      assert.equal(encodeCompact(p.powLimit), genesisFacts(n).bits, n);
      // A retarget (target x 4 x timespan) must not overflow 256 bits.
      if (!p.noRetargeting) {
        assert.ok(p.powLimit < UINT256_MAX / BigInt(p.targetTimespan * 4), n);
      }
    }
  });

  test("bad inputs are refused rather than guessed at", () => {
    const main = pow("main");
    const c = makeChain(Array<number>(2016).fill(LIMIT_BITS));
    const wrong: AncestorLookup = (h) => c.entries[h === 0 ? 1 : h]!;
    assert.throws(() => getNextWorkRequired(tipOf(c), wrong, 0, main), RangeCheckError);
    const bad = { height: -1, time: 0, bits: LIMIT_BITS };
    assert.throws(() => getNextWorkRequired(bad, c.ancestor, 0, main), RangeCheckError);
    assert.throws(
      () => retargetInterval({ ...main, targetSpacing: TIMESPAN + 1 }),
      RangeCheckError,
    );
  });
});
