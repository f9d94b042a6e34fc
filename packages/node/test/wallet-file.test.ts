// The wallet file: versioned JSON, atomic writes, network checks, and no secrets in errors or logs.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { inspect } from "node:util";
import {
  encodeTx,
  hashToHex,
  MAIN_PARAMS,
  nobleBackend,
  REGTEST_PARAMS,
  SIGNET_PARAMS,
  sha256,
  toHex,
} from "@hashforge/consensus";
import { DevWallet } from "../src/wallet/dev-wallet.js";
import {
  parseWalletDocument,
  serializeWalletDocument,
  WALLET_FORMAT,
  type WalletDocument,
} from "../src/wallet/wallet-document.js";
import { WalletError, type WalletErrorCode } from "../src/wallet/wallet-error.js";
import { WalletFileStore } from "../src/wallet/wallet-file-store.js";
import {
  coinbaseTx,
  deterministicRandom,
  FOREIGN_SCRIPT,
  MemoryStore,
  RecordingLogger,
} from "./wallet-fixtures.js";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "hashforge-wallet-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function isWalletError(code: WalletErrorCode): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof WalletError, `expected WalletError, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  };
}

const DOC: WalletDocument = {
  network: "regtest",
  genesisHash: REGTEST_PARAMS.genesisHash,
  seed: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  createdAt: 1_700_000_000,
  nextIndexes: { bech32: { receive: 3, change: 1 }, bech32m: { receive: 0, change: 7 } },
  labels: { bcrt1qexample: "rent" },
  chain: null,
};
const SEED_HEX = toHex(DOC.seed);

/** A document with chain state: last block 7, two ancestors, two confirmed transactions. */
const block = (height: number) => ({ hash: sha256(Uint8Array.of(height)), height });
const CHAIN_DOC: WalletDocument = {
  ...DOC,
  chain: {
    locator: [block(7), block(6), block(4)],
    transactions: [
      {
        raw: encodeTx(coinbaseTx(3, [{ value: 50n, scriptPubKey: FOREIGN_SCRIPT }])),
        height: 3,
        blockHash: hashToHex(block(3).hash),
      },
      {
        raw: encodeTx(coinbaseTx(7, [{ value: 9n, scriptPubKey: FOREIGN_SCRIPT }])),
        height: 7,
        blockHash: hashToHex(block(7).hash),
      },
    ],
  },
};

function openOptions(store: WalletFileStore | MemoryStore, logger = new RecordingLogger()) {
  return {
    params: REGTEST_PARAMS,
    store,
    randomBytes: deterministicRandom("file-test"),
    now: () => 1_700_000_000_000,
    logger,
    backend: nobleBackend,
    lookahead: 5,
  };
}

test("wallet document: serialize and parse round trip", () => {
  const text = serializeWalletDocument(DOC);
  const json = JSON.parse(text) as Record<string, unknown>;
  assert.equal(json.format, WALLET_FORMAT);
  assert.equal(json.version, 1);
  assert.match(String(json.warning), /UNENCRYPTED/);
  assert.equal(json.seed, SEED_HEX);
  const back = parseWalletDocument(text, REGTEST_PARAMS);
  assert.deepEqual({ ...back, labels: { ...back.labels } }, DOC);
  assert.equal(json.lastBlock, null);
});

/** One transaction record as the file stores it: height, block hash, length, bytes. */
function record(height: number, blockHash: Uint8Array, raw: Uint8Array): Buffer {
  const head = Buffer.alloc(40);
  head.writeUInt32LE(height, 0);
  head.set(blockHash, 4);
  head.writeUInt32LE(raw.length, 36);
  return Buffer.concat([head, raw]);
}

