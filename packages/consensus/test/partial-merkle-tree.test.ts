// BIP37 partial merkle trees on synthetic txids: Core's pmt_tests (random subsets, size bound,
// damaged hashes, the CVE-2012-2459 malleability case) and every way ExtractMatches refuses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { merkleRoot } from "../src/block/merkle.js";
import {
  buildPartialMerkleTree,
  type ExtractMatchesResult,
  extractMatches,
  MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS,
  type PartialMerkleTree,
  type PartialMerkleTreeFailureCode,
  readPartialMerkleTree,
  writePartialMerkleTree,
} from "../src/block/partial-merkle-tree.js";
import { bytesEqual } from "../src/bytes/equal.js";
import { ByteReader } from "../src/bytes/reader.js";
import { ByteWriter } from "../src/bytes/writer.js";
import { DecodeError, RangeCheckError } from "../src/errors.js";
import { sha256d } from "../src/hash.js";
import { seededRandom } from "./support/prng.js";

/** `n` distinct txid-like hashes. */
function fakeTxids(n: number, salt = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const pre = new Uint8Array(8);
    new DataView(pre.buffer).setUint32(0, i, true);
    new DataView(pre.buffer).setUint32(4, salt, true);
    return sha256d(pre);
  });
}

/** Core's ArithToUint256(n) for small n: n little-endian in the first bytes. */
function arith(n: number): Uint8Array {
  const h = new Uint8Array(32);
  h[0] = n;
  return h;
}

function encodeTree(tree: PartialMerkleTree): Uint8Array {
  const w = new ByteWriter();
  writePartialMerkleTree(w, tree);
  return w.finish().slice();
}

function decodeTree(bytes: Uint8Array): PartialMerkleTree {
  const r = new ByteReader(bytes);
  const tree = readPartialMerkleTree(r);
  r.expectEnd("partial merkle tree");
  return tree;
}

function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const pre = new Uint8Array(64);
  pre.set(a);
  pre.set(b, 32);
  return sha256d(pre);
}

function expectFailure(result: ExtractMatchesResult, code: PartialMerkleTreeFailureCode): void {
  assert.equal(result.ok, false, `expected ${code}, got a root`);
  if (!result.ok) assert.equal(result.code, code, result.message);
}

function expectOk(result: ExtractMatchesResult): Extract<ExtractMatchesResult, { ok: true }> {
  if (!result.ok) assert.fail(`extractMatches refused: ${result.code} ${result.message}`);
  return result;
}

/** The same proof: both accepted with the same root and the same matches. */
function sameOutcome(a: ExtractMatchesResult, b: ExtractMatchesResult): boolean {
  if (!a.ok || !b.ok) return false;
  return (
    bytesEqual(a.root, b.root) &&
    a.matches.length === b.matches.length &&
    a.matches.every(
      (m, i) => m.index === b.matches[i]!.index && bytesEqual(m.txid, b.matches[i]!.txid),
    )
  );
}

function withFlagFlipped(tree: PartialMerkleTree, bit: number): PartialMerkleTree {
  const flags = tree.flags.slice();
  flags[bit >> 3]! ^= 1 << (bit & 7);
  return { ...tree, flags };
}

test("hand-built trees: walk order, flag bits LSB first, hashes", () => {
  const [t0, t1, t2] = fakeTxids(3) as [Uint8Array, Uint8Array, Uint8Array];
  // Three leaves, match #2: root(1) -> left node over 0,1 (0, its hash) -> right node over 2 (1)
  // -> leaf 2 (1, its txid); the right node has no right child at an odd level.
  const tree = buildPartialMerkleTree([t0, t1, t2], [false, false, true]);
  assert.equal(tree.txCount, 3);
  assert.deepEqual(tree.flags, Uint8Array.of(0b1101));
  assert.equal(tree.hashes.length, 2);
  assert.ok(bytesEqual(tree.hashes[0]!, hashPair(t0, t1)));
  assert.ok(bytesEqual(tree.hashes[1]!, t2));
  const got = expectOk(extractMatches(tree));
  assert.ok(bytesEqual(got.root, hashPair(hashPair(t0, t1), hashPair(t2, t2))));
  assert.deepEqual(got.matches, [{ txid: t2, index: 2 }]);

  // One transaction: the root is the txid; one bit, matched or not.
  const one = buildPartialMerkleTree([t0], [true]);
  assert.deepEqual(one.flags, Uint8Array.of(1));
  assert.deepEqual(expectOk(extractMatches(one)).matches, [{ txid: t0, index: 0 }]);
  const none = buildPartialMerkleTree([t0], [false]);
  assert.deepEqual(none.flags, Uint8Array.of(0));
  const noneOut = expectOk(extractMatches(none));
  assert.ok(bytesEqual(noneOut.root, t0));
  assert.deepEqual(noneOut.matches, []);

  // Nine leaves, all matched: 1 + 2 + 4 + 8 + ... nodes; exact bit count and byte packing.
  const nine = fakeTxids(9);
  const all = buildPartialMerkleTree(
    nine,
    nine.map(() => true),
  );
  // Heights 4..0 visit 1, 2, 3, 5, 9 nodes = 20 bits, all set, in 3 bytes.
  assert.deepEqual(all.flags, Uint8Array.of(0xff, 0xff, 0x0f));
  assert.equal(all.hashes.length, 9);
  assert.deepEqual(
    expectOk(extractMatches(all)).matches.map((m) => m.index),
    [0, 1, 2, 3, 4, 5, 6, 7, 8],
  );
});

