// `hashforge network new|show`: definitions written to a temp dir parse back with a valid mined
// genesis; signer keys really sign BIP325 blocks; bad input is a UsageError naming the flag.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
  checkProofOfWork,
  checkSignetBlockSolution,
  concatBytes,
  decodeWif,
  defaultSignatureBackend,
  fromHex,
  hashToHex,
  hexToHash,
  legacySighash,
  merkleRoot,
  NULL_VOUT,
  OP,
  parseCustomNetwork,
  SIGHASH_ALL,
  SIGNET_HEADER,
  sha256,
  signetMessageStart,
  signetTxs,
  toHex,
  txid,
  witnessCommitmentScript,
} from "@hashforge/consensus";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { UsageError } from "../src/command.js";
import { createNetworkCommand, type NetworkCommandDeps } from "../src/commands/network.js";
import { mineGenesisHeader } from "../src/network/mine-genesis-header.js";
import { parseDuration } from "../src/network/parse-duration.js";

const NOW_MS = Date.UTC(2026, 0, 1);

/** Deterministic "random" bytes: SHA-256 of a seed and a counter. */
function seededBytes(seed: string): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 32) {
      const block = sha256(new TextEncoder().encode(`${seed}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - i)), i);
    }
    return out;
  };
}

function setup(seed = "test"): { deps: NetworkCommandDeps; out: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "hashforge-network-"));
  const out: string[] = [];
  const deps: NetworkCommandDeps = {
    now: () => NOW_MS,
    randomBytes: seededBytes(seed),
    stdout: (t) => void out.push(t),
    cwd: dir,
  };
  return { deps, out, dir };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function assertMinedGenesis(params: ChainParams): void {
  const block = buildGenesisBlock(params);
  const hash = blockHash(block.header);
  assert.equal(hashToHex(hash), params.genesisHash);
  assert.ok(checkProofOfWork(hash, params.genesisHeader.bits, params.pow.powLimit));
}

test("durations: 30s, 10m, 2h and plain seconds; anything else is a UsageError", () => {
  assert.equal(parseDuration("30s", "--spacing"), 30);
  assert.equal(parseDuration("10m", "--spacing"), 600);
  assert.equal(parseDuration("2h", "--spacing"), 7200);
  assert.equal(parseDuration("45", "--spacing"), 45);
  for (const bad of ["", "0s", "0", "1d", "-5s", "1.5m", "10 m", "s", "9999999999h"]) {
    assert.throws(
      () => parseDuration(bad, "--spacing"),
      (e: unknown) => {
        assert.ok(e instanceof UsageError, bad);
        assert.match(e.message, /^--spacing: expected a positive duration/);
        return true;
      },
    );
  }
});

test("network new writes a definition with a mined genesis that parses back", async () => {
  const { deps, out, dir } = setup();
  const cmd = createNetworkCommand(deps);
  const args = ["new", "--name", "hashnet", "--spacing", "30s", "--retarget", "144"];
  args.push("--halving", "10000", "--subsidy", "50", "--hrp", "hn", "--magic", "e8f3a1c7");
  args.push("--port", "28444", "--rpc-port", "28443", "--message", "hashnet test genesis");
  assert.equal(await cmd.run(args), 0);
  const params = parseCustomNetwork(readJson(join(dir, "hashnet.json")));
  assertMinedGenesis(params);
  assert.equal(params.name, "hashnet");
  assert.equal(toHex(params.messageStart), "e8f3a1c7");
  assert.deepEqual([params.defaultPort, params.rpcPort], [28444, 28443]);
  assert.equal(params.bech32Hrp, "hn");
  assert.equal(params.pow.targetSpacing, 30);
  assert.equal(params.pow.targetTimespan, 144 * 30);
  assert.equal(params.pow.noRetargeting, false);
  assert.equal(params.pow.powLimit, (1n << 240n) - 1n);
  assert.equal(params.genesisHeader.bits, 0x1f00ffff);
  assert.equal(params.genesisHeader.time, NOW_MS / 1000);
  assert.equal(params.subsidyHalvingInterval, 10000);
  assert.equal(params.initialSubsidy, 5_000_000_000n);
  assert.deepEqual(params.deployments, {
    bip16: 0,
    bip34: 1,
    bip65: 1,
    bip66: 1,
    csv: 1,
    segwit: 0,
    taproot: 0,
  });
  assert.equal(params.signetChallenge, null);
  assert.match(new TextDecoder().decode(params.genesisCoinbase.scriptSig), /hashnet test genesis/);
  const text = out.join("");
  assert.match(text, /mined the genesis block in \d+ hashes/);
  assert.match(text, /block time +30 s\nretarget +every 144 blocks \(72 min\)/);
  // Same inputs, same network: mining is deterministic (nonces from 0).
  const again = setup();
  await createNetworkCommand(again.deps).run([...args, "--out", "copy.json"]);
  assert.deepEqual(readJson(join(again.dir, "copy.json")), readJson(join(dir, "hashnet.json")));
  // An existing file is not overwritten without --force.
  await assert.rejects(cmd.run(args), /hashnet\.json already exists; pass --force/);
  assert.equal(await cmd.run([...args, "--force", "--subsidy", "25"]), 0);
  assert.equal(
    parseCustomNetwork(readJson(join(dir, "hashnet.json"))).initialSubsidy,
    2_500_000_000n,
  );
});

test("defaults: random high-bit magic, name as prefix, --bits as pow limit", async () => {
  const { deps, dir } = setup("defaults");
  await createNetworkCommand(deps).run(["new", "--name", "zeta", "--bits", "0x1f0fffff"]);
  const params = parseCustomNetwork(readJson(join(dir, "zeta.json")));
  assertMinedGenesis(params);
  assert.ok([...params.messageStart].every((b) => b >= 0x80));
  assert.equal(params.bech32Hrp, "zeta");
  assert.equal(params.pow.powLimit, 0x0fffffn << 224n);
  assert.equal(params.genesisHeader.bits, 0x1f0fffff);
  assert.equal(params.pow.targetSpacing, 600);
  assert.equal(params.pow.targetTimespan, 600 * 2016);
  assert.equal(params.subsidyHalvingInterval, 210_000);
  assert.match(
    new TextDecoder().decode(params.genesisCoinbase.scriptSig),
    /zeta genesis 2026-01-01/,
  );
});

/** A block after genesis whose BIP325 solution carries `signers`' signatures, in key order. */
function signedBlock(params: ChainParams, privateKeys: readonly Uint8Array[]): Block {
  const challenge = params.signetChallenge!;
  const commitment = witnessCommitmentScript(new Uint8Array(32), new Uint8Array(32));
  const make = (extraPush: Uint8Array): Block => {
    const coinbase = {
      version: 2,
      inputs: [
        {
          prevout: { txid: new Uint8Array(32), vout: NULL_VOUT },
          scriptSig: Uint8Array.of(0x51, 0x00),
          sequence: 0xffffffff,
          witness: [],
        },
      ],
      outputs: [
        { value: 5_000_000_000n, scriptPubKey: Uint8Array.of(OP.OP_RETURN) },
        { value: 0n, scriptPubKey: concatBytes(commitment, buildScript([extraPush])) },
      ],
      locktime: 0,
    };
    const header = {
      version: 0x20000000,
      prevBlock: hexToHash(params.genesisHash),
      merkleRoot: merkleRoot([txid(coinbase)]).root,
      time: params.genesisHeader.time + 600,
      bits: params.genesisHeader.bits,
      nonce: 0,
    };
    return { header, txs: [coinbase] };
  };
  // Signatures commit to the block with the solution cut back to the bare signet header.
  const toSign = signetTxs(make(SIGNET_HEADER), challenge)!.toSign;
  const sighash = legacySighash(toSign, 0, challenge, SIGHASH_ALL);
  const sigs = privateKeys.map((key) =>
    concatBytes(
      secp256k1.sign(sighash, key, { prehash: false, lowS: true, format: "der" }),
      Uint8Array.of(SIGHASH_ALL),
    ),
  );
  const scriptSig = buildScript([OP.OP_0, ...sigs]);
  const solution = new ByteWriter().varBytes(scriptSig).compactSize(0).finish();
  return make(concatBytes(SIGNET_HEADER, solution));
}

test("network new --signers 2-of-3: secret keys file (0600) whose keys sign valid blocks", async () => {
  const { deps, out, dir } = setup("signers");
  const cmd = createNetworkCommand(deps);
  const args = ["new", "--name", "consortium", "--spacing", "1m", "--retarget", "60"];
  assert.equal(await cmd.run([...args, "--signers", "2-of-3", "--hrp", "cs"]), 0);
  const params = parseCustomNetwork(readJson(join(dir, "consortium.json")));
  assertMinedGenesis(params);
  // Without --magic a signed chain takes Core's signet derivation from its challenge.
  assert.deepEqual(params.messageStart, signetMessageStart(params.signetChallenge!));
  const signersPath = join(dir, "consortium.signers.json");
  assert.equal(statSync(signersPath).mode & 0o777, 0o600);
  const file = readJson(signersPath) as {
    SECRET: string;
    threshold: string;
    signetChallenge: string;
    genesisHash: string;
    signers: { index: number; publicKey: string; privateKey: string; wif: string }[];
  };
  assert.match(file.SECRET, /^PRIVATE KEYS\..*Keep this file private/);
  assert.equal(file.threshold, "2-of-3");
  assert.equal(file.genesisHash, params.genesisHash);
  assert.equal(file.signetChallenge, toHex(params.signetChallenge!));
  assert.equal(file.signers.length, 3);
  const keys = file.signers.map((s) => fromHex(s.privateKey));
  const pubs = keys.map((k) => secp256k1.getPublicKey(k, true));
  file.signers.forEach((s, i) => {
    assert.equal(s.index, i + 1);
    assert.equal(s.publicKey, toHex(pubs[i]!));
    assert.deepEqual(decodeWif(s.wif, params).privateKey, keys[i]);
  });
  assert.equal(
    toHex(params.signetChallenge!),
    toHex(buildScript([OP.OP_2, ...pubs, OP.OP_3, OP.OP_CHECKMULTISIG])),
  );
  assert.match(out.join(""), /consortium\.signers\.json \(SECRET: 3 private keys, mode 0600/);
  assert.match(out.join(""), /block signing BIP325 2-of-3 multisig/);

  // BIP325 with a bare multisig challenge: two signatures in key order pass, one does not.
  const backend = defaultSignatureBackend();
  assert.deepEqual(
    checkSignetBlockSolution(signedBlock(params, [keys[0]!, keys[2]!]), params, backend),
    {
      ok: true,
    },
  );
  assert.deepEqual(
    checkSignetBlockSolution(signedBlock(params, [keys[1]!, keys[2]!]), params, backend),
    {
      ok: true,
    },
  );
  const one = checkSignetBlockSolution(signedBlock(params, [keys[0]!]), params, backend);
  assert.equal(one.ok ? "valid" : one.reason, "bad-signet-blksig");
  const outOfOrder = checkSignetBlockSolution(
    signedBlock(params, [keys[2]!, keys[0]!]),
    params,
    backend,
  );
  assert.equal(outOfOrder.ok ? "valid" : outOfOrder.reason, "bad-signet-blksig");

  // Given public keys: the same challenge, and no secrets written.
  const given = setup("given");
  const pubArg = pubs.map(toHex).join(",");
  await createNetworkCommand(given.deps).run([
    ...args,
    "--signers",
    "2-of-3",
    "--signer-pubkeys",
    pubArg,
    "--hrp",
    "cs",
  ]);
  const fromKeys = parseCustomNetwork(readJson(join(given.dir, "consortium.json")));
  assert.deepEqual(fromKeys.signetChallenge, params.signetChallenge);
  assert.throws(() => statSync(join(given.dir, "consortium.signers.json")), /ENOENT/);
});

test("network show prints a valid file and refuses broken ones", async () => {
  const { deps, out, dir } = setup("show");
  const cmd = createNetworkCommand(deps);
  await cmd.run(["new", "--name", "shown", "--spacing", "2m", "--hrp", "sh"]);
  out.length = 0;
  assert.equal(await cmd.run(["show", "shown.json"]), 0);
  assert.match(out.join(""), /^network +shown \(.*shown\.json\)\n/);
  assert.match(out.join(""), /block time +2 min/);
  out.length = 0;
  assert.equal(await cmd.run(["show", "demo"]), 0);
  assert.match(out.join(""), /network +demo \(built in\)[\s\S]*block time +10 s/);
  out.length = 0;
  assert.equal(await cmd.run(["show", "shown.json", "--json"]), 0);
  assert.equal((JSON.parse(out.join("")) as { name: string }).name, "shown");

  const json = readJson(join(dir, "shown.json")) as { genesis: { nonce: number } };
  json.genesis.nonce += 1;
  writeFileSync(join(dir, "tampered.json"), JSON.stringify(json));
  writeFileSync(join(dir, "broken.json"), "{ not json");
  const cases: [string[], RegExp][] = [
    [
      ["show", "tampered.json"],
      /tampered\.json: invalid network definition[\s\S]*genesis\.hash does not match/,
    ],
    [["show", "broken.json"], /broken\.json: not valid JSON/],
    [["show", "missing.json"], /cannot read .*missing\.json/],
    [["show"], /expected one FILE or built-in network name/],
    [["show", "a", "b"], /expected one FILE/],
    [["frobnicate"], /unknown sub-command 'frobnicate'/],
  ];
  for (const [args, message] of cases) {
    await assert.rejects(cmd.run(args), (e: unknown) => {
      assert.ok(e instanceof UsageError, args.join(" "));
      assert.match(e.message, message);
      return true;
    });
  }
});

test("network new rejects bad flags with a UsageError naming the flag", async () => {
  const { deps, dir } = setup("bad");
  writeFileSync(join(dir, "taken.json"), "{}");
  const key = toHex(secp256k1.getPublicKey(new Uint8Array(32).fill(1), true));
  const key2 = toHex(secp256k1.getPublicKey(new Uint8Array(32).fill(2), true));
  const cases: [string[], RegExp][] = [
    [[], /--name is required/],
    [["--name", "ok", "--frob"], /Unknown option '--frob'/],
    [["--name", "ok", "--spacing", "0s"], /^--spacing: expected a positive duration/],
    [["--name", "ok", "--spacing", "5x"], /^--spacing:/],
    [["--name", "ok", "--retarget", "0"], /^--retarget: expected a whole number from 1/],
    [["--name", "ok", "--halving", "abc"], /^--halving: expected a whole number/],
    [["--name", "ok", "--subsidy=-1"], /^--subsidy: expected BTC/],
    [["--name", "ok", "--subsidy", "1.123456789"], /^--subsidy: expected BTC/],
    [["--name", "ok", "--subsidy", "1.5sat"], /^--subsidy: expected BTC/],
    [["--name", "ok", "--subsidy", "1000"], /--subsidy\/--halving: .*more than MAX_MONEY/],
    [["--name", "ok", "--bits", "0x1f00ffff", "--pow-limit", "ff"], /alternatives: give one/],
    [["--name", "ok", "--bits", "zz"], /^--bits: expected a valid compact target/],
    [["--name", "ok", "--bits", "0x00000000"], /^--bits: expected a valid compact target/],
    [["--name", "ok", "--bits", "0x1d00ffff"], /needs about 4\.\d+e\+9 hashes/],
    [["--name", "ok", "--pow-limit", "0"], /^--pow-limit: expected a non-zero/],
    [["--name", "ok", "--pow-limit", "g"], /^--pow-limit: expected a non-zero/],
    [["--name", "ok", "--magic", "xyz"], /^--magic: expected 4 bytes/],
    [
      ["--name", "ok", "--magic", "f9beb4d9"],
      /--magic: .*already used by the built-in network main/,
    ],
    [["--name", "ok", "--hrp", "BC"], /--hrp: network\.bech32Hrp must be/],
    [["--name", "mynet"], /--hrp: .*begins some P2PKH addresses.*pass --hrp/],
    [["--name", "ok", "--port", "70000"], /^--port: expected a whole number from 1 to 65535/],
    [["--name", "ok", "--port", "8333", "--rpc-port", "8333"], /--rpc-port: .*must differ/],
    [["--name", "ok", "--message", "x".repeat(92)], /--message: .*1 to 91 UTF-8 bytes/],
    [["--name", "ok", "--time=-1"], /^--time: expected a whole number/],
    [["--name", "main"], /--name: .*built-in network name/],
    [["--name", "demo"], /--name: .*built-in network name/],
    [["--name", "Bad"], /--name: network\.name must be/],
    [["--name", "ok", "--signers", "3-of-2"], /^--signers: expected k-of-n/],
    [["--name", "ok", "--signers", "17-of-17"], /^--signers: expected k-of-n/],
    [["--name", "ok", "--signers", "two"], /^--signers: expected k-of-n/],
    [["--name", "ok", "--signer-pubkeys", key], /also pass --signers K-of-N/],
    [
      ["--name", "ok", "--signers", "1-of-2", "--signer-pubkeys", key],
      /names 2 signers but --signer-pubkeys gives 1/,
    ],
    [
      ["--name", "ok", "--signers", "1-of-2", "--signer-pubkeys", `${key},${key}`],
      /key 2 is repeated/,
    ],
    [
      ["--name", "ok", "--signers", "1-of-2", "--signer-pubkeys", `${key},04${key2.slice(2)}`],
      /key 2 is not a compressed public key/,
    ],
    [
      ["--name", "ok", "--signers", "1-of-1", "--signer-pubkeys", `02${"00".repeat(32)}`],
      /key 1 is not a compressed public key/,
    ],
    [["--name", "taken"], /taken\.json already exists; pass --force/],
    [["--name", "ok", "--out", "nowhere/ok.json"], /--out: directory .*nowhere does not exist/],
  ];
  const cmd = createNetworkCommand(deps);
  for (const [args, message] of cases) {
    await assert.rejects(cmd.run(["new", ...args]), (e: unknown) => {
      assert.ok(e instanceof UsageError, `${args.join(" ")}: ${String(e)}`);
      assert.match(e.message, message, args.join(" "));
      return true;
    });
  }
  // Nothing was written by the refused commands.
  assert.throws(() => statSync(join(dir, "ok.json")), /ENOENT/);
});

test("genesis mining rolls the time when the nonce space runs out, within its budget", () => {
  const header = {
    version: 1,
    prevBlock: new Uint8Array(32),
    merkleRoot: sha256(new Uint8Array([1])),
    time: 1_767_225_600,
    bits: 0x1f00ffff,
    nonce: 0xffffffff - 9,
  };
  const limit = (1n << 240n) - 1n;
  const mined = mineGenesisHeader(header, limit, 10_000_000)!;
  assert.ok(checkProofOfWork(mined.hash, mined.header.bits, limit));
  assert.deepEqual(blockHash(mined.header), mined.hash);
  // The ten nonces left at the first time miss a 1-in-65,536 target; the search moved on.
  assert.equal(mined.header.time, header.time + 1);
  assert.equal(mined.hashes, 10 + mined.header.nonce + 1);
  assert.equal(mineGenesisHeader(header, limit, 10), null);
  assert.equal(mineGenesisHeader({ ...header, bits: 0x2100ffff }, limit, 10), null);
});
