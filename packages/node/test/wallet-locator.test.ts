// The wallet's block locator and the coin tracker's snapshot, restore and attach to a chain.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeTx, hashToHex, sha256, txid } from "@hashforge/consensus";
import {
  BlockLocator,
  LOCATOR_DENSE_ENTRIES,
  type LocatorEntry,
  MAX_LOCATOR_ENTRIES,
} from "../src/wallet/block-locator.js";
import { CoinTracker } from "../src/wallet/coin-tracker.js";
import type { WalletKey } from "../src/wallet/keychain.js";
import { WalletError } from "../src/wallet/wallet-error.js";
import { coinbaseTx, FOREIGN_SCRIPT, plainTx } from "./wallet-fixtures.js";

/** The hash of block `height` on branch `branch` (distinct per pair). */
function hashOf(height: number, branch = 0): Uint8Array {
  return sha256(new TextEncoder().encode(`${branch}/${height}`));
}

function heights(locator: BlockLocator): number[] {
  return locator.entries().map((e) => e.height);
}

/** The highest entry at or below `fork` (genesis, 0, when none). */
function coverAt(locator: BlockLocator, fork: number): number {
  return locator.findCommon((e) => e.height <= fork)?.height ?? 0;
}

test("locator: dense below the tip, then the two highest multiples of each power of two", () => {
  const locator = new BlockLocator();
  for (let h = 1; h <= 1035; h++) locator.connect(hashOf(h), h);
  const dense = Array.from({ length: LOCATOR_DENSE_ENTRIES + 1 }, (_, i) => 1035 - i);
  assert.deepEqual(heights(locator), [...dense, 1024, 1008, 992, 960, 896, 768, 512]);
  for (const e of locator.entries()) assert.deepEqual(e.hash, hashOf(e.height));
  assert.deepEqual(locator.tip, { hash: hashOf(1035), height: 1035 });
  // 1023, just below a power of two, is covered by 1008, not by genesis.
  assert.equal(coverAt(locator, 1023), 1008);
});

test("locator: a fork d blocks below the tip is covered by an entry less than 4d below it", () => {
  const locator = new BlockLocator();
  for (let tip = 1; tip <= 2100; tip++) {
    locator.connect(hashOf(tip), tip);
    assert.ok(locator.entries().length <= MAX_LOCATOR_ENTRIES);
    if (tip % 7 !== 0 && tip < 2000) continue;
    for (let fork = 0; fork < tip; fork++) {
      const d = tip - fork;
      const cover = coverAt(locator, fork);
      if (d <= LOCATOR_DENSE_ENTRIES) assert.equal(cover, fork, `tip ${tip} fork ${fork}`);
      else assert.ok(tip - cover < 4 * d, `tip ${tip} fork ${fork}: ${cover}`);
    }
  }
  assert.ok(locator.entries().length < 40, `${locator.entries().length} entries`);
});

test("locator: disconnects make the parent the tip and keep only ancestors", () => {
  // Follow a chain with reorgs and check every entry is a block of the current branch.
  const locator = new BlockLocator();
  const chain: Uint8Array[] = [hashOf(0)];
  let branch = 0;
  const connect = () => {
    const h = chain.length;
    chain.push(hashOf(h, branch));
    locator.connect(chain[h]!, h);
  };
  const disconnect = () => {
    const h = chain.length - 1;
    chain.pop();
    locator.disconnect(chain[h - 1]!, h);
  };
  for (let round = 0; round < 40; round++) {
    for (let i = 0; i < 37; i++) connect();
    branch++;
    for (let i = 0; i < (round * 13) % 29; i++) disconnect();
    const tip = locator.tip!;
    assert.equal(tip.height, chain.length - 1);
    assert.deepEqual(tip.hash, chain[chain.length - 1]);
    const entries = locator.entries();
    entries.forEach((e: LocatorEntry, i) => {
      assert.deepEqual(e.hash, chain[e.height], `round ${round}: entry ${e.height} is an ancestor`);
      if (i > 0) assert.ok(e.height < entries[i - 1]!.height);
    });
  }
  // Disconnecting a chain's first block (height 0) empties it.
  const short = new BlockLocator();
  short.connect(hashOf(0), 0);
  short.disconnect(new Uint8Array(32), 0);
  assert.equal(short.tip, null);
});

