import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBlock, encodeBlock } from "../src/block/block.js";
import { decodeHeader, encodeHeader } from "../src/block/header.js";
import { merkleRoot } from "../src/block/merkle.js";
import { toHex } from "../src/bytes/hex.js";
import { ByteReader } from "../src/bytes/reader.js";
import { ByteWriter } from "../src/bytes/writer.js";
import { decodeTx, encodeTx } from "../src/tx/codec.js";
import { txid } from "../src/tx/hash.js";
import { baseSize, totalSize } from "../src/tx/size.js";
import type { Transaction } from "../src/tx/transaction.js";
import { seededRandom } from "./support/prng.js";

function randomBytes(rand: () => number, max: number): Uint8Array {
  const len = Math.floor(rand() * max);
  return Uint8Array.from({ length: len }, () => Math.floor(rand() * 256));
}

function randomTx(rand: () => number): Transaction {
  const segwit = rand() < 0.5;
  const inputs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
    prevout: {
      txid: Uint8Array.from({ length: 32 }, () => Math.floor(rand() * 256)),
      vout: Math.floor(rand() * 2 ** 32),
    },
    scriptSig: randomBytes(rand, rand() < 0.1 ? 400 : 40),
    sequence: Math.floor(rand() * 2 ** 32),
    witness: segwit
      ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomBytes(rand, 80))
      : [],
  }));
  const outputs = Array.from({ length: Math.floor(rand() * 4) + 1 }, () => ({
    value: BigInt(Math.floor(rand() * 2 ** 53)),
    scriptPubKey: randomBytes(rand, 60),
  }));
  return {
    version: Math.floor(rand() * 2 ** 32),
    inputs,
    outputs,
    locktime: Math.floor(rand() * 2 ** 32),
  };
}

test("random transactions and blocks round-trip through the codecs", () => {
  const rand = seededRandom(0x5eed);
  for (let i = 0; i < 500; i++) {
    const tx = randomTx(rand);
    const bytes = encodeTx(tx);
    assert.equal(bytes.length, totalSize(tx));
    assert.equal(encodeTx(tx, false).length, baseSize(tx));
    const back = decodeTx(bytes);
    assert.equal(toHex(encodeTx(back)), toHex(bytes), `tx ${i}`);
    assert.equal(toHex(txid(back)), toHex(txid(tx)));
  }
  for (let i = 0; i < 50; i++) {
    const txs = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => randomTx(rand));
    const header = {
      version: Math.floor(rand() * 2 ** 32) | 0,
      prevBlock: new Uint8Array(32).fill(i),
      merkleRoot: merkleRoot(txs.map(txid)).root,
      time: Math.floor(rand() * 2 ** 32),
      bits: Math.floor(rand() * 2 ** 32),
      nonce: Math.floor(rand() * 2 ** 32),
    };
    const block = { header, txs };
    const bytes = encodeBlock(block);
    assert.equal(toHex(encodeBlock(decodeBlock(bytes))), toHex(bytes));
    assert.deepEqual(decodeHeader(encodeHeader(header)), header);
  }
});

test("CompactSize encodes canonically and round-trips at every boundary", () => {
  for (const n of [0, 1, 0xfc, 0xfd, 0xfe, 0xff, 0xffff, 0x10000, 0x1ffffff, 0x2000000]) {
    const w = new ByteWriter();
    w.compactSize(n);
    assert.equal(new ByteReader(w.finish()).compactSize(), n);
  }
  const w = new ByteWriter();
  w.compactSize(0x2000001);
  assert.throws(() => new ByteReader(w.finish()).compactSize(), { code: "size-too-large" });
  assert.throws(() => new ByteWriter().compactSize(-1), RangeError);
});

test("every truncation of a real-looking transaction is a DecodeError, never a crash", () => {
  const rand = seededRandom(7);
  const bytes = encodeTx(randomTx(rand));
  for (let cut = 0; cut < bytes.length; cut++) {
    assert.throws(
      () => decodeTx(bytes.subarray(0, cut)),
      (e: unknown) => e instanceof Error && "code" in e,
    );
  }
});
