// The nonce kernel against consensus hashing: our compression function and midstate against
// SHA-256, the kernel against sha256d on random headers and targets (including targets that
// tie the hash's top word, which exercises the full comparison), and the real nonces of mainnet
// headers found by scanning around them.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockHash,
  checkProofOfWork,
  decodeHeader,
  encodeHeader,
  hashToBigInt,
  MAIN_PARAMS,
  readWordsBE,
  SHA256_IV,
  sha256,
  sha256Compress,
  sha256d,
  targetFromBits,
  toHex,
  writeWordsBE,
} from "@hashforge/consensus";
import { readVector, reportCases, vectorSuite } from "../../consensus/test/support/vectors.js";
import { MinerError } from "../src/miner-error.js";
import { withNonce } from "../src/mining-job.js";
import {
  hashWork,
  midstate,
  NONCE_SPACE,
  scanNonces,
  targetToWords,
  workFromHeader,
} from "../src/sha256-midstate.js";
import { seededBytes } from "./support/random.js";

/** The first nonce in [start, start + count) meeting `target`, the slow way (consensus sha256d). */
function naiveScan(header: Uint8Array, target: bigint, start: number, count: number) {
  const copy = header.slice();
  const view = new DataView(copy.buffer);
  for (let n = start; n < start + count; n++) {
    view.setUint32(76, n, true);
    const hash = sha256d(copy);
    if (hashToBigInt(hash) <= target) return { nonce: n, hash };
  }
  return null;
}

const isInvalidArgument = (err: unknown): boolean =>
  err instanceof MinerError && err.code === "invalid-argument";

test("midstate + one compression of the padding block equals SHA-256 of 64 bytes", () => {
  const rand = seededBytes(1);
  const w = new Int32Array(64);
  const digest = new Uint8Array(32);
  for (let i = 0; i < 200; i++) {
    const block = rand(64);
    const state = Int32Array.from(midstate(block));
    w.fill(0);
    w[0] = 0x80000000 | 0;
    w[15] = 512;
    sha256Compress(state, w);
    writeWordsBE(state, digest);
    assert.equal(toHex(digest), toHex(sha256(block)), `block ${toHex(block)}`);
  }
});

test("sha256Compress from the IV matches SHA-256 of a 55-byte message (one padded block)", () => {
  const msg = seededBytes(2)(55);
  const block = new Uint8Array(64);
  block.set(msg);
  block[55] = 0x80;
  block[62] = (55 * 8) >> 8; // message length in bits, big-endian
  block[63] = (55 * 8) & 0xff;
  const w = new Int32Array(64);
  readWordsBE(block, w, 16);
  const state = Int32Array.from(SHA256_IV);
  sha256Compress(state, w);
  const digest = new Uint8Array(32);
  writeWordsBE(state, digest);
  assert.equal(toHex(digest), toHex(sha256(msg)));
});

test("hashWork equals consensus sha256d on 1000 random headers and nonces", () => {
  const rand = seededBytes(3);
  for (let i = 0; i < 1000; i++) {
    const header = rand(80);
    const nonce = new DataView(rand(4).buffer).getUint32(0, true);
    const expected = sha256d(withNonce(header, nonce));
    assert.equal(toHex(hashWork(workFromHeader(header), nonce)), toHex(expected), `case ${i}`);
  }
});

test("scanNonces finds the same first nonce as a sha256d loop on random headers", () => {
  const rand = seededBytes(4);
  let hits = 0;
  for (let i = 0; i < 300; i++) {
    const header = rand(80);
    // Targets from 2^255 down to 2^240: from every nonce a hit to none in the window.
    const target = (1n << BigInt(240 + (i % 16))) - 1n + BigInt(i);
    const start = i === 0 ? NONCE_SPACE - 300 : i * 1000;
    const expected = naiveScan(header, target, start, 300);
    const got = scanNonces(workFromHeader(header), target, start, 300);
    assert.deepEqual(
      got && { nonce: got.nonce, hash: toHex(got.hash) },
      expected && {
        nonce: expected.nonce,
        hash: toHex(expected.hash),
      },
    );
    if (got) hits++;
  }
  assert.ok(hits > 100 && hits < 300, `expected a mix of hits and misses, got ${hits}/300`);
});

