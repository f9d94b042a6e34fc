// Default signet parameters, transcribed from Core's SigNetParams with the default challenge.
import { fromHex, hexToHash } from "../bytes/hex.js";
import type { ChainParams } from "./chain-params.js";
import { MAIN_PARAMS } from "./main.js";

/**
 * The default signet (Core's `signet` chain, BIP325): blocks must carry a solution to a 1-of-2
 * bare multisig challenge; mainnet's genesis coinbase with signet's own header; every soft fork
 * from height 1 and taproot (ALWAYS_ACTIVE) from 0. The message start is derived from the
 * challenge (see {@link signetMessageStart}).
 */
export const SIGNET_PARAMS: ChainParams = {
  name: "signet",
  messageStart: fromHex("0a03cf40"),
  defaultPort: 38333,
  rpcPort: 38332,
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
    time: 1598918400,
    bits: 0x1e0377ae,
    nonce: 52613770,
  },
  genesisHash: "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
  genesisCoinbase: MAIN_PARAMS.genesisCoinbase,
  pow: {
    powLimit: 0x00000377ae000000000000000000000000000000000000000000000000000000n,
    targetSpacing: 600,
    targetTimespan: 1_209_600,
    allowMinDifficultyBlocks: false,
    noRetargeting: false,
    enforceBip94: false,
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
  signetChallenge: fromHex(
    "512103ad5e0edad18cb1f0fc0d28a3d4f1f3e445640337489abb10404f2d1e086be430210359ef5021964fe22d6f8e05b2463c9540ce96883fe3b278760f048f5189f2e6c452ae",
  ),
  minimumChainWork: 0x67d328e681an,
  isTestChain: true,
};