test("wallet document: the last block, its locator and the transactions round-trip", () => {
  const text = serializeWalletDocument(CHAIN_DOC);
  const json = JSON.parse(text) as Record<string, unknown>;
  assert.equal(json.version, 1, "an added field an older reader ignores needs no new version");
  assert.deepEqual(json.lastBlock, { height: 7, hash: hashToHex(block(7).hash) });
  assert.deepEqual(json.locator, [
    { height: 6, hash: hashToHex(block(6).hash) },
    { height: 4, hash: hashToHex(block(4).hash) },
  ]);
  const [t0, t1] = CHAIN_DOC.chain!.transactions;
  assert.equal(
    json.transactions,
    Buffer.concat([record(3, block(3).hash, t0!.raw), record(7, block(7).hash, t1!.raw)]).toString(
      "base64",
    ),
  );
  const back = parseWalletDocument(text, REGTEST_PARAMS);
  assert.deepEqual(
    back.chain?.transactions.map((t) => ({ ...t, raw: toHex(t.raw) })),
    CHAIN_DOC.chain!.transactions.map((t) => ({ ...t, raw: toHex(t.raw) })),
  );
  assert.deepEqual(back.chain?.locator, CHAIN_DOC.chain!.locator);
});

test("wallet document: a file written before the chain state existed loads as 'nothing processed'", async () => {
  // Exactly what the previous code wrote: version 1, no lastBlock, locator or transactions.
  const old = JSON.stringify({
    format: WALLET_FORMAT,
    version: 1,
    warning: "DEVELOPMENT WALLET",
    network: "regtest",
    genesisHash: REGTEST_PARAMS.genesisHash,
    seed: SEED_HEX,
    createdAt: 1_700_000_000,
    nextIndexes: DOC.nextIndexes,
    labels: {},
  });
  assert.equal(parseWalletDocument(old, REGTEST_PARAMS).chain, null);
  const store = new MemoryStore();
  store.text = old;
  const w = await DevWallet.open(openOptions(store));
  assert.equal(w.lastProcessedBlock(), null);
  assert.equal(w.tipHeight, -1);
  assert.equal(
    w.attachChain(() => assert.fail("nothing to look up")),
    1,
    "the node feeds every block from height 1",
  );
  // Its next save keeps the keys and adds the (still empty) chain state.
  await w.getNewAddress();
  const saved = JSON.parse(store.text!) as Record<string, unknown>;
  assert.equal(saved.seed, SEED_HEX);
  assert.equal(saved.lastBlock, null);
});

test("wallet document: malformed chain state is refused", async () => {
  const good = JSON.parse(serializeWalletDocument(CHAIN_DOC)) as Record<string, unknown>;
  const tip = good.lastBlock as Record<string, unknown>;
  const [t0] = CHAIN_DOC.chain!.transactions;
  const raw0 = t0!.raw;
  const b64 = (...records: Buffer[]) => Buffer.concat(records).toString("base64");
  const good0 = record(3, block(3).hash, raw0);
  const cases: Record<string, unknown>[] = [
    { lastBlock: null },
    { lastBlock: undefined, locator: undefined },
    { lastBlock: { ...tip, height: -1 } },
    { lastBlock: { ...tip, height: 1.5 } },
    { lastBlock: { ...tip, hash: "ab" } },
    { lastBlock: { ...tip, hash: "zz".repeat(32) } },
    { locator: "none" },
    { locator: [{ height: 7, hash: tip.hash }] },
    {
      locator: [
        { height: 4, hash: tip.hash },
        { height: 5, hash: tip.hash },
      ],
    },
    { locator: Array.from({ length: 60 }, (_, i) => ({ height: 6 - i, hash: tip.hash })) },
    { transactions: {} },
    { transactions: [] },
    { transactions: "not base64!" },
    { transactions: b64(record(8, block(8).hash, raw0)) },
    { transactions: b64(good0.subarray(0, 39)) },
    { transactions: b64(good0.subarray(0, good0.length - 1)) },
    { transactions: b64(record(3, block(3).hash, new Uint8Array(0))) },
  ];
  for (const patch of cases) {
    assert.throws(
      () => parseWalletDocument(JSON.stringify({ ...good, ...patch }), REGTEST_PARAMS),
      isWalletError("corrupt-wallet-file"),
      JSON.stringify(patch).slice(0, 80),
    );
  }
  // What only rebuilding the coins finds: a transaction that does not decode (or has bytes
  // after its end), or one listed twice.
  const rebuilt = [
    b64(record(3, block(3).hash, Uint8Array.of(0))),
    b64(record(3, block(3).hash, Uint8Array.from([...raw0, 0]))),
    b64(good0, good0),
  ];
  for (const transactions of rebuilt) {
    const store = new MemoryStore();
    store.text = JSON.stringify({ ...good, transactions });
    await assert.rejects(DevWallet.open(openOptions(store)), (e: unknown) => {
      isWalletError("corrupt-wallet-file")(e);
      assert.match(String((e as WalletError).details), /does not decode|listed twice/);
      return true;
    });
  }
});

