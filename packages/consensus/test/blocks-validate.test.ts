import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block } from "../src/block/block.js";
import { merkleRoot } from "../src/block/merkle.js";
import { checkBlock } from "../src/checks/check-block.js";
import { connectBlock } from "../src/checks/connect-block.js";
import { checkWitnessCommitment, contextualCheckBlock } from "../src/checks/contextual-block.js";
import { contextualCheckBlockHeader } from "../src/checks/contextual-header.js";
import { verifyBlockScripts } from "../src/checks/verify-scripts.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { MAIN_PARAMS } from "../src/params/main.js";
import { medianTimePast } from "../src/pow/median-time.js";
import { blockSubsidy } from "../src/subsidy.js";
import { txid } from "../src/tx/hash.js";
import { outpointKey } from "../src/tx/outpoint-key.js";
import type { Transaction } from "../src/tx/transaction.js";
import type { Reject } from "../src/validation/result.js";
import { lookupIn, readHexHeaders } from "./support/header-chain.js";
import {
  loadRealBlocks,
  type RealBlock,
  realBlockContext,
  realBlockParams,
} from "./support/real-blocks.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

const backend = defaultSignatureBackend();
const paramsOf = realBlockParams;
const contextFor = realBlockContext;

/** Runs every consensus check that the vectors give context for; returns the first failure. */
function validate(
  rb: RealBlock,
  block: Block,
): { reject: Reject | null; inputs: number; fees: bigint; sigops: number } {
  const params = paramsOf(rb);
  const fail = (reject: Reject) => ({ reject, inputs: 0, fees: 0n, sigops: 0 });
  const cb = checkBlock(block, params.pow.powLimit);
  if (!cb.ok) return fail(cb);
  const wc = checkWitnessCommitment(block, true);
  if (!wc.ok) return fail(wc);
  const ctx = contextFor(rb, block);
  const connected = connectBlock(block, ctx);
  if (!connected.ok) return fail(connected);
  const scripts = verifyBlockScripts(connected.scriptJobs, ctx.flags, backend);
  if (!scripts.ok) return fail(scripts);
  const inputs = connected.scriptJobs.reduce((n, j) => n + j.tx.inputs.length, 0);
  return { reject: null, inputs, fees: connected.fees, sigops: connected.sigopCost };
}

test(
  "real blocks validate fully: PoW, merkle, commitment, amounts, sigops, every input script",
  vectorSuite(),
  (t) => {
    const failures: string[] = [];
    let inputs = 0;
    const blocks = loadRealBlocks();
    for (const rb of blocks) {
      const result = validate(rb, rb.block);
      if (result.reject) {
        failures.push(`${rb.name}: ${result.reject.reason} ${result.reject.debug ?? ""}`);
        continue;
      }
      inputs += result.inputs;
      if (rb.expected.sigopCost !== undefined && result.sigops !== rb.expected.sigopCost) {
        failures.push(`${rb.name}: sigop cost ${result.sigops} != ${rb.expected.sigopCost}`);
      }
      const claimed = rb.block.txs[0]!.outputs.reduce((s, o) => s + o.value, 0n);
      if (claimed > blockSubsidy(rb.height, paramsOf(rb)) + result.fees)
        failures.push(`${rb.name}: coinbase`);
    }
    t.diagnostic(`script-validated inputs: ${inputs}`);
    reportCases(t, "real blocks (full validation)", blocks.length, failures);
  },
);

test(
  "mainnet 300025 passes the contextual header and block checks against its real ancestors",
  vectorSuite(),
  () => {
    const headers = readHexHeaders(300000, "headers", "main-300000-300499.txt");
    const rb = loadRealBlocks().find((b) => b.name === "main-300025")!;
    const prev = headers[24]!;
    const times = headers.slice(14, 25).map((h) => h.header.time);
    const mtp = medianTimePast(times);
    const ctx = {
      prev: prev.entry,
      ancestor: lookupIn(headers),
      prevMedianTimePast: mtp,
      adjustedTime: rb.block.header.time,
    };
    assert.deepEqual(contextualCheckBlockHeader(rb.block.header, ctx, MAIN_PARAMS), { ok: true });
    assert.deepEqual(contextualCheckBlock(rb.block, 300025, mtp, MAIN_PARAMS), { ok: true });
    const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);
    assert.equal(
      reason(
        contextualCheckBlockHeader(
          { ...rb.block.header, bits: rb.block.header.bits - 1 },
          ctx,
          MAIN_PARAMS,
        ),
      ),
      "bad-diffbits",
    );
    assert.equal(
      reason(contextualCheckBlockHeader({ ...rb.block.header, time: mtp }, ctx, MAIN_PARAMS)),
      "time-too-old",
    );
    assert.equal(
      reason(contextualCheckBlockHeader({ ...rb.block.header, version: 1 }, ctx, MAIN_PARAMS)),
      "bad-version(0x00000001)",
    );
    assert.equal(
      reason(
        contextualCheckBlockHeader(
          rb.block.header,
          { ...ctx, adjustedTime: rb.block.header.time - 7201 },
          MAIN_PARAMS,
        ),
      ),
      "time-too-new",
    );
    assert.equal(reason(contextualCheckBlock(rb.block, 300026, mtp, MAIN_PARAMS)), "bad-cb-height");
  },
);

