// Checks every transcribed field of the built-in networks against Core's values
// (vectors/chainparams-facts.json), plus the few facts the file does not carry (RPC ports).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import type { ChainParams } from "../src/params/chain-params.js";
import { isDeploymentActive } from "../src/params/chain-params.js";
import { BUILTIN_NETWORKS } from "../src/params/registry.js";
import { signetMessageStart } from "../src/params/signet-message-start.js";
import { retargetInterval } from "../src/pow/retarget.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

type Json = Record<string, unknown>;

const FACT_KEYS: Record<string, ChainParams> = {
  main: BUILTIN_NETWORKS.main,
  testnet3: BUILTIN_NETWORKS.test,
  testnet4: BUILTIN_NETWORKS.testnet4,
  signet_default: BUILTIN_NETWORKS.signet,
  regtest: BUILTIN_NETWORKS.regtest,
};

/** Core's RPC ports (chainparamsbase.cpp), not in the facts file. */
const RPC_PORTS: Record<string, number> = {
  main: 8332,
  testnet3: 18332,
  testnet4: 48332,
  signet_default: 38332,
  regtest: 18443,
};

const DEPLOYMENT_FACTS = [
  ["bip34", "BIP34Height"],
  ["bip65", "BIP65Height"],
  ["bip66", "BIP66Height"],
  ["csv", "CSVHeight"],
  ["segwit", "SegwitHeight"],
] as const;

/** "SCRIPT_VERIFY_P2SH|SCRIPT_VERIFY_WITNESS (Taproot exception)" -> ["P2SH", "WITNESS"]. */
function flagNames(text: string): string[] {
  const flags = text
    .split(" ")[0]!
    .split("|")
    .map((f) => f.replace(/^SCRIPT_VERIFY_/, ""));
  return flags.filter((f) => f !== "NONE");
}

function checkNetwork(key: string, params: ChainParams, n: Json): void {
  assert.equal(toHex(params.messageStart), n.message_start);
  assert.equal(params.defaultPort, n.default_port);
  assert.equal(params.rpcPort, RPC_PORTS[key]);
  assert.equal(params.bech32Hrp, n.bech32_hrp);
  const b58 = n.base58_prefixes as Json;
  assert.equal(params.base58.pubkeyAddress, b58.pubkey_address);
  assert.equal(params.base58.scriptAddress, b58.script_address);
  assert.equal(params.base58.secretKey, b58.secret_key);
  assert.equal(params.base58.extPublicKey, Number.parseInt(b58.ext_public_key as string, 16));
  assert.equal(params.base58.extSecretKey, Number.parseInt(b58.ext_secret_key as string, 16));
  assert.equal(params.pow.powLimit, BigInt(`0x${n.powLimit}`));
  assert.equal(params.pow.targetSpacing, n.nPowTargetSpacing);
  assert.equal(params.pow.targetTimespan, n.nPowTargetTimespan);
  assert.equal(retargetInterval(params.pow), n.difficulty_adjustment_interval);
  assert.equal(params.pow.allowMinDifficultyBlocks, n.fPowAllowMinDifficultyBlocks);
  assert.equal(params.pow.noRetargeting, n.fPowNoRetargeting);
  // regtest's BIP94 is an option ("-test=bip94"), off by default.
  assert.equal(params.pow.enforceBip94, n.enforce_BIP94 === true);
  assert.equal(params.subsidyHalvingInterval, n.nSubsidyHalvingInterval);
  assert.equal(params.initialSubsidy, 5_000_000_000n);
  for (const [name, fact] of DEPLOYMENT_FACTS)
    assert.equal(params.deployments[name], n[fact], name);
  // Core enforces P2SH from genesis on every network (exceptions aside).
  assert.equal(params.deployments.bip16, 0);
  const taproot = n.taproot_deployment as Json;
  if (taproot.nStartTime === "ALWAYS_ACTIVE") assert.equal(params.deployments.taproot, 0);
  else if (key === "main") assert.equal(params.deployments.taproot, taproot.min_activation_height);
  else
    assert.equal(params.deployments.taproot, 0, "testnet3: Core applies taproot rules throughout");
  assert.equal(params.bip34Hash, (n.BIP34Hash as string | undefined) ?? null);
  const exceptions = (n.script_flag_exceptions as Record<string, string> | undefined) ?? {};
  assert.deepEqual(
    params.scriptFlagExceptions,
    Object.fromEntries(Object.entries(exceptions).map(([h, f]) => [h, flagNames(f)])),
  );
  const work = (n.nMinimumChainWork ?? n.nMinimumChainWork_default_challenge ?? "0") as string;
  assert.equal(params.minimumChainWork, BigInt(`0x${work}`));
  if (n.signet_challenge_hex !== undefined) {
    assert.equal(toHex(params.signetChallenge!), n.signet_challenge_hex);
    assert.equal(toHex(signetMessageStart(params.signetChallenge!)), n.message_start);
  } else {
    assert.equal(params.signetChallenge, null);
  }
}

test("built-in parameters match Core's chainparams", vectorSuite(), (t) => {
  const facts = readVectorJson<{ networks: Record<string, Json> }>("chainparams-facts.json");
  const failures: string[] = [];
  for (const [key, params] of Object.entries(FACT_KEYS)) {
    try {
      checkNetwork(key, params, facts.networks[key]!);
    } catch (e) {
      failures.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  reportCases(t, "chainparams", Object.keys(FACT_KEYS).length, failures);
});

test("deployments are looked up by name and height", () => {
  const main = BUILTIN_NETWORKS.main;
  assert.equal(isDeploymentActive(main, "segwit", 481_823), false);
  assert.equal(isDeploymentActive(main, "segwit", 481_824), true);
  assert.equal(isDeploymentActive(main, "taproot", 709_631), false);
  assert.equal(isDeploymentActive(main, "taproot", 709_632), true);
  assert.equal(isDeploymentActive(BUILTIN_NETWORKS.regtest, "segwit", 0), true);
  assert.equal(isDeploymentActive(BUILTIN_NETWORKS.regtest, "bip34", 0), false);
});

test("the signet message start is derived from the challenge", () => {
  // Core's rule applies to custom signets too: a different challenge, a different magic.
  const other = signetMessageStart(fromHex("51"));
  assert.notEqual(toHex(other), toHex(BUILTIN_NETWORKS.signet.messageStart));
  assert.equal(other.length, 4);
});
