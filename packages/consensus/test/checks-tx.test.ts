import assert from "node:assert/strict";
import { test } from "node:test";
import {
  coinbaseHeightPrefix,
  decodeCoinbaseHeight,
  hasCoinbaseHeight,
} from "../src/block/coinbase-height.js";
import { toHex } from "../src/bytes/hex.js";
import { checkTransaction } from "../src/checks/check-transaction.js";
import { checkTxInputs } from "../src/checks/check-tx-inputs.js";
import type { Coin } from "../src/coins/compressed-coin.js";
import { MAX_MONEY } from "../src/constants.js";
import { isFinalTx } from "../src/tx/finality.js";
import { outpointKey, TXID_KEY_LENGTH, txidKey } from "../src/tx/outpoint-key.js";
import { calculateSequenceLocks, sequenceLocksSatisfied } from "../src/tx/sequence-locks.js";
import type { Transaction, TxIn } from "../src/tx/transaction.js";

const txidA = new Uint8Array(32).fill(1);
const txidB = new Uint8Array(32).fill(2);
const input = (txid: Uint8Array, vout: number, sequence = 0xffffffff): TxIn => ({
  prevout: { txid, vout },
  scriptSig: new Uint8Array(0),
  sequence,
  witness: [],
});
const spend = (over: Partial<Transaction> = {}): Transaction => ({
  version: 2,
  inputs: [input(txidA, 0)],
  outputs: [{ value: 1000n, scriptPubKey: Uint8Array.of(0x51) }],
  locktime: 0,
  ...over,
});
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "ok" : r.reason);

test("checkTransaction reports Core's reject reasons", () => {
  assert.equal(reason(checkTransaction(spend())), "ok");
  assert.equal(reason(checkTransaction(spend({ inputs: [] }))), "bad-txns-vin-empty");
  assert.equal(reason(checkTransaction(spend({ outputs: [] }))), "bad-txns-vout-empty");
  const out = (value: bigint) => ({ value, scriptPubKey: new Uint8Array(0) });
  assert.equal(reason(checkTransaction(spend({ outputs: [out(-1n)] }))), "bad-txns-vout-negative");
  assert.equal(
    reason(checkTransaction(spend({ outputs: [out(MAX_MONEY + 1n)] }))),
    "bad-txns-vout-toolarge",
  );
  assert.equal(reason(checkTransaction(spend({ outputs: [out(MAX_MONEY)] }))), "ok");
  assert.equal(
    reason(checkTransaction(spend({ outputs: [out(MAX_MONEY), out(1n)] }))),
    "bad-txns-txouttotal-toolarge",
  );
  assert.equal(
    reason(checkTransaction(spend({ inputs: [input(txidA, 0), input(txidA, 0)] }))),
    "bad-txns-inputs-duplicate",
  );
  assert.equal(
    reason(
      checkTransaction(
        spend({ inputs: [input(txidA, 0), input(txidB, 0), input(txidA, 1), input(txidB, 0)] }),
      ),
    ),
    "bad-txns-inputs-duplicate",
  );
  assert.equal(
    reason(checkTransaction(spend({ inputs: [input(txidA, 0), input(txidA, 1)] }))),
    "ok",
  );
  const nullIn = input(new Uint8Array(32), 0xffffffff);
  assert.equal(
    reason(checkTransaction(spend({ inputs: [input(txidA, 0), nullIn] }))),
    "bad-txns-prevout-null",
  );
  const cb = (len: number) => spend({ inputs: [{ ...nullIn, scriptSig: new Uint8Array(len) }] });
  assert.equal(reason(checkTransaction(cb(1))), "bad-cb-length");
  assert.equal(reason(checkTransaction(cb(2))), "ok");
  assert.equal(reason(checkTransaction(cb(100))), "ok");
  assert.equal(reason(checkTransaction(cb(101))), "bad-cb-length");
  const huge = spend({ outputs: [{ value: 0n, scriptPubKey: new Uint8Array(1_000_000) }] });
  assert.equal(reason(checkTransaction(huge)), "bad-txns-oversize");
});

test("checkTxInputs: missing, immature coinbase, value ranges, fee", () => {
  const coins = new Map<string, Coin>([
    [
      "a0",
      { output: { value: 5000n, scriptPubKey: new Uint8Array(0) }, height: 100, coinbase: true },
    ],
    [
      "b0",
      { output: { value: 500n, scriptPubKey: new Uint8Array(0) }, height: 5, coinbase: false },
    ],
  ]);
  const lookup = (txid: Uint8Array, vout: number) =>
    coins.get(`${txid[0] === 1 ? "a" : "b"}${vout}`);
  const ok = checkTxInputs(spend(), lookup, 200);
  assert.ok(ok.ok);
  assert.equal(ok.ok && ok.fee, 4000n);
  assert.equal(reason(checkTxInputs(spend(), lookup, 199)), "bad-txns-premature-spend-of-coinbase");
  assert.equal(
    reason(checkTxInputs(spend({ inputs: [input(txidA, 1)] }), lookup, 300)),
    "bad-txns-inputs-missingorspent",
  );
  assert.equal(
    reason(checkTxInputs(spend({ inputs: [input(txidB, 0)] }), lookup, 300)),
    "bad-txns-in-belowout",
  );
  coins.set("b0", {
    output: { value: MAX_MONEY + 1n, scriptPubKey: new Uint8Array(0) },
    height: 5,
    coinbase: false,
  });
  assert.equal(
    reason(checkTxInputs(spend({ inputs: [input(txidB, 0)] }), lookup, 300)),
    "bad-txns-inputvalues-outofrange",
  );
});

