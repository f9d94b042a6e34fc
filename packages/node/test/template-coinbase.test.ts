import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Block,
  blockHash,
  checkBlock,
  checkProofOfWork,
  concatBytes,
  contextualCheckBlock,
  decodeBlock,
  encodeBlock,
  encodeTx,
  merkleRoot,
  REGTEST_PARAMS,
  txid,
} from "@hashforge/consensus";
import { assembleBlockTemplate } from "../src/mining/assemble-block-template.js";
import type { BlockTemplate } from "../src/mining/block-template.js";
import {
  coinbaseMerkleBranch,
  merkleRootFromBranch,
} from "../src/mining/coinbase-merkle-branch.js";
import { finalizeSubmittedBlock } from "../src/mining/finalize-submitted-block.js";
import { TemplateError } from "../src/mining/template-error.js";
import { updateTemplateForExtranonce } from "../src/mining/update-template-for-extranonce.js";
import {
  assertValidTemplate,
  FakeChain,
  NOW,
  outputOf,
  PAYOUT_SCRIPT,
  regtestTip,
  TIP_MTP,
} from "./template-fixtures.js";

const COIN = 100_000_000n;

function busyTemplate(txCount: number): { chain: FakeChain; template: BlockTemplate } {
  const chain = new FakeChain();
  let parent = chain.add([chain.fund(COIN, true)], {
    outputs: [COIN - 3_000n],
    witnessOutputs: true,
  });
  for (let i = 1; i < txCount; i++) {
    parent =
      i % 4 === 0
        ? chain.add([outputOf(parent, 0, true)], {
            outputs: [COIN - BigInt(3_000 * (i + 1))],
            witnessOutputs: true,
          })
        : chain.add([chain.fund(COIN, i % 2 === 0)], { outputs: [COIN - BigInt(1_000 * i)] });
  }
  const template = assembleBlockTemplate({
    tip: regtestTip(),
    params: REGTEST_PARAMS,
    candidates: chain.mempool,
    payoutScript: PAYOUT_SCRIPT,
    mempoolSequence: 1n,
    now: NOW,
  });
  return { chain, template };
}

/** Grinds the nonce until the header meets its own target (regtest: about two tries). */
function solve(block: Block): Block {
  for (let nonce = 0; nonce < 1_000_000; nonce++) {
    const header = { ...block.header, nonce };
    if (checkProofOfWork(blockHash(header), header.bits, REGTEST_PARAMS.pow.powLimit)) {
      return { header, txs: block.txs };
    }
  }
  assert.fail("no nonce found for a regtest target");
}

test("a solved template passes checkBlock with proof of work, and survives a codec round trip", () => {
  const { chain, template } = busyTemplate(9);
  assert.equal(template.transactions.length, 9);
  const solved = solve(template.block);
  assert.ok(
    checkProofOfWork(blockHash(solved.header), solved.header.bits, REGTEST_PARAMS.pow.powLimit),
  );
  assertValidTemplate(template, chain, REGTEST_PARAMS, solved, true);
  const decoded = decodeBlock(encodeBlock(solved));
  assertValidTemplate(template, chain, REGTEST_PARAMS, decoded, true);
  // An unsolved header (nonce mutated past the target) fails with Core's reason.
  for (let nonce = 0; nonce < 64; nonce++) {
    const header = { ...template.block.header, nonce };
    if (!checkProofOfWork(blockHash(header), header.bits, REGTEST_PARAMS.pow.powLimit)) {
      const result = checkBlock({ header, txs: template.block.txs }, REGTEST_PARAMS.pow.powLimit);
      assert.equal(result.ok ? "ok" : result.reason, "high-hash");
      return;
    }
  }
  assert.fail("every nonce met the target");
});

test("the coinbase merkle branch reproduces merkleRoot for every list length", () => {
  for (let n = 1; n <= 17; n++) {
    const leaves = Array.from({ length: n }, (_, i) =>
      txid({ version: i, inputs: [], outputs: [], locktime: 0 }),
    );
    const branch = coinbaseMerkleBranch(leaves);
    assert.deepEqual(merkleRootFromBranch(leaves[0]!, branch), merkleRoot(leaves).root, `n=${n}`);
    assert.equal(branch.length, Math.ceil(Math.log2(n)));
  }
});

