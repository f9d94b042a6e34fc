// Coin selection and funding: branch-and-bound exact matches, change, dust folding, fee from
// the amount, insufficient funds and Core's amount errors; size estimates and dust thresholds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_MONEY } from "@hashforge/consensus";
import { selectCoins } from "../src/wallet/coin-selection.js";
import {
  type FundingCoin,
  fundTransaction,
  WALLET_INPUT_SEQUENCE,
} from "../src/wallet/fund-transaction.js";
import type { WalletAddressType } from "../src/wallet/keychain.js";
import {
  DISCARD_FEE_RATE,
  estimateTxWeight,
  feeForWeight,
  feeRateFromSatPerVb,
  INPUT_WEIGHT,
  outputWeight,
} from "../src/wallet/size-estimate.js";
import { WalletError, type WalletErrorCode } from "../src/wallet/wallet-error.js";
import { deterministicRandom } from "./wallet-fixtures.js";

const P2WPKH = (b: number) => Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(b));
const P2TR = (b: number) => Uint8Array.of(0x51, 0x20, ...new Uint8Array(32).fill(b));
const RECIPIENT = P2WPKH(0xee);
const CHANGE = P2WPKH(0xcc);
const SAT_VB_1 = 1000n;

function coin(value: bigint, n: number, type: WalletAddressType = "bech32"): FundingCoin {
  return {
    outpoint: { txid: new Uint8Array(32).fill(n), vout: n },
    value,
    scriptPubKey: type === "bech32" ? P2WPKH(n) : P2TR(n),
    type,
  };
}

