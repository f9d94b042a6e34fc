// Custom network definitions: a valid one parses, every validation error names its field, and
// serializeCustomNetwork round-trips through parseCustomNetwork.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { blockHash } from "../src/block/header.js";
import { fromHex, hashToHex, toHex } from "../src/bytes/hex.js";
import type { ChainParams } from "../src/params/chain-params.js";
import { parseCustomNetwork } from "../src/params/custom-network.js";
import { createGenesisBlock } from "../src/params/genesis.js";
import { NetworkConfigError } from "../src/params/network-config-error.js";
import { BUILTIN_NETWORKS } from "../src/params/registry.js";
import { serializeCustomNetwork } from "../src/params/serialize-custom-network.js";
import { signetMessageStart } from "../src/params/signet-message-start.js";
import { checkProofOfWork } from "../src/pow/check-pow.js";
import { reportCases } from "./support/vectors.js";

type Json = Record<string, unknown>;

const POW_LIMIT = `7f${"f".repeat(62)}`;
const PUBKEY = `02${"11".repeat(32)}`;

/** A complete definition whose genesis is not mined yet (nonce 0, no hash). */
function draft(): Json {
  return {
    formatVersion: 1,
    name: "hashnet",
    magic: "a1b2c3d4",
    ports: { p2p: 28333, rpc: 28332 },
    bech32Hrp: "hn",
    genesis: {
      time: 1_700_000_000,
      bits: "0x207fffff",
      nonce: 0,
      coinbaseMessage: "hashforge test network genesis",
      outputPubkey: PUBKEY,
    },
    pow: { powLimit: POW_LIMIT, targetSpacing: 60, retargetInterval: 100 },
    subsidy: { halvingInterval: 1000, initial: 5_000_000_000 },
  };
}

/** Mines the draft's genesis (varying the nonce) and records nonce and hash. */
function mined(): Json {
  const json = draft();
  const params = parseCustomNetwork(json, { allowUnminedGenesis: true });
  const g = params.genesisHeader;
  const block = createGenesisBlock({
    ...g,
    scriptSig: params.genesisCoinbase.scriptSig,
    scriptPubKey: params.genesisCoinbase.scriptPubKey,
    reward: params.genesisCoinbase.reward,
  });
  for (let nonce = 0; ; nonce++) {
    const header = { ...block.header, nonce };
    const hash = blockHash(header);
    if (checkProofOfWork(hash, header.bits, params.pow.powLimit)) {
      (json.genesis as Json).nonce = nonce;
      (json.genesis as Json).hash = hashToHex(hash);
      return json;
    }
  }
}

/** A nonce/hash pair for the draft whose hash misses the target. */
function unminedHash(): { nonce: number; hash: string } {
  const params = parseCustomNetwork(draft(), { allowUnminedGenesis: true });
  for (let nonce = 0; ; nonce++) {
    const hash = blockHash({ ...params.genesisHeader, nonce });
    if (!checkProofOfWork(hash, params.genesisHeader.bits, params.pow.powLimit)) {
      return { nonce, hash: hashToHex(hash) };
    }
  }
}

function issuesOf(json: unknown, options = {}): NetworkConfigError {
  try {
    parseCustomNetwork(json, options);
  } catch (e) {
    if (e instanceof NetworkConfigError) return e;
    throw e;
  }
  assert.fail("expected a NetworkConfigError");
}