test("locator: restored from its entries, it keeps them; unordered entries are refused", () => {
  const locator = new BlockLocator();
  for (let h = 1; h <= 300; h++) locator.connect(hashOf(h), h);
  const copy = new BlockLocator(locator.entries());
  assert.deepEqual(copy.entries(), locator.entries());
  copy.connect(hashOf(301), 301);
  locator.connect(hashOf(301), 301);
  assert.deepEqual(copy.entries(), locator.entries(), "and goes on exactly as the original");
  assert.throws(
    () =>
      new BlockLocator([
        { hash: hashOf(1), height: 1 },
        { hash: hashOf(2), height: 2 },
      ]),
    RangeError,
  );
});

/** A resolver where the scripts in `mine` are wallet keys (index = position). */
function resolver(mine: Uint8Array[]) {
  const used: number[] = [];
  const keys = mine.map(
    (scriptPubKey, index) =>
      ({ scriptPubKey, index, type: "bech32", branch: 0, address: `k${index}` }) as WalletKey,
  );
  return {
    used,
    keyForScript: (spk: Uint8Array) =>
      keys.find((k) => hashToHex(k.scriptPubKey) === hashToHex(spk)),
    markUsed: (key: WalletKey) => {
      used.push(key.index);
      return true;
    },
  };
}

const KEY_A = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(1));
const KEY_B = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(2));

test("tracker: restore rebuilds coins and spends whatever the order; attach rewinds to the fork", () => {
  const cb1 = coinbaseTx(1, [{ value: 50n, scriptPubKey: KEY_A }]);
  const spend = plainTx(
    [{ txid: txid(cb1), vout: 0 }],
    [
      { value: 20n, scriptPubKey: FOREIGN_SCRIPT },
      { value: 29n, scriptPubKey: KEY_B },
    ],
  );
  const cb3 = coinbaseTx(3, [{ value: 50n, scriptPubKey: KEY_B }]);
  const at = (height: number, raw: Uint8Array) => ({
    raw,
    height,
    blockHash: hashToHex(hashOf(height)),
  });
  const locator = [3, 2, 1].map((h) => ({ hash: hashOf(h), height: h }));
  // The spend is listed before the coin it spends.
  const snapshot = {
    locator,
    transactions: [at(2, encodeTx(spend)), at(1, encodeTx(cb1)), at(3, encodeTx(cb3))],
  };
  const r = resolver([KEY_A, KEY_B]);
  const tracker = new CoinTracker(r);
  tracker.restore(snapshot);
  assert.equal(tracker.tipHeight, 3);
  assert.equal(tracker.coin(txid(cb1), 0)?.spentBy, hashToHex(txid(spend)));
  assert.equal(tracker.coin(txid(spend), 1)?.confirmations, 2);
  assert.deepEqual(r.used.sort(), [0, 1, 1]);
  assert.deepEqual(
    tracker
      .snapshot()
      .transactions.map((t) => t.height)
      .sort(),
    [1, 2, 3],
    "a snapshot of the restored state holds the same transactions",
  );

  // The node's chain shares blocks 1 and 2 only: block 3 and its coinbase are forgotten.
  assert.equal(
    tracker.attachChain((e) => e.height <= 2),
    3,
  );
  assert.equal(tracker.tipHeight, 2);
  assert.equal(tracker.coin(txid(cb3), 0), undefined);
  assert.equal(tracker.coin(txid(spend), 1)?.confirmations, 1);
  // Sharing nothing: everything is forgotten and the node starts at 1.
  assert.equal(
    tracker.attachChain(() => false),
    1,
  );
  assert.equal(tracker.coins().length, 0);
  assert.equal(tracker.lastBlock, null);
});

test("tracker: a snapshot no valid chain produces is a corrupt wallet file", () => {
  const cb1 = coinbaseTx(1, [{ value: 50n, scriptPubKey: KEY_A }]);
  const spendTo = (script: Uint8Array) =>
    plainTx([{ txid: txid(cb1), vout: 0 }], [{ value: 1n, scriptPubKey: script }]);
  const raw = (height: number, tx: ReturnType<typeof plainTx>) => ({
    raw: encodeTx(tx),
    height,
    blockHash: hashToHex(hashOf(height)),
  });
  const locator = [{ hash: hashOf(2), height: 2 }];
  const cases = [
    { locator, transactions: [raw(1, cb1), raw(1, cb1)] },
    {
      locator,
      transactions: [raw(1, cb1), raw(2, spendTo(KEY_B)), raw(2, spendTo(FOREIGN_SCRIPT))],
    },
    { locator, transactions: [raw(3, cb1)] },
    { locator: [], transactions: [raw(1, cb1)] },
  ];
  for (const snapshot of cases) {
    assert.throws(
      () => new CoinTracker(resolver([KEY_A, KEY_B])).restore(snapshot),
      (e: unknown) => e instanceof WalletError && e.code === "corrupt-wallet-file",
    );
  }
});
