import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBlock } from "../src/block/block.js";
import { witnessCommitmentIndex } from "../src/block/witness-commitment.js";
import { fromHex } from "../src/bytes/hex.js";
import { checkSignetBlockSolution, signetTxs } from "../src/checks/signet.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { nobleBackend } from "../src/crypto/noble-backend.js";
import { REGTEST_PARAMS } from "../src/params/regtest.js";
import { SIGNET_PARAMS } from "../src/params/signet.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

const loadSignet = () =>
  readVectorJson<{ block: string; height: number }[]>("signet", "signet-blocks-0-120.json").map(
    (b) => ({
      height: b.height,
      block: decodeBlock(fromHex(b.block)),
    }),
  );

test("default signet blocks 0..120 carry valid BIP325 solutions", vectorSuite(), (t) => {
  const failures: string[] = [];
  const blocks = loadSignet();
  for (const { height, block } of blocks) {
    for (const backend of [defaultSignatureBackend(), nobleBackend]) {
      const r = checkSignetBlockSolution(block, SIGNET_PARAMS, backend);
      if (!r.ok) failures.push(`${height} (${backend.name}): ${r.reason} ${r.debug ?? ""}`);
    }
  }
  reportCases(t, "signet blocks 0..120", blocks.length, failures);
});

test("a tampered signet block fails its solution", vectorSuite(), () => {
  const { block } = loadSignet()[50]!;
  const backend = defaultSignatureBackend();
  const reason = (b: typeof block) => {
    const r = checkSignetBlockSolution(b, SIGNET_PARAMS, backend);
    return r.ok ? "ok" : `${r.reason}: ${r.debug}`;
  };
  // The signed data covers the header's time: changing it breaks the signature.
  assert.match(
    reason({ ...block, header: { ...block.header, time: block.header.time + 1 } }),
    /^bad-signet-blksig: signet block solution invalid/,
  );
  // A byte of the signature inside the commitment.
  const cb = block.txs[0]!;
  const index = witnessCommitmentIndex(block);
  const spk = cb.outputs[index]!.scriptPubKey.slice();
  spk[spk.length - 20] ^= 1;
  const tampered = {
    ...block,
    txs: [
      { ...cb, outputs: cb.outputs.map((o, i) => (i === index ? { ...o, scriptPubKey: spk } : o)) },
      ...block.txs.slice(1),
    ],
  };
  assert.match(reason(tampered), /^bad-signet-blksig/);
  // No witness commitment at all.
  const bare = {
    ...block,
    txs: [{ ...cb, outputs: cb.outputs.filter((_, i) => i !== index) }, ...block.txs.slice(1)],
  };
  assert.equal(reason(bare), "bad-signet-blksig: signet block solution parse failure");
  assert.ok(signetTxs(block, SIGNET_PARAMS.signetChallenge!) !== null);
  // Non-signet networks have no challenge to meet.
  assert.deepEqual(checkSignetBlockSolution(tampered, REGTEST_PARAMS, backend), { ok: true });
});