test("BIP34 coinbase height encoding", () => {
  assert.equal(toHex(coinbaseHeightPrefix(0)), "00");
  assert.equal(toHex(coinbaseHeightPrefix(1)), "51");
  assert.equal(toHex(coinbaseHeightPrefix(16)), "60");
  assert.equal(toHex(coinbaseHeightPrefix(17)), "0111");
  assert.equal(toHex(coinbaseHeightPrefix(128)), "028000");
  assert.equal(toHex(coinbaseHeightPrefix(227931)), "035b7a03");
  assert.ok(hasCoinbaseHeight(Uint8Array.of(0x03, 0x5b, 0x7a, 0x03, 0xff), 227931));
  assert.ok(!hasCoinbaseHeight(Uint8Array.of(0x03, 0x5b, 0x7a), 227931));
  assert.ok(!hasCoinbaseHeight(Uint8Array.of(0x04, 0x5b, 0x7a, 0x03, 0x00), 227931));
  for (const h of [0, 1, 16, 17, 127, 128, 255, 256, 65535, 840000, 8388607, 8388608]) {
    assert.equal(decodeCoinbaseHeight(coinbaseHeightPrefix(h)), h, `height ${h}`);
  }
});

test("IsFinalTx by height and by time", () => {
  const locked = (locktime: number, sequence = 0) =>
    spend({ locktime, inputs: [input(txidA, 0, sequence)] });
  assert.ok(isFinalTx(locked(0), 10, 0));
  assert.ok(isFinalTx(locked(9), 10, 0));
  assert.ok(!isFinalTx(locked(10), 10, 0));
  assert.ok(isFinalTx(locked(10, 0xffffffff), 10, 0));
  assert.ok(isFinalTx(locked(500_000_000), 10, 500_000_001));
  assert.ok(!isFinalTx(locked(500_000_001), 10_000_000, 500_000_001));
});

test("BIP68 sequence locks by height and by time", () => {
  const tx = spend({ inputs: [input(txidA, 0, 10), input(txidB, 0, (1 << 22) | 2)] });
  const mtp = (h: number) => 1_000_000 + h * 600;
  const locks = calculateSequenceLocks(tx, true, [100, 200], mtp);
  assert.equal(locks.minHeight, 109);
  assert.equal(locks.minTime, mtp(199) + 1024 - 1);
  assert.ok(!sequenceLocksSatisfied(locks, 109, locks.minTime + 1));
  assert.ok(!sequenceLocksSatisfied(locks, 110, locks.minTime));
  assert.ok(sequenceLocksSatisfied(locks, 110, locks.minTime + 1));
  assert.deepEqual(calculateSequenceLocks({ ...tx, version: 1 }, true, [100, 200], mtp), {
    minHeight: -1,
    minTime: -1,
  });
  assert.deepEqual(calculateSequenceLocks(tx, false, [100, 200], mtp), {
    minHeight: -1,
    minTime: -1,
  });
  const disabled = spend({ inputs: [input(txidA, 0, 0x80000000 | 10)] });
  assert.deepEqual(calculateSequenceLocks(disabled, true, [100], mtp), {
    minHeight: -1,
    minTime: -1,
  });
});

test("outpoint keys are distinct for distinct outpoints", () => {
  const keys = new Set<string>();
  for (let b = 0; b < 256; b++) {
    for (const pos of [0, 1, 30, 31]) {
      const id = new Uint8Array(32);
      id[pos] = b;
      keys.add(outpointKey(id, 0));
    }
  }
  // 4 positions x 255 non-zero values + the all-zero txid, each distinct.
  assert.equal(keys.size, 4 * 255 + 1);
  assert.notEqual(outpointKey(new Uint8Array(32), 1), outpointKey(new Uint8Array(32), 11));
  assert.notEqual(outpointKey(new Uint8Array(32), 1), outpointKey(new Uint8Array(32), 0));
  const zero = new Uint8Array(32);
  const vouts = [0, 1, 0xffff, 0x10000, 0x10001, 0xffffffff];
  assert.equal(new Set(vouts.map((v) => outpointKey(zero, v))).size, vouts.length);
  const id = Uint8Array.from({ length: 32 }, (_, i) => i * 9);
  assert.equal(outpointKey(id, 7).length, TXID_KEY_LENGTH + 2);
  assert.ok(outpointKey(id, 7).startsWith(txidKey(id)), "an outpoint key extends its txid key");
});
