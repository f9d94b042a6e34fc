// Issue #3: a private signer chain (BIP325 signet-style, 2-of-3 bare multisig challenge, as
// `hashforge network new --signers 2-of-3` defines one) run by the real HashforgeNode. Blocks
// must carry a solution in the coinbase witness commitment signed by two of the three keys.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  type Block,
  ByteWriter,
  blockHash,
  buildGenesisBlock,
  buildScript,
  type ChainParams,
  type CustomNetworkJson,
  DEFAULT_CUSTOM_DEPLOYMENTS,
  encodeSmallInt,
  hashToHex,
  legacySighash,
  merkleRoot,
  OP,
  parseCustomNetwork,
  SIGHASH_ALL,
  SIGNET_HEADER,
  sha256,
  signetTxs,
  toHex,
  txid,
  witnessCommitmentIndex,
} from "@hashforge/consensus";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { HashforgeNode } from "../src/service/hashforge-node.js";
import { OP_TRUE_SCRIPT, silentLogger, solve } from "./support/regtest-chain.js";

const GENESIS_TIME = 1767225600;

/** Three deterministic signer keys (test only). */
const KEYS = [1, 2, 3].map((i) => {
  const privateKey = sha256(new TextEncoder().encode(`hashforge test signer ${i}`));
  return { privateKey, publicKey: secp256k1.getPublicKey(privateKey, true) };
});

/** `OP_2 <pk1> <pk2> <pk3> OP_3 OP_CHECKMULTISIG`, the challenge `network new` writes. */
const CHALLENGE = buildScript([
  encodeSmallInt(2),
  ...KEYS.map((k) => k.publicKey),
  encodeSmallInt(3),
  OP.OP_CHECKMULTISIG,
]);

/** The network definition, its genesis mined here by a nonce loop (regtest-easy target). */
function signerNetwork(): ChainParams {
  const draft: CustomNetworkJson = {
    formatVersion: 1,
    name: "consortium",
    ports: { p2p: 39433, rpc: 39432 },
    bech32Hrp: "hfc",
    genesis: {
      version: 1,
      time: GENESIS_TIME,
      bits: "207fffff",
      nonce: 0,
      coinbaseMessage: "hashforge consortium test chain",
      outputScript: "6a",
    },
    pow: {
      powLimit: `7f${"f".repeat(62)}`,
      targetSpacing: 30,
      retargetInterval: 100,
    },
    subsidy: { halvingInterval: 10_000, initial: "5000000000" },
    deployments: DEFAULT_CUSTOM_DEPLOYMENTS,
    signetChallenge: toHex(CHALLENGE),
  };
  const unmined = parseCustomNetwork(draft, { allowUnminedGenesis: true });
  const genesis = solve(buildGenesisBlock(unmined), unmined);
  const params = parseCustomNetwork({
    ...draft,
    genesis: {
      ...draft.genesis,
      nonce: genesis.header.nonce,
      hash: hashToHex(blockHash(genesis.header)),
    },
  });
  assert.equal(params.genesisHash, hashToHex(blockHash(genesis.header)));
  return params;
}

/** `block` with the coinbase's witness commitment script replaced, merkle root recomputed. */
function withCommitment(block: Block, commitment: Uint8Array): Block {
  const coinbase = block.txs[0]!;
  const index = witnessCommitmentIndex(block);
  assert.ok(index >= 0, "segwit templates carry a witness commitment");
  const outputs = coinbase.outputs.map((o, i) =>
    i === index ? { ...o, scriptPubKey: commitment } : o,
  );
  const txs = [{ ...coinbase, outputs }, ...block.txs.slice(1)];
  return {
    header: { ...block.header, merkleRoot: merkleRoot(txs.map(txid)).root },
    txs,
  };
}

/** The template's commitment script with one more push appended. */
function commitmentWith(block: Block, push: Uint8Array): Uint8Array {
  const original = block.txs[0]!.outputs[witnessCommitmentIndex(block)]!.scriptPubKey;
  const w = new ByteWriter(original.length + push.length + 8).bytes(original);
  return w.bytes(buildScript([push])).finish();
}

/** BIP325 solution bytes: serialized scriptSig, then an empty witness stack. */
function solutionBytes(scriptSig: Uint8Array): Uint8Array {
  return new ByteWriter(scriptSig.length + 8).varBytes(scriptSig).compactSize(0).finish();
}

