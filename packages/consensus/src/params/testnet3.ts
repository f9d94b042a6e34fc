// Bitcoin testnet3 parameters, transcribed from Core's CTestNetParams (src/kernel/chainparams.cpp).
import { fromHex, hexToHash } from "../bytes/hex.js";
import type { ChainParams } from "./chain-params.js";
import { MAIN_PARAMS } from "./main.js";

/**
 * Bitcoin testnet3 (Core's `test` chain): mainnet's genesis coinbase, 20-minute minimum-difficulty
 * blocks, and the mainnet-style buried deployments at testnet heights.
 *
 * Taproot is 0: Core keeps it as a BIP9 deployment on testnet3 (min_activation_height 0) but
 * applies its script rules to every block (GetBlockScriptFlags), and testnet3 lists no taproot
 * exception, so enforcing it from genesis is what Core does. `bip16` is 0 for the same reason
 * as on mainnet, with testnet3's own BIP16 exception block.
 */
export const TESTNET3_PARAMS: ChainParams = {
  name: "test",
  messageStart: fromHex("0b110907"),
  defaultPort: 18333,
  rpcPort: 18332,
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
    merkleRoot: hexToHash("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
    time: 1296688602,
    bits: 0x1d00ffff,
    nonce: 414098458,
  },
  genesisHash: "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
  genesisCoinbase: MAIN_PARAMS.genesisCoinbase,
  pow: {
    powLimit: 0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
    targetSpacing: 600,
    targetTimespan: 1_209_600,
    allowMinDifficultyBlocks: true,
    noRetargeting: false,
    enforceBip94: false,
  },
  subsidyHalvingInterval: 210_000,
  initialSubsidy: 5_000_000_000n,
  deployments: {
    bip16: 0,
    bip34: 21_111,
    bip65: 581_885,
    bip66: 330_776,
    csv: 770_112,
    segwit: 834_624,
    taproot: 0,
  },
  bip34Hash: "0000000023b3a96d3484e5abb3755c413e7d41500f8e2a5c3f0dd01299cd8ef8",
  scriptFlagExceptions: {
    // The testnet3 block that violates BIP16: validated with no script flags.
    "00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105": [],
  },
  signetChallenge: null,
  minimumChainWork: 0x16dd270dd94fac1d7632n,
  isTestChain: true,
};
