import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeCompact } from "../src/pow/compact.js";
import { blockProof, difficulty } from "../src/pow/work.js";

test("blockProof is 2^256 / (target + 1) (GetBlockProof)", () => {
  // Genesis bits: Core's chainwork after the genesis block is 0x100010001.
  assert.equal(blockProof(0x1d00ffff), 0x100010001n);
  // regtest's limit: target 0x7fffff << 232, so every block proves 2 hashes.
  assert.equal(blockProof(0x207fffff), 2n);
  for (const bits of [0x1d00ffff, 0x1b04864c, 0x1903a30c, 0x17034219, 0x03123456]) {
    const target = decodeCompact(bits).target;
    assert.equal(blockProof(bits), (1n << 256n) / (target + 1n), `bits 0x${bits.toString(16)}`);
  }
  // Negative, overflowing and zero targets prove nothing.
  assert.equal(blockProof(0x1d80ffff), 0n);
  assert.equal(blockProof(0xff123456), 0n);
  assert.equal(blockProof(0x01003456), 0n);
  assert.equal(blockProof(0), 0n);
});

test("difficulty is relative to 0x1d00ffff as getdifficulty shows it (GetDifficulty)", () => {
  assert.equal(difficulty(0x1d00ffff), 1);
  // Mainnet block 100000: getdifficulty / getblock print 14484.1623612254.
  assert.equal(Number(difficulty(0x1b04864c).toPrecision(15)), 14484.1623612254);
  // The bitcoin wiki's example target.
  assert.ok(Math.abs(difficulty(0x1903a30c) - 1180923195.258026) < 1e-6);
  // Core's blockchain_tests (absolute tolerance 0.00001 there).
  const cases: ReadonlyArray<readonly [number, number]> = [
    [0x1f111111, 0.000001],
    [0x1ef88f6f, 0.000016],
    [0x1df88f6f, 0.004023],
    [0x1cf88f6f, 1.029916],
    [0x12345678, 5.913134931067755e24], // Core writes 5913134931067755359633408.0, the same double
  ];
  for (const [bits, expected] of cases) {
    assert.ok(
      Math.abs(difficulty(bits) - expected) < 0.00001,
      `difficulty(0x${bits.toString(16)}) = ${difficulty(bits)}, want ${expected}`,
    );
  }
  // Harder targets mean higher difficulty; the pow-limit cap of signet is easier than 1.
  assert.ok(difficulty(0x1e0377ae) < 1);
  assert.ok(difficulty(0x17034219) > difficulty(0x1b04864c));
});
