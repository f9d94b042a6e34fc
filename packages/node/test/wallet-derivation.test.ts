// BIP84 / BIP86 derivation of the development wallet against the BIPs' published test vectors.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type ChainParams,
  decodeWif,
  MAIN_PARAMS,
  nobleBackend,
  REGTEST_PARAMS,
  SIGNET_PARAMS,
  TESTNET4_PARAMS,
  toHex,
} from "@hashforge/consensus";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { HDKey } from "@scure/bip32";
import { KeyPool } from "../src/wallet/key-pool.js";
import { coinTypeFor, Keychain } from "../src/wallet/keychain.js";

/** BIP39 seed of a mnemonic with an empty passphrase: PBKDF2-HMAC-SHA512, 2048 rounds. */
function bip39Seed(mnemonic: string): Uint8Array {
  return pbkdf2(sha512, mnemonic.normalize("NFKD"), "mnemonic", { c: 2048, dkLen: 64 });
}

const MNEMONIC =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const SEED = bip39Seed(MNEMONIC);

// bip-0084.mediawiki, "Test vectors".
const BIP84 = [
  {
    branch: 0,
    index: 0,
    wif: "KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d",
    pubkey: "0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c",
    address: "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
  },
  {
    branch: 0,
    index: 1,
    wif: "Kxpf5b8p3qX56DKEe5NqWbNUP9MnqoRFzZwHRtsFqhzuvUJsYZCy",
    pubkey: "03e775fd51f0dfb8cd865d9ff1cca2a158cf651fe997fdc9fee9c1d3b5e995ea77",
    address: "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g",
  },
  {
    branch: 1,
    index: 0,
    wif: "KxuoxufJL5csa1Wieb2kp29VNdn92Us8CoaUG3aGtPtcF3AzeXvF",
    pubkey: "03025324888e429ab8e3dbaf1f7802648b9cd01e9b418485c5fa4c1b9b5700e1a6",
    address: "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el",
  },
] as const;

// bip-0086.mediawiki, "Test vectors".
const BIP86 = [
  {
    branch: 0,
    index: 0,
    internalKey: "cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115",
    outputKey: "a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
    scriptPubKey: "5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
    address: "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
  },
  {
    branch: 0,
    index: 1,
    internalKey: "83dfe85a3151d2517290da461fe2815591ef69f2b18a2ce63f01697a8b313145",
    outputKey: "a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb",
    scriptPubKey: "5120a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb",
    address: "bc1p4qhjn9zdvkux4e44uhx8tc55attvtyu358kutcqkudyccelu0was9fqzwh",
  },
  {
    branch: 1,
    index: 0,
    internalKey: "399f1b2f4393f29a18c937859c5dd8a77350103157eb880f02e8c08214277cef",
    outputKey: "882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc",
    scriptPubKey: "5120882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc",
    address: "bc1p3qkhfews2uk44qtvauqyr2ttdsw7svhkl9nkm9s9c3x4ax5h60wqwruhk7",
  },
] as const;

test("the BIP39 seed of the test mnemonic gives the BIPs' root key", () => {
  // BIP86's rootpriv; BIP84 shows the same node as a zprv.
  assert.equal(
    HDKey.fromMasterSeed(SEED).privateExtendedKey,
    "xprv9s21ZrQH143K3GJpoapnV8SFfukcVBSfeCficPSGfubmSFDxo1kuHnLisriDvSnRRuL2Qrg5ggqHKNVpxR86QEC8w35uxmGoggxtQTPvfUu",
  );
});

test("BIP84 test vectors: P2WPKH keys and addresses (m/84'/0'/0')", (t) => {
  const keychain = new Keychain(SEED, MAIN_PARAMS, nobleBackend);
  for (const v of BIP84) {
    const key = keychain.deriveKey("bech32", v.branch, v.index);
    assert.equal(key.path, `m/84'/0'/0'/${v.branch}/${v.index}`);
    assert.equal(toHex(key.publicKey), v.pubkey);
    assert.equal(key.address, v.address);
    assert.equal(key.internalKey, null);
    const wif = decodeWif(v.wif, MAIN_PARAMS);
    assert.equal(toHex(keychain.privateKey("bech32", v.branch, v.index)), toHex(wif.privateKey));
  }
  t.diagnostic(`bip84 vectors: ${BIP84.length}/${BIP84.length} passed`);
});

