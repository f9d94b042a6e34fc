// mineBlockHeader: the single-threaded "find one block now" search.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  checkProofOfWork,
  encodeHeader,
  hashToBigInt,
  hashToHex,
  hexToHash,
  MAIN_PARAMS,
  REGTEST_PARAMS,
  sha256d,
  targetFromBits,
} from "@hashforge/consensus";
import { mineBlockHeader } from "../src/cpu-miner.js";
import { MinerError } from "../src/miner-error.js";
import { withNonce } from "../src/mining-job.js";
import { seededBytes } from "./support/random.js";

test("regtest genesis: from nonce 0 a valid block, from nonce 2 exactly Core's genesis", () => {
  const genesis = REGTEST_PARAMS.genesisHeader;
  const powLimit = REGTEST_PARAMS.pow.powLimit;
  const target = targetFromBits(genesis.bits, powLimit);
  assert.ok(target !== null);
  // Regtest's target passes about every other hash, so Core's nonce 2 is not the first one.
  const template = encodeHeader({ ...genesis, nonce: 0x12345678 });
  const mined = mineBlockHeader(template, target);
  assert.ok(mined);
  assert.equal(mined.nonce, 0);
  assert.ok(checkProofOfWork(mined.hash, genesis.bits, powLimit));
  const fromTwo = mineBlockHeader(template, target, { startNonce: 2 });
  assert.equal(fromTwo?.tries, 1);
  assert.equal(hashToHex(fromTwo!.hash), REGTEST_PARAMS.genesisHash);
  assert.deepEqual(fromTwo!.header, encodeHeader(genesis));
});

test("mainnet block 1: mining from 2000 nonces before its nonce finds it", () => {
  const block1 = {
    version: 1,
    prevBlock: hexToHash("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"),
    merkleRoot: hexToHash("0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098"),
    time: 1231469665,
    bits: 0x1d00ffff,
    nonce: 2573394689,
  };
  const target = targetFromBits(block1.bits, MAIN_PARAMS.pow.powLimit);
  assert.ok(target !== null);
  const mined = mineBlockHeader(encodeHeader({ ...block1, nonce: 0 }), target, {
    startNonce: block1.nonce - 2000,
  });
  assert.equal(mined?.nonce, block1.nonce);
  assert.equal(mined?.tries, 2001);
  assert.equal(
    hashToHex(mined!.hash),
    "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048",
  );
});

test("the first nonce meeting the target wins; maxTries bounds the search", () => {
  const rand = seededBytes(11);
  const target = 1n << 248n; // about one hash in 256
  for (let i = 0; i < 10; i++) {
    const header = rand(80);
    let expected = 0;
    while (hashToBigInt(sha256d(withNonce(header, expected))) > target) expected++;
    const mined = mineBlockHeader(header, target, { maxTries: 100_000 });
    assert.ok(mined);
    assert.equal(mined.nonce, expected);
    assert.deepEqual(mined.hash, sha256d(mined.header));
    assert.equal(mineBlockHeader(header, target, { maxTries: expected }), null);
    assert.equal(mineBlockHeader(header, target, { maxTries: expected + 1 })?.nonce, expected);
  }
  assert.equal(mineBlockHeader(rand(80), 0n, { maxTries: 1000 }), null);
});

test("mineBlockHeader rejects invalid arguments", () => {
  const bad = (e: unknown) => e instanceof MinerError && e.code === "invalid-argument";
  const header = new Uint8Array(80);
  assert.throws(() => mineBlockHeader(new Uint8Array(79), 1n), bad);
  assert.throws(() => mineBlockHeader(header, -1n), bad);
  assert.throws(() => mineBlockHeader(header, 1n, { maxTries: -1 }), bad);
  assert.throws(() => mineBlockHeader(header, 1n, { maxTries: 0.5 }), /maxTries/);
  assert.throws(() => mineBlockHeader(header, 1n, { startNonce: 2 ** 32 }), /startNonce/);
});
