// Bitcoin testnet4 (BIP94) parameters, transcribed from Core's CTestNet4Params.
import { fromHex, hexToHash } from "../bytes/hex.js";
import { OP } from "../script/opcodes.js";
import { buildScript } from "../script/script.js";
import type { ChainParams } from "./chain-params.js";
import { genesisCoinbaseScriptSig } from "./genesis.js";

/**
 * Bitcoin testnet4 (Core's `testnet4` chain, BIP94): its own genesis, whose coinbase quotes a
 * mainnet block hash and pays to 33 zero bytes; minimum-difficulty blocks and the BIP94
 * retarget/timewarp rules; every soft fork from height 1 and taproot (ALWAYS_ACTIVE) from 0.
 */
export const TESTNET4_PARAMS: ChainParams = {
  name: "testnet4",
  messageStart: fromHex("1c163f28"),
  defaultPort: 48333,
  rpcPort: 48332,
  bech32Hrp: "tb",
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
    merkleRoot: hexToHash("7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e"),
    time: 1714777860,
    bits: 0x1d00ffff,
    nonce: 393743547,
  },
  genesisHash: "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
  genesisCoinbase: {
    scriptSig: genesisCoinbaseScriptSig(
      "03/May/2024 000000000000000000001ebd58c244970b3aa9d783bb001011fbe8ea8e98e00e",
    ),
    scriptPubKey: buildScript([new Uint8Array(33), OP.OP_CHECKSIG]),
    reward: 5_000_000_000n,
  },
  pow: {
    powLimit: 0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    targetSpacing: 600,
    targetTimespan: 1_209_600,
    allowMinDifficultyBlocks: true,
    noRetargeting: false,
    enforceBip94: true,
  },
  subsidyHalvingInterval: 210_000,
  initialSubsidy: 5_000_000_000n,
  deployments: {
    bip16: 0,
    bip34: 1,
    bip65: 1,
    bip66: 1,
    csv: 1,
    segwit: 1,
    taproot: 0,
  },
  bip34Hash: null,
  scriptFlagExceptions: {},
  signetChallenge: null,
  minimumChainWork: 0x34a4690fe592dc49c7cn,
  isTestChain: true,
};