function set(json: Json, path: string, value: unknown): Json {
  const keys = path.split(".");
  let obj = json;
  for (const k of keys.slice(0, -1)) {
    obj[k] ??= {};
    obj = obj[k] as Json;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete obj[last];
  else obj[last] = value;
  return json;
}

test("a mined definition parses into ChainParams with defaults filled in", () => {
  const json = mined();
  const p = parseCustomNetwork(json);
  assert.equal(p.name, "hashnet");
  assert.equal(toHex(p.messageStart), "a1b2c3d4");
  assert.equal(p.defaultPort, 28333);
  assert.equal(p.rpcPort, 28332);
  assert.equal(p.pow.targetTimespan, 6000);
  assert.equal(p.pow.allowMinDifficultyBlocks, false);
  assert.equal(p.initialSubsidy, 5_000_000_000n);
  assert.equal(p.genesisCoinbase.reward, 5_000_000_000n, "reward defaults to the initial subsidy");
  assert.equal(toHex(p.genesisCoinbase.scriptPubKey), `21${PUBKEY}ac`);
  assert.deepEqual(p.base58, BUILTIN_NETWORKS.regtest.base58);
  assert.deepEqual(p.deployments, BUILTIN_NETWORKS.regtest.deployments);
  assert.equal(p.genesisHash, (json.genesis as Json).hash);
  assert.equal(p.signetChallenge, null);
  assert.equal(p.minimumChainWork, 0n);
  assert.deepEqual(p.scriptFlagExceptions, {});
});

test("deployments may be overridden or switched off with null", () => {
  const json = set(mined(), "deployments", { taproot: null, segwit: 500, bip65: 0 });
  const p = parseCustomNetwork(json);
  assert.equal(p.deployments.taproot, undefined);
  assert.equal(p.deployments.segwit, 500);
  assert.equal(p.deployments.bip65, 0);
  assert.equal(p.deployments.bip34, 1);
});

test("a signet-style definition derives its magic from the challenge", () => {
  const challenge = `5121${PUBKEY}51ae`;
  const json = set(set(mined(), "magic", undefined), "signetChallenge", challenge);
  const p = parseCustomNetwork(json);
  assert.equal(toHex(p.signetChallenge!), challenge);
  assert.deepEqual(p.messageStart, signetMessageStart(fromHex(challenge)));
});

test("an unmined genesis is accepted only when asked, and a declared hash is still checked", () => {
  assert.deepEqual(
    issuesOf(draft()).issues.map((i) => i.path),
    ["network.genesis.hash"],
  );
  const p = parseCustomNetwork(draft(), { allowUnminedGenesis: true });
  assert.equal(p.genesisHash, hashToHex(blockHash(p.genesisHeader)));
  const wrong = set(draft(), "genesis.hash", "00".repeat(32));
  assert.deepEqual(
    issuesOf(wrong, { allowUnminedGenesis: true }).issues.map((i) => i.path),
    ["network.genesis.hash"],
  );
});

const challengeOfSignet = toHex(BUILTIN_NETWORKS.signet.signetChallenge!);
const unmined = unminedHash();

/** Each case: a change to a valid definition and the exact issue paths it must produce. */
const ERROR_CASES: [string, (j: Json) => unknown, string[], RegExp?][] = [
  ["root is null", () => null, ["network"], /network must be an object/],
  ["root is an array", () => [], ["network"]],
  ["unknown top-level field", (j) => set(j, "extra", 1), ["network.extra"], /not a known field/],
  ["format version 2", (j) => set(j, "formatVersion", 2), ["network.formatVersion"]],
  ["name missing", (j) => set(j, "name", undefined), ["network.name"], /network.name is required/],
  ["name with spaces", (j) => set(j, "name", "Hash Net"), ["network.name"]],
  ["name too long", (j) => set(j, "name", "a".repeat(33)), ["network.name"]],
  ["built-in name", (j) => set(j, "name", "regtest"), ["network.name"], /built-in network name/],
  ["alias name", (j) => set(j, "name", "testnet3"), ["network.name"]],
  [
    "magic missing",
    (j) => set(j, "magic", undefined),
    ["network.magic"],
    /unless network.signetChallenge/,
  ],
  [
    "magic not hex",
    (j) => set(j, "magic", "a1b2c3zz"),
    ["network.magic"],
    /4 bytes as 8 hex digits/,
  ],
  ["magic 5 bytes", (j) => set(j, "magic", "a1b2c3d4e5"), ["network.magic"]],
  ["magic of main", (j) => set(j, "magic", "f9beb4d9"), ["network.magic"], /built-in network main/],
  ["magic of regtest, uppercase", (j) => set(j, "magic", "FABFB5DA"), ["network.magic"], /regtest/],
  [
    "derived magic of default signet",
    (j) => set(set(j, "magic", undefined), "signetChallenge", challengeOfSignet),
    ["network.magic"],
    /derived from network.signetChallenge \(0a03cf40\) is already used by the built-in network signet/,
  ],
  ["challenge not hex", (j) => set(j, "signetChallenge", "xx"), ["network.signetChallenge"]],
  ["challenge empty", (j) => set(j, "signetChallenge", ""), ["network.signetChallenge"]],
  [
    "challenge truncated push",
    (j) => set(j, "signetChallenge", "4c"),
    ["network.signetChallenge"],
    /parseable/,
  ],
  [
    "bad challenge and no magic reports the challenge only",
    (j) => set(set(j, "magic", undefined), "signetChallenge", 5),
    ["network.signetChallenge"],
  ],
  [
    "ports missing",
    (j) => set(j, "ports", undefined),
    ["network.ports"],
    /network.ports is required/,
  ],
  ["ports not an object", (j) => set(j, "ports", 28333), ["network.ports"]],
  ["p2p port 0", (j) => set(j, "ports.p2p", 0), ["network.ports.p2p"], /1 to 65535/],
  ["rpc port too big", (j) => set(j, "ports.rpc", 65536), ["network.ports.rpc"]],
  ["rpc port missing", (j) => set(j, "ports.rpc", undefined), ["network.ports.rpc"]],
  ["same ports", (j) => set(j, "ports.rpc", 28333), ["network.ports.rpc"], /must differ/],
  ["unknown port field", (j) => set(j, "ports.rest", 1), ["network.ports.rest"]],
  ["hrp uppercase", (j) => set(j, "bech32Hrp", "HN"), ["network.bech32Hrp"], /without uppercase/],
  ["hrp empty", (j) => set(j, "bech32Hrp", ""), ["network.bech32Hrp"]],
  ["hrp 19 chars", (j) => set(j, "bech32Hrp", "h".repeat(19)), ["network.bech32Hrp"]],
  ["hrp with space", (j) => set(j, "bech32Hrp", "h n"), ["network.bech32Hrp"]],
  ["hrp missing", (j) => set(j, "bech32Hrp", undefined), ["network.bech32Hrp"]],
  [
    "hrp shadows P2PKH",
    (j) => set(j, "bech32Hrp", "m"),
    ["network.bech32Hrp"],
    /P2PKH addresses \(version byte 111\)/,
  ],
  ["hrp shadows P2SH", (j) => set(j, "bech32Hrp", "2n"), ["network.bech32Hrp"], /P2SH/],
  ["base58 not an object", (j) => set(j, "base58", "tpub"), ["network.base58"]],
  ["base58 byte 256", (j) => set(j, "base58.pubkeyAddress", 256), ["network.base58.pubkeyAddress"]],
  ["base58 secret negative", (j) => set(j, "base58.secretKey", -1), ["network.base58.secretKey"]],
  [
    "base58 same prefixes",
    (j) => set(j, "base58.scriptAddress", 111),
    ["network.base58.scriptAddress"],
    /indistinguishable/,
  ],
  [
    "base58 ext key not hex",
    (j) => set(j, "base58.extPublicKey", "tpub"),
    ["network.base58.extPublicKey"],
  ],
  [
    "base58 same ext keys",
    (j) => set(j, "base58.extSecretKey", "043587cf"),
    ["network.base58.extSecretKey"],
  ],
  ["base58 unknown field", (j) => set(j, "base58.wif", 1), ["network.base58.wif"]],
  ["pow missing", (j) => set(j, "pow", undefined), ["network.pow"]],
  [
    "powLimit short",
    (j) => set(j, "pow.powLimit", "7fff"),
    ["network.pow.powLimit"],
    /64 hex digits/,
  ],
  [
    "powLimit zero",
    (j) => set(j, "pow.powLimit", "0".repeat(64)),
    ["network.pow.powLimit"],
    /zero/,
  ],
  [
    "targetSpacing zero",
    (j) => set(j, "pow.targetSpacing", 0),
    ["network.pow.targetSpacing"],
    /^network\.pow\.targetSpacing must be a positive integer number of seconds$/,
  ],
  [
    "targetSpacing fraction",
    (j) => set(j, "pow.targetSpacing", 1.5),
    ["network.pow.targetSpacing"],
  ],
  [
    "targetSpacing string",
    (j) => set(j, "pow.targetSpacing", "600"),
    ["network.pow.targetSpacing"],
  ],
  [
    "retargetInterval zero",
    (j) => set(j, "pow.retargetInterval", 0),
    ["network.pow.retargetInterval"],
  ],
  [
    "timespan too long",
    (j) => set(j, "pow.retargetInterval", 2 ** 30),
    ["network.pow.retargetInterval"],
    /2147483647/,
  ],
  [
    "flag not boolean",
    (j) => set(j, "pow.enforceBip94", "yes"),
    ["network.pow.enforceBip94"],
    /true or false/,
  ],
  ["unknown pow field", (j) => set(j, "pow.targetTimespan", 6000), ["network.pow.targetTimespan"]],
  ["subsidy missing", (j) => set(j, "subsidy", undefined), ["network.subsidy"]],
  [
    "halving interval zero",
    (j) => set(j, "subsidy.halvingInterval", 0),
    ["network.subsidy.halvingInterval"],
  ],
  ["initial zero", (j) => set(j, "subsidy.initial", 0), ["network.subsidy.initial"]],
  [
    "initial above MAX_MONEY",
    (j) => set(j, "subsidy.initial", "2100000000000001"),
    ["network.subsidy.initial"],
    /MAX_MONEY/,
  ],
  ["initial not a number", (j) => set(j, "subsidy.initial", "50 BTC"), ["network.subsidy.initial"]],
  [
    "initial unsafe integer",
    (j) => set(j, "subsidy.initial", 2 ** 53 + 2),
    ["network.subsidy.initial"],
  ],
  [
    "schedule issues more than MAX_MONEY",
    (j) => set(j, "subsidy.halvingInterval", 210_001),
    ["network.subsidy"],
    /more than MAX_MONEY/,
  ],
  ["deployments not an object", (j) => set(j, "deployments", [1]), ["network.deployments"]],
  ["unknown deployment", (j) => set(j, "deployments.bip9", 0), ["network.deployments.bip9"]],
  [
    "negative height",
    (j) => set(j, "deployments.csv", -1),
    ["network.deployments.csv"],
    /or null for never/,
  ],
  [
    "bip34 from genesis",
    (j) => set(j, "deployments.bip34", 0),
    ["network.deployments.bip34"],
    /at least 1/,
  ],
  ["genesis missing", (j) => set(j, "genesis", undefined), ["network.genesis"]],
  [
    "genesis unknown field",
    (j) => set(j, "genesis.merkleRoot", "00"),
    ["network.genesis.merkleRoot"],
  ],
  [
    "genesis version too big",
    (j) => set(j, "genesis.version", 2 ** 31),
    ["network.genesis.version"],
  ],
  ["genesis time negative", (j) => set(j, "genesis.time", -1), ["network.genesis.time"]],
  ["genesis time missing", (j) => set(j, "genesis.time", undefined), ["network.genesis.time"]],
  ["genesis nonce too big", (j) => set(j, "genesis.nonce", 2 ** 32), ["network.genesis.nonce"]],
  ["bits not hex", (j) => set(j, "genesis.bits", "0x207fffzz"), ["network.genesis.bits"]],
  ["bits negative number", (j) => set(j, "genesis.bits", -5), ["network.genesis.bits"]],
  [
    "bits with sign bit",
    (j) => set(j, "genesis.bits", "04923456"),
    ["network.genesis.bits"],
    /not a valid compact target/,
  ],
  [
    "bits zero",
    (j) => set(j, "genesis.bits", 0),
    ["network.genesis.bits"],
    /not a valid compact target/,
  ],
  [
    "bits overflow",
    (j) => set(j, "genesis.bits", "ff123456"),
    ["network.genesis.bits"],
    /not a valid compact target/,
  ],
  [
    "bits above powLimit",
    (j) => set(j, "genesis.bits", "2100ffff"),
    ["network.genesis.bits"],
    /above network.pow.powLimit/,
  ],
  [
    "message and scriptSig",
    (j) => set(j, "genesis.coinbaseScriptSig", "0101"),
    ["network.genesis.coinbaseScriptSig"],
    /together with/,
  ],
  [
    "neither message nor scriptSig",
    (j) => set(j, "genesis.coinbaseMessage", undefined),
    ["network.genesis.coinbaseMessage"],
    /coinbaseScriptSig \(hex\) is required/,
  ],
  [
    "message too long",
    (j) => set(j, "genesis.coinbaseMessage", "x".repeat(92)),
    ["network.genesis.coinbaseMessage"],
    /1 to 91/,
  ],
  [
    "message empty",
    (j) => set(j, "genesis.coinbaseMessage", ""),
    ["network.genesis.coinbaseMessage"],
  ],
  [
    "scriptSig too short",
    (j) => set(set(j, "genesis.coinbaseMessage", undefined), "genesis.coinbaseScriptSig", "01"),
    ["network.genesis.coinbaseScriptSig"],
  ],
  [
    "output script and pubkey",
    (j) => set(j, "genesis.outputScript", "51"),
    ["network.genesis.outputPubkey"],
    /together with/,
  ],
  [
    "no output",
    (j) => set(j, "genesis.outputPubkey", undefined),
    ["network.genesis.outputScript"],
    /outputPubkey \(hex, paid as <pubkey> OP_CHECKSIG\) is required/,
  ],
  [
    "pubkey wrong prefix",
    (j) => set(j, "genesis.outputPubkey", `04${"11".repeat(32)}`),
    ["network.genesis.outputPubkey"],
  ],
  [
    "pubkey not hex",
    (j) => set(j, "genesis.outputPubkey", "02zz"),
    ["network.genesis.outputPubkey"],
  ],
  [
    "output script not hex",
    (j) => set(set(j, "genesis.outputPubkey", undefined), "genesis.outputScript", "5"),
    ["network.genesis.outputScript"],
  ],
  [
    "reward above MAX_MONEY",
    (j) => set(j, "genesis.reward", 2_100_000_000_000_001),
    ["network.genesis.reward"],
  ],
  [
    "hash missing",
    (j) => set(j, "genesis.hash", undefined),
    ["network.genesis.hash"],
    /is required/,
  ],
  ["hash not hex", (j) => set(j, "genesis.hash", "xyz"), ["network.genesis.hash"], /64 hex digits/],
  [
    "hash of another block",
    (j) => set(j, "genesis.time", 1_700_000_001),
    ["network.genesis.hash"],
    /does not match/,
  ],
  [
    "hash misses its target",
    (j) => set(set(j, "genesis.nonce", unmined.nonce), "genesis.hash", unmined.hash),
    ["network.genesis.hash"],
    /does not meet the proof-of-work target/,
  ],
  [
    "minimum chain work not hex",
    (j) => set(j, "minimumChainWork", "work"),
    ["network.minimumChainWork"],
  ],
  [
    "minimum chain work too long",
    (j) => set(j, "minimumChainWork", "00".repeat(33)),
    ["network.minimumChainWork"],
  ],
  [
    "a malformed hash does not hide a bad bits field",
    (j) => set(set(j, "genesis.hash", "xyz"), "genesis.bits", 0),
    ["network.genesis.bits", "network.genesis.hash"],
  ],
  [
    "every problem is reported at once",
    (j) => set(set(set(j, "name", 7), "pow.targetSpacing", -1), "ports.p2p", "x"),
    ["network.name", "network.ports.p2p", "network.pow.targetSpacing"],
  ],
];

test("every validation error names its field", (t) => {
  const failures: string[] = [];
  for (const [label, mutate, paths, message] of ERROR_CASES) {
    try {
      const err = issuesOf(mutate(mined()));
      assert.equal(err.code, "invalid-network-config");
      assert.deepEqual(
        err.issues.map((i) => i.path).sort(),
        [...paths].sort(),
        `paths differ: ${err.message}`,
      );
      for (const issue of err.issues) {
        assert.ok(
          issue.message.startsWith(issue.path),
          `"${issue.message}" must start with its path`,
        );
        assert.ok(err.message.includes(issue.message), "the error message lists every issue");
      }
      if (message)
        assert.ok(
          err.issues.some((i) => message.test(i.message)),
          err.message,
        );
    } catch (e) {
      failures.push(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  reportCases(t, "custom network errors", ERROR_CASES.length, failures);
});

test("serializeCustomNetwork round-trips through parseCustomNetwork", () => {
  const params = parseCustomNetwork(mined());
  const json = serializeCustomNetwork(params);
  const reparsed = parseCustomNetwork(JSON.parse(JSON.stringify(json)));
  assert.deepEqual(reparsed, params);
  assert.deepEqual(serializeCustomNetwork(reparsed), json);
  const withChallenge = parseCustomNetwork(
    set(set(mined(), "signetChallenge", `51${"00".repeat(3)}`), "deployments", { taproot: null }),
  );
  assert.deepEqual(parseCustomNetwork(serializeCustomNetwork(withChallenge)), withChallenge);
});

test("built-in networks serialize to definitions that parse back (renamed)", () => {
  const magics = ["d0d0d0d0", "d1d1d1d1", "d2d2d2d2", "d3d3d3d3", "d4d4d4d4", "d5d5d5d5"];
  const builtins = Object.values(BUILTIN_NETWORKS);
  assert.equal(builtins.length, magics.length);
  builtins.forEach((builtin, i) => {
    const json = { ...serializeCustomNetwork(builtin), name: `copy-${i}`, magic: magics[i] };
    const copy: ChainParams = parseCustomNetwork(json);
    // Mainnet's history-specific rules (the BIP30 repeat blocks) do not travel with a copy.
    const withoutHistory = Object.fromEntries(
      Object.entries(builtin).filter(([k]) => k !== "bip30Exceptions"),
    );
    assert.deepEqual(copy, {
      ...withoutHistory,
      name: `copy-${i}`,
      messageStart: fromHex(magics[i]!),
      bip34Hash: null,
      scriptFlagExceptions: {},
    });
  });
});

test("the example in docs/networks.md is a valid definition", () => {
  const doc = readFileSync(new URL("../../../docs/networks.md", import.meta.url), "utf8");
  const block = /```json\n([\s\S]*?)\n```/.exec(doc);
  assert.ok(block, "docs/networks.md has a json example");
  const params = parseCustomNetwork(JSON.parse(block[1]!));
  assert.equal(params.name, "hashnet");
  assert.equal(params.pow.targetTimespan, 86_400);
  assert.deepEqual(parseCustomNetwork(serializeCustomNetwork(params)), params);
});
