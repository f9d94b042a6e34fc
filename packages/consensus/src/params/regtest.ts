// Regression-test network parameters, transcribed from Core's CRegTestParams (default options).
import { fromHex, hexToHash } from "../bytes/hex.js";
import type { ChainParams } from "./chain-params.js";
import { MAIN_PARAMS } from "./main.js";

/**
 * Regtest (Core's `regtest` chain) with Core's default options: trivially easy proof of work
 * that never retargets, a 150-block halving interval, segwit and taproot from genesis and the
 * other soft forks from height 1. BIP94 is off (Core's `-test=bip94` would turn it on).
 */
export const REGTEST_PARAMS: ChainParams = {
  name: "regtest",
  messageStart: fromHex("fabfb5da"),
  defaultPort: 18444,
  rpcPort: 18443,
  bech32Hrp: "bcrt",
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
    merkleRoot: hexToHash("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
    time: 1296688602,
    bits: 0x207fffff,
    nonce: 2,
  },
  genesisHash: "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
  genesisCoinbase: MAIN_PARAMS.genesisCoinbase,
  pow: {
    powLimit: 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    targetSpacing: 600,
    targetTimespan: 86_400,
    allowMinDifficultyBlocks: true,
    noRetargeting: true,
    enforceBip94: false,
  },
  subsidyHalvingInterval: 150,
  initialSubsidy: 5_000_000_000n,
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
