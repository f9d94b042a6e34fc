import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ByteReader,
  DecodeError,
  decodeTx,
  encodeTx,
  fromHex,
  hashToHex,
  toHex,
  txid,
  txVsize,
  txWeight,
  wtxid,
} from "../src/index.js";

// A mainnet P2WPKH spend (BIP143 native P2WPKH example, signed).
const SEGWIT_TX =
  "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000";

test("BIP144 transaction round-trips byte-exact and hashes", () => {
  const bytes = fromHex(SEGWIT_TX);
  const tx = decodeTx(bytes);
  assert.equal(tx.inputs.length, 2);
  assert.equal(tx.outputs.length, 2);
  assert.equal(tx.inputs[1]!.witness.length, 2);
  assert.equal(toHex(encodeTx(tx)), SEGWIT_TX);
  assert.equal(
    hashToHex(txid(tx)),
    "e8151a2af31c368a35053ddd4bdb285a8595c769a3ad83e0fa02314a602d4609",
  );
  assert.notEqual(hashToHex(wtxid(tx)), hashToHex(txid(tx)));
  assert.equal(txWeight(tx), encodeTx(tx, false).length * 3 + bytes.length);
  assert.equal(txVsize(tx), Math.ceil(txWeight(tx) / 4));
});

test("decoding rejects truncation, trailing bytes, superfluous witness and unknown flags", () => {
  const bytes = fromHex(SEGWIT_TX);
  assert.throws(() => decodeTx(bytes.subarray(0, bytes.length - 1)), { code: "truncated" });
  const trailing = new Uint8Array(bytes.length + 1);
  trailing.set(bytes);
  assert.throws(() => decodeTx(trailing), { code: "trailing-data" });
  // version, marker 0, flag 1, one input, one output, empty witness, locktime
  const superfluous = fromHex(
    `01000000000101${"00".repeat(32)}00000000000000000001${"00".repeat(8)}000000000000`,
  );
  assert.throws(() => decodeTx(superfluous), { code: "superfluous-witness" });
  const unknownFlag = fromHex(
    `01000000000201${"00".repeat(32)}000000000000000000010000000000000000000000000000`,
  );
  assert.throws(
    () => decodeTx(unknownFlag),
    (e: unknown) => e instanceof DecodeError,
  );
});

test("CompactSize rejects non-canonical encodings", () => {
  assert.equal(new ByteReader(fromHex("fc")).compactSize(), 0xfc);
  assert.equal(new ByteReader(fromHex("fdfd00")).compactSize(), 0xfd);
  assert.throws(() => new ByteReader(fromHex("fdfc00")).compactSize(), {
    code: "non-canonical-compactsize",
  });
  assert.throws(() => new ByteReader(fromHex("feffff0000")).compactSize(), {
    code: "non-canonical-compactsize",
  });
  assert.throws(() => new ByteReader(fromHex("ffffffffff00000000")).compactSize(), {
    code: "non-canonical-compactsize",
  });
  assert.throws(() => new ByteReader(fromHex("fe01000002")).compactSize(), {
    code: "size-too-large",
  });
});