test("wallet document: another network is refused, by name or by genesis hash", () => {
  const text = serializeWalletDocument(DOC);
  assert.throws(() => parseWalletDocument(text, SIGNET_PARAMS), isWalletError("wrong-network"));
  // A custom chain that reuses the name "regtest" but has its own genesis block.
  const impostor = { ...REGTEST_PARAMS, genesisHash: "00".repeat(32) };
  assert.throws(() => parseWalletDocument(text, impostor), isWalletError("wrong-network"));
});

test("wallet document: malformed files are refused without quoting the seed", () => {
  const good = JSON.parse(serializeWalletDocument(DOC)) as Record<string, unknown>;
  const cases: [string, WalletErrorCode][] = [
    [`{"seed":"${SEED_HEX}", broken`, "corrupt-wallet-file"],
    ["[]", "corrupt-wallet-file"],
    [JSON.stringify({ ...good, format: "other" }), "corrupt-wallet-file"],
    [JSON.stringify({ ...good, version: 2 }), "unsupported-wallet-version"],
    [JSON.stringify({ ...good, seed: "zz" }), "corrupt-wallet-file"],
    [JSON.stringify({ ...good, seed: "00".repeat(15) }), "corrupt-wallet-file"],
    [
      JSON.stringify({ ...good, nextIndexes: { bech32: { receive: -1, change: 0 } } }),
      "corrupt-wallet-file",
    ],
    [
      JSON.stringify({
        ...good,
        nextIndexes: {
          bech32: { receive: 0, change: 0 },
          bech32m: { receive: 2 ** 31, change: 0 },
        },
      }),
      "corrupt-wallet-file",
    ],
    [JSON.stringify({ ...good, labels: { a: 5 } }), "corrupt-wallet-file"],
    [JSON.stringify({ ...good, createdAt: "yesterday" }), "corrupt-wallet-file"],
  ];
  for (const [text, code] of cases) {
    assert.throws(
      () => parseWalletDocument(text, REGTEST_PARAMS),
      (e: unknown) => {
        isWalletError(code)(e);
        const err = e as WalletError;
        assert.ok(
          !`${err.message} ${err.details}`.includes(SEED_HEX),
          "error must not quote the seed",
        );
        return true;
      },
      text.slice(0, 60),
    );
  }
});

test("file store: atomic write, 0600 permissions, no temporary file left, read back", async () => {
  await withTempDir(async (dir) => {
    const store = new WalletFileStore(join(dir, "sub", "wallet.json"));
    assert.equal(await store.read(), null);
    await store.write("first\n");
    await store.write("second\n");
    assert.equal(await store.read(), "second\n");
    assert.deepEqual(await readdir(join(dir, "sub")), ["wallet.json"]);
    if (process.platform !== "win32") {
      assert.equal((await stat(store.path)).mode & 0o777, 0o600);
    }
  });
});

test("file store: concurrent writes are serialised; the last one wins", async () => {
  await withTempDir(async (dir) => {
    const store = new WalletFileStore(join(dir, "wallet.json"));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.write(`v${i}`)));
    assert.equal(await store.read(), "v19");
    assert.deepEqual(await readdir(dir), ["wallet.json"]);
  });
});