test("Core pmt_test1: random subsets build, serialize, extract and resist damage", () => {
  const counts = [1, 4, 7, 17, 56, 100, 127, 256, 312, 513, 1000, 4095];
  const rand = seededRandom(0x7e57);
  let cases = 0;
  for (const nTx of counts) {
    const txids = fakeTxids(nTx, nTx);
    const root = merkleRoot(txids).root;
    // Core's size-bound height: leaves count as one level.
    let height = 1;
    for (let w = nTx; w > 1; w = Math.ceil(w / 2)) height++;
    // Inclusion chances 1, 1/2, 1/4, ..., 1/128.
    for (let att = 1; att < 15; att++) {
      const mask = (1 << (att >> 1)) - 1;
      const matches = txids.map(() => (Math.floor(rand() * 2 ** 32) & mask) === 0);
      const chosen = txids.flatMap((txid, index) => (matches[index] ? [{ txid, index }] : []));
      const built = buildPartialMerkleTree(txids, matches);
      const bytes = encodeTree(built);
      const leaves = Math.min(nTx, 1 + chosen.length * height);
      assert.ok(bytes.length <= 10 + Math.ceil((258 * leaves) / 8), `size bound for ${nTx}`);
      const tree = decodeTree(bytes);
      assert.deepEqual(tree, built);
      assert.deepEqual(encodeTree(tree), bytes);
      const got = expectOk(extractMatches(tree));
      assert.ok(bytesEqual(got.root, root), `root for ${nTx} txs, attempt ${att}`);
      assert.deepEqual(got.matches, chosen);
      // Flipping one bit of one hash breaks the authentication.
      for (let j = 0; j < 4; j++) {
        const hashes = tree.hashes.map((h) => h.slice());
        const bit = Math.floor(rand() * 256);
        hashes[Math.floor(rand() * hashes.length)]![bit >> 3]! ^= 1 << (bit & 7);
        const damaged = extractMatches({ ...tree, hashes });
        assert.ok(!damaged.ok || !bytesEqual(damaged.root, root), "damaged hash kept the root");
      }
      cases++;
    }
  }
  assert.equal(cases, counts.length * 14);
});

test("every flag bit the walk reads matters; only the last byte's padding is free", () => {
  const rand = seededRandom(0xf1a6);
  for (const nTx of [1, 2, 3, 5, 8, 13, 31, 64, 101]) {
    const txids = fakeTxids(nTx, 1000 + nTx);
    for (let att = 0; att < 6; att++) {
      const tree = buildPartialMerkleTree(
        txids,
        txids.map(() => rand() < 0.3),
      );
      const original = extractMatches(tree);
      expectOk(original);
      const total = tree.flags.length * 8;
      const unchanged: number[] = [];
      for (let bit = 0; bit < total; bit++) {
        if (sameOutcome(original, extractMatches(withFlagFlipped(tree, bit)))) unchanged.push(bit);
      }
      // The bits nobody reads are a tail of the last byte, and the builder left them zero.
      const firstPadding = unchanged[0] ?? total;
      assert.ok(firstPadding > total - 8, `${nTx} txs: bit ${firstPadding} is ignored`);
      assert.deepEqual(
        unchanged,
        Array.from({ length: total - firstPadding }, (_, i) => firstPadding + i),
      );
      for (const bit of unchanged) assert.equal((tree.flags[bit >> 3]! >> (bit & 7)) & 1, 0);
    }
  }
});

