import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockSubsidy,
  txid as computeTxid,
  wtxid as computeWtxid,
  contextualCheckBlock,
  decodeCoinbaseHeight,
  encodeBlock,
  encodeTx,
  hashToHex,
  REGTEST_PARAMS,
  type Transaction,
  toHex,
  txWeight,
} from "@hashforge/consensus";
import {
  assembleBlockTemplate,
  type BlockTemplate,
  merkleRootFromBranch,
  updateTemplateForExtranonce,
} from "@hashforge/node";
import {
  checkGbtTemplateOptions,
  GbtTemplateError,
  type GbtTemplateErrorCode,
  templateFromGbt,
} from "../src/index.js";

const PARAMS = REGTEST_PARAMS;
const PAYOUT = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(0xab));

function spend(seed: number, witness: boolean): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32).fill(seed), vout: seed },
        scriptSig: new Uint8Array(0),
        sequence: 0xfffffffd,
        witness: witness ? [new Uint8Array(72).fill(seed), new Uint8Array(33).fill(2)] : [],
      },
    ],
    outputs: [{ value: 10_000n * BigInt(seed), scriptPubKey: PAYOUT }],
    locktime: 0,
  };
}

/** A template from the node's own assembler: two transactions, the second spending the first. */
function nodeTemplate(): BlockTemplate {
  const parent = spend(1, true);
  const child: Transaction = {
    ...spend(2, true),
    inputs: [{ ...spend(2, true).inputs[0]!, prevout: { txid: computeTxid(parent), vout: 0 } }],
  };
  const candidate = (tx: Transaction, fee: bigint, parents: Uint8Array[]) => ({
    tx,
    txid: computeTxid(tx),
    wtxid: computeWtxid(tx),
    fee,
    weight: txWeight(tx),
    sigopCost: 1,
    parents,
  });
  return assembleBlockTemplate({
    tip: {
      hash: new Uint8Array(32).fill(0x42),
      height: 199,
      medianTimePast: 1_700_000_000,
      bits: 0x207fffff,
    },
    params: PARAMS,
    candidates: [candidate(parent, 5_000n, []), candidate(child, 7_000n, [computeTxid(parent)])],
    payoutScript: PAYOUT,
    mempoolSequence: 7,
    now: 1_700_000_100,
  });
}

/** The getblocktemplate answer Core (and our node's RPC) gives for a template. */
function gbtAnswer(t: BlockTemplate): Record<string, unknown> {
  return {
    capabilities: ["proposal"],
    version: t.version,
    rules: [...t.rules],
    vbavailable: {},
    vbrequired: 0,
    previousblockhash: hashToHex(t.previousBlockHash),
    transactions: t.transactions.map((x) => ({
      data: toHex(encodeTx(x.tx)),
      txid: hashToHex(x.txid),
      hash: hashToHex(x.wtxid),
      depends: [...x.depends],
      fee: Number(x.fee),
      sigops: x.sigopCost,
      weight: x.weight,
    })),
    coinbaseaux: {},
    coinbasevalue: Number(t.coinbaseValue),
    longpollid: t.templateId,
    target: t.target.toString(16).padStart(64, "0"),
    mintime: t.minTime,
    mutable: ["time", "transactions", "prevblock"],
    noncerange: "00000000ffffffff",
    sigoplimit: t.sigopLimit,
    sizelimit: t.sizeLimit,
    weightlimit: t.weightLimit,
    curtime: t.curTime,
    bits: t.bits.toString(16).padStart(8, "0"),
    height: t.height,
    default_witness_commitment: toHex(t.defaultWitnessCommitment!),
  };
}