test("file store: a failed write leaves the previous file intact", async () => {
  await withTempDir(async (dir) => {
    const store = new WalletFileStore(join(dir, "wallet.json"));
    await store.write("good");
    // The temporary path is taken by a directory, so the write fails before the rename.
    await mkdir(store.tempPath);
    await assert.rejects(store.write("new"), isWalletError("wallet-file-io"));
    assert.equal(await readFile(store.path, "utf8"), "good");
    await rm(store.tempPath, { recursive: true });
    await store.write("after");
    assert.equal(await store.read(), "after");
  });
});

test("dev wallet: created on first open, reopened with the same keys, indexes and labels", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "wallet.json");
    const logger = new RecordingLogger();
    const w1 = await DevWallet.open(openOptions(new WalletFileStore(path), logger));
    const a1 = await w1.getNewAddress("alice");
    const a2 = await w1.getNewAddress("", "bech32m");
    const c1 = await w1.getRawChangeAddress();
    const onDisk = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    assert.deepEqual(onDisk.nextIndexes, {
      bech32: { receive: 1, change: 1 },
      bech32m: { receive: 1, change: 0 },
    });
    assert.deepEqual(onDisk.labels, { [a1]: "alice" });
    assert.equal(onDisk.network, "regtest");

    const w2 = await DevWallet.open(openOptions(new WalletFileStore(path)));
    assert.equal(w2.labelOf(a1), "alice");
    assert.equal(w2.keyForAddress(a2)?.path, "m/86'/1'/0'/0/0");
    assert.equal(w2.keyForAddress(c1)?.path, "m/84'/1'/0'/1/0");
    const next = await w2.getNewAddress();
    assert.notEqual(next, a1, "a reopened wallet never hands out an address twice");
    assert.equal(w2.keyForAddress(next)?.path, "m/84'/1'/0'/0/1");

    // The seed is in the file (unencrypted, by design) but never in the logs.
    const seedHex = String(onDisk.seed);
    assert.equal(seedHex.length, 64);
    assert.ok(!logger.dump().includes(seedHex));
    assert.match(logger.dump(), /UNENCRYPTED/);
    // Nor does inspecting or serializing the wallet object reveal it (private fields).
    // Only the two public getters show; the seed and keys live in ECMAScript private fields.
    assert.equal(
      inspect(w2, { depth: 20, showHidden: true }),
      "DevWallet { [network]: [Getter], [tipHeight]: [Getter] }",
    );
    assert.equal(JSON.stringify(w2), "{}");
  });
});

test("dev wallet: refuses a wallet file of another network", async () => {
  const store = new MemoryStore();
  await DevWallet.open(openOptions(store));
  await assert.rejects(
    DevWallet.open({ ...openOptions(store), params: SIGNET_PARAMS }),
    isWalletError("wrong-network"),
  );
});

test("dev wallet: refuses mainnet unless explicitly allowed", async () => {
  await assert.rejects(
    DevWallet.open({ ...openOptions(new MemoryStore()), params: MAIN_PARAMS }),
    isWalletError("network-not-allowed"),
  );
  const w = await DevWallet.open({
    ...openOptions(new MemoryStore()),
    params: MAIN_PARAMS,
    allowMainnet: true,
  });
  assert.match(await w.getNewAddress(), /^bc1q/);
});

test("dev wallet: a corrupt file on disk is reported, not overwritten", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "wallet.json");
    await writeFile(path, "{ not json");
    await assert.rejects(
      DevWallet.open(openOptions(new WalletFileStore(path))),
      isWalletError("corrupt-wallet-file"),
    );
    assert.equal(await readFile(path, "utf8"), "{ not json");
  });
});

test("dev wallet: bad labels and address types are invalid parameters", async () => {
  const w = await DevWallet.open(openOptions(new MemoryStore()));
  await assert.rejects(w.getNewAddress("*"), isWalletError("invalid-parameter"));
  await assert.rejects(w.getNewAddress("x".repeat(257)), isWalletError("invalid-parameter"));
  await assert.rejects(
    w.getNewAddress("", "legacy" as unknown as "bech32"),
    isWalletError("invalid-parameter"),
  );
});
