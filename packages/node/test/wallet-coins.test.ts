// Coin tracking: blocks connected and disconnected (reorgs), coinbase maturity, mempool
// arrivals, removals and conflicts, look-ahead discovery and rescans.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  fromHex,
  hashToHex,
  nobleBackend,
  REGTEST_PARAMS,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { DevWallet } from "../src/wallet/dev-wallet.js";
import { Keychain } from "../src/wallet/keychain.js";
import { FOREIGN_SCRIPT, openTestWallet, plainTx, ToyChain } from "./wallet-fixtures.js";

const BTC = 1_0000_0000n;

async function scriptOf(wallet: DevWallet, address: string): Promise<Uint8Array> {
  const key = wallet.keyForAddress(address);
  assert.ok(key !== undefined, `${address} is the wallet's`);
  return key.scriptPubKey;
}

test("coinbase rewards mature after 101 confirmations, as in Core's wallet", async () => {
  const { wallet } = await openTestWallet();
  const chain = new ToyChain(wallet);
  const spk = await scriptOf(wallet, await wallet.getNewAddress());
  chain.connect(spk);
  assert.deepEqual(wallet.getBalances(), {
    trusted: 0n,
    untrustedPending: 0n,
    immature: 50n * BTC,
  });
  chain.mine(99);
  assert.equal(wallet.tipHeight, 99);
  assert.equal(wallet.coins()[0]!.confirmations, 100);
  assert.equal(wallet.getBalances().immature, 50n * BTC, "100 confirmations: still immature");
  assert.deepEqual(wallet.listUnspent(), []);
  chain.mine(1);
  assert.deepEqual(wallet.getBalances(), {
    trusted: 50n * BTC,
    untrustedPending: 0n,
    immature: 0n,
  });
  assert.equal(wallet.getBalance(), 50n * BTC);
  const [utxo] = wallet.listUnspent();
  assert.equal(utxo!.confirmations, 101);
  assert.equal(utxo!.amount, 50n * BTC);
  assert.equal(utxo!.path, "m/84'/1'/0'/0/0");
  assert.equal(utxo!.safe, true);

  // Reorg one block away: immature again. Back to genesis: the reward is gone.
  chain.disconnect();
  assert.deepEqual(wallet.getBalances(), {
    trusted: 0n,
    untrustedPending: 0n,
    immature: 50n * BTC,
  });
  while (chain.height >= 0) chain.disconnect();
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 0n, immature: 0n });
  assert.equal(wallet.coins().length, 0);
  assert.equal(wallet.tipHeight, -1);
});

test("a payment from others: pending in the mempool, trusted once mined, back on reorg", async () => {
  const { wallet } = await openTestWallet();
  const chain = new ToyChain(wallet);
  chain.mine(5);
  const spk = await scriptOf(wallet, await wallet.getNewAddress("from-bob", "bech32m"));
  const payment = plainTx(
    [{ txid: new Uint8Array(32).fill(7), vout: 0 }],
    [
      { value: 2n * BTC, scriptPubKey: spk },
      { value: 1n * BTC, scriptPubKey: FOREIGN_SCRIPT },
    ],
  );
  wallet.transactionAdded(payment);
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 2n * BTC, immature: 0n });
  assert.equal(wallet.getBalance(), 0n, "untrusted coins are not in getbalance");
  assert.deepEqual(wallet.listUnspent(), [], "minconf defaults to 1");
  const pending = wallet.listUnspent(0);
  assert.equal(pending.length, 1);
  assert.equal(pending[0]!.safe, false);
  assert.equal(pending[0]!.label, "from-bob");
  assert.equal(pending[0]!.txid, hashToHex(txid(payment)));

  wallet.transactionAdded(payment); // a duplicate report changes nothing
  chain.connect(FOREIGN_SCRIPT, [payment]);
  assert.deepEqual(wallet.getBalances(), { trusted: 2n * BTC, untrustedPending: 0n, immature: 0n });
  assert.equal(wallet.listUnspent(1, 1).length, 1);
  assert.equal(wallet.listUnspent(2).length, 0);
  wallet.transactionRemoved(txid(payment)); // left the mempool because it was mined: kept
  assert.equal(wallet.getBalance({ minconf: 1 }), 2n * BTC);

  chain.disconnect();
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 2n * BTC, immature: 0n });
  // The node's mempool did not take it back.
  wallet.transactionRemoved(txid(payment));
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 0n, immature: 0n });
});

/** A wallet with one mature 50 BTC coinbase coin; returns it and the chain. */
async function fundedWallet() {
  const opened = await openTestWallet();
  const chain = new ToyChain(opened.wallet);
  const spk = await scriptOf(opened.wallet, await opened.wallet.getNewAddress());
  const block = chain.connect(spk);
  chain.mine(100);
  const coinbase = block.txs[0]!;
  return { ...opened, chain, coinbase, spk };
}

