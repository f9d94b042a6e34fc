// hashforge's own `demo` network: a real retargeting chain fast enough to watch on one laptop.
import { fromHex, hexToHash } from "../bytes/hex.js";
import type { ChainParams } from "./chain-params.js";
import { genesisCoinbaseScriptSig } from "./genesis.js";

/**
 * The `demo` network (not a Bitcoin Core chain): 10-second blocks, a retarget every 20 blocks
 * (200 s window, Core's x4 clamp per step), a halving every 150 blocks from 50 BTC, every soft
 * fork in force from the first block mined (the custom-network defaults, which are regtest's),
 * regtest's address prefixes with Bech32 prefix `hfd`.
 *
 * The pow limit 2^240 - 1 (genesis bits 0x1f00ffff) asks for 65,536 hashes a block, about 65 ms
 * on one CPU thread of our miner (~1 MH/s), so a fresh chain starts with sub-second blocks and
 * the ordinary retarget (no min-difficulty blocks, no regtest shortcut) then raises difficulty
 * about fourfold per 20-block window until blocks settle near 10 s: four or five windows, a few
 * minutes of wall time for 1-3 MH/s (test/params-demo.test.ts simulates it). When miners leave,
 * the next boundaries lower it again, by at most x4 per window. Magic `e8e6e4fd` ("hfd" with the
 * high bit set, then 0xfd: upper-ASCII bytes that are not valid UTF-8, as Core chooses its own)
 * and ports 38555 (P2P) / 38554 (RPC) are used by no Bitcoin Core chain, nor by btcd's simnet
 * (18555/18556). The genesis block was mined once, offline (test/support/mine-genesis.ts): the
 * first nonce from 0 that meets 0x1f00ffff, with an OP_RETURN (unspendable) 50 BTC output.
 */
export const DEMO_PARAMS: ChainParams = {
  name: "demo",
  messageStart: fromHex("e8e6e4fd"),
  defaultPort: 38555,
  rpcPort: 38554,
  bech32Hrp: "hfd",
  base58: {
    pubkeyAddress: 111,
    scriptAddress: 196,
    secretKey: 239,
    extPublicKey: 0x043587cf,
    extSecretKey: 0x04358394,
  },
  genesisHeader: {
    version: 1,
    prevBlock: new Uint8Array(32),
    merkleRoot: hexToHash("fd3534fc4d7dbbfc1344855cac7e0ece2015b5e62172ef1e08944004c402e8ef"),
    time: 1767225600, // 2026-01-01T00:00:00Z, in the past for any demo run
    bits: 0x1f00ffff,
    nonce: 32437,
  },
  genesisHash: "00004b86bf26f7e303d6d7c6a0be36b98467a714f94f7ecb95c26ad9522296e0",
  genesisCoinbase: {
    scriptSig: genesisCoinbaseScriptSig(
      "hashforge demo network 2026-01-01: ten-second blocks to watch",
    ),
    scriptPubKey: new Uint8Array([0x6a]),
    reward: 5_000_000_000n,
  },
  pow: {
    powLimit: 0x0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    targetSpacing: 10,
    targetTimespan: 200,
    allowMinDifficultyBlocks: false,
    noRetargeting: false,
    enforceBip94: false,
  },
  subsidyHalvingInterval: 150,
  initialSubsidy: 5_000_000_000n,
  // The custom-network defaults (regtest's schedule): BIP34 from 1, as the genesis coinbase
  // does not commit to its height; the rest are in force for every block anyone mines.
  deployments: {
    bip16: 0,
    bip34: 1,
    bip65: 1,
    bip66: 1,
    csv: 1,
    segwit: 0,
    taproot: 0,
  },
  bip34Hash: null,
  scriptFlagExceptions: {},
  signetChallenge: null,
  minimumChainWork: 0n,
  isTestChain: true,
};
