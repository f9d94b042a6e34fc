// BIP37 merkle blocks over real blocks of the shared vectors: Core's pmt_tests round trip on
// random match sets, merkleblock_tests' txid-set construction, and the wire codec's refusals.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Block, decodeBlock } from "../src/block/block.js";
import { blockHash } from "../src/block/header.js";
import {
  buildMerkleBlock,
  decodeMerkleBlock,
  encodeMerkleBlock,
  type MerkleBlock,
  readMerkleBlock,
  verifyMerkleBlock,
} from "../src/block/merkle-block.js";
import { bytesEqual } from "../src/bytes/equal.js";
import { fromHex, hexToHash } from "../src/bytes/hex.js";
import { ByteReader } from "../src/bytes/reader.js";
import { DecodeError } from "../src/errors.js";
import { txid } from "../src/tx/hash.js";
import { seededRandom } from "./support/prng.js";
import { loadRealBlocks, readFramedBlocks } from "./support/real-blocks.js";
import { readVector, readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface NamedBlock {
  readonly name: string;
  readonly block: Block;
}

/** Every real block of the vectors: 5 large ones, mainnet 1..255, 10 testnet3, 104 regtest. */
function allBlocks(): NamedBlock[] {
  const out: NamedBlock[] = loadRealBlocks().map((rb) => ({ name: rb.name, block: rb.block }));
  readFramedBlocks(readVector("blocks", "main-1-255.dat")).forEach((bytes, i) => {
    out.push({ name: `main-${i + 1}`, block: decodeBlock(bytes) });
  });
  const filters = readVectorJson<unknown[][]>("bitcoin-core", "blockfilters.json");
  for (const row of filters.slice(1)) {
    const [height, , hex] = row;
    if (typeof height !== "number" || typeof hex !== "string") {
      throw new Error(
        `blockfilters.json: cannot interpret row ${JSON.stringify(row).slice(0, 80)}`,
      );
    }
    out.push({ name: `testnet3-${height}`, block: decodeBlock(fromHex(hex)) });
  }
  const stats = readVectorJson<{ blocks: unknown[] }>("bitcoin-core", "rpc_getblockstats.json");
  stats.blocks.forEach((hex, i) => {
    if (typeof hex !== "string") throw new Error(`rpc_getblockstats.json: block ${i} is not hex`);
    out.push({ name: `regtest-${i}`, block: decodeBlock(fromHex(hex)) });
  });
  return out;
}

/** Match sets for a block of `n` txs: none, all, first, last, and random densities. */
function matchSets(n: number, rand: () => number): boolean[][] {
  const sets: boolean[][] = [
    Array.from({ length: n }, () => false),
    Array.from({ length: n }, () => true),
    Array.from({ length: n }, (_, i) => i === 0),
    Array.from({ length: n }, (_, i) => i === n - 1),
  ];
  if (n > 1) {
    const one = Math.floor(rand() * n);
    sets.push(Array.from({ length: n }, (_, i) => i === one));
    for (let att = 1; att < 15; att++) {
      const mask = (1 << (att >> 1)) - 1;
      sets.push(Array.from({ length: n }, () => (Math.floor(rand() * 2 ** 32) & mask) === 0));
    }
  }
  return sets;
}

/** Checks one proof end to end; returns the first problem or null. */
function checkProof(block: Block, chosen: boolean[], rand: () => number): string | null {
  const ids = block.txs.map(txid);
  const expected = ids.flatMap((id, index) => (chosen[index] ? [{ txid: id, index }] : []));
  const viaPredicate = buildMerkleBlock(block, (_id, i) => chosen[i] === true);
  const viaSet = buildMerkleBlock(
    block,
    expected.map((m) => m.txid),
  );
  const bytes = encodeMerkleBlock(viaPredicate);
  if (!bytesEqual(encodeMerkleBlock(viaSet), bytes)) return "txid set and predicate differ";
  if (!bytesEqual(blockHash(viaPredicate.header), blockHash(block.header))) return "header";
  if (viaPredicate.txCount !== block.txs.length) return "txCount";
  const shape = expectedShape(chosen);
  if (viaPredicate.hashes.length !== shape.hashes) return `${viaPredicate.hashes.length} hashes`;
  if (viaPredicate.flags.length !== Math.ceil(shape.bits / 8)) return "flag byte count";
  let decoded: MerkleBlock;
  try {
    decoded = decodeMerkleBlock(bytes);
  } catch (e) {
    return `decode: ${String(e)}`;
  }
  if (!bytesEqual(encodeMerkleBlock(decoded), bytes)) return "re-encoding differs";
  const result = verifyMerkleBlock(decoded);
  if (!result.ok) return `refused: ${result.code} ${result.message}`;
  if (!bytesEqual(result.root, block.header.merkleRoot)) return "root";
  if (
    result.matches.length !== expected.length ||
    result.matches.some(
      (m, i) => m.index !== expected[i]!.index || !bytesEqual(m.txid, expected[i]!.txid),
    )
  ) {
    return `matches ${result.matches.map((m) => m.index)} != ${expected.map((m) => m.index)}`;
  }

  // A flipped bit in any hash breaks the proof against the header.
  const hashes = decoded.hashes.map((h) => h.slice());
  const bit = Math.floor(rand() * 256);
  hashes[Math.floor(rand() * hashes.length)]![bit >> 3]! ^= 1 << (bit & 7);
  if (verifyMerkleBlock({ ...decoded, hashes }).ok) return "a damaged hash still verifies";

  // A flipped flag bit the walk reads changes the proof: refused, another root, or (on a leaf)
  // other matches. Bits past the last one read are padding, and Core ignores them too.
  const flagBit = Math.floor(rand() * decoded.flags.length * 8);
  const flags = decoded.flags.slice();
  flags[flagBit >> 3]! ^= 1 << (flagBit & 7);
  const flipped = verifyMerkleBlock({ ...decoded, flags });
  const unchanged =
    flipped.ok &&
    flipped.matches.length === result.matches.length &&
    flipped.matches.every((m, i) => m.index === result.matches[i]!.index);
  if (unchanged !== flagBit >= shape.bits) {
    return `flag bit ${flagBit} of ${shape.bits} read: ${unchanged ? "ignored" : "not padding"}`;
  }
  return null;
}

/**
 * How many flag bits and hashes BIP37's walk takes for a tree over `chosen`, derived from the
 * description (one bit per visited node; a hash for each leaf and each node with nothing matched
 * below), independently of the builder.
 */
function expectedShape(chosen: readonly boolean[]): { bits: number; hashes: number } {
  const n = chosen.length;
  const width = (h: number): number => Math.ceil(n / 2 ** h);
  let height = 0;
  while (width(height) > 1) height++;
  let bits = 0;
  let hashes = 0;
  const walk = (h: number, pos: number): void => {
    bits++;
    const below = chosen.slice(pos * 2 ** h, (pos + 1) * 2 ** h).some(Boolean);
    if (h === 0 || !below) {
      hashes++;
      return;
    }
    walk(h - 1, 2 * pos);
    if (2 * pos + 1 < width(h - 1)) walk(h - 1, 2 * pos + 1);
  };
  walk(height, 0);
  return { bits, hashes };
}

test("merkle blocks of real blocks: build, encode, decode, extract, damage", vectorSuite(), (t) => {
  const rand = seededRandom(0xb1937);
  const failures: string[] = [];
  let total = 0;
  for (const { name, block } of allBlocks()) {
    for (const chosen of matchSets(block.txs.length, rand)) {
      total++;
      const problem = checkProof(block, chosen, rand);
      if (problem !== null)
        failures.push(`${name} (${chosen.filter(Boolean).length} matched): ${problem}`);
    }
  }
  reportCases(t, "merkle blocks", total, failures);
});

test(
  "Core merkleblock_tests on mainnet block 300025: txid sets found and not found",
  vectorSuite(),
  () => {
    const block = decodeBlock(readVector("blocks", "main-300025.raw"));
    assert.equal(block.txs.length, 461);
    const ids = block.txs.map(txid);
    const last = ids[460]!;
    const second = ids[1]!;

    // Last and second transaction, given in that order: reported in tree order.
    const found = decodeMerkleBlock(encodeMerkleBlock(buildMerkleBlock(block, [last, second])));
    assert.ok(bytesEqual(blockHash(found.header), blockHash(block.header)));
    const got = verifyMerkleBlock(found);
    assert.ok(got.ok);
    assert.ok(bytesEqual(got.root, block.header.merkleRoot));
    assert.deepEqual(got.matches, [
      { txid: second, index: 1 },
      { txid: last, index: 460 },
    ]);

    // A txid that is not in the block: no matches, the root still proven.
    const absent = hexToHash("c0ffee00003bafa802c8aa084379aa98d9fcd632ddc2ed9782b586ec87451f20");
    const none = verifyMerkleBlock(
      decodeMerkleBlock(encodeMerkleBlock(buildMerkleBlock(block, [absent]))),
    );
    assert.ok(none.ok);
    assert.ok(bytesEqual(none.root, block.header.merkleRoot));
    assert.deepEqual(none.matches, []);
    // With nothing matched the proof is the root alone: one hash, one clear bit.
    const bare = buildMerkleBlock(block, []);
    assert.equal(bare.hashes.length, 1);
    assert.ok(bytesEqual(bare.hashes[0]!, block.header.merkleRoot));
    assert.deepEqual(bare.flags, Uint8Array.of(0));
  },
);

test("merkle block codec: exact layout, truncation, trailing bytes", vectorSuite(), () => {
  const block = decodeBlock(readVector("blocks", "main-300025.raw"));
  const ids = block.txs.map(txid);
  const mb = buildMerkleBlock(block, [ids[7]!, ids[300]!]);
  const bytes = encodeMerkleBlock(mb);

  // 80-byte header, u32 count, CompactSize + hashes, CompactSize + flag bytes.
  const r = new ByteReader(bytes);
  assert.ok(bytesEqual(r.take(80), readVector("blocks", "main-300025.raw").subarray(0, 80)));
  assert.equal(r.u32le(), 461);
  const hashCount = r.compactSize();
  assert.equal(hashCount, mb.hashes.length);
  for (const hash of mb.hashes) assert.ok(bytesEqual(r.take(32), hash));
  assert.deepEqual(r.varBytes(), mb.flags);
  assert.equal(r.remaining, 0);

  for (let len = 0; len < bytes.length; len++) {
    assert.throws(
      () => decodeMerkleBlock(bytes.subarray(0, len)),
      (e: unknown) => e instanceof DecodeError && e.code === "truncated",
      `prefix of ${len} bytes`,
    );
  }
  const padded = Uint8Array.of(...bytes, 0x00);
  assert.throws(
    () => decodeMerkleBlock(padded),
    (e: unknown) => e instanceof DecodeError && e.code === "trailing-data",
  );
  // The reader form stops at the end of the proof, as Core's stream does.
  const lenient = new ByteReader(padded);
  assert.deepEqual(readMerkleBlock(lenient), decodeMerkleBlock(bytes));
  assert.equal(lenient.remaining, 1);
});

test(
  "verifyMerkleBlock: a tree over another block's txids fails against this header",
  vectorSuite(),
  () => {
    const framed = readFramedBlocks(readVector("blocks", "main-1-255.dat"));
    const b1 = decodeBlock(framed[0]!);
    const b2 = decodeBlock(framed[1]!);
    const proof = buildMerkleBlock(b2, [txid(b2.txs[0]!)]);
    const swapped = verifyMerkleBlock({ ...proof, header: b1.header });
    assert.equal(swapped.ok, false);
    if (!swapped.ok) assert.equal(swapped.code, "merkle-root-mismatch");
    // The malformed-tree reasons come through unchanged.
    const empty = verifyMerkleBlock({ ...proof, txCount: 0 });
    assert.equal(empty.ok, false);
    if (!empty.ok) assert.equal(empty.code, "no-transactions");
  },
);
