// The library examples shown in the README, kept here so they cannot rot.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  blockHash,
  buildGenesisBlock,
  checkBlock,
  checkTransaction,
  decodeBlock,
  decodeTx,
  defaultSignatureBackend,
  encodeBlock,
  fromHex,
  hashToHex,
  MAIN_PARAMS,
  precomputeTxData,
  TransactionSignatureChecker,
  toHex,
  txid,
  VerifyFlags,
  verifyScript,
} from "../src/index.js";

test("README: decode and check a block", () => {
  const bytes = encodeBlock(buildGenesisBlock(MAIN_PARAMS)); // any serialized block
  const block = decodeBlock(bytes);
  assert.equal(hashToHex(blockHash(block.header)), MAIN_PARAMS.genesisHash);
  assert.deepEqual(checkBlock(block, MAIN_PARAMS.pow.powLimit), { ok: true });
  const bad = checkBlock(
    { ...block, header: { ...block.header, nonce: 0 } },
    MAIN_PARAMS.pow.powLimit,
  );
  assert.deepEqual(bad.ok ? null : bad.reason, "high-hash");
});

test("README: validate a transaction's input script", () => {
  // BIP143's native P2WPKH example: input 1 spends 6 BTC locked to a P2WPKH output.
  const tx = decodeTx(
    fromHex(
      "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000",
    ),
  );
  assert.deepEqual(checkTransaction(tx), { ok: true });
  const spent = {
    value: 600_000_000n,
    scriptPubKey: fromHex("00141d0f172a0ecb48aee1be1f2687d2963ae33f71a1"),
  };
  const checker = new TransactionSignatureChecker({
    backend: defaultSignatureBackend(),
    tx,
    inputIndex: 1,
    amount: spent.value,
    txData: precomputeTxData(tx, null),
  });
  const flags = VerifyFlags.P2SH | VerifyFlags.WITNESS;
  const input = tx.inputs[1]!;
  assert.deepEqual(
    verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, checker),
    { ok: true },
  );
  const wrongAmount = new TransactionSignatureChecker({
    backend: defaultSignatureBackend(),
    tx,
    inputIndex: 1,
    amount: spent.value - 1n,
    txData: precomputeTxData(tx, null),
  });
  assert.deepEqual(
    verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, wrongAmount),
    {
      ok: false,
      error: "EVAL_FALSE",
    },
  );
  assert.equal(toHex(txid(tx)).length, 64);
});
