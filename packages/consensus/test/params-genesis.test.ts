// Rebuilds every built-in network's genesis block from its parameters and compares it with the
// values Core's chainparams.cpp states (vectors/chainparams-facts.json).
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockHash } from "../src/block/header.js";
import { hashToHex, toHex } from "../src/bytes/hex.js";
import type { ChainParams } from "../src/params/chain-params.js";
import { buildGenesisBlock, genesisCoinbaseScriptSig } from "../src/params/genesis.js";
import { MAIN_PARAMS } from "../src/params/main.js";
import { BUILTIN_NETWORKS } from "../src/params/registry.js";
import { txid } from "../src/tx/hash.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface FactsGenesis {
  hash: string;
  merkle_root: string;
  version: number;
  time: number;
  bits: string;
  nonce: number;
  reward_sats: number;
  coinbase_message?: string;
  coinbase_scriptSig_hex?: string;
  output_pubkey_hex?: string;
  coinbase?: string;
}

interface Facts {
  networks: Record<string, { genesis: FactsGenesis }>;
}

/** The facts file's network keys and the params that must reproduce them. */
const FACT_KEYS: Record<string, ChainParams> = {
  main: BUILTIN_NETWORKS.main,
  testnet3: BUILTIN_NETWORKS.test,
  testnet4: BUILTIN_NETWORKS.testnet4,
  signet_default: BUILTIN_NETWORKS.signet,
  regtest: BUILTIN_NETWORKS.regtest,
};

test("genesis blocks of all five networks rebuild to Core's hashes", vectorSuite(), (t) => {
  const facts = readVectorJson<Facts>("chainparams-facts.json");
  assert.deepEqual(Object.keys(FACT_KEYS).sort(), Object.keys(facts.networks).sort());
  const failures: string[] = [];
  for (const [key, params] of Object.entries(FACT_KEYS)) {
    const g = facts.networks[key]!.genesis;
    try {
      const block = buildGenesisBlock(params);
      assert.equal(block.txs.length, 1);
      const cb = block.txs[0]!;
      assert.equal(cb.version, 1);
      assert.equal(cb.locktime, 0);
      assert.equal(cb.outputs.length, 1);
      assert.equal(cb.outputs[0]!.value, BigInt(g.reward_sats));
      assert.equal(hashToHex(block.header.merkleRoot), g.merkle_root, "rebuilt merkle root");
      assert.equal(hashToHex(txid(cb)), g.merkle_root, "one-tx merkle root is the txid");
      assert.equal(hashToHex(params.genesisHeader.merkleRoot), g.merkle_root, "params merkle root");
      assert.equal(hashToHex(blockHash(block.header)), g.hash, "rebuilt block hash");
      assert.equal(params.genesisHash, g.hash, "params genesisHash");
      assert.equal(block.header.version, g.version);
      assert.equal(block.header.time, g.time);
      assert.equal(block.header.bits, Number.parseInt(g.bits, 16));
      assert.equal(block.header.nonce, g.nonce);
      if (g.output_pubkey_hex !== undefined) {
        const len = (g.output_pubkey_hex.length / 2).toString(16).padStart(2, "0");
        assert.equal(toHex(cb.outputs[0]!.scriptPubKey), `${len}${g.output_pubkey_hex}ac`);
      } else {
        assert.match(g.coinbase ?? "", /same coinbase transaction as mainnet genesis/);
        assert.deepEqual(cb, buildGenesisBlock(MAIN_PARAMS).txs[0]);
      }
      if (g.coinbase_scriptSig_hex !== undefined) {
        assert.equal(toHex(cb.inputs[0]!.scriptSig), g.coinbase_scriptSig_hex);
      }
      if (g.coinbase_message !== undefined) {
        assert.equal(
          toHex(genesisCoinbaseScriptSig(g.coinbase_message)),
          toHex(cb.inputs[0]!.scriptSig),
        );
      }
    } catch (e) {
      failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  reportCases(t, "genesis", Object.keys(FACT_KEYS).length, failures);
});

test("a tampered parameter no longer rebuilds the genesis hash", () => {
  const p = BUILTIN_NETWORKS.regtest;
  const tampered = {
    ...p,
    genesisHeader: { ...p.genesisHeader, nonce: p.genesisHeader.nonce + 1 },
  };
  assert.notEqual(hashToHex(blockHash(buildGenesisBlock(tampered).header)), p.genesisHash);
});
