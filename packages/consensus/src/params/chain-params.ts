import type { BlockHeader } from "../block/header.js";

/** Names of the consensus rule changes a network can activate, looked up by height. */
export type DeploymentName = "bip16" | "bip34" | "bip65" | "bip66" | "csv" | "segwit" | "taproot";

/** Base58 version bytes and BIP32 version prefixes of a network. */
export interface Base58Prefixes {
  readonly pubkeyAddress: number;
  readonly scriptAddress: number;
  readonly secretKey: number;
  /** BIP32 extended public key version, 4 bytes big-endian as a number (xpub: 0x0488b21e). */
  readonly extPublicKey: number;
  readonly extSecretKey: number;
}

/** Proof-of-work and retarget rules (Core's Consensus::Params, pow part). */
export interface PowParams {
  /** Highest allowed target (easiest difficulty). */
  readonly powLimit: bigint;
  /** Seconds between blocks the retarget aims for (mainnet 600). */
  readonly targetSpacing: number;
  /** Seconds one retarget window should take (mainnet 1,209,600 = two weeks). */
  readonly targetTimespan: number;
  /** testnet3/testnet4 rule: a block 2 x spacing after its parent may use the pow limit. */
  readonly allowMinDifficultyBlocks: boolean;
  /** regtest: nBits never changes. */
  readonly noRetargeting: boolean;
  /** BIP94 (testnet4): retarget from the window's first block bits; timewarp limit. */
  readonly enforceBip94: boolean;
}

/**
 * A network's consensus and identity parameters as data: everything that differs between main,
 * testnet3, testnet4, signet, regtest and custom networks. Code never branches on `name`; it asks
 * {@link isDeploymentActive} and reads these fields.
 */
export interface ChainParams {
  /** Core's chain name: `main`, `test`, `testnet4`, `signet`, `regtest`, or a custom name. */
  readonly name: string;
  /** P2P message start (magic) bytes. */
  readonly messageStart: Uint8Array;
  readonly defaultPort: number;
  readonly rpcPort: number;
  readonly bech32Hrp: string;
  readonly base58: Base58Prefixes;
  /** The genesis block header; its hash is {@link ChainParams.genesisHash}. */
  readonly genesisHeader: BlockHeader;
  /** Genesis block hash in display (byte-reversed hex) form. */
  readonly genesisHash: string;
  /** Genesis coinbase: scriptSig and output script, and its reward in satoshis. */
  readonly genesisCoinbase: {
    readonly scriptSig: Uint8Array;
    readonly scriptPubKey: Uint8Array;
    readonly reward: bigint;
  };
  readonly pow: PowParams;
  /** Blocks between subsidy halvings (mainnet 210,000). */
  readonly subsidyHalvingInterval: number;
  /** Subsidy of the first block era in satoshis (mainnet 50 BTC). */
  readonly initialSubsidy: bigint;
  /** Activation height of each buried deployment (0 = from genesis; absent = never). */
  readonly deployments: Readonly<Partial<Record<DeploymentName, number>>>;
  /** BIP34 activation block hash (display hex) where Core pins it, else null. */
  readonly bip34Hash: string | null;
  /**
   * Blocks validated with fixed script flags instead of the height-derived ones (Core's
   * script_flag_exceptions): display hash to flag names.
   */
  readonly scriptFlagExceptions: Readonly<Record<string, readonly string[]>>;
  /**
   * Blocks allowed to repeat an earlier coinbase txid (Core's IsBIP30Repeat: mainnet 91842 and
   * 91880, display hashes). Absent on every other network.
   */
  readonly bip30Exceptions?: readonly string[];
  /** BIP325 signet challenge script, or null on non-signet chains. */
  readonly signetChallenge: Uint8Array | null;
  /** Minimum total chain work (Core's nMinimumChainWork) for initial sync. */
  readonly minimumChainWork: bigint;
  /**
   * True on every network but mainnet (Core's IsTestChain): test-only features such as
   * setmocktime and the built-in miner are allowed.
   */
  readonly isTestChain: boolean;
}

/** True when `name` is active for a block at `height` (Core's DeploymentActiveAt for buried forks). */
export function isDeploymentActive(
  params: ChainParams,
  name: DeploymentName,
  height: number,
): boolean {
  const at = params.deployments[name];
  return at !== undefined && height >= at;
}