/** DER low-S ECDSA signature plus SIGHASH_ALL over BIP325's `toSign` spending `toSpend`. */
function signBlock(unsigned: Block, signers: readonly number[]): Uint8Array[] {
  const txs = signetTxs(unsigned, CHALLENGE);
  assert.ok(txs, "the block has a commitment to sign");
  // A bare script: the script code is the challenge itself.
  const digest = legacySighash(txs.toSign, 0, CHALLENGE, SIGHASH_ALL);
  return signers.map((i) => {
    const der = secp256k1.sign(digest, KEYS[i]!.privateKey, {
      prehash: false,
      lowS: true,
      format: "der",
    });
    return Uint8Array.of(...der, SIGHASH_ALL);
  });
}

/**
 * Signs `template` as a block signer does: first an empty signet header push (the data BIP325
 * signs has the solution cut back to that header), then the solution `OP_0 <sig>...` in its
 * place, the merkle root recomputed, and the proof of work re-solved.
 */
function signedBlock(
  template: Block,
  params: ChainParams,
  sign: (unsigned: Block) => Uint8Array[],
): Block {
  const unsigned = withCommitment(template, commitmentWith(template, SIGNET_HEADER));
  const scriptSig = buildScript([OP.OP_0, ...sign(unsigned)]);
  const solution = Uint8Array.of(...SIGNET_HEADER, ...solutionBytes(scriptSig));
  return solve(withCommitment(template, commitmentWith(template, solution)), params);
}

test("a 2-of-3 signer chain accepts only blocks with a valid BIP325 solution", {
  timeout: 60_000,
}, async (t) => {
  const params = signerNetwork();
  const dir = mkdtempSync(join(tmpdir(), "hf-signer-"));
  const clock = { now: GENESIS_TIME + 1_000 };
  const start = () =>
    HashforgeNode.start({
      params,
      dataDir: dir,
      logger: silentLogger,
      now: () => clock.now,
      flushIntervalSeconds: 3600,
    });
  let node = await start();
  const results = new Set<string>();
  const expectReject = async (label: string, block: Block) => {
    const r = await node.submitBlock(block);
    assert.ok(!r.ok, `${label}: rejected`);
    assert.equal(r.reason, "bad-signet-blksig", label);
    results.add(`${label}: ${r.reason}`);
  };
  try {
    assert.equal(node.chain.height, 0);
    for (let round = 1; round <= 3; round++) {
      clock.now += 30;
      const template = node.blockTemplate(OP_TRUE_SCRIPT).block;
      const tip = node.chain.tip;

      await expectReject("no solution", solve(template, params));
      await expectReject(
        "one signature of two",
        signedBlock(template, params, (b) => signBlock(b, [0])),
      );
      await expectReject(
        "signatures out of key order",
        signedBlock(template, params, (b) => signBlock(b, [2, 0])),
      );
      await expectReject(
        "tampered signature",
        signedBlock(template, params, (b) => {
          const sigs = signBlock(b, [0, 1]);
          const bad = sigs[1]!.slice();
          bad[bad.length - 2]! ^= 0x01;
          return [sigs[0]!, bad];
        }),
      );
      // Signed for another header time: the signature covers version, prev, merkle and time.
      const signed = signedBlock(template, params, (b) => signBlock(b, [0, 2]));
      await expectReject(
        "header time changed after signing",
        solve(
          { header: { ...signed.header, time: signed.header.time + 1 }, txs: signed.txs },
          params,
        ),
      );
      assert.equal(node.chain.tip, tip, "no rejected block moved the tip");

      const signers = round === 2 ? [1, 2] : [0, round === 1 ? 1 : 2];
      const good = signedBlock(template, params, (b) => signBlock(b, signers));
      const accepted = await node.submitBlock(good);
      assert.ok(accepted.ok, accepted.ok ? "" : `${accepted.reason}: ${accepted.debug ?? ""}`);
      assert.equal(node.chain.height, round);
      assert.equal(hashToHex(node.chain.tip.hash), hashToHex(blockHash(good.header)));
      results.add(`height ${round}: signers ${signers.map((i) => i + 1).join("+")} accepted`);
    }
    await node.stop();
    node = await start();
    assert.equal(node.chain.height, 3, "signed blocks survive a restart");
    t.diagnostic([...results].join("; "));
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