/** Replaces transaction `t` of the block, recomputing the merkle root when `remerkle`. */
function withTx(block: Block, t: number, tx: Transaction, remerkle: boolean): Block {
  const txs = block.txs.map((x, i) => (i === t ? tx : x));
  const header = remerkle
    ? { ...block.header, merkleRoot: merkleRoot(txs.map(txid)).root }
    : block.header;
  return { header, txs };
}

test(
  "real blocks mutated one way at a time are rejected with the right reason",
  vectorSuite(),
  (t) => {
    const blocks = loadRealBlocks();
    const legacy = blocks.find((b) => b.name === "main-300025")!;
    const segwit = blocks.find((b) => b.name === "testnet3-928816")!;
    const cases: [string, () => string][] = [];
    const run = (rb: RealBlock, block: Block) => validate(rb, block).reject?.reason ?? "ok";
    const connectOnly = (rb: RealBlock, block: Block) => {
      const ctx = contextFor(rb, block);
      const c = connectBlock(block, ctx);
      if (!c.ok) return c.reason;
      const s = verifyBlockScripts(c.scriptJobs, ctx.flags, backend);
      return s.ok ? "ok" : s.reason;
    };
    // A signature byte in a legacy scriptSig: the txid changes, so the header's merkle root no
    // longer matches; with the root recomputed (as a miner would) the script check fails.
    const tx1 = legacy.block.txs[1]!;
    const sig = tx1.inputs[0]!.scriptSig.slice();
    sig[10] ^= 0x01;
    const badSigTx = {
      ...tx1,
      inputs: [{ ...tx1.inputs[0]!, scriptSig: sig }, ...tx1.inputs.slice(1)],
    };
    cases.push([
      "signature byte, header kept",
      () => run(legacy, withTx(legacy.block, 1, badSigTx, false)),
    ]);
    cases.push([
      "signature byte, merkle recomputed",
      () => connectOnly(legacy, withTx(legacy.block, 1, badSigTx, true)),
    ]);
    // A witness signature byte: txids stay, the witness commitment breaks.
    const wtx = segwit.block.txs.find((x, i) => i > 0 && x.inputs[0]!.witness.length === 2)!;
    const wi = segwit.block.txs.indexOf(wtx);
    const wsig = wtx.inputs[0]!.witness[0]!.slice();
    wsig[8] ^= 0x01;
    const badWitnessTx = {
      ...wtx,
      inputs: [
        { ...wtx.inputs[0]!, witness: [wsig, wtx.inputs[0]!.witness[1]!] },
        ...wtx.inputs.slice(1),
      ],
    };
    cases.push([
      "witness signature byte",
      () => run(segwit, withTx(segwit.block, wi, badWitnessTx, false)),
    ]);
    cases.push([
      "witness signature byte, scripts",
      () => connectOnly(segwit, withTx(segwit.block, wi, badWitnessTx, false)),
    ]);
    // The nBits: the header hash no longer meets the (harder) claimed target.
    cases.push([
      "nBits",
      () =>
        run(legacy, {
          ...legacy.block,
          header: { ...legacy.block.header, bits: legacy.block.header.bits - 0x10000 },
        }),
    ]);
    // One more satoshi to the coinbase (merkle recomputed).
    const cb = legacy.block.txs[0]!;
    const richer = {
      ...cb,
      outputs: [{ ...cb.outputs[0]!, value: cb.outputs[0]!.value + 1n }, ...cb.outputs.slice(1)],
    };
    cases.push([
      "coinbase amount +1 sat",
      () => connectOnly(legacy, withTx(legacy.block, 0, richer, true)),
    ]);
    // CVE-2012-2459: the last transaction duplicated gives the same merkle root.
    const dup = {
      header: legacy.block.header,
      txs: [...legacy.block.txs, legacy.block.txs.at(-1)!],
    };
    cases.push(["duplicated last transaction", () => run(legacy, dup)]);
    // Transactions swapped: the merkle leaf order changes.
    const swapped = {
      header: legacy.block.header,
      txs: [
        legacy.block.txs[0]!,
        legacy.block.txs[2]!,
        legacy.block.txs[1]!,
        ...legacy.block.txs.slice(3),
      ],
    };
    cases.push(["two transactions swapped", () => run(legacy, swapped)]);
    // A spent coin missing from the UTXO set.
    cases.push([
      "input spending a missing coin",
      () => {
        const ctx = contextFor(legacy);
        const r = connectBlock(legacy.block, {
          ...ctx,
          lookup: (id, v) =>
            outpointKey(id, v) ===
            outpointKey(tx1.inputs[0]!.prevout.txid, tx1.inputs[0]!.prevout.vout)
              ? undefined
              : ctx.lookup(id, v),
        });
        return r.ok ? "ok" : r.reason;
      },
    ]);
    const expected = [
      "bad-txnmrklroot",
      "block-script-verify-flag-failed",
      "bad-witness-merkle-match",
      "block-script-verify-flag-failed",
      "high-hash",
      "bad-cb-amount",
      "bad-txns-duplicate",
      "bad-txnmrklroot",
      "bad-txns-inputs-missingorspent",
    ];
    const failures: string[] = [];
    cases.forEach(([name, fn], i) => {
      const got = fn();
      if (!got.startsWith(expected[i]!)) failures.push(`${name}: got ${got}, want ${expected[i]}`);
    });
    reportCases(t, "real-block mutations", cases.length, failures);
  },
);
