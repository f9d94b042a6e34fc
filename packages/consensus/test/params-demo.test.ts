// The built-in demo network: its mined genesis, its parameters, and a simulation showing its
// ordinary retarget takes a fresh one-CPU chain from sub-second blocks to ~10 s and back.
import assert from "node:assert/strict";
import { type TestContext, test } from "node:test";
import { blockHash } from "../src/block/header.js";
import { bytesEqual } from "../src/bytes/equal.js";
import { hashToHex } from "../src/bytes/hex.js";
import { type DeploymentName, isDeploymentActive } from "../src/params/chain-params.js";
import { parseCustomNetwork } from "../src/params/custom-network.js";
import { DEPLOYMENT_NAMES } from "../src/params/custom-network-json.js";
import { DEMO_PARAMS } from "../src/params/demo.js";
import { buildGenesisBlock } from "../src/params/genesis.js";
import { BUILTIN_NETWORKS, chainParamsByName } from "../src/params/registry.js";
import { serializeCustomNetwork } from "../src/params/serialize-custom-network.js";
import { checkProofOfWork } from "../src/pow/check-pow.js";
import { decodeCompact, encodeCompact } from "../src/pow/compact.js";
import { MAX_FUTURE_BLOCK_TIME } from "../src/pow/median-time.js";
import { retargetInterval } from "../src/pow/retarget.js";
import { blockProof } from "../src/pow/work.js";
import { blockSubsidy } from "../src/subsidy.js";
import { mineGenesis } from "./support/mine-genesis.js";
import { seededRandom } from "./support/prng.js";
import { type SimWindow, simulateRetarget } from "./support/retarget-sim.js";

const P = DEMO_PARAMS;
/** Hashes per second of one CPU thread of our miner, the figure the demo is tuned for. */
const ONE_CPU = 1_000_000;
/**
 * The interval the retarget settles at: Core measures a window from its first to its last block,
 * interval - 1 block gaps, against interval x spacing, so blocks settle at 200/19 s, not 10 s.
 */
const SETTLED = P.pow.targetTimespan / (retargetInterval(P.pow) - 1);

test("demo genesis rebuilds to its hash, meets its target, and was the first nonce from 0", () => {
  const block = buildGenesisBlock(P);
  const hash = blockHash(block.header);
  assert.equal(hashToHex(hash), P.genesisHash);
  assert.ok(bytesEqual(block.header.merkleRoot, P.genesisHeader.merkleRoot));
  assert.ok(checkProofOfWork(hash, P.genesisHeader.bits, P.pow.powLimit));
  // The genesis starts at the pow limit, so the first blocks are as easy as the chain allows.
  assert.equal(P.genesisHeader.bits, encodeCompact(P.pow.powLimit));
  const { scriptSig, scriptPubKey, reward } = P.genesisCoinbase;
  const mined = mineGenesis(
    { ...P.genesisHeader, nonce: 0, scriptSig, scriptPubKey, reward },
    P.pow.powLimit,
    P.genesisHeader.nonce + 1,
  );
  assert.deepEqual(mined, {
    nonce: P.genesisHeader.nonce,
    hash: P.genesisHash,
    merkleRoot: hashToHex(P.genesisHeader.merkleRoot),
  });
  assert.match(new TextDecoder().decode(scriptSig), /hashforge demo network/);
  // A nonce short of the recorded one does not meet the target: the test can fail.
  const header = { ...block.header, nonce: P.genesisHeader.nonce - 1 };
  assert.equal(checkProofOfWork(blockHash(header), header.bits, P.pow.powLimit), false);
});

test("demo parameters: 10 s blocks, 20-block retarget, 150-block halvings, forks from 1", () => {
  assert.equal(chainParamsByName("demo"), P);
  assert.equal(BUILTIN_NETWORKS.demo, P);
  assert.equal(P.pow.targetSpacing, 10);
  assert.equal(P.pow.targetTimespan, 200);
  assert.equal(retargetInterval(P.pow), 20);
  assert.equal(P.pow.noRetargeting, false);
  assert.equal(P.pow.allowMinDifficultyBlocks, false);
  assert.equal(P.subsidyHalvingInterval, 150);
  assert.equal(blockSubsidy(149, P), 5_000_000_000n);
  assert.equal(blockSubsidy(150, P), 2_500_000_000n);
  for (const name of DEPLOYMENT_NAMES) {
    assert.equal(isDeploymentActive(P, name as DeploymentName, 1), true, name);
  }
  assert.equal(isDeploymentActive(P, "bip34", 0), false);
  assert.equal(P.bech32Hrp, "hfd");
  // Genesis-difficulty work: 2^16 hashes, well under a second on one CPU thread.
  assert.equal(blockProof(P.genesisHeader.bits), 65_537n);
  assert.ok(Number(blockProof(P.genesisHeader.bits)) / ONE_CPU < 0.1);
  for (const other of Object.values(BUILTIN_NETWORKS)) {
    if (other === P) continue;
    assert.ok(!bytesEqual(other.messageStart, P.messageStart), other.name);
    assert.notEqual(other.defaultPort, P.defaultPort, other.name);
    assert.notEqual(other.rpcPort, P.rpcPort, other.name);
  }
  // As a custom definition it passes every loader check (hrp shadowing, supply, genesis pow).
  const copy = parseCustomNetwork({
    ...serializeCustomNetwork(P),
    name: "demo-copy",
    magic: "e8e6e4fe",
  });
  assert.deepEqual(copy, { ...P, name: "demo-copy", messageStart: copy.messageStart });
});