test("Core pmt_malleability: duplicated txids 9,10 at the end are refused (CVE-2012-2459)", () => {
  const txids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 10].map(arith);
  const matches = [false, false, false, false, false, false, false, false, false, true, true];
  matches.push(false);
  const tree = buildPartialMerkleTree(txids, matches);
  expectFailure(extractMatches(tree), "duplicate-subtree");

  // The same leaves without the duplicates' match flags: the identical subtree is summarized by
  // one hash, there is nothing to compare, and the walk is accepted (as in Core).
  const unmatched = buildPartialMerkleTree(
    txids,
    txids.map((_, i) => i === 0),
  );
  expectOk(extractMatches(unmatched));
});

test("identical left and right children are refused only when the right one was provided", () => {
  const [a, b] = fakeTxids(2) as [Uint8Array, Uint8Array];
  // Two leaves, both matched, but the same hash given twice.
  const forged: PartialMerkleTree = { txCount: 2, hashes: [a, a], flags: Uint8Array.of(0b111) };
  expectFailure(extractMatches(forged), "duplicate-subtree");
  const honest: PartialMerkleTree = { txCount: 2, hashes: [a, b], flags: Uint8Array.of(0b111) };
  expectOk(extractMatches(honest));
  // Three leaves: the lone third leaf is paired with itself by the tree, which is not a forgery.
  const three = buildPartialMerkleTree([a, b, arith(7)], [false, false, true]);
  expectOk(extractMatches(three));
  // Two identical inner nodes: leaves 0,1 and 2,3 carry the same pair.
  const inner: PartialMerkleTree = {
    txCount: 4,
    hashes: [a, b, a, b],
    flags: Uint8Array.of(0b1111111),
  };
  expectFailure(extractMatches(inner), "duplicate-subtree");
});

test("extractMatches refuses every malformed tree with its reason, in Core's order", () => {
  const txids = fakeTxids(8, 77);
  const [h0, h1] = txids as [Uint8Array, Uint8Array];

  expectFailure(
    extractMatches({ txCount: 0, hashes: [], flags: new Uint8Array() }),
    "no-transactions",
  );
  // The count is checked first, even when the rest is also wrong.
  expectFailure(
    extractMatches({ txCount: 0, hashes: [h0, h1], flags: new Uint8Array() }),
    "no-transactions",
  );

  const limit = MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS;
  assert.equal(limit, 16666);
  const big = fakeTxids(limit, 5);
  const atLimit = buildPartialMerkleTree(
    big,
    big.map((_, i) => i === 0 || i === limit - 1),
  );
  const atLimitOut = expectOk(extractMatches(atLimit));
  assert.ok(bytesEqual(atLimitOut.root, merkleRoot(big).root));
  assert.deepEqual(
    atLimitOut.matches.map((m) => m.index),
    [0, limit - 1],
  );
  expectFailure(extractMatches({ ...atLimit, txCount: limit + 1 }), "too-many-transactions");
  expectFailure(extractMatches({ ...atLimit, txCount: 0xffffffff }), "too-many-transactions");

  expectFailure(
    extractMatches({ txCount: 1, hashes: [h0, h1], flags: Uint8Array.of(1) }),
    "too-many-hashes",
  );
  // Nine hashes need nine nodes; one flag byte holds only eight bits.
  expectFailure(
    extractMatches({ txCount: 16, hashes: fakeTxids(9), flags: Uint8Array.of(0xff) }),
    "not-enough-bits",
  );

  // All eight matched: 15 nodes, so 15 bits in 2 bytes and 8 hashes.
  const full = buildPartialMerkleTree(
    txids,
    txids.map(() => true),
  );
  assert.equal(full.flags.length, 2);
  expectOk(extractMatches(full));
  // One byte still covers the 8 hashes, but the walk runs out of bits.
  expectFailure(extractMatches({ ...full, flags: full.flags.subarray(0, 1) }), "bits-overflow");
  expectFailure(extractMatches({ ...full, hashes: full.hashes.slice(0, 7) }), "hashes-overflow");
  expectFailure(extractMatches({ ...full, flags: Uint8Array.of(...full.flags, 0) }), "unused-bits");

  // Only #0 matched: bits 1,1,1,1,0 then 0,0 (7 bits), 4 hashes.
  const sparse = buildPartialMerkleTree(
    txids,
    txids.map((_, i) => i === 0),
  );
  assert.deepEqual(sparse.flags, Uint8Array.of(0b0001111));
  assert.equal(sparse.hashes.length, 4);
  expectFailure(extractMatches({ ...sparse, hashes: [...sparse.hashes, h1] }), "unused-hashes");
  // Unused bits inside the last byte are padding, whatever their value (as in Core).
  const padded = expectOk(extractMatches({ ...sparse, flags: Uint8Array.of(0b10001111) }));
  assert.ok(bytesEqual(padded.root, merkleRoot(txids).root));
  // A set bit on a leaf that was not matched reports it too: it is still in the tree.
  const extra = expectOk(extractMatches({ ...sparse, flags: Uint8Array.of(0b0011111) }));
  assert.deepEqual(
    extra.matches.map((m) => m.index),
    [0, 1],
  );
  assert.ok(bytesEqual(extra.root, merkleRoot(txids).root));
});

