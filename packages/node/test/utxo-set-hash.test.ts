import assert from "node:assert/strict";
import { test } from "node:test";
import { hashToHex, sha256d, toHex } from "@hashforge/consensus";
import { MUHASH_PRIME, MuHash3072 } from "../src/chainstate/muhash.js";
import { muhashHasher, serializedHasher, txOutSer } from "../src/chainstate/utxo-set-hash.js";

const element = (first: number) => {
  const e = new Uint8Array(32);
  e[0] = first;
  return e;
};

test("MuHash3072 matches Bitcoin Core's muhash_tests vector", () => {
  // crypto_tests.cpp: FromInt(0) * FromInt(1) / FromInt(2), shown as a uint256 (reversed).
  const digest = new MuHash3072().insert(element(0)).insert(element(1)).remove(element(2)).digest();
  assert.equal(
    hashToHex(digest),
    "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863",
  );
  assert.equal(MUHASH_PRIME.toString(2).length, 3072);
});

test("MuHash3072 is a set hash: order-free, and removal undoes insertion", () => {
  const a = new MuHash3072().insert(element(1)).insert(element(2)).insert(element(3)).digest();
  const b = new MuHash3072().insert(element(3)).insert(element(1)).insert(element(2)).digest();
  assert.equal(toHex(a), toHex(b));
  const empty = new MuHash3072().digest();
  assert.equal(
    toHex(new MuHash3072().insert(element(7)).remove(element(7)).digest()),
    toHex(empty),
  );
  assert.notEqual(toHex(new MuHash3072().insert(element(7)).digest()), toHex(empty));
});

test("TxOutSer and the serialized hash follow Core's coinstats layout", () => {
  const txid = Uint8Array.from({ length: 32 }, (_, i) => i);
  const coin = {
    output: { value: 5_000_000_000n, scriptPubKey: Uint8Array.of(0x51) },
    height: 3,
    coinbase: true,
  };
  const ser = txOutSer(txid, 1, coin);
  assert.equal(
    toHex(ser),
    `${toHex(txid)}010000000700000000f2052a010000000151`,
    "outpoint, height * 2 + coinbase, then the output",
  );
  const h = serializedHasher();
  h.add(txid, 1, coin);
  h.add(txid, 2, { ...coin, coinbase: false });
  const both = new Uint8Array([...ser, ...txOutSer(txid, 2, { ...coin, coinbase: false })]);
  assert.equal(toHex(h.digest()), toHex(sha256d(both)));
  const m = muhashHasher();
  m.add(txid, 1, coin);
  assert.equal(toHex(m.digest()), toHex(new MuHash3072().insert(ser).digest()));
});