test("a getblocktemplate answer gives the template the node's own assembler builds", () => {
  const own = nodeTemplate();
  assert.equal(own.transactions.length, 2);
  const answer = gbtAnswer(own);
  const ours = templateFromGbt(answer, PAYOUT, PARAMS);
  // Same coinbase builder, same layout, the node's longpoll id as the template id.
  assert.equal(toHex(encodeBlock(ours.block)), toHex(encodeBlock(own.block)));
  assert.deepEqual(ours, own);
  assert.equal(ours.templateId, answer.longpollid);

  const coinbase = ours.block.txs[0]!;
  assert.equal(decodeCoinbaseHeight(coinbase.inputs[0]!.scriptSig), 200);
  assert.deepEqual(coinbase.outputs[0], {
    value: blockSubsidy(200, PARAMS) + 12_000n,
    scriptPubKey: PAYOUT,
  });
  assert.equal(ours.fees, 12_000n);
  assert.deepEqual(ours.transactions[1]!.depends, [1]);
  assert.ok(contextualCheckBlock(ours.block, 200, ours.minTime - 1, PARAMS).ok);
  // The coinbase parts and branch let a miner roll the extranonce without the whole block.
  const { prefix, suffix } = ours.coinbaseParts;
  assert.equal(
    `${toHex(prefix)}${"00".repeat(ours.extranonce.size)}${toHex(suffix)}`,
    toHex(encodeTx(coinbase, false)),
  );
  const rolled = updateTemplateForExtranonce(ours, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  const rolledCoinbase = rolled.block.txs[0]!;
  assert.equal(
    `${toHex(rolled.coinbaseParts.prefix)}0102030405060708${toHex(rolled.coinbaseParts.suffix)}`,
    toHex(encodeTx(rolledCoinbase, false)),
  );
  assert.deepEqual(
    merkleRootFromBranch(computeTxid(rolledCoinbase), rolled.coinbaseMerkleBranch),
    rolled.block.header.merkleRoot,
  );
  assert.ok(contextualCheckBlock(rolled.block, 200, ours.minTime - 1, PARAMS).ok);
});

test("without the segwit rule there is no commitment, and witness data is refused", () => {
  const own = nodeTemplate();
  const legacyTx = spend(3, false);
  const answer = {
    ...gbtAnswer(own),
    rules: ["csv"],
    default_witness_commitment: undefined,
    // Core quarters the limits before segwit and sends no weightlimit.
    sigoplimit: 20_000,
    sizelimit: 1_000_000,
    weightlimit: undefined,
    coinbasevalue: Number(blockSubsidy(200, PARAMS)) + 100,
    transactions: [{ data: toHex(encodeTx(legacyTx)), fee: 100, sigops: 1 }],
  };
  const t = templateFromGbt(answer, PAYOUT, PARAMS);
  assert.equal(t.segwitActive, false);
  assert.equal(t.defaultWitnessCommitment, null);
  assert.equal(t.block.txs[0]!.outputs.length, 1);
  assert.equal(t.block.txs[0]!.inputs[0]!.witness.length, 0);
  assert.equal(t.transactions[0]!.sigopCost, 4, "legacy sigops count four times");
  assert.deepEqual([t.sigopLimit, t.sizeLimit, t.weightLimit], [20_000, 1_000_000, 4_000_000]);
  assert.throws(
    () =>
      templateFromGbt(
        { ...answer, transactions: [{ data: toHex(encodeTx(spend(3, true))), fee: 1, sigops: 1 }] },
        PAYOUT,
        PARAMS,
      ),
    { name: "GbtTemplateError", code: "inconsistent", field: "transactions[0].data" },
  );
});

test("coinbaseaux values and the extra data go into the scriptSig; options are checked", () => {
  const answer = { ...gbtAnswer(nodeTemplate()), coinbaseaux: { flags: "062f503253482f" } };
  const t = templateFromGbt(answer, PAYOUT, PARAMS, {
    extranonceSize: 4,
    coinbaseExtraData: Uint8Array.of(0x68, 0x66),
  });
  const scriptSig = toHex(t.block.txs[0]!.inputs[0]!.scriptSig);
  // <200> <4 zero bytes> <aux || tag>
  assert.equal(scriptSig, `02c800040000000009062f503253482f6866`);
  assert.deepEqual(t.extranonce, { offset: 4, size: 4 });
  const bare = templateFromGbt(gbtAnswer(nodeTemplate()), PAYOUT, PARAMS, { extranonceSize: 0 });
  assert.equal(toHex(bare.block.txs[0]!.inputs[0]!.scriptSig), "02c80000");
  for (const [options, field] of [
    [{ extranonceSize: 33 }, "extranonceSize"],
    [{ extranonceSize: -1 }, "extranonceSize"],
    [{ extranonceSize: 1.5 }, "extranonceSize"],
    [{ coinbaseExtraData: new Uint8Array(90) }, "coinbaseExtraData"],
    [{ extranonceSize: 32, coinbaseExtraData: new Uint8Array(62) }, "coinbaseExtraData"],
  ] as const) {
    assert.throws(() => templateFromGbt(answer, PAYOUT, PARAMS, options), {
      name: "GbtTemplateError",
      code: "bad-options",
      field,
    });
  }
  // The most extra data that fits beside the largest height push (5 bytes) and the extranonce
  // push (9): 100 - 5 - 9 - 2 (OP_PUSHDATA1 and length) = 84 bytes, coinbaseaux included.
  const full = templateFromGbt(answer, PAYOUT, PARAMS, {
    coinbaseExtraData: new Uint8Array(84 - 7),
  });
  assert.equal(full.block.txs[0]!.inputs[0]!.scriptSig.length, 3 + 9 + 2 + 7 + 77);
  assert.throws(() => checkGbtTemplateOptions({ coinbaseExtraData: new Uint8Array(85) }), {
    code: "bad-options",
  });
  checkGbtTemplateOptions({ coinbaseExtraData: new Uint8Array(84) });
  assert.throws(
    // At height 200 (a 3-byte push) 88 bytes are left: 7 aux + 80 tag need 89 with their push.
    () => templateFromGbt(answer, PAYOUT, PARAMS, { coinbaseExtraData: new Uint8Array(80) }),
    { code: "bad-field", field: "coinbaseaux" },
  );
  assert.throws(
    () => templateFromGbt({ ...answer, coinbaseaux: { big: "ab".repeat(90) } }, PAYOUT, PARAMS),
    { name: "GbtTemplateError", code: "bad-field", field: "coinbaseaux" },
  );
});

test("malformed answers are GbtTemplateErrors naming the field", () => {
  const good = gbtAnswer(nodeTemplate());
  const txs = good.transactions as Record<string, unknown>[];
  const withTx = (i: number, change: Record<string, unknown>) =>
    txs.map((t, j) => (j === i ? { ...t, ...change } : t));
  const cases: [string, unknown, GbtTemplateErrorCode, string, string?][] = [
    ["not an object", [], "bad-field", "(answer)"],
    [
      "no previousblockhash",
      { ...good, previousblockhash: undefined },
      "missing-field",
      "previousblockhash",
    ],
    [
      "short previousblockhash",
      { ...good, previousblockhash: "00" },
      "bad-field",
      "previousblockhash",
    ],
    ["no longpollid", { ...good, longpollid: undefined }, "missing-field", "longpollid"],
    ["empty longpollid", { ...good, longpollid: "" }, "bad-field", "longpollid"],
    ["bits not hex", { ...good, bits: "zzzzzzzz" }, "bad-field", "bits"],
    ["bits beyond the network's limit", { ...good, bits: "2100ffff" }, "inconsistent", "bits"],
    ["target not bits'", { ...good, bits: "1d00ffff" }, "inconsistent", "target"],
    ["fractional height", { ...good, height: 1.5 }, "bad-field", "height"],
    ["version beyond 32 bits", { ...good, version: 2 ** 32 }, "bad-field", "version"],
    [
      "curtime before mintime",
      { ...good, curtime: (good.mintime as number) - 1 },
      "inconsistent",
      "curtime",
    ],
    [
      "coinbasevalue a string",
      { ...good, coinbasevalue: "5000000000" },
      "bad-field",
      "coinbasevalue",
    ],
    [
      "coinbasevalue above subsidy plus fees",
      { ...good, coinbasevalue: (good.coinbasevalue as number) + 1 },
      "inconsistent",
      "coinbasevalue",
    ],
    ["rules not an array", { ...good, rules: "segwit" }, "bad-field", "rules"],
    ["transactions not an array", { ...good, transactions: {} }, "bad-field", "transactions"],
    [
      "odd hex data",
      { ...good, transactions: withTx(0, { data: "abc" }) },
      "bad-field",
      "transactions[0].data",
    ],
    [
      "data not a transaction",
      { ...good, transactions: withTx(1, { data: "00" }) },
      "bad-field",
      "transactions[1].data",
    ],
    [
      "wrong txid",
      { ...good, transactions: withTx(0, { txid: "00".repeat(32) }) },
      "inconsistent",
      "transactions[0].txid",
    ],
    [
      "wrong wtxid",
      { ...good, transactions: withTx(1, { hash: txs[0]!.hash }) },
      "inconsistent",
      "transactions[1].hash",
    ],
    [
      "wrong weight",
      { ...good, transactions: withTx(0, { weight: 1 }) },
      "inconsistent",
      "transactions[0].weight",
    ],
    [
      "no fee",
      { ...good, transactions: withTx(0, { fee: undefined }) },
      "missing-field",
      "transactions[0].fee",
    ],
    [
      "negative fee",
      { ...good, transactions: withTx(0, { fee: -1 }) },
      "bad-field",
      "transactions[0].fee",
    ],
    [
      "no sigops",
      { ...good, transactions: withTx(1, { sigops: undefined }) },
      "missing-field",
      "transactions[1].sigops",
    ],
    [
      "depends on itself",
      { ...good, transactions: withTx(0, { depends: [1] }) },
      "bad-field",
      "transactions[0].depends[0]",
    ],
    [
      "commitment to other transactions",
      { ...good, default_witness_commitment: `6a24aa21a9ed${"00".repeat(32)}` },
      "inconsistent",
      "default_witness_commitment",
    ],
    ["weightlimit below the block", { ...good, weightlimit: 1000 }, "inconsistent", "weightlimit"],
    ["sigoplimit beyond consensus", { ...good, sigoplimit: 80_001 }, "bad-field", "sigoplimit"],
    [
      "the same transaction twice",
      {
        ...good,
        transactions: [txs[0], txs[1], txs[1]],
        default_witness_commitment: undefined,
      },
      "inconsistent",
      "transactions",
      "bad-txns-duplicate",
    ],
  ];
  for (const [what, answer, code, field, reason] of cases) {
    assert.throws(
      () => templateFromGbt(answer, PAYOUT, PARAMS),
      (err: unknown) => {
        assert.ok(err instanceof GbtTemplateError, `${what}: ${String(err)}`);
        assert.equal(err.code, code, `${what}: ${err.message}`);
        assert.equal(err.field, field, `${what}: ${err.message}`);
        if (reason !== undefined) assert.equal(err.reason, reason, what);
        return true;
      },
    );
  }
});
