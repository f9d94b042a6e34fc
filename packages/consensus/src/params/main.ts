// Bitcoin mainnet parameters, transcribed from Core's CMainParams (src/kernel/chainparams.cpp).
import { fromHex, hexToHash } from "../bytes/hex.js";
import { OP } from "../script/opcodes.js";
import { buildScript } from "../script/script.js";
import type { ChainParams } from "./chain-params.js";

/** The uncompressed public key Satoshi's genesis coinbase pays to. */
const SATOSHI_GENESIS_PUBKEY = fromHex(
  "04678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5f",
);

/**
 * Bitcoin mainnet (Core's `main` chain). Testnet3, signet and regtest reuse its genesis
 * coinbase, as Core does.
 *
 * Every buried deployment height is Core's, except that `bip16` is 0: Core enforces P2SH from
 * genesis and lets the one historical violation through via {@link ChainParams.scriptFlagExceptions}
 * (GetBlockScriptFlags). Taproot carries its real activation height, 709,632; Core also applies
 * taproot's script rules to earlier blocks, with the one exception listed below.
 */
export const MAIN_PARAMS: ChainParams = {
  name: "main",
  messageStart: fromHex("f9beb4d9"),
  defaultPort: 8333,
  rpcPort: 8332,
  bech32Hrp: "bc",
  base58: {
    pubkeyAddress: 0,
    scriptAddress: 5,
    secretKey: 128,
    extPublicKey: 0x0488b21e,
    extSecretKey: 0x0488ade4,
  },
  genesisHeader: {
    version: 1,
    prevBlock: new Uint8Array(32),
    merkleRoot: hexToHash("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
    time: 1231006505,
    bits: 0x1d00ffff,
    nonce: 2083236893,
  },
  genesisHash: "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
  genesisCoinbase: {
    // push(486604799) push(4) push("The Times 03/Jan/2009 Chancellor on brink of second bailout for banks")
    scriptSig: fromHex(
      "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73",
    ),
    scriptPubKey: buildScript([SATOSHI_GENESIS_PUBKEY, OP.OP_CHECKSIG]),
    reward: 5_000_000_000n,
  },
  pow: {
    powLimit: 0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffn,
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
    bip34: 227_931,
    bip65: 388_381,
    bip66: 363_725,
    csv: 419_328,
    segwit: 481_824,
    taproot: 709_632,
  },
  bip34Hash: "000000000000024b89b42a942fe0d9fea3bb44ab7bd1b19115dd6a759c0808b8",
  scriptFlagExceptions: {
    // Block 170,060 spends a P2SH output in a way BIP16 forbids: validated with no script flags.
    "00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22": [],
    // Block 692,261 spends a witness v1 output that violates taproot's rules.
    "0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad": ["P2SH", "WITNESS"],
  },
  bip30Exceptions: [
    "00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec",
    "00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721",
  ],
  signetChallenge: null,
  minimumChainWork: 0xdee8e2a309ad8a9820433c68n,
  isTestChain: false,
};
