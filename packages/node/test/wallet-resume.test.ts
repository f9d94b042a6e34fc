// The wallet keeps its last processed block with its coins: a start resumes from there, and
// follows a reorg that happened while it was down, on a real chain with its block files.
import assert from "node:assert/strict";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import {
  addressToScript,
  type Block,
  blockHash,
  hashToHex,
  nobleBackend,
  REGTEST_PARAMS,
  type Transaction,
  txid,
  txWeight,
  wtxid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "../src/chain/block-index-entry.js";
import type { ChainEvent } from "../src/chain/chain-events.js";
import type { ChainManager } from "../src/chain/chain-manager.js";
import { assembleBlockTemplate } from "../src/mining/assemble-block-template.js";
import { templateTip } from "../src/mining/template-inputs.js";
import { DevWallet } from "../src/wallet/dev-wallet.js";
import { WalletFileStore, type WalletStore } from "../src/wallet/wallet-file-store.js";
import { OP_TRUE_SCRIPT, solve, tempChain } from "./support/regtest-chain.js";
import { deterministicRandom, MemoryStore, RecordingLogger } from "./wallet-fixtures.js";

const params = REGTEST_PARAMS;
type TempChain = Awaited<ReturnType<typeof tempChain>>;

function openWallet(store: WalletStore, seedLabel = "resume"): Promise<DevWallet> {
  return DevWallet.open({
    params,
    store,
    randomBytes: deterministicRandom(seedLabel),
    now: () => 1_700_000_000_000,
    logger: new RecordingLogger(),
    backend: nobleBackend,
    lookahead: 10,
  });
}

/** Mines a block on `parent` (default: the tip) paying `payTo` and holding `txs`. */
async function mine(
  t: TempChain,
  payTo: Uint8Array,
  options: { txs?: readonly { tx: Transaction; fee: bigint }[]; parent?: BlockIndexEntry } = {},
): Promise<Block> {
  t.clock.now += 1;
  const txs = options.txs ?? [];
  const template = assembleBlockTemplate({
    tip: templateTip(options.parent ?? t.chain.tip, params),
    params,
    candidates: txs.map(({ tx, fee }) => ({
      tx,
      txid: txid(tx),
      wtxid: wtxid(tx),
      fee,
      weight: txWeight(tx),
      sigopCost: tx.inputs.length,
      parents: [],
    })),
    payoutScript: payTo,
    mempoolSequence: 0,
    now: t.clock.now,
    // Sibling blocks on the same parent differ by their coinbase.
    options: { coinbaseExtraData: Uint8Array.of(options.parent === undefined ? 0 : 1) },
  });
  assert.equal(template.transactions.length, txs.length, "every transaction was selected");
  const block = solve(template.block, params);
  const r = await t.chain.processBlock(block);
  assert.ok(r.ok, r.ok ? "" : r.reason);
  return block;
}

/** Reports the chain's connects and disconnects so far to `wallet`, as the node does. */
function follow(wallet: DevWallet | null, events: ChainEvent[], after?: () => void): void {
  for (const e of events.splice(0)) {
    if (wallet === null) continue;
    if (e.type === "block:connected") wallet.blockConnected(e.block, e.height);
    else if (e.type === "block:disconnected") wallet.blockDisconnected(e.block, e.height);
    else continue;
    after?.();
  }
}

/** The start-up contract: attach, then feed the active chain from the answer to the tip. */
async function catchUp(wallet: DevWallet, chain: ChainManager): Promise<{ from: number }> {
  const from = wallet.attachChain((h) => chain.atHeight(h)?.hash);
  for (let h = from; h <= chain.height; h++) {
    wallet.blockConnected(await chain.readBlock(chain.atHeight(h)!), h);
  }
  return { from };
}

/** Everything a wallet's coins and balances show, comparable with deepEqual. */
function summary(w: DevWallet) {
  const last = w.lastProcessedBlock();
  return {
    last: last === null ? null : { height: last.height, hash: hashToHex(last.hash) },
    balances: w.getBalances(),
    coins: w
      .coins()
      .map(
        (c) =>
          `${hashToHex(c.txid)}:${c.vout} ${c.value} ${c.key.path} h=${c.height} ` +
          `conf=${c.confirmations} spent=${c.spentBy} trusted=${c.trusted}`,
      )
      .sort(),
  };
}

/** A copy of the wallet file at `from` with the chain state removed, as older code wrote it. */
async function writeWithoutChainState(from: string, to: string): Promise<void> {
  const json = JSON.parse(await readFile(from, "utf8")) as Record<string, unknown>;
  delete json.lastBlock;
  delete json.locator;
  delete json.transactions;
  await writeFile(to, JSON.stringify(json));
}

/** A wallet that rescans the whole chain from the keys of the wallet file at `path`. */
async function fullRescanOf(path: string, chain: ChainManager): Promise<DevWallet> {
  const copy = `${path}.full-rescan.json`;
  await writeWithoutChainState(path, copy);
  const w = await openWallet(new WalletFileStore(copy));
  assert.equal(w.lastProcessedBlock(), null);
  assert.equal((await catchUp(w, chain)).from, 1);
  return w;
}

/** Builds and confirms a payment from `wallet` to `address` in the next block. */
async function sendAndMine(
  t: TempChain,
  wallet: DevWallet,
  address: string,
  amount: bigint,
  payTo: Uint8Array = OP_TRUE_SCRIPT,
): Promise<Transaction> {
  const sent = await wallet.sendToAddress(address, amount, { feeRate: 2 });
  await mine(t, payTo, { txs: [{ tx: sent.tx, fee: sent.fee }] });
  follow(wallet, t.events);
  return sent.tx;
}

/**
 * A wallet on a fresh chain of 102 blocks (coinbases to two of its addresses and to others)
 * with two confirmed spends: one to another wallet, one to itself.
 */
async function fundedWallet(t: TempChain, path: string) {
  const wallet = await openWallet(new WalletFileStore(path));
  const other = await openWallet(new MemoryStore(), "other");
  const p2wpkh = addressToScript(await wallet.getNewAddress(), params);
  const p2tr = addressToScript(await wallet.getNewAddress("", "bech32m"), params);
  for (let i = 0; i < 102; i++) {
    await mine(t, [p2wpkh, p2tr, OP_TRUE_SCRIPT][i % 3]!);
    follow(wallet, t.events);
  }
  await sendAndMine(t, wallet, await other.getNewAddress(), 7_0000_0000n);
  await sendAndMine(t, wallet, await wallet.getNewAddress(), 3_0000_0000n);
  return { wallet, other, p2wpkh, p2tr };
}

test("a saved wallet reopens at its last block and, fed only the blocks after it, matches one fed everything", {
  timeout: 120_000,
}, async () => {
  const t = await tempChain();
  try {
    const path = join(t.dir, "wallet.json");
    const { wallet: live, other, p2wpkh } = await fundedWallet(t, path);
    const n = t.chain.height;
    await live.flush();
    const savedAt = join(t.dir, "wallet-at-n.json");
    await copyFile(path, savedAt);

    const reopened = await openWallet(new WalletFileStore(savedAt));
    assert.deepEqual(reopened.lastProcessedBlock(), { hash: t.chain.tip.hash, height: n });
    assert.deepEqual(summary(reopened), summary(live), "the coins come back with the block");
    assert.ok(live.getBalances().trusted > 0n && live.getBalances().immature > 0n);

    // The chain moves on while the reopened wallet is not listening; the live one follows.
    for (let i = 0; i < 4; i++) {
      await mine(t, p2wpkh);
      follow(live, t.events);
    }
    const spent = await sendAndMine(t, live, await other.getNewAddress(), 1_0000_0000n);

    const { from } = await catchUp(reopened, t.chain);
    assert.equal(from, n + 1, "nothing the wallet saw is scanned again");
    assert.deepEqual(summary(reopened), summary(live));
    const spentCoin = spent.inputs[0]!.prevout;
    assert.equal(
      reopened
        .coins()
        .find((c) => c.vout === spentCoin.vout && hashToHex(c.txid) === hashToHex(spentCoin.txid))
        ?.spentBy,
      hashToHex(txid(spent)),
      "a coin saved unspent is spent by a block fed after the reopen",
    );
    const full = await fullRescanOf(path, t.chain);
    assert.deepEqual(summary(full), summary(live), "the same as a rescan from height 1");

    // Saved again, it reports the new tip.
    await reopened.flush();
    const again = await openWallet(new WalletFileStore(savedAt));
    assert.deepEqual(again.lastProcessedBlock(), {
      hash: t.chain.tip.hash,
      height: t.chain.height,
    });
    assert.equal(
      again.attachChain((h) => t.chain.atHeight(h)?.hash),
      t.chain.height + 1,
    );
  } finally {
    await t.dispose();
  }
});

test("a reorg while the wallet runs: the disconnect makes the parent the last block, the new branch its tip", {
  timeout: 120_000,
}, async () => {
  const t = await tempChain();
  try {
    const path = join(t.dir, "wallet.json");
    const { wallet, p2tr } = await fundedWallet(t, path);
    const stale = await mine(t, p2tr);
    follow(wallet, t.events);
    const staleHeight = t.chain.height;
    const fork = t.chain.atHeight(staleHeight - 1)!;
    const immatureBefore = wallet.getBalances().immature;

    // A sibling of the tip ties (first seen wins); a second block on it wins.
    const sibling = await mine(t, OP_TRUE_SCRIPT, { parent: fork });
    assert.equal(t.chain.tip.hashHex, hashToHex(blockHash(stale.header)), "still on the first");
    const siblingEntry = t.chain.entry(hashToHex(blockHash(sibling.header)))!;
    await mine(t, OP_TRUE_SCRIPT, { parent: siblingEntry });
    assert.equal(t.chain.height, staleHeight + 1);

    const seen: { height: number; hash: string }[] = [];
    follow(wallet, t.events, () => {
      const last = wallet.lastProcessedBlock()!;
      seen.push({ height: last.height, hash: hashToHex(last.hash) });
    });
    assert.deepEqual(seen, [
      { height: staleHeight - 1, hash: fork.hashHex },
      { height: staleHeight, hash: siblingEntry.hashHex },
      { height: staleHeight + 1, hash: t.chain.tip.hashHex },
    ]);
    assert.ok(wallet.getBalances().immature < immatureBefore, "the stale coinbase is gone");
    assert.deepEqual(summary(wallet), summary(await fullRescanOf(path, t.chain)));

    await wallet.flush();
    const reopened = await openWallet(new WalletFileStore(path));
    assert.deepEqual(reopened.lastProcessedBlock(), {
      hash: t.chain.tip.hash,
      height: t.chain.height,
    });
    assert.deepEqual(summary(reopened), summary(wallet));
  } finally {
    await t.dispose();
  }
});

test("a reorg while the wallet was down: it forgets the stale blocks and rescans from the fork", {
  timeout: 120_000,
}, async () => {
  const t = await tempChain();
  try {
    const path = join(t.dir, "wallet.json");
    const { wallet, other, p2tr } = await fundedWallet(t, path);
    const fork = t.chain.tip;
    await mine(t, p2tr);
    follow(wallet, t.events);
    const staleSpend = await sendAndMine(
      t,
      wallet,
      await other.getNewAddress(),
      2_0000_0000n,
      p2tr,
    );
    await mine(t, p2tr);
    follow(wallet, t.events);
    await wallet.flush();
    const staleTip = { hash: t.chain.tip.hash, height: t.chain.height };

    // The wallet is down; the chain switches to a longer branch from `fork`.
    let parent = fork;
    for (let i = 0; i < 4; i++) {
      const block = await mine(t, OP_TRUE_SCRIPT, { parent });
      parent = t.chain.entry(hashToHex(blockHash(block.header)))!;
    }
    follow(null, t.events);
    assert.equal(t.chain.height, fork.height + 4);
    assert.ok(!t.chain.isActive(t.chain.entry(hashToHex(staleTip.hash))!));

    const replayPath = join(t.dir, "wallet-replayed.json");
    await copyFile(path, replayPath);
    const reopened = await openWallet(new WalletFileStore(path));
    assert.deepEqual(reopened.lastProcessedBlock(), staleTip);
    const { from } = await catchUp(reopened, t.chain);
    assert.equal(from, fork.height + 1, "the locator is dense near its tip: exactly the fork");
    assert.deepEqual(summary(reopened), summary(await fullRescanOf(path, t.chain)));
    const input = staleSpend.inputs[0]!.prevout;
    const coin = reopened.coins().find((c) => hashToHex(c.txid) === hashToHex(input.txid));
    assert.equal(coin?.spentBy, null, "a spend confirmed only on the stale branch is undone");
    assert.equal(
      reopened.coins().some((c) => hashToHex(c.txid) === hashToHex(txid(staleSpend))),
      false,
      "its change is gone",
    );

    // A node that skips attachChain and replays the chain from height 1 (the wiring before
    // it) still ends with the right coins: a block at a height the wallet has seen replaces
    // what it had from there up. It says so in the log.
    const logger = new RecordingLogger();
    const replayed = await DevWallet.open({
      params,
      store: new WalletFileStore(replayPath),
      randomBytes: deterministicRandom("resume"),
      now: () => 1_700_000_000_000,
      logger,
      backend: nobleBackend,
      lookahead: 10,
    });
    for (let h = 1; h <= t.chain.height; h++) {
      replayed.blockConnected(await t.chain.readBlock(t.chain.atHeight(h)!), h);
    }
    assert.deepEqual(summary(replayed), summary(reopened));
    assert.equal(logger.entries.filter((e) => e.level === "warn").length, 1);
  } finally {
    await t.dispose();
  }
});

test("a wallet ahead of the node's chain (blocks lost in a crash) falls back to a locator block", {
  timeout: 120_000,
}, async () => {
  const t1 = await tempChain();
  const t2 = await tempChain();
  try {
    const path = join(t1.dir, "wallet.json");
    const { wallet, p2wpkh } = await fundedWallet(t1, path);
    while (t1.chain.height < 120) {
      await mine(t1, p2wpkh);
      follow(wallet, t1.events);
    }
    await wallet.flush();

    // The node restarts knowing only blocks 1..100 of them, and then mines its own.
    for (let h = 1; h <= 100; h++) {
      const r = await t2.chain.processBlock(await t1.chain.readBlock(t1.chain.atHeight(h)!));
      assert.ok(r.ok);
    }
    t2.clock.now = t1.clock.now;
    for (let i = 0; i < 3; i++) await mine(t2, OP_TRUE_SCRIPT);
    assert.equal(t2.chain.entry(t1.chain.tip.hashHex), undefined, "the node never saw it");

    const copy = join(t2.dir, "wallet.json");
    await copyFile(path, copy);
    const reopened = await openWallet(new WalletFileStore(copy));
    assert.equal(reopened.lastProcessedBlock()?.height, 120);
    const { from } = await catchUp(reopened, t2.chain);
    // Locator: 120 down to 110 one by one, then 96 (a multiple of 32), 64, ...
    assert.equal(from, 97);
    assert.deepEqual(summary(reopened), summary(await fullRescanOf(copy, t2.chain)));
    assert.equal(reopened.getBalances().immature + reopened.getBalances().trusted > 0n, true);
  } finally {
    await t1.dispose();
    await t2.dispose();
  }
});

/** Passes every write to a file store and keeps the texts that became durable, in order. */
class RecordingStore implements WalletStore {
  readonly versions: string[] = [];
  constructor(private readonly inner: WalletFileStore) {}
  read(): Promise<string | null> {
    return this.inner.read();
  }
  async write(text: string): Promise<void> {
    await this.inner.write(text);
    this.versions.push(text);
  }
}

test("crash consistency: every file the wallet ever wrote holds exactly the coins of its last block", {
  timeout: 180_000,
}, async () => {
  const t = await tempChain();
  try {
    const store = new RecordingStore(new WalletFileStore(join(t.dir, "wallet.json")));
    const live = await openWallet(store);
    // A copy of the seed hands out addresses the live wallet has not: payments to them are
    // found in its look-ahead window halfway through a block, which saves in the background.
    const twin = await openWallet(Object.assign(new MemoryStore(), { text: store.versions[0]! }));
    const other = await openWallet(new MemoryStore(), "other");
    const liveAt = new Map<string, ReturnType<typeof summary>>();
    const record = () => {
      const last = live.lastProcessedBlock()!;
      liveAt.set(`${last.height}:${hashToHex(last.hash)}`, summary(live));
    };
    const twinAddress = async (i: number) =>
      addressToScript(await twin.getNewAddress("", i % 2 === 0 ? "bech32" : "bech32m"), params);

    for (let i = 0; i < 104; i++) {
      // One block in four pays a fresh look-ahead key in its coinbase.
      const payTo = i % 4 === 0 ? await twinAddress(i) : OP_TRUE_SCRIPT;
      await mine(t, payTo);
      follow(live, t.events, record);
      if (i % 10 === 9) await live.flush();
    }
    await sendAndMine(t, live, await other.getNewAddress(), 5_0000_0000n);
    record();
    // A block whose coinbase and second transaction each pay a key new to the live wallet: a
    // save starts at the first, halfway through the block, and must still write all of it.
    const coinbaseTo = await twinAddress(0);
    const sent = await live.sendToAddress(await twin.getNewAddress("", "bech32m"), 1_0000_0000n);
    await mine(t, coinbaseTo, { txs: [{ tx: sent.tx, fee: sent.fee }] });
    const before = store.versions.length;
    follow(live, t.events, record);
    await live.flush();
    const mid = JSON.parse(store.versions[before]!) as { lastBlock: { height: number } };
    assert.equal(mid.lastBlock.height, t.chain.height, "the background save holds the whole block");
    // A reorg: a tip paying nobody is replaced by two blocks paying the twin's keys.
    await mine(t, OP_TRUE_SCRIPT);
    follow(live, t.events, record);
    const fork = t.chain.atHeight(t.chain.height - 1)!;
    const b1 = await mine(t, await twinAddress(2), { parent: fork });
    await mine(t, await twinAddress(3), {
      parent: t.chain.entry(hashToHex(blockHash(b1.header)))!,
    });
    follow(live, t.events, record);
    await live.flush();
    assert.ok(store.versions.length > 20, `${store.versions.length} versions written`);

    const final = summary(live);
    let withChain = 0;
    for (const [i, text] of store.versions.entries()) {
      const json = JSON.parse(text) as { lastBlock: { height: number; hash: string } | null };
      // The crash came right after this write; the next one had started (a torn temporary).
      const dir = join(t.dir, `crash-${i}`);
      const path = join(dir, "wallet.json");
      await new WalletFileStore(path).write(text);
      const next = store.versions[i + 1];
      if (next !== undefined) await writeFile(`${path}.tmp`, next.slice(0, next.length >> 1));
      const restored = await openWallet(new WalletFileStore(path));
      if (json.lastBlock === null) {
        assert.equal(restored.coins().length, 0, `version ${i}`);
      } else {
        withChain++;
        const key = `${json.lastBlock.height}:${json.lastBlock.hash}`;
        assert.deepEqual(summary(restored), liveAt.get(key), `version ${i} at ${key}`);
      }
      await catchUp(restored, t.chain);
      assert.deepEqual(summary(restored), final, `version ${i} caught up`);
    }
    assert.ok(withChain > 15);
  } finally {
    await t.dispose();
  }
});