test("programming errors are RangeCheckErrors, not refusals", () => {
  const ids = fakeTxids(3);
  assert.throws(() => buildPartialMerkleTree([], []), RangeCheckError);
  assert.throws(() => buildPartialMerkleTree(ids, [true, false]), RangeCheckError);
  assert.throws(
    () => buildPartialMerkleTree([ids[0]!, new Uint8Array(31)], [true, true]),
    RangeCheckError,
  );
  const tree = buildPartialMerkleTree(ids, [true, false, false]);
  for (const txCount of [-1, 1.5, 2 ** 32, Number.NaN]) {
    assert.throws(() => extractMatches({ ...tree, txCount }), RangeCheckError);
    assert.throws(
      () => writePartialMerkleTree(new ByteWriter(), { ...tree, txCount }),
      RangeCheckError,
    );
  }
  const shortHash = { ...tree, hashes: [new Uint8Array(33), ...tree.hashes.slice(1)] };
  assert.throws(() => extractMatches(shortHash), RangeCheckError);
  assert.throws(() => writePartialMerkleTree(new ByteWriter(), shortHash), RangeCheckError);
});

test("decoding rejects truncated, oversized and non-canonical trees", () => {
  const txids = fakeTxids(20, 3);
  const tree = buildPartialMerkleTree(
    txids,
    txids.map((_, i) => i % 7 === 3),
  );
  const bytes = encodeTree(tree);
  for (let len = 0; len < bytes.length; len++) {
    assert.throws(
      () => decodeTree(bytes.subarray(0, len)),
      (e: unknown) => e instanceof DecodeError && e.code === "truncated",
      `prefix of ${len} bytes`,
    );
  }
  assert.throws(
    () => decodeTree(Uint8Array.of(...bytes, 0)),
    (e: unknown) => e instanceof DecodeError && e.code === "trailing-data",
  );
  // A hash count far beyond the data is refused before anything is allocated.
  const huge = Uint8Array.of(20, 0, 0, 0, 0xfe, 0x00, 0x00, 0x00, 0x02, 0);
  assert.throws(
    () => decodeTree(huge),
    (e: unknown) => e instanceof DecodeError && e.code === "truncated",
  );
  // Above MAX_SIZE (0x02000000) the CompactSize itself is refused, as in Core.
  const tooLarge = Uint8Array.of(20, 0, 0, 0, 0xfe, 0x01, 0x00, 0x00, 0x02, 0);
  assert.throws(
    () => decodeTree(tooLarge),
    (e: unknown) => e instanceof DecodeError && e.code === "size-too-large",
  );
  const nonCanonical = Uint8Array.of(1, 0, 0, 0, 0xfd, 0x01, 0x00, ...new Uint8Array(32), 1, 1);
  assert.throws(
    () => decodeTree(nonCanonical),
    (e: unknown) => e instanceof DecodeError && e.code === "non-canonical-compactsize",
  );
  // The decoder keeps whatever counts it reads; judging them is extractMatches' job.
  const zero = decodeTree(Uint8Array.of(0, 0, 0, 0, 0, 0));
  assert.deepEqual(zero, { txCount: 0, hashes: [], flags: new Uint8Array() });
  expectFailure(extractMatches(zero), "no-transactions");
});
