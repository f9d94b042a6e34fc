import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockBaseSize,
  blockTotalSize,
  blockWeight,
  decodeBlock,
  encodeBlock,
} from "../src/block/block.js";
import { blockHash, decodeHeader, encodeHeader } from "../src/block/header.js";
import { merkleRoot } from "../src/block/merkle.js";
import {
  witnessCommitment,
  witnessCommitmentIndex,
  witnessMerkleRoot,
} from "../src/block/witness-commitment.js";
import { bytesEqual } from "../src/bytes/equal.js";
import { fromHex, hashToHex, toHex } from "../src/bytes/hex.js";
import { ByteReader } from "../src/bytes/reader.js";
import { checkWitnessCommitment } from "../src/checks/contextual-block.js";
import { txid } from "../src/tx/hash.js";
import { hasWitness } from "../src/tx/transaction.js";
import { loadRealBlocks, readFramedBlocks } from "./support/real-blocks.js";
import { readVector, readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

test(
  "real blocks: parse, re-serialize byte-exact, merkle root, witness commitment, weight",
  vectorSuite(),
  (t) => {
    const failures: string[] = [];
    const blocks = loadRealBlocks();
    const mainHeaders = new Map(
      new TextDecoder()
        .decode(readVector("headers", "main-300000-300499.txt"))
        .trim()
        .split("\n")
        .map((hex, i) => [300000 + i, hex.trim()] as const),
    );
    for (const rb of blocks) {
      const { block, bytes, name } = rb;
      if (!bytesEqual(encodeBlock(block), bytes))
        failures.push(`${name}: re-serialization differs`);
      const root = merkleRoot(block.txs.map(txid));
      if (!bytesEqual(root.root, block.header.merkleRoot) || root.mutated)
        failures.push(`${name}: merkle root`);
      if (blockTotalSize(block) !== bytes.length) failures.push(`${name}: total size`);
      if (blockBaseSize(block) !== encodeBlock(block, false).length)
        failures.push(`${name}: base size`);
      if (rb.expected.weight !== undefined && blockWeight(block) !== rb.expected.weight) {
        failures.push(`${name}: weight ${blockWeight(block)} != ${rb.expected.weight}`);
      }
      const index = witnessCommitmentIndex(block);
      const segwitData = block.txs.some(hasWitness);
      if (segwitData !== index >= 0)
        failures.push(`${name}: commitment present=${index >= 0}, witness data=${segwitData}`);
      if (segwitData) {
        const nonce = block.txs[0]!.inputs[0]!.witness[0]!;
        const committed = block.txs[0]!.outputs[index]!.scriptPubKey.subarray(6, 38);
        if (!bytesEqual(witnessCommitment(witnessMerkleRoot(block).root, nonce), committed)) {
          failures.push(`${name}: witness commitment`);
        }
      }
      if (!checkWitnessCommitment(block, rb.network === "testnet3").ok)
        failures.push(`${name}: checkWitnessCommitment`);
      const known = mainHeaders.get(rb.height);
      if (
        rb.network === "main" &&
        known !== undefined &&
        known !== toHex(encodeHeader(block.header))
      ) {
        failures.push(`${name}: header differs from the headers file`);
      }
    }
    reportCases(t, "real blocks (codec)", blocks.length, failures);
  },
);

test("mainnet blocks 1..255: linked, merkle roots, byte-exact", vectorSuite(), (t) => {
  const failures: string[] = [];
  const framed = readFramedBlocks(readVector("blocks", "main-1-255.dat"));
  const headers = readVector("headers", "main-0-10236.bin");
  framed.forEach((bytes, i) => {
    const height = i + 1;
    const block = decodeBlock(bytes);
    if (!bytesEqual(encodeBlock(block), bytes)) failures.push(`${height}: re-serialization`);
    if (!bytesEqual(encodeHeader(block.header), headers.subarray(height * 80, height * 80 + 80))) {
      failures.push(`${height}: header differs from main-0-10236.bin`);
    }
    if (!bytesEqual(merkleRoot(block.txs.map(txid)).root, block.header.merkleRoot))
      failures.push(`${height}: merkle`);
    const prev = decodeHeader(headers.subarray((height - 1) * 80, height * 80));
    if (!bytesEqual(block.header.prevBlock, blockHash(prev))) failures.push(`${height}: prev link`);
  });
  reportCases(t, "main blocks 1..255", framed.length, failures);
});

interface Fixture {
  description: string;
  id: string;
  hex: string;
  merkleRoot?: string;
  witnessCommit?: string;
  weight?: number;
  size?: number;
  strippedSize?: number;
  valid: boolean;
}

test("bitcoinjs block fixtures", vectorSuite(), (t) => {
  const data = readVectorJson<{ valid: Fixture[]; invalid: { hex: string }[] }>(
    "blocks",
    "bitcoinjs-block-fixtures.json",
  );
  const failures: string[] = [];
  for (const f of data.valid) {
    const bytes = fromHex(f.hex);
    const isHeaderOnly = bytes.length === 80;
    const r = new ByteReader(bytes);
    const block = isHeaderOnly ? { header: decodeHeader(bytes), txs: [] } : decodeBlock(bytes);
    if (!isHeaderOnly) r.offset = bytes.length;
    if (hashToHex(blockHash(block.header)) !== f.id) failures.push(`${f.description}: id`);
    if (!isHeaderOnly) {
      if (!bytesEqual(encodeBlock(block), bytes))
        failures.push(`${f.description}: re-serialization`);
      const root = merkleRoot(block.txs.map(txid)).root;
      if (f.merkleRoot && toHex(root) !== f.merkleRoot && block.txs.length > 1)
        failures.push(`${f.description}: merkle`);
      if (f.witnessCommit) {
        const index = witnessCommitmentIndex(block);
        const committed = toHex(block.txs[0]!.outputs[index]!.scriptPubKey.subarray(6, 38));
        if (committed !== f.witnessCommit) failures.push(`${f.description}: witness commit`);
      }
      if (f.weight !== undefined && blockWeight(block) !== Number(f.weight))
        failures.push(`${f.description}: weight`);
      if (f.strippedSize !== undefined && blockBaseSize(block) !== Number(f.strippedSize))
        failures.push(`${f.description}: stripped`);
    }
  }
  for (const f of data.invalid) {
    assert.throws(() => decodeHeader(fromHex(f.hex)), { code: "truncated" });
  }
  reportCases(t, "bitcoinjs block fixtures", data.valid.length + data.invalid.length, failures);
});
