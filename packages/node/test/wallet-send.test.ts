// Spending: sendToAddress and signRawTransactionWithWallet produce transactions that pass
// consensus CheckTransaction and verify input by input; BIP341 key-path signing vectors.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  decodeTx,
  encodeAddress,
  encodeTx,
  fromHex,
  precomputeTxData,
  REGTEST_PARAMS,
  SECP256K1_ORDER,
  scriptErrorMessage,
  scriptToAddress,
  type Transaction,
  type TxOut,
  taprootSighash,
  toHex,
  txid,
  txVsize,
  txWeight,
  witnessDestination,
} from "@hashforge/consensus";
import type { DevWallet } from "../src/wallet/dev-wallet.js";
import { WALLET_INPUT_SEQUENCE } from "../src/wallet/fund-transaction.js";
import { INPUT_NOT_FOUND } from "../src/wallet/sign-transaction.js";
import { signTaprootKeyPathInput, tweakTaprootPrivateKey } from "../src/wallet/signer.js";
import { WalletError, type WalletErrorCode } from "../src/wallet/wallet-error.js";
import {
  assertFullyValid,
  FOREIGN_SCRIPT,
  openTestWallet,
  plainTx,
  ToyChain,
} from "./wallet-fixtures.js";

const BTC = 1_0000_0000n;
// Recipients outside the wallet: regtest addresses of fixed witness programs.
const P2WPKH_RECIPIENT = encodeAddress(
  witnessDestination(0, new Uint8Array(20).fill(0xab)),
  REGTEST_PARAMS,
);
const P2TR_RECIPIENT = encodeAddress(
  witnessDestination(1, new Uint8Array(32).fill(0xcd)),
  REGTEST_PARAMS,
);

