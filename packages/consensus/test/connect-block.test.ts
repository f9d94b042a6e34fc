import assert from "node:assert/strict";
import { test } from "node:test";
import type { Block } from "../src/block/block.js";
import { connectBlock } from "../src/checks/connect-block.js";
import type { Coin } from "../src/coins/compressed-coin.js";
import { REGTEST_PARAMS } from "../src/params/regtest.js";
import { txid } from "../src/tx/hash.js";
import { outpointKey } from "../src/tx/outpoint-key.js";
import type { Transaction } from "../src/tx/transaction.js";

const P2WPKH = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(7));
const OP_RETURN = Uint8Array.of(0x6a, 0x01, 0x2a);
const external = new Uint8Array(32).fill(9);

function spend(prevTxid: Uint8Array, vout: number, outputs: Transaction["outputs"]): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: prevTxid, vout },
        scriptSig: new Uint8Array(0),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}

const coinbase: Transaction = {
  version: 2,
  inputs: [
    {
      prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
      scriptSig: Uint8Array.of(1, 101),
      sequence: 0xffffffff,
      witness: [],
    },
  ],
  outputs: [{ value: 0n, scriptPubKey: P2WPKH }],
  locktime: 0,
};

/** Connects coinbase + `txs` at height 101 over a UTXO set holding one 10,000-sat external coin. */
function connect(txs: Transaction[]) {
  const coins = new Map<string, Coin>([
    [
      outpointKey(external, 0),
      { output: { value: 10_000n, scriptPubKey: P2WPKH }, height: 1, coinbase: false },
    ],
  ]);
  const block: Block = { header: {} as Block["header"], txs: [coinbase, ...txs] };
  return connectBlock(block, {
    height: 101,
    params: REGTEST_PARAMS,
    flags: 0,
    prevMedianTimePast: 0,
    medianTimePastAt: () => 0,
    lookup: (id, vout) => coins.get(outpointKey(id, vout)),
  });
}

test("outputs of earlier transactions in the block are spendable once, OP_RETURN ones never", () => {
  const parent = spend(external, 0, [
    { value: 0n, scriptPubKey: OP_RETURN },
    { value: 9_000n, scriptPubKey: P2WPKH },
  ]);
  const child = spend(txid(parent), 1, [{ value: 8_000n, scriptPubKey: P2WPKH }]);
  const ok = connect([parent, child]);
  assert.ok(ok.ok, ok.ok ? "" : ok.reason);
  assert.equal(ok.fees, 2_000n);
  assert.equal(ok.spent[2]![0]!.output.value, 9_000n);
  assert.equal(ok.spent[2]![0]!.height, 101);

  const burnSpender = spend(txid(parent), 0, [{ value: 0n, scriptPubKey: P2WPKH }]);
  const burn = connect([parent, burnSpender]);
  assert.equal(burn.ok ? "ok" : burn.reason, "bad-txns-inputs-missingorspent");

  const twice = spend(txid(parent), 1, [{ value: 7_000n, scriptPubKey: P2WPKH }]);
  const double = connect([parent, child, twice]);
  assert.equal(double.ok ? "ok" : double.reason, "bad-txns-inputs-missingorspent");

  const beyond = spend(txid(parent), 2, [{ value: 1n, scriptPubKey: P2WPKH }]);
  const missing = connect([parent, beyond]);
  assert.equal(missing.ok ? "ok" : missing.reason, "bad-txns-inputs-missingorspent");

  // A transaction cannot spend a later one's outputs.
  const early = connect([child, parent]);
  assert.equal(early.ok ? "ok" : early.reason, "bad-txns-inputs-missingorspent");
});