test("BIP86 test vectors: P2TR internal and output keys, scripts, addresses (m/86'/0'/0')", (t) => {
  const keychain = new Keychain(SEED, MAIN_PARAMS, nobleBackend);
  for (const v of BIP86) {
    const key = keychain.deriveKey("bech32m", v.branch, v.index);
    assert.equal(key.path, `m/86'/0'/0'/${v.branch}/${v.index}`);
    assert.equal(toHex(key.internalKey!), v.internalKey);
    assert.equal(toHex(key.outputKey!), v.outputKey);
    assert.equal(toHex(key.scriptPubKey), v.scriptPubKey);
    assert.equal(key.address, v.address);
  }
  t.diagnostic(`bip86 vectors: ${BIP86.length}/${BIP86.length} passed`);
});

test("coin type is 0 only for Bitcoin mainnet, recognised by its genesis hash", () => {
  assert.equal(coinTypeFor(MAIN_PARAMS), 0);
  assert.equal(coinTypeFor(REGTEST_PARAMS), 1);
  assert.equal(coinTypeFor(SIGNET_PARAMS), 1);
  assert.equal(coinTypeFor(TESTNET4_PARAMS), 1);
  // A custom chain calling itself "main" does not get mainnet paths.
  const impostor: ChainParams = { ...REGTEST_PARAMS, name: "main" };
  assert.equal(coinTypeFor(impostor), 1);
});

test("regtest keys use coin type 1 and the bcrt prefix", () => {
  const keychain = new Keychain(SEED, REGTEST_PARAMS, nobleBackend);
  const main = new Keychain(SEED, MAIN_PARAMS, nobleBackend);
  const p2wpkh = keychain.deriveKey("bech32", 0, 0);
  const p2tr = keychain.deriveKey("bech32m", 1, 3);
  assert.equal(p2wpkh.path, "m/84'/1'/0'/0/0");
  assert.equal(p2tr.path, "m/86'/1'/0'/1/3");
  assert.match(p2wpkh.address, /^bcrt1q[02-9ac-hj-np-z]{38}$/);
  assert.match(p2tr.address, /^bcrt1p[02-9ac-hj-np-z]{58}$/);
  // Different coin type, different key.
  assert.notEqual(toHex(p2wpkh.publicKey), toHex(main.deriveKey("bech32", 0, 0).publicKey));
});

test("keychain rejects bad seeds and indexes", () => {
  assert.throws(() => new Keychain(new Uint8Array(15), REGTEST_PARAMS, nobleBackend), RangeError);
  assert.throws(() => new Keychain(new Uint8Array(65), REGTEST_PARAMS, nobleBackend), RangeError);
  const keychain = new Keychain(SEED, REGTEST_PARAMS, nobleBackend);
  assert.throws(() => keychain.deriveKey("bech32", 0, 0x8000_0000), RangeError);
  assert.throws(() => keychain.deriveKey("bech32", 0, -1), RangeError);
});

test("key pool: take advances, look-ahead recognises scripts, a used key extends the window", () => {
  const keychain = new Keychain(SEED, REGTEST_PARAMS, nobleBackend);
  const pool = new KeyPool(
    keychain,
    { bech32: { receive: 2, change: 0 }, bech32m: { receive: 0, change: 0 } },
    3,
  );
  const first = pool.take("bech32", 0);
  assert.equal(first.index, 2);
  assert.equal(pool.indexes().bech32.receive, 3);
  // Window now covers receive indexes 0..5.
  const edge = keychain.deriveKey("bech32", 0, 5);
  const beyond = keychain.deriveKey("bech32", 0, 6);
  assert.equal(pool.keyForScript(edge.scriptPubKey)?.index, 5);
  assert.equal(pool.keyForScript(beyond.scriptPubKey), undefined);
  assert.equal(pool.markUsed(edge), true);
  assert.equal(pool.indexes().bech32.receive, 6);
  assert.equal(pool.keyForScript(beyond.scriptPubKey)?.index, 6);
  assert.equal(pool.markUsed(first), false, "an index below next changes nothing");
  // Branches and types are separate.
  assert.equal(pool.take("bech32", 1).path, "m/84'/1'/0'/1/0");
  assert.equal(pool.take("bech32m", 0).path, "m/86'/1'/0'/0/0");
  assert.deepEqual(pool.indexes(), {
    bech32: { receive: 6, change: 1 },
    bech32m: { receive: 1, change: 0 },
  });
});