function walletError(code: WalletErrorCode, message?: string) {
  return (e: unknown) => {
    assert.ok(e instanceof WalletError, String(e));
    assert.equal(e.code, code);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

/** A wallet whose coinbase rewards (one per type given) are mature. */
async function walletWithCoins(types: readonly ("bech32" | "bech32m")[]) {
  const opened = await openTestWallet();
  const { wallet } = opened;
  const chain = new ToyChain(wallet);
  for (const type of types) {
    const key = wallet.keyForAddress(await wallet.getNewAddress("", type))!;
    chain.connect(key.scriptPubKey);
  }
  chain.mine(101);
  return { ...opened, chain };
}

/** The outputs a wallet transaction spends, from the wallet's coins. */
function spentOutputs(wallet: DevWallet, tx: Transaction): TxOut[] {
  return tx.inputs.map((input) => {
    const coin = wallet
      .coins()
      .find((c) => toHex(c.txid) === toHex(input.prevout.txid) && c.vout === input.prevout.vout);
    assert.ok(coin !== undefined, "input spends a wallet coin");
    return { value: coin.value, scriptPubKey: coin.scriptPubKey };
  });
}

/** Checks the fee against the rate and the signed size against the estimate the fee used. */
function assertFeeFits(
  tx: Transaction,
  spent: readonly TxOut[],
  fee: bigint,
  satPerVb: number,
): void {
  const inValue = spent.reduce((a, o) => a + o.value, 0n);
  const outValue = tx.outputs.reduce((a, o) => a + o.value, 0n);
  assert.equal(inValue - outValue, fee);
  assert.ok(
    Number(fee) >= satPerVb * txVsize(tx),
    `fee ${fee} below ${satPerVb} sat/vB x ${txVsize(tx)} vB`,
  );
  // The estimate may only overshoot by the DER signature length slack (up to 2 bytes/input).
  assert.ok(Number(fee) <= satPerVb * (txVsize(tx) + tx.inputs.length) + 1);
}

test("sendToAddress from P2WPKH coins: valid, signed, RBF, anti-fee-sniping, fresh change", async (t) => {
  const { wallet, chain } = await walletWithCoins(["bech32"]);
  const sent = await wallet.sendToAddress(P2WPKH_RECIPIENT, 3n * BTC, { feeRate: 2 });
  const spent = spentOutputs(wallet, sent.tx);
  const verified = assertFullyValid(sent.tx, spent);
  assertFeeFits(sent.tx, spent, sent.fee, 2);
  assert.equal(sent.txid, toHex(txid(sent.tx).slice().reverse()));
  assert.equal(sent.hex, toHex(encodeTx(sent.tx)));
  assert.deepEqual(decodeTx(fromHex(sent.hex)), sent.tx);
  assert.equal(sent.tx.locktime, chain.height);
  assert.ok(sent.tx.inputs.every((i) => i.sequence === WALLET_INPUT_SEQUENCE));
  assert.equal(sent.tx.outputs[0]!.value, 3n * BTC);
  const change = sent.tx.outputs[sent.changePosition]!;
  const changeKey = wallet.keyForAddress(scriptToAddress(change.scriptPubKey, REGTEST_PARAMS)!);
  assert.equal(changeKey?.path, "m/84'/1'/0'/1/0", "change pays a fresh change address");
  assert.equal(wallet.coins().length, 1, "nothing recorded until the mempool reports the spend");
  assert.equal(change.value, 50n * BTC - 3n * BTC - sent.fee);
  // The node's mempool accepts it and tells the wallet.
  wallet.transactionAdded(sent.tx);
  assert.deepEqual(wallet.getBalances(), {
    trusted: 47n * BTC - sent.fee,
    untrustedPending: 0n,
    immature: 0n,
  });
  const changeCoin = wallet.coins().find((c) => c.spentBy === null)!;
  assert.equal(changeCoin.key.branch, 1);
  assert.equal(changeCoin.key.path, "m/84'/1'/0'/1/0");
  t.diagnostic(
    `p2wpkh send: ${verified} input(s) verified, ${txVsize(sent.tx)} vB, fee ${sent.fee}`,
  );
});

test("sendToAddress from P2TR coins to a taproot address: Schnorr key-path spends verify", async (t) => {
  const { wallet } = await walletWithCoins(["bech32m"]);
  const sent = await wallet.sendToAddress(P2TR_RECIPIENT, 7n * BTC, { feeRate: 1 });
  const spent = spentOutputs(wallet, sent.tx);
  assertFullyValid(sent.tx, spent);
  assertFeeFits(sent.tx, spent, sent.fee, 1);
  assert.equal(sent.tx.inputs[0]!.witness.length, 1);
  assert.equal(sent.tx.inputs[0]!.witness[0]!.length, 64, "SIGHASH_DEFAULT: no hash type byte");
  // Change goes to a BIP86 change address, like the recipient.
  wallet.transactionAdded(sent.tx);
  const change = wallet.coins().find((c) => c.spentBy === null)!;
  assert.equal(change.key.path, "m/86'/1'/0'/1/0");
  // Taproot inputs sign exactly to the estimate: 57.5 vB each.
  assert.equal(txWeight(sent.tx), 42 + 230 + 2 * 172);
  t.diagnostic(`p2tr send: ${txVsize(sent.tx)} vB, fee ${sent.fee}`);
});

test("mixed P2WPKH and P2TR inputs, then a chain of sends on unconfirmed change", async () => {
  const { wallet } = await walletWithCoins(["bech32", "bech32m"]);
  const first = await wallet.sendToAddress(P2WPKH_RECIPIENT, 80n * BTC, { feeRate: 3 });
  assert.equal(first.tx.inputs.length, 2);
  assertFullyValid(first.tx, spentOutputs(wallet, first.tx));
  wallet.transactionAdded(first.tx);
  // The only coin left is our unconfirmed change: trusted, hence spendable.
  const second = await wallet.sendToAddress(P2TR_RECIPIENT, 15n * BTC, { feeRate: 3 });
  assert.equal(toHex(second.tx.inputs[0]!.prevout.txid), toHex(txid(first.tx)));
  assertFullyValid(second.tx, spentOutputs(wallet, second.tx));
  wallet.transactionAdded(second.tx);
  assert.equal(wallet.getBalance(), 100n * BTC - 95n * BTC - first.fee - second.fee);
});

test("subtractFeeFromAmount: the recipient receives the amount minus the fee", async () => {
  const { wallet } = await walletWithCoins(["bech32"]);
  const sent = await wallet.sendToAddress(P2WPKH_RECIPIENT, 50n * BTC, {
    feeRate: 1,
    subtractFeeFromAmount: true,
  });
  assert.equal(sent.changePosition, -1);
  assert.equal(sent.tx.outputs.length, 1);
  assert.equal(sent.tx.outputs[0]!.value, 50n * BTC - sent.fee);
  assertFullyValid(sent.tx, spentOutputs(wallet, sent.tx));
});

test("sendToAddress errors carry Core's messages and RPC codes", async () => {
  const { wallet } = await walletWithCoins(["bech32"]);
  await assert.rejects(
    wallet.sendToAddress("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", BTC),
    walletError("invalid-address", "Invalid address"),
  );
  await assert.rejects(wallet.sendToAddress("not-an-address", BTC), { code: "invalid-address" });
  await assert.rejects(
    wallet.sendToAddress(P2WPKH_RECIPIENT, 51n * BTC),
    walletError("insufficient-funds", "Insufficient funds"),
  );
  await assert.rejects(
    wallet.sendToAddress(P2WPKH_RECIPIENT, 100n),
    walletError("amount-too-small", "Transaction amount too small"),
  );
  await assert.rejects(
    wallet.sendToAddress(P2WPKH_RECIPIENT, -1n),
    walletError("amount-out-of-range", "Amount out of range"),
  );
  await assert.rejects(wallet.sendToAddress(P2WPKH_RECIPIENT, 0n), walletError("invalid-amount"));
  await assert.rejects(
    wallet.sendToAddress(P2WPKH_RECIPIENT, BTC, { feeRate: -1 }),
    walletError("invalid-fee-rate"),
  );
  await assert.rejects(
    wallet.createFundedTransaction([
      { address: P2WPKH_RECIPIENT, amount: BTC },
      { address: P2WPKH_RECIPIENT, amount: BTC },
    ]),
    walletError("duplicate-address"),
  );
  // Failed sends consumed no change address.
  const ok = await wallet.sendToAddress(P2WPKH_RECIPIENT, BTC);
  wallet.transactionAdded(ok.tx);
  assert.equal(wallet.coins().find((c) => c.spentBy === null)!.key.path, "m/84'/1'/0'/1/0");
});

test("immature and untrusted coins are not spent", async () => {
  const { wallet } = await openTestWallet();
  const chain = new ToyChain(wallet);
  chain.connect(wallet.keyForAddress(await wallet.getNewAddress())!.scriptPubKey);
  chain.mine(99);
  const payment = plainTx(
    [{ txid: new Uint8Array(32).fill(9), vout: 1 }],
    [
      {
        value: 5n * BTC,
        scriptPubKey: wallet.keyForAddress(await wallet.getNewAddress())!.scriptPubKey,
      },
    ],
  );
  wallet.transactionAdded(payment);
  await assert.rejects(
    wallet.sendToAddress(P2WPKH_RECIPIENT, BTC),
    walletError("insufficient-funds"),
  );
});

test("signRawTransactionWithWallet: signs wallet inputs and reports the others like Core", async () => {
  const { wallet } = await walletWithCoins(["bech32", "bech32m"]);
  const funded = await wallet.createFundedTransaction(
    [{ address: P2WPKH_RECIPIENT, amount: 60n * BTC }],
    1,
  );
  assert.ok(
    funded.tx.inputs.every((i) => i.witness.length === 0),
    "funding does not sign",
  );
  const signed = wallet.signRawTransactionWithWallet(funded.tx);
  assert.equal(signed.complete, true);
  assert.deepEqual(signed.errors, []);
  assertFullyValid(signed.tx, spentOutputs(wallet, signed.tx));

  // An extra input the wallet knows nothing about.
  const unknown = { txid: new Uint8Array(32).fill(0x42), vout: 3 };
  const withUnknown: Transaction = {
    ...funded.tx,
    inputs: [
      ...funded.tx.inputs,
      { prevout: unknown, scriptSig: new Uint8Array(0), sequence: 0, witness: [] },
    ],
  };
  const partial = wallet.signRawTransactionWithWallet(withUnknown);
  assert.equal(partial.complete, false);
  // The P2WPKH input is still signed (BIP143 needs only its own amount); the taproot one is
  // not, because BIP341 commits to every spent output: it fails verification, as in Core.
  const p2wpkhIndex = funded.spent.findIndex((c) => c.type === "bech32");
  const p2trIndex = funded.spent.findIndex((c) => c.type === "bech32m");
  assert.deepEqual(
    partial.errors.map((e) => [e.vout, e.error]),
    [
      [
        funded.tx.inputs[p2trIndex]!.prevout.vout,
        scriptErrorMessage("WITNESS_PROGRAM_WITNESS_EMPTY"),
      ],
      [3, INPUT_NOT_FOUND],
    ],
  );
  assert.equal(partial.tx.inputs[p2wpkhIndex]!.witness.length, 2);
  assert.equal(partial.tx.inputs[p2trIndex]!.witness.length, 0);

  // Given the missing prevout (someone else's script), everything of ours signs and the foreign
  // input reports the interpreter's error.
  const withPrevout = wallet.signRawTransactionWithWallet(withUnknown, [
    { ...unknown, scriptPubKey: FOREIGN_SCRIPT, amount: BTC },
  ]);
  assert.equal(withPrevout.complete, false);
  assert.deepEqual(
    withPrevout.errors.map((e) => e.error),
    // P2WPKH with a witness stack that is not [sig, pubkey] (Core's ExecuteWitnessScript).
    [scriptErrorMessage("WITNESS_PROGRAM_MISMATCH")],
  );
  assert.equal(withPrevout.tx.inputs[p2trIndex]!.witness[0]!.length, 64);
});

// --- BIP341 key-path signing vectors (bip341_wallet_vectors.json, Bitcoin Core) -----------------

interface KeyPathVectors {
  keyPathSpending: {
    given: { rawUnsignedTx: string; utxosSpent: { scriptPubKey: string; amountSats: number }[] };
    inputSpending: {
      given: {
        txinIndex: number;
        internalPrivkey: string;
        merkleRoot: string | null;
        hashType: number;
      };
      intermediary: { tweakedPrivkey: string; sigHash: string };
      expected: { witness: string[] };
    }[];
  }[];
}

function vectorsFile(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.HASHFORGE_VECTORS,
    join(here, "..", "..", "..", "..", "shared", "vectors"),
  ];
  for (const dir of candidates) {
    if (dir === undefined) continue;
    const file = join(dir, "bitcoin-core", "bip341_wallet_vectors.json");
    if (existsSync(file)) return file;
  }
  if (process.env.CI) throw new Error("CI requires the vectors (bip341_wallet_vectors.json)");
  return null;
}

const VECTORS = vectorsFile();

test("BIP341 wallet vectors: private key tweak, sighash and key-path signature", {
  skip: VECTORS === null ? "real-Bitcoin vectors not found (set HASHFORGE_VECTORS)" : false,
}, (t) => {
  const data = JSON.parse(readFileSync(VECTORS!, "utf8")) as KeyPathVectors;
  const failures: string[] = [];
  let total = 0;
  for (const group of data.keyPathSpending) {
    const tx = decodeTx(fromHex(group.given.rawUnsignedTx));
    const spent = group.given.utxosSpent.map((u) => ({
      value: BigInt(u.amountSats),
      scriptPubKey: fromHex(u.scriptPubKey),
    }));
    const txData = precomputeTxData(tx, spent);
    for (const v of group.inputSpending) {
      total++;
      const i = v.given.txinIndex;
      const where = `input ${i}`;
      const priv = fromHex(v.given.internalPrivkey);
      const root = v.given.merkleRoot === null ? null : fromHex(v.given.merkleRoot);
      const tweaked = tweakTaprootPrivateKey(priv, root);
      if (toHex(tweaked) !== v.intermediary.tweakedPrivkey) failures.push(`${where}: tweak`);
      const sighash = taprootSighash(tx, i, v.given.hashType, txData, {
        annex: null,
        tapleafHash: null,
        codesepPos: 0xffffffff,
      });
      if (sighash === null || toHex(sighash) !== v.intermediary.sigHash)
        failures.push(`${where}: sighash`);
      // The vectors were signed with all-zero auxiliary randomness; only key-path-only
      // outputs (no script tree) go through the wallet's signer.
      if (root === null) {
        const witness = signTaprootKeyPathInput(
          tx,
          i,
          priv,
          txData,
          new Uint8Array(32),
          v.given.hashType,
        );
        if (toHex(witness[0]!) !== v.expected.witness[0]) failures.push(`${where}: signature`);
      }
    }
  }
  t.diagnostic(`bip341 key-path vectors: ${total - failures.length}/${total} passed`);
  assert.deepEqual(failures, []);
  assert.ok(total > 0);
});

test("tweakTaprootPrivateKey stays within the group order", () => {
  const k = tweakTaprootPrivateKey(fromHex("01".padStart(64, "0")), null);
  const n = BigInt(`0x${toHex(k)}`);
  assert.ok(n > 0n && n < SECP256K1_ORDER);
});