test("a target equal to a hash accepts it, one below rejects it (ties on the top word)", () => {
  const rand = seededBytes(5);
  for (let i = 0; i < 50; i++) {
    const header = rand(80);
    const nonce = 1000 + i;
    const value = hashToBigInt(sha256d(withNonce(header, nonce)));
    const work = workFromHeader(header);
    assert.equal(scanNonces(work, value, nonce, 1)?.nonce, nonce, "hash == target meets it");
    assert.equal(scanNonces(work, value - 1n, nonce, 1), null, "hash == target + 1 misses");
    // Same top word, lower bits below the hash: the kernel's candidate is rejected in full.
    const tieTarget = (value >> 224n) << 224n;
    if (tieTarget < value) assert.equal(scanNonces(work, tieTarget, nonce, 1), null);
  }
});

test("scanNonces covers the end of the nonce space and the extreme targets", () => {
  const header = seededBytes(6)(80);
  const work = workFromHeader(header);
  const max = (1n << 256n) - 1n;
  assert.equal(scanNonces(work, max, NONCE_SPACE - 1, 1)?.nonce, NONCE_SPACE - 1);
  assert.equal(scanNonces(work, max, 7, 10)?.nonce, 7);
  assert.equal(scanNonces(work, 0n, 0, 5000), null);
  assert.equal(scanNonces(work, max, 0, 0), null);
  assert.equal(scanNonces(work, targetToWords(max), 9, 1)?.nonce, 9);
});

test("scanNonces and midstate reject invalid arguments", () => {
  const work = workFromHeader(new Uint8Array(80));
  assert.throws(() => scanNonces(work, 1n, -1, 1), isInvalidArgument);
  assert.throws(() => scanNonces(work, 1n, 1.5, 1), isInvalidArgument);
  assert.throws(() => scanNonces(work, 1n, NONCE_SPACE, 1), isInvalidArgument);
  assert.throws(() => scanNonces(work, 1n, NONCE_SPACE - 1, 2), /count: must be an integer/);
  assert.throws(() => scanNonces(work, -1n, 0, 1), isInvalidArgument);
  assert.throws(() => scanNonces(work, 1n << 256n, 0, 1), isInvalidArgument);
  assert.throws(() => scanNonces(work, new Uint32Array(7), 0, 1), isInvalidArgument);
  assert.throws(
    () => scanNonces({ midstate: new Uint32Array(7), tail: work.tail }, 1n, 0, 1),
    isInvalidArgument,
  );
  assert.throws(
    () => scanNonces({ midstate: work.midstate, tail: new Uint8Array(11) }, 1n, 0, 1),
    isInvalidArgument,
  );
  assert.throws(() => midstate(new Uint8Array(63)), isInvalidArgument);
  assert.throws(
    () => workFromHeader(new Uint8Array(79)),
    /header: must be 80 bytes \(got 79 bytes\)/,
  );
});

test(
  "mainnet headers: the real nonce is found by scanning a window around it",
  vectorSuite(),
  (t) => {
    const raw = readVector("headers", "main-0-10236.bin");
    const count = raw.length / 80;
    assert.equal(count, 10237);
    // Blocks 1..10, then every 250th header to the end of the file.
    const heights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (let h = 250; h < count; h += 250) heights.push(h);
    const failures: string[] = [];
    for (const height of heights) {
      const bytes = raw.slice(height * 80, height * 80 + 80);
      const header = decodeHeader(bytes);
      const start = Math.max(0, Math.min(header.nonce - 3000, NONCE_SPACE - 6000));
      // A scrambled nonce field in the input: the search must not depend on it.
      const template = encodeHeader({ ...header, nonce: 0x5a5a5a5a });
      const target = targetFromBits(header.bits, MAIN_PARAMS.pow.powLimit);
      assert.ok(target !== null);
      const hit = scanNonces(workFromHeader(template), target, start, 6000);
      const expectedHash = blockHash(header);
      if (hit === null) failures.push(`height ${height}: no nonce found, expected ${header.nonce}`);
      else if (hit.nonce !== header.nonce)
        failures.push(`height ${height}: found ${hit.nonce}, expected ${header.nonce}`);
      else if (toHex(hit.hash) !== toHex(expectedHash))
        failures.push(`height ${height}: hash ${toHex(hit.hash)} != ${toHex(expectedHash)}`);
      else if (!checkProofOfWork(hit.hash, header.bits, MAIN_PARAMS.pow.powLimit))
        failures.push(`height ${height}: checkProofOfWork rejects the found hash`);
    }
    reportCases(t, "mainnet header nonces", heights.length, failures);
  },
);
