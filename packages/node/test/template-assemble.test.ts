import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockSubsidy,
  type ChainParams,
  coinbaseHeightPrefix,
  decodeCoinbaseHeight,
  hashToHex,
  MAX_BLOCK_SIGOPS_COST,
  REGTEST_PARAMS,
  targetFromBits,
  toHex,
  witnessCommitmentIndex,
} from "@hashforge/consensus";
import { assembleBlockTemplate } from "../src/mining/assemble-block-template.js";
import type {
  AssembleBlockTemplateInput,
  TemplateCandidate,
} from "../src/mining/block-template.js";
import { sigopAdjustedVsize } from "../src/mining/select-packages.js";
import { TemplateError } from "../src/mining/template-error.js";
import {
  assertValidTemplate,
  FakeChain,
  NOW,
  outputOf,
  PAYOUT_SCRIPT,
  regtestTip,
  TIP_HEIGHT,
  TIP_MTP,
} from "./template-fixtures.js";

const COIN = 100_000_000n;

function input(
  chain: FakeChain,
  extra: Partial<AssembleBlockTemplateInput> = {},
): AssembleBlockTemplateInput {
  return {
    tip: regtestTip(),
    params: REGTEST_PARAMS,
    candidates: chain.mempool,
    payoutScript: PAYOUT_SCRIPT,
    mempoolSequence: 7,
    now: NOW,
    ...extra,
  };
}

function order(template: ReturnType<typeof assembleBlockTemplate>): string[] {
  return template.transactions.map((t) => toHex(t.txid));
}

test("an empty mempool gives a valid coinbase-only block with Core's header fields", () => {
  const chain = new FakeChain();
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  const { block } = template;
  assert.equal(block.txs.length, 1);
  assert.equal(template.height, TIP_HEIGHT + 1);
  assert.equal(template.coinbaseValue, blockSubsidy(TIP_HEIGHT + 1, REGTEST_PARAMS));
  assert.equal(template.coinbaseValue, 2_500_000_000n); // second regtest halving era
  assert.equal(block.header.version, 0x20000000);
  assert.equal(block.header.time, NOW);
  assert.equal(template.curTime, NOW);
  assert.equal(template.minTime, TIP_MTP + 1);
  assert.equal(
    template.target,
    targetFromBits(REGTEST_PARAMS.genesisHeader.bits, REGTEST_PARAMS.pow.powLimit),
  );
  assert.equal(template.templateId, `${hashToHex(regtestTip().hash)}7`);
  assert.deepEqual(template.rules, ["csv", "!segwit", "taproot"]);
  assert.equal(template.sigopLimit, 80_000);
  assert.equal(template.sizeLimit, 4_000_000);
  assert.equal(template.weightLimit, 4_000_000);
  // BIP34 height first, then the 8-byte extranonce push.
  const scriptSig = block.txs[0]!.inputs[0]!.scriptSig;
  assert.equal(decodeCoinbaseHeight(scriptSig), TIP_HEIGHT + 1);
  const prefix = coinbaseHeightPrefix(TIP_HEIGHT + 1);
  assert.equal(template.extranonce.offset, prefix.length + 1);
  assert.equal(scriptSig[prefix.length], 8);
  assert.equal(scriptSig.length, prefix.length + 9);
  // Core always commits when segwit is active, even with no witness transactions.
  assert.equal(witnessCommitmentIndex(block), 1);
  assert.deepEqual(template.defaultWitnessCommitment, block.txs[0]!.outputs[1]!.scriptPubKey);
  assert.deepEqual(block.txs[0]!.inputs[0]!.witness, [new Uint8Array(32)]);
  assert.equal(block.txs[0]!.locktime, TIP_HEIGHT);
  assert.equal(template.coinbaseSigopCost, 4); // the P2PKH payout's OP_CHECKSIG
});

test("time is max(MTP + 1, now); bits may depend on the chosen time", () => {
  const chain = new FakeChain();
  const seen: number[] = [];
  const template = assembleBlockTemplate(
    input(chain, {
      now: TIP_MTP - 5000,
      tip: regtestTip({
        bits: (time) => {
          seen.push(time);
          return 0x207fffff;
        },
      }),
    }),
  );
  assert.equal(template.curTime, TIP_MTP + 1);
  assert.deepEqual(seen, [TIP_MTP + 1]);
  assertValidTemplate(template, chain);
});