test("updateTemplateForExtranonce rewrites the scriptSig, merkle root and coinbase parts", () => {
  const { chain, template } = busyTemplate(6);
  const extranonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const updated = updateTemplateForExtranonce(template, extranonce);
  const coinbase = updated.block.txs[0]!;
  const { offset, size } = template.extranonce;
  assert.deepEqual(coinbase.inputs[0]!.scriptSig.subarray(offset, offset + size), extranonce);
  assert.equal(
    coinbase.inputs[0]!.scriptSig.length,
    template.block.txs[0]!.inputs[0]!.scriptSig.length,
  );
  assert.notDeepEqual(updated.block.header.merkleRoot, template.block.header.merkleRoot);
  assert.deepEqual(updated.block.header.merkleRoot, merkleRoot(updated.block.txs.map(txid)).root);
  assertValidTemplate(updated, chain);
  // Stratum view: coinb1 || extranonce || coinb2 is the txid serialization of the coinbase.
  const { prefix, suffix } = updated.coinbaseParts;
  assert.deepEqual(concatBytes(prefix, extranonce, suffix), encodeTx(coinbase, false));
  assert.deepEqual(
    concatBytes(template.coinbaseParts.prefix, new Uint8Array(size), template.coinbaseParts.suffix),
    encodeTx(template.block.txs[0]!, false),
  );
  // The original template is untouched.
  assert.deepEqual(
    template.block.txs[0]!.inputs[0]!.scriptSig.subarray(offset, offset + size),
    new Uint8Array(size),
  );
  assert.throws(
    () => updateTemplateForExtranonce(template, new Uint8Array(7)),
    (e: unknown) => e instanceof TemplateError && e.code === "bad-extranonce",
  );
  const roomless = assembleBlockTemplate({
    tip: regtestTip(),
    params: REGTEST_PARAMS,
    candidates: [],
    payoutScript: PAYOUT_SCRIPT,
    mempoolSequence: 0,
    now: NOW,
    options: { extranonceSize: 0 },
  });
  assert.throws(
    () => updateTemplateForExtranonce(roomless, new Uint8Array(0)),
    (e: unknown) => e instanceof TemplateError && e.code === "bad-extranonce",
  );
});

test("finalizeSubmittedBlock restores the missing coinbase witness nonce", () => {
  const { chain, template } = busyTemplate(5);
  const solved = solve(template.block);
  const coinbase = solved.txs[0]!;
  // What a GBT miner submits: the coinbase serialized without its witness.
  const stripped: Block = {
    header: solved.header,
    txs: [
      { ...coinbase, inputs: [{ ...coinbase.inputs[0]!, witness: [] }] },
      ...solved.txs.slice(1),
    ],
  };
  const before = contextualCheckBlock(stripped, template.height, TIP_MTP, REGTEST_PARAMS);
  assert.equal(before.ok ? "ok" : before.reason, "bad-witness-nonce-size");
  const fixed = finalizeSubmittedBlock(stripped);
  assert.deepEqual(fixed.txs[0]!.inputs[0]!.witness, [new Uint8Array(32)]);
  assert.deepEqual(blockHash(fixed.header), blockHash(solved.header));
  assertValidTemplate(template, chain, REGTEST_PARAMS, fixed, true);
  // Nothing to do: a complete block, a block without commitment, or pre-segwit.
  assert.equal(finalizeSubmittedBlock(solved), solved);
  assert.equal(finalizeSubmittedBlock(stripped, false), stripped);
  const noCommitment: Block = {
    header: solved.header,
    txs: [{ ...stripped.txs[0]!, outputs: stripped.txs[0]!.outputs.slice(0, 1) }],
  };
  assert.equal(finalizeSubmittedBlock(noCommitment), noCommitment);
  assert.equal(finalizeSubmittedBlock({ header: solved.header, txs: [] }).txs.length, 0);
});