test("own spends: the spent coin leaves the balance; own unconfirmed change is trusted", async () => {
  const { wallet, chain, coinbase } = await fundedWallet();
  const change = await scriptOf(wallet, await wallet.getRawChangeAddress());
  const spend = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [
      { value: 10n * BTC, scriptPubKey: FOREIGN_SCRIPT },
      { value: 39n * BTC, scriptPubKey: change },
    ],
  );
  wallet.transactionAdded(spend);
  assert.deepEqual(wallet.getBalances(), {
    trusted: 39n * BTC,
    untrustedPending: 0n,
    immature: 0n,
  });
  assert.equal(wallet.getBalance({ minconf: 0 }), 39n * BTC);
  assert.equal(wallet.getBalance({ minconf: 1 }), 0n);
  const spent = wallet.coins().find((c) => c.coinbase)!;
  assert.equal(spent.spentBy, hashToHex(txid(spend)));

  // Mempool eviction returns the coin.
  wallet.transactionRemoved(txid(spend));
  assert.deepEqual(wallet.getBalances(), {
    trusted: 50n * BTC,
    untrustedPending: 0n,
    immature: 0n,
  });

  // A conflicting spend mined in a block evicts our mempool spend and its change.
  wallet.transactionAdded(spend);
  const conflict = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [{ value: 49n * BTC, scriptPubKey: FOREIGN_SCRIPT }],
  );
  chain.connect(FOREIGN_SCRIPT, [conflict]);
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 0n, immature: 0n });
  assert.equal(wallet.coins().find((c) => c.coinbase)!.spentBy, hashToHex(txid(conflict)));
  // Disconnecting that block makes the conflict unconfirmed, still spending the coin.
  chain.disconnect();
  assert.equal(wallet.getBalance(), 0n);
  wallet.transactionRemoved(txid(conflict));
  assert.equal(wallet.getBalance(), 50n * BTC);
});

test("a replacement in the mempool evicts the transaction it replaces", async () => {
  const { wallet, coinbase } = await fundedWallet();
  const change = await scriptOf(wallet, await wallet.getRawChangeAddress());
  const first = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [{ value: 49n * BTC, scriptPubKey: change }],
  );
  const second = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [{ value: 48n * BTC, scriptPubKey: change }],
  );
  wallet.transactionAdded(first);
  wallet.transactionAdded(second);
  assert.equal(wallet.getBalance(), 48n * BTC);
  assert.equal(wallet.coins().length, 2, "the coinbase coin and the second change");
});

test("disconnecting a coinbase drops it and every wallet transaction spending it", async () => {
  const { wallet, chain, coinbase } = await fundedWallet();
  const change = await scriptOf(wallet, await wallet.getRawChangeAddress());
  const child: Transaction = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [{ value: 49n * BTC, scriptPubKey: change }],
  );
  const grandchild = plainTx(
    [{ txid: txid(child), vout: 0 }],
    [{ value: 48n * BTC, scriptPubKey: change }],
  );
  wallet.transactionAdded(child);
  wallet.transactionAdded(grandchild);
  assert.equal(wallet.getBalance(), 48n * BTC);
  while (chain.height >= 0) chain.disconnect();
  assert.equal(wallet.coins().length, 0);
  assert.deepEqual(wallet.getBalances(), { trusted: 0n, untrustedPending: 0n, immature: 0n });
});

test("payments to look-ahead addresses are found and advance the persisted indexes", async () => {
  const { wallet, store } = await openTestWallet({ lookahead: 10 });
  const chain = new ToyChain(wallet);
  // Another copy of the seed handed out receive index 7 (inside the window of 10).
  const seed = fromHex((JSON.parse(store.text!) as { seed: string }).seed);
  const other = new Keychain(seed, REGTEST_PARAMS, nobleBackend);
  chain.connect(other.deriveKey("bech32", 0, 7).scriptPubKey);
  chain.connect(other.deriveKey("bech32", 0, 12).scriptPubKey); // window grew to 8 + 10
  assert.equal(wallet.getBalances().immature, 100n * BTC);
  await wallet.flush();
  const saved = JSON.parse(store.text!) as { nextIndexes: { bech32: { receive: number } } };
  assert.equal(saved.nextIndexes.bech32.receive, 13);
  assert.equal(wallet.keyForAddress(await wallet.getNewAddress())!.index, 13);
  // Past the window: not recognised.
  chain.connect(other.deriveKey("bech32", 0, 40).scriptPubKey);
  assert.equal(wallet.getBalances().immature, 100n * BTC);
});

test("rescan rebuilds the same state from the blocks", async () => {
  const { wallet, chain, coinbase } = await fundedWallet();
  const change = await scriptOf(wallet, await wallet.getRawChangeAddress());
  const spend = plainTx(
    [{ txid: txid(coinbase), vout: 0 }],
    [
      { value: 5n * BTC, scriptPubKey: FOREIGN_SCRIPT },
      { value: 44n * BTC, scriptPubKey: change },
    ],
  );
  chain.connect(FOREIGN_SCRIPT, [spend]);
  const before = wallet.getBalances();
  const coinsBefore = wallet.coins().length;
  wallet.rescan(chain.blocks.map((block, height) => ({ block, height })));
  assert.deepEqual(wallet.getBalances(), before);
  assert.equal(wallet.coins().length, coinsBefore);
  assert.equal(wallet.tipHeight, chain.height);
  assert.deepEqual(before, { trusted: 44n * BTC, untrustedPending: 0n, immature: 0n });
});

test("listUnspent filters by address and rejects bad filters with Core's errors", async () => {
  const { wallet, chain } = await fundedWallet();
  const [utxo] = wallet.listUnspent();
  const other = await wallet.getNewAddress();
  assert.equal(wallet.listUnspent(1, 9_999_999, [utxo!.address]).length, 1);
  assert.equal(wallet.listUnspent(1, 9_999_999, [other]).length, 0);
  assert.throws(
    () => wallet.listUnspent(1, 9_999_999, ["bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"]),
    { code: "invalid-address", message: "Invalid address" },
  );
  assert.throws(() => wallet.listUnspent(1, 9_999_999, [other, other]), {
    code: "duplicate-address",
  });
  chain.mine(1);
  assert.equal(wallet.listUnspent()[0]!.confirmations, 102);
});