test("the first block of a retarget window honours the BIP94 timewarp floor", () => {
  const chain = new FakeChain();
  // Regtest windows are 144 blocks: height 288 starts one.
  const tip = regtestTip({ height: 287, time: TIP_MTP + 5000 });
  const template = assembleBlockTemplate(input(chain, { tip, now: TIP_MTP }));
  assert.equal(template.minTime, TIP_MTP + 5000 - 600);
  assert.equal(template.curTime, TIP_MTP + 4400);
  const offWindow = assembleBlockTemplate(
    input(chain, { tip: regtestTip({ height: 286, time: TIP_MTP + 5000 }), now: TIP_MTP }),
  );
  assert.equal(offWindow.minTime, TIP_MTP + 1);
});

test("transactions are ordered by feerate and the coinbase claims their fees", () => {
  const chain = new FakeChain();
  const low = chain.add([chain.fund(COIN)], { outputs: [COIN - 1_000n] });
  const high = chain.add([chain.fund(COIN)], { outputs: [COIN - 50_000n] });
  const mid = chain.add([chain.fund(COIN, true)], { outputs: [COIN - 10_000n] });
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  assert.deepEqual(
    order(template),
    [high, mid, low].map((c) => toHex(c.txid)),
  );
  assert.equal(template.fees, 61_000n);
  assert.equal(template.coinbaseValue, 2_500_000_000n + 61_000n);
  assert.deepEqual(
    template.transactions.map((t) => [t.fee, t.weight, t.sigopCost, t.depends]),
    [high, mid, low].map((c) => [c.fee, c.weight, c.sigopCost, []]),
  );
});

test("CPFP: a high-fee child pulls in its zero-fee parent, parents first, depends set", () => {
  const chain = new FakeChain();
  const parent = chain.add([chain.fund(COIN)], { outputs: [COIN / 2n, COIN / 2n] });
  assert.equal(parent.fee, 0n);
  const other = chain.add([chain.fund(COIN)], { outputs: [COIN - 20_000n] });
  const child = chain.add([outputOf(parent, 0), outputOf(parent, 1)], {
    outputs: [COIN - 100_000n],
  });
  const grandchild = chain.add([outputOf(child)], { outputs: [COIN - 100_000n - 100n] });
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  // Package {parent, child} pays 100,000 sat over ~2 txs: more per vbyte than `other`.
  const pkgRate =
    Number(parent.fee + child.fee) /
    (sigopAdjustedVsize(parent.weight, parent.sigopCost) +
      sigopAdjustedVsize(child.weight, child.sigopCost));
  assert.ok(pkgRate > Number(other.fee) / sigopAdjustedVsize(other.weight, other.sigopCost));
  assert.deepEqual(
    order(template),
    [parent, child, other, grandchild].map((c) => toHex(c.txid)),
  );
  // BIP22 depends: 1-based, deduplicated (the child spends two outputs of the parent).
  assert.deepEqual(
    template.transactions.map((t) => t.depends),
    [[], [1], [], [2]],
  );
});

test("without the child, a parent below the block min feerate is left out", () => {
  const chain = new FakeChain();
  chain.add([chain.fund(COIN)], { outputs: [COIN - 50n] }); // ~0.6 sat/vB
  const paying = chain.add([chain.fund(COIN)], { outputs: [COIN - 200n] }); // ~2.4 sat/vB
  const template = assembleBlockTemplate(input(chain));
  assert.deepEqual(order(template), [toHex(paying.txid)]);
  const none = assembleBlockTemplate(input(chain, { options: { blockMinFeeRate: 5_000n } }));
  assert.equal(none.transactions.length, 0);
  const all = assembleBlockTemplate(input(chain, { options: { blockMinFeeRate: 0n } }));
  assert.equal(all.transactions.length, 2);
  assertValidTemplate(all, chain);
});

test("modified fees reorder selection while the template reports actual fees", () => {
  const chain = new FakeChain();
  const a = chain.add([chain.fund(COIN)], { outputs: [COIN - 10_000n] });
  const b = chain.add([chain.fund(COIN)], { outputs: [COIN - 20_000n] });
  const boosted: TemplateCandidate = { ...a, modifiedFee: 1_000_000n };
  const template = assembleBlockTemplate(input(chain, { candidates: [boosted, b] }));
  assert.deepEqual(
    order(template),
    [a, b].map((c) => toHex(c.txid)),
  );
  assert.equal(template.transactions[0]!.fee, 10_000n);
  assert.equal(template.fees, 30_000n);
  assertValidTemplate(template, chain);
});