function fund(
  coins: FundingCoin[],
  amount: bigint,
  extra: { feeRate?: bigint; sffa?: boolean } = {},
) {
  return fundTransaction({
    coins,
    outputs: [{ value: amount, scriptPubKey: RECIPIENT }],
    feeRate: extra.feeRate ?? SAT_VB_1,
    changeScript: CHANGE,
    changeType: "bech32",
    subtractFeeFrom: extra.sffa === true ? [0] : [],
    locktime: 123,
  });
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

function walletError(code: WalletErrorCode, message?: string) {
  return (e: unknown) => {
    assert.ok(e instanceof WalletError);
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

test("size estimates: 68 vB per P2WPKH input, 57.5 vB per P2TR key-path input", () => {
  assert.equal(INPUT_WEIGHT.bech32 / 4, 68);
  assert.equal(INPUT_WEIGHT.bech32m / 4, 57.5);
  assert.equal(outputWeight(P2WPKH(1)), 31 * 4);
  assert.equal(outputWeight(P2TR(1)), 43 * 4);
  // 1-in 2-out P2WPKH: 10.5 + 68 + 2 x 31 = 140.5 vB, the well-known figure.
  assert.equal(estimateTxWeight([INPUT_WEIGHT.bech32], [P2WPKH(1), P2WPKH(2)]), 562);
  assert.equal(feeForWeight(562, 1000n), 141n);
  assert.equal(feeForWeight(562, 2500n), 353n); // 141 vB x 2.5, rounded up
  assert.equal(feeRateFromSatPerVb(1.5), 1500n);
  assert.equal(feeRateFromSatPerVb(-1), null);
  assert.equal(feeRateFromSatPerVb(Number.NaN), null);
});

test("change dust is judged by the change script: 294 sat for P2WPKH, 330 for P2TR", () => {
  // 1 in / 2 out leaves exactly 294 sat of P2WPKH change: kept. One satoshi less: fee.
  const keep = fund([coin(100_000n, 1)], 100_000n - 141n - 294n);
  assert.equal(keep.tx.outputs[1]?.value, 294n);
  const fold = fund([coin(100_000n, 1)], 100_000n - 141n - 293n);
  assert.equal(fold.changePosition, -1);
  assert.equal(fold.fee, 141n + 293n);
  // A P2TR change script (43-byte output, 1 in / 2 out = 153 vB) needs 330 sat.
  const withTaprootChange = (changeValue: bigint) =>
    fundTransaction({
      coins: [coin(100_000n, 1)],
      outputs: [{ value: 100_000n - 153n - changeValue, scriptPubKey: RECIPIENT }],
      feeRate: SAT_VB_1,
      changeScript: P2TR(0xcc),
      changeType: "bech32m",
      subtractFeeFrom: [],
      locktime: 0,
    });
  assert.equal(withTaprootChange(330n).tx.outputs[1]?.value, 330n);
  assert.equal(withTaprootChange(329n).changePosition, -1);
});

test("exact match: branch-and-bound spends one coin with no change", () => {
  // Base tx (no inputs): 174 WU = 44 sat at 1 sat/vB; a P2WPKH input costs 68 sat.
  const coins = [coin(1_000_000n, 1), coin(500_000n, 2), coin(250_068n, 3), coin(2_000_000n, 4)];
  const funded = fund(coins, 249_956n);
  assert.equal(funded.algorithm, "bnb");
  assert.equal(funded.changePosition, -1);
  assert.equal(funded.tx.inputs.length, 1);
  assert.equal(funded.tx.inputs[0]!.prevout.vout, 3);
  assert.equal(funded.fee, 112n);
  assert.deepEqual(funded.tx.outputs, [{ value: 249_956n, scriptPubKey: RECIPIENT }]);
  assert.equal(funded.tx.locktime, 123);
  assert.equal(funded.tx.version, 2);
  assert.equal(funded.tx.inputs[0]!.sequence, WALLET_INPUT_SEQUENCE);
});

test("exact match of two coins, preferred to a single coin that would need change", () => {
  const coins = [coin(700_000n, 1), coin(300_068n, 2), coin(200_068n, 3)];
  const funded = fund(coins, 499_956n);
  assert.equal(funded.algorithm, "bnb");
  assert.equal(funded.changePosition, -1);
  assert.deepEqual(funded.tx.inputs.map((i) => i.prevout.vout).sort(), [2, 3]);
  // 174 + 2 x 272 = 718 WU = 180 vB.
  assert.equal(funded.fee, 180n);
  assert.equal(sum(funded.spent.map((c) => c.value)) - funded.fee, 499_956n);
});

test("change: the smallest sufficient coin is spent and the rest returns as change", () => {
  const coins = [coin(10n * 100_000_000n, 1), coin(3n * 100_000_000n, 2), coin(50_000n, 3)];
  const funded = fund(coins, 100_000_000n);
  assert.equal(funded.algorithm, "lowest-larger");
  assert.equal(funded.tx.inputs[0]!.prevout.vout, 2);
  assert.equal(funded.changePosition, 1);
  // 1 in, 2 out: 562 WU = 141 sat.
  assert.equal(funded.fee, 141n);
  assert.deepEqual(funded.tx.outputs[1], { value: 200_000_000n - 141n, scriptPubKey: CHANGE });
  assert.equal(
    sum(funded.spent.map((c) => c.value)) - sum(funded.tx.outputs.map((o) => o.value)),
    funded.fee,
  );
});

test("change: coins are added largest first when no single coin suffices", () => {
  const coins = [coin(40_000n, 1), coin(60_000n, 2, "bech32m"), coin(30_000n, 3)];
  const funded = fund(coins, 90_000n);
  assert.equal(funded.algorithm, "largest-first");
  assert.deepEqual(
    funded.tx.inputs.map((i) => i.prevout.vout),
    [2, 1],
  );
  // 42 + 230 + 272 + 2 x 124 = 792 WU = 198 sat.
  assert.equal(funded.fee, 198n);
  assert.equal(funded.tx.outputs[1]!.value, 100_000n - 90_000n - 198n);
});

test("dust change is folded into the fee instead of making an output", () => {
  // After the fee the coin leaves 249 sat over the amount: below the 294 sat dust threshold of
  // the change script, and more than branch-and-bound's cost of change (235 sat).
  const funded = fund([coin(1_000_000n, 1)], 999_608n);
  assert.equal(funded.algorithm, "largest-first");
  assert.equal(funded.changePosition, -1);
  assert.equal(funded.tx.outputs.length, 1);
  assert.equal(funded.fee, 1_000_000n - 999_608n);
  assert.equal(funded.fee, 392n);
});

test("insufficient funds, including coins worth less than the fee to spend them", () => {
  assert.throws(
    () => fund([coin(100_000n, 1)], 100_000n),
    walletError("insufficient-funds", "Insufficient funds"),
  );
  assert.throws(() => fund([], 1000n), walletError("insufficient-funds"));
  // At 10 sat/vB a P2WPKH input costs 680 sat: a 600 sat coin is worth nothing.
  assert.throws(
    () => fund([coin(600n, 1), coin(600n, 2)], 300n, { feeRate: 10_000n }),
    walletError("insufficient-funds"),
  );
  assert.throws(() => fund([coin(100n, 1)], 1000n), { code: "insufficient-funds" });
});

test("amount errors carry Core's messages", () => {
  const coins = [coin(100_000_000n, 1)];
  assert.throws(() => fund(coins, 0n), walletError("invalid-amount", "Invalid amount for send"));
  assert.throws(() => fund(coins, -5n), walletError("amount-out-of-range", "Amount out of range"));
  assert.throws(() => fund(coins, MAX_MONEY + 1n), walletError("amount-out-of-range"));
  assert.throws(
    () => fund(coins, 293n),
    walletError("amount-too-small", "Transaction amount too small"),
  );
  assert.equal(fund(coins, 294n).tx.outputs[0]!.value, 294n);
});

test("subtract fee from amount: the recipient pays the fee", () => {
  // Sweep one coin: no change, the recipient gets the coin minus the 1-in 1-out fee (110 vB).
  const sweep = fund([coin(100_000_000n, 1)], 100_000_000n, { sffa: true });
  assert.equal(sweep.changePosition, -1);
  assert.equal(sweep.fee, 110n);
  assert.equal(sweep.tx.outputs[0]!.value, 100_000_000n - 110n);
  // With change, the change is exact and the recipient pays the 1-in 2-out fee.
  const partial = fund([coin(100_000_000n, 1)], 40_000_000n, { sffa: true });
  assert.equal(partial.fee, 141n);
  assert.equal(partial.tx.outputs[0]!.value, 40_000_000n - 141n);
  assert.equal(partial.tx.outputs[1]!.value, 60_000_000n);
  assert.throws(
    () => fund([coin(100_000n, 1)], 400n, { sffa: true, feeRate: 5000n }),
    walletError("amount-too-small-for-fee"),
  );
  assert.throws(
    () => fund([coin(100_000n, 1)], 998n, { sffa: true, feeRate: 5000n }),
    walletError("amount-too-small-after-fee"),
  );
  // 141 vB x 5 sat = 705 sat: 1000 - 705 = 295 is just above the 294 sat dust threshold.
  assert.equal(
    fund([coin(100_000n, 1)], 1000n, { sffa: true, feeRate: 5000n }).tx.outputs[0]!.value,
    295n,
  );
});

test("branch-and-bound: any selection it returns lands in the changeless window", (t) => {
  const rand = deterministicRandom("bnb");
  let found = 0;
  const trials = 200;
  for (let trial = 0; trial < trials; trial++) {
    const bytes = rand(64);
    const coins = Array.from({ length: 12 }, (_, i) => ({
      value: 1000n + BigInt(bytes[i]! * 997 + bytes[i + 20]! * 13),
      inputWeight: bytes[i + 40]! % 2 === 0 ? INPUT_WEIGHT.bech32 : INPUT_WEIGHT.bech32m,
    }));
    const amount = 2000n + BigInt(bytes[60]! * 400);
    const target = {
      amount,
      baseWeight: estimateTxWeight([], [RECIPIENT]),
      feeRate: 2000n,
      changeOutputWeight: outputWeight(CHANGE),
      changeSpendWeight: INPUT_WEIGHT.bech32,
      minChange: 294n,
      subtractFee: false,
    };
    const selection = selectCoins(coins, target);
    const costOfChange =
      feeForWeight(target.changeOutputWeight, 2000n) +
      feeForWeight(target.changeSpendWeight, DISCARD_FEE_RATE);
    const effs = coins.map((c) => c.value - feeForWeight(c.inputWeight, 2000n));
    // Exhaustive check of the 4096 subsets: is there any changeless solution at all?
    let changelessExists = false;
    const need0 = amount + feeForWeight(target.baseWeight, 2000n);
    for (let mask = 1; mask < 1 << coins.length && !changelessExists; mask++) {
      let v = 0n;
      for (let i = 0; i < coins.length; i++) if (mask & (1 << i) && effs[i]! > 0n) v += effs[i]!;
      changelessExists = v >= need0 && v <= need0 + costOfChange;
    }
    assert.equal(selection?.algorithm === "bnb", changelessExists, `trial ${trial}: bnb missed`);
    const total = sum(
      coins.map((c) => c.value - feeForWeight(c.inputWeight, 2000n)).filter((v) => v > 0n),
    );
    const need = amount + feeForWeight(target.baseWeight, 2000n);
    if (selection === null) {
      assert.ok(total < need, `trial ${trial}: funds exist but nothing was selected`);
      continue;
    }
    assert.equal(new Set(selection.indexes).size, selection.indexes.length);
    const eff = sum(
      selection.indexes.map((i) => coins[i]!.value - feeForWeight(coins[i]!.inputWeight, 2000n)),
    );
    assert.ok(eff >= need, `trial ${trial}: selection does not cover the target`);
    if (selection.algorithm === "bnb") {
      found++;
      assert.ok(eff <= need + costOfChange, `trial ${trial}: bnb overshot the window`);
    }
  }
  assert.ok(found > 0, "branch-and-bound found at least one changeless solution");
  t.diagnostic(`bnb changeless solutions: ${found}/${trials} trials`);
});
