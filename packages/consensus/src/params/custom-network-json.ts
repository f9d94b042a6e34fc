// The JSON format of custom network definitions (docs/networks.md) and its defaults.
import type { Base58Prefixes, DeploymentName } from "./chain-params.js";

/**
 * A custom network definition as JSON, format version 1 (documented field by field in
 * docs/networks.md). Optional fields take the defaults listed there.
 */
export interface CustomNetworkJson {
  readonly formatVersion?: 1;
  readonly name: string;
  /** 4 bytes as 8 hex digits; optional for signets (derived from the challenge). */
  readonly magic?: string;
  readonly ports: { readonly p2p: number; readonly rpc: number };
  readonly bech32Hrp: string;
  readonly base58?: {
    readonly pubkeyAddress?: number;
    readonly scriptAddress?: number;
    readonly secretKey?: number;
    readonly extPublicKey?: string;
    readonly extSecretKey?: string;
  };
  readonly genesis: {
    readonly version?: number;
    readonly time: number;
    /** Compact target, `"207fffff"`, `"0x207fffff"` or a JSON integer. */
    readonly bits: string | number;
    readonly nonce: number;
    readonly coinbaseMessage?: string;
    readonly coinbaseScriptSig?: string;
    readonly outputScript?: string;
    readonly outputPubkey?: string;
    readonly reward?: number | string;
    /** Display (byte-reversed) hex of the mined genesis block hash. */
    readonly hash?: string;
  };
  readonly pow: {
    readonly powLimit: string;
    readonly targetSpacing: number;
    readonly retargetInterval: number;
    readonly allowMinDifficultyBlocks?: boolean;
    readonly noRetargeting?: boolean;
    readonly enforceBip94?: boolean;
  };
  readonly subsidy: { readonly halvingInterval: number; readonly initial: number | string };
  readonly deployments?: Readonly<Partial<Record<DeploymentName, number | null>>>;
  readonly signetChallenge?: string | null;
  readonly minimumChainWork?: string;
  /**
   * False for a public network whose nodes must refuse test-only features (setmocktime, the
   * built-in miner); default true.
   */
  readonly testChain?: boolean;
}

/** Every deployment a definition may schedule, in activation-history order. */
export const DEPLOYMENT_NAMES: readonly DeploymentName[] = [
  "bip16",
  "bip34",
  "bip65",
  "bip66",
  "csv",
  "segwit",
  "taproot",
];

/**
 * Activation heights a fresh network gets unless its definition says otherwise: Core's regtest
 * schedule. Everything is in force from the start; BIP34 waits for height 1 because the genesis
 * coinbase does not commit to its height, and BIP65/66/CSV start at 1 as on regtest.
 */
export const DEFAULT_CUSTOM_DEPLOYMENTS: Readonly<Record<DeploymentName, number>> = {
  bip16: 0,
  bip34: 1,
  bip65: 1,
  bip66: 1,
  csv: 1,
  segwit: 0,
  taproot: 0,
};

/** Address version bytes a definition gets by default: testnet's, as regtest and signet use. */
export const DEFAULT_CUSTOM_BASE58: Base58Prefixes = {
  pubkeyAddress: 111,
  scriptAddress: 196,
  secretKey: 239,
  extPublicKey: 0x043587cf,
  extSecretKey: 0x04358394,
};