test("the weight limit keeps the best packages that fit", () => {
  const chain = new FakeChain();
  const txs = Array.from({ length: 10 }, (_, i) =>
    chain.add([chain.fund(COIN)], { outputs: [COIN - BigInt(10_000 * (i + 1))], padding: 1000 }),
  );
  const weight = txs[0]!.weight;
  const maxWeight = 8000 + 4 * weight + 100; // room for four, given Core's ">=" test
  const template = assembleBlockTemplate(input(chain, { options: { maxWeight } }));
  assertValidTemplate(template, chain);
  assert.deepEqual(
    order(template),
    txs
      .slice(6)
      .reverse()
      .map((c) => toHex(c.txid)),
  );
  assert.ok(template.weight <= maxWeight);
});

test("the sigop limit is respected, with 400 kept for the coinbase", () => {
  const chain = new FakeChain();
  // Each transaction carries 2,500 bare OP_CHECKSIG outputs: 10,000 sigop cost.
  const txs = Array.from({ length: 9 }, (_, i) =>
    chain.add([chain.fund(COIN)], { outputs: [COIN - BigInt(1_000_000 + i)], sigopOutputs: 2500 }),
  );
  assert.equal(txs[0]!.sigopCost, 10_000);
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  // 400 + 7 x 10,000 = 70,400; an eighth would reach 80,400 >= 80,000.
  assert.equal(template.transactions.length, 7);
  assert.ok(template.sigopCost <= MAX_BLOCK_SIGOPS_COST);
});

test("non-final transactions and their descendants are skipped (MTP cutoff)", () => {
  const chain = new FakeChain();
  const height = TIP_HEIGHT + 1;
  const finalByHeight = chain.add([chain.fund(COIN)], {
    outputs: [COIN - 5_000n],
    locktime: height - 1,
  });
  const atHeight = chain.add([chain.fund(COIN)], { outputs: [COIN - 90_000n], locktime: height });
  const childOfNonFinal = chain.add([outputOf(atHeight)], { outputs: [COIN - 190_000n] });
  const beforeMtp = chain.add([chain.fund(COIN)], {
    outputs: [COIN - 6_000n],
    locktime: TIP_MTP - 1,
  });
  // Final against the block time (NOW) but not against the MTP (BIP113).
  const atMtp = chain.add([chain.fund(COIN)], { outputs: [COIN - 80_000n], locktime: TIP_MTP });
  const finalSequence = chain.add([chain.fund(COIN)], {
    outputs: [COIN - 7_000n],
    locktime: height + 10,
    sequence: 0xffffffff,
  });
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  const ids = new Set(order(template));
  for (const c of [finalByHeight, beforeMtp, finalSequence]) assert.ok(ids.has(toHex(c.txid)));
  for (const c of [atHeight, childOfNonFinal, atMtp]) assert.ok(!ids.has(toHex(c.txid)));
});

test("unknown parents, duplicates and cycles exclude the affected transactions only", () => {
  const chain = new FakeChain();
  const good = chain.add([chain.fund(COIN)], { outputs: [COIN - 10_000n] });
  const parent = chain.add([chain.fund(COIN)], { outputs: [COIN - 10_000n] });
  const child = chain.add([outputOf(parent)], { outputs: [COIN - 20_000n] });
  // The mempool forgot to pass the parent: the child cannot be placed.
  const orphaned = assembleBlockTemplate(input(chain, { candidates: [good, child] }));
  assert.deepEqual(order(orphaned), [toHex(good.txid)]);
  // Duplicated entries are used once.
  const dup = assembleBlockTemplate(input(chain, { candidates: [good, good, parent, child] }));
  assert.equal(dup.transactions.length, 3);
  assertValidTemplate(dup, chain);
  // A (nonsensical) cycle between two candidates excludes both.
  const x: TemplateCandidate = { ...parent, parents: [child.txid] };
  const cyclic = assembleBlockTemplate(input(chain, { candidates: [good, x, child] }));
  assert.deepEqual(order(cyclic), [toHex(good.txid)]);
  // Nonsense sizes are left out rather than poisoning the feerate order.
  const zeroWeight: TemplateCandidate = { ...parent, weight: 0 };
  const nanSigops: TemplateCandidate = { ...child, sigopCost: Number.NaN };
  const insane = assembleBlockTemplate(input(chain, { candidates: [zeroWeight, nanSigops, good] }));
  assert.deepEqual(order(insane), [toHex(good.txid)]);
});