/** One diagnostic line per window (the runner escapes newlines inside one diagnostic). */
function describeWindows(t: TestContext, title: string, windows: readonly SimWindow[]): void {
  t.diagnostic(title);
  for (const w of windows) {
    const hashes = Number(blockProof(w.bits));
    t.diagnostic(
      `  window ${String(w.index).padStart(2)}  ${(w.hashrate / 1e6).toFixed(1)} MH/s  bits ${w.bits.toString(16)}  ${hashes.toExponential(2)} hashes/block  ${w.meanInterval.toFixed(2).padStart(6)} s/block  t=${(w.elapsed / 60).toFixed(1)} min${w.bits === encodeCompact(P.pow.powLimit) ? "  (pow limit)" : ""}`,
    );
  }
}

test("demo retarget: 1 MH/s settles near 10 s within minutes, and relaxes after a 10x drop", (t) => {
  const phases = [
    { hashrate: ONE_CPU, blocks: 400 },
    { hashrate: ONE_CPU / 10, blocks: 200 },
  ];
  const { blocks, windows } = simulateRetarget(
    P.pow,
    P.genesisHeader.bits,
    P.genesisHeader.time,
    phases,
  );
  describeWindows(t, "demo network, expected block times, 1 MH/s then 0.1 MH/s:", windows);
  assert.equal(windows.length, 30);
  assert.ok(windows[0]!.meanInterval < 0.1, "a fresh chain starts with sub-second blocks");
  const settled = windows.findIndex((w) => Math.abs(w.meanInterval - SETTLED) < 1);
  assert.ok(settled >= 3 && settled <= 6, `settled in window ${settled}`);
  assert.ok(windows[settled]!.elapsed < 10 * 60, "a few minutes of demo time");
  t.diagnostic(
    `settled: window ${settled} (${windows[settled]!.meanInterval.toFixed(2)} s/block), ${(windows[settled - 1]!.elapsed / 60).toFixed(1)} min after mining started`,
  );
  for (const w of windows.slice(settled, 20)) {
    assert.ok(Math.abs(w.meanInterval - SETTLED) < 0.5, `window ${w.index}: ${w.meanInterval}`);
  }
  // Difficulty only rose on the way up, by at most x4 a window (Core's clamp).
  for (let i = 1; i <= settled; i++) {
    const before = decodeCompact(windows[i - 1]!.bits).target;
    const after = decodeCompact(windows[i]!.bits).target;
    assert.ok(after <= before && after * 5n > before, `window ${i}`);
  }
  // Miners leave: the window in progress is slow, then the target rises back within two windows.
  assert.ok(windows[20]!.meanInterval > 50);
  const relaxed = windows.findIndex((w, i) => i > 20 && Math.abs(w.meanInterval - SETTLED) < 1);
  assert.ok(relaxed > 20 && relaxed <= 23, `relaxed in window ${relaxed}`);
  assert.ok(decodeCompact(windows[relaxed]!.bits).target > decodeCompact(windows[19]!.bits).target);
  for (const w of windows.slice(relaxed)) {
    assert.ok(Math.abs(w.meanInterval - SETTLED) < 0.5, `window ${w.index}: ${w.meanInterval}`);
  }
  // Sub-second blocks push header times ahead of the clock (median-time-past + 1), but only by
  // seconds: nowhere near Core's two-hour future limit.
  const ahead = Math.max(...blocks.map((b) => b.time - b.foundAt));
  assert.ok(ahead > 0 && ahead < 60, `header times ran ${ahead} s ahead of the clock`);
  assert.ok(ahead < MAX_FUTURE_BLOCK_TIME);
});

test("demo retarget with Poisson block times (seeded) and a 3 MH/s miner", (t) => {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const random = simulateRetarget(
    P.pow,
    P.genesisHeader.bits,
    P.genesisHeader.time,
    [
      { hashrate: ONE_CPU, blocks: 400 },
      { hashrate: ONE_CPU / 10, blocks: 200 },
    ],
    { random: seededRandom(1) },
  ).windows;
  const fast = simulateRetarget(P.pow, P.genesisHeader.bits, P.genesisHeader.time, [
    { hashrate: 3 * ONE_CPU, blocks: 400 },
  ]).windows;
  describeWindows(t, "seeded Poisson block times, 1 MH/s then 0.1 MH/s:", random);
  describeWindows(t, "expected block times, 3 MH/s:", fast.slice(0, 8));
  const up = median(random.slice(8, 20).map((w) => w.meanInterval));
  const down = median(random.slice(23, 30).map((w) => w.meanInterval));
  assert.ok(up > 8 && up < 13, `median window at 1 MH/s: ${up}`);
  assert.ok(down > 8 && down < 13, `median window at 0.1 MH/s: ${down}`);
  const settled = fast.findIndex((w) => Math.abs(w.meanInterval - SETTLED) < 1);
  assert.ok(settled >= 3 && settled <= 7, `3 MH/s settled in window ${settled}`);
  assert.ok(fast[settled]!.elapsed < 10 * 60);
});