test("before segwit: no commitment, no witness transactions, quartered limits", () => {
  const params: ChainParams = {
    ...REGTEST_PARAMS,
    deployments: { bip16: 0, bip34: 1, bip65: 1, bip66: 1, csv: 1 },
  };
  const chain = new FakeChain();
  const legacy = chain.add([chain.fund(COIN)], { outputs: [COIN - 10_000n] });
  chain.add([chain.fund(COIN, true)], { outputs: [COIN - 90_000n] });
  const template = assembleBlockTemplate(input(chain, { params }));
  assertValidTemplate(template, chain, params);
  assert.deepEqual(order(template), [toHex(legacy.txid)]);
  assert.equal(template.defaultWitnessCommitment, null);
  assert.equal(witnessCommitmentIndex(template.block), -1);
  assert.deepEqual(template.block.txs[0]!.inputs[0]!.witness, []);
  assert.equal(template.sigopLimit, 20_000);
  assert.equal(template.sizeLimit, 1_000_000);
  assert.deepEqual(template.rules, ["csv"]);
});

test("extranonce size 0 gives Core's <height> OP_0 scriptSig; bad options are typed errors", () => {
  const chain = new FakeChain();
  const template = assembleBlockTemplate(
    input(chain, { tip: regtestTip({ height: 5 }), options: { extranonceSize: 0 } }),
  );
  assert.deepEqual(template.block.txs[0]!.inputs[0]!.scriptSig, Uint8Array.of(0x56, 0x00));
  const tag = new TextEncoder().encode("/hashforge/");
  const tagged = assembleBlockTemplate(input(chain, { options: { coinbaseExtraData: tag } }));
  const scriptSig = tagged.block.txs[0]!.inputs[0]!.scriptSig;
  assert.deepEqual(scriptSig.subarray(scriptSig.length - tag.length), tag);
  assertValidTemplate(tagged, chain);
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof TemplateError);
      return error.code;
    }
    return "no error";
  };
  assert.equal(
    code(() =>
      assembleBlockTemplate(input(chain, { options: { coinbaseExtraData: new Uint8Array(90) } })),
    ),
    "coinbase-too-large",
  );
  assert.equal(
    code(() => assembleBlockTemplate(input(chain, { options: { extranonceSize: 33 } }))),
    "invalid-options",
  );
  assert.equal(
    code(() => assembleBlockTemplate(input(chain, { options: { reservedWeight: 1000 } }))),
    "invalid-options",
  );
  assert.equal(
    code(() => assembleBlockTemplate(input(chain, { options: { maxWeight: 4_000_001 } }))),
    "invalid-options",
  );
  assert.equal(
    code(() => assembleBlockTemplate(input(chain, { tip: regtestTip({ bits: 0x04923456 }) }))),
    "invalid-options",
  );
});

test("a candidate whose txid does not match its transaction is caught by the final checks", () => {
  const chain = new FakeChain();
  const a = chain.add([chain.fund(COIN)], { outputs: [COIN - 10_000n] });
  const liar: TemplateCandidate = { ...a, txid: new Uint8Array(32).fill(9) };
  try {
    assembleBlockTemplate(input(chain, { candidates: [liar] }));
    assert.fail("expected a TemplateError");
  } catch (error) {
    assert.ok(error instanceof TemplateError);
    assert.equal(error.code, "invalid-template");
    assert.equal(error.reason, "bad-txnmrklroot");
  }
});

test("a long chain and a wide mempool stay valid and in dependency order", () => {
  const chain = new FakeChain();
  let prev = chain.add([chain.fund(10n * COIN)], { outputs: [10n * COIN - 1_000n] });
  let value = 10n * COIN - 1_000n;
  for (let i = 0; i < 60; i++) {
    value -= BigInt(500 + ((i * 7919) % 5000));
    prev = chain.add([outputOf(prev)], { outputs: [value] });
  }
  for (let i = 0; i < 200; i++) {
    chain.add([chain.fund(COIN, i % 2 === 0)], {
      outputs: [COIN - BigInt(200 + ((i * 104_729) % 30_000))],
      witnessOutputs: i % 3 === 0,
    });
  }
  const template = assembleBlockTemplate(input(chain));
  assertValidTemplate(template, chain);
  assert.equal(template.transactions.length, chain.mempool.length);
});
