// `hashforge network new`: from command-line choices to a validated definition with a mined genesis.
import {
  BUILTIN_NETWORKS,
  bytesEqual,
  type ChainParams,
  type CustomNetworkJson,
  DEFAULT_CUSTOM_DEPLOYMENTS,
  hashToHex,
  NetworkConfigError,
  parseCustomNetwork,
  serializeCustomNetwork,
  toHex,
} from "@hashforge/consensus";
import { UsageError } from "../command.js";
import { expectedGenesisHashes, mineGenesisHeader } from "./mine-genesis-header.js";
import { generateSignerKeys, multisigChallenge, type SignerKey } from "./signer-keys.js";

/**
 * Most hashes a genesis target may need on average: 2^26 (~67 million), a few minutes on one
 * thread of consensus sha256d. Harder genesis blocks belong on the miner's worker pool.
 */
export const MAX_EXPECTED_GENESIS_HASHES = 2 ** 26;

/**
 * Default pow limit, the demo network's: 2^240 - 1 (bits 0x1f00ffff), 65,536 hashes a block,
 * easy for one CPU; the retarget raises difficulty from there.
 */
export const DEFAULT_POW_LIMIT = (1n << 240n) - 1n;

/** Default ports of a new network (no Bitcoin Core chain, btcd network or demo uses them). */
export const DEFAULT_NEW_NETWORK_PORTS = { p2p: 39333, rpc: 39332 } as const;

/** Everything `network new` needs, already parsed from flags. */
export interface NewNetworkOptions {
  readonly name: string;
  readonly targetSpacing: number;
  readonly retargetInterval: number;
  readonly halvingInterval: number;
  readonly initialSubsidy: bigint;
  readonly powLimit: bigint;
  readonly genesisBits: number;
  /** 4 bytes; absent: random for open chains, derived from the challenge for signed ones. */
  readonly magic?: Uint8Array;
  readonly bech32Hrp: string;
  /** True when the prefix was not given and defaulted to the name (for a clearer error). */
  readonly hrpFromName: boolean;
  readonly ports: { readonly p2p: number; readonly rpc: number };
  readonly message: string;
  readonly genesisTime: number;
  /** Block signers: generate `n` keys, or use the given public keys. */
  readonly signers?:
    | { readonly k: number; readonly n: number }
    | { readonly k: number; readonly publicKeys: readonly Uint8Array[] };
}

/** A new network: its definition as written, its parameters, and generated signer keys. */
export interface NewNetwork {
  readonly json: CustomNetworkJson;
  readonly params: ChainParams;
  /** Generated signer keys (secret), when `--signers` asked for them. */
  readonly keys: readonly SignerKey[] | null;
  readonly threshold: number | null;
  readonly hashes: number;
}

const FLAG_OF_PATH: readonly (readonly [string, string])[] = [
  ["network.name", "--name"],
  ["network.magic", "--magic"],
  ["network.ports.p2p", "--port"],
  ["network.ports.rpc", "--rpc-port"],
  ["network.bech32Hrp", "--hrp"],
  ["network.genesis.coinbaseMessage", "--message"],
  ["network.genesis.time", "--time"],
  ["network.genesis.bits", "--bits"],
  ["network.pow.powLimit", "--pow-limit"],
  ["network.pow.targetSpacing", "--spacing"],
  ["network.pow.retargetInterval", "--retarget"],
  ["network.subsidy.halvingInterval", "--halving"],
  ["network.subsidy.initial", "--subsidy"],
  ["network.subsidy", "--subsidy/--halving"],
  ["network.signetChallenge", "--signers"],
];

/** Turns the loader's issues into a UsageError naming the flags to change. */
function usageErrorOf(error: NetworkConfigError, options: NewNetworkOptions): UsageError {
  const lines = error.issues.map((issue) => {
    const flag = FLAG_OF_PATH.find(([path]) => issue.path.startsWith(path))?.[1];
    const hint =
      flag === "--hrp" && options.hrpFromName
        ? " (the prefix defaults to the name; pass --hrp)"
        : "";
    return `  ${flag ?? issue.path}: ${issue.message}${hint}`;
  });
  const n = lines.length;
  return new UsageError(
    `invalid network (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}`,
  );
}

function parseOrUsage(
  json: unknown,
  options: NewNetworkOptions,
  allowUnminedGenesis: boolean,
): ChainParams {
  try {
    return parseCustomNetwork(json, { allowUnminedGenesis });
  } catch (e: unknown) {
    if (e instanceof NetworkConfigError) throw usageErrorOf(e, options);
    throw e;
  }
}

/**
 * Random message start bytes with every high bit set (rarely used upper ASCII, as Core's own
 * magics), redrawn while they equal a built-in network's.
 */
function randomMagic(randomBytes: (length: number) => Uint8Array): Uint8Array {
  for (let draw = 0; draw < 16; draw++) {
    const magic = Uint8Array.from(randomBytes(4).subarray(0, 4), (b) => b | 0x80);
    const taken = Object.values(BUILTIN_NETWORKS).some((p) => bytesEqual(p.messageStart, magic));
    if (magic.length === 4 && !taken) return magic;
  }
  throw new UsageError("could not draw magic bytes: the random source is broken; pass --magic");
}

/**
 * Builds and validates a new network from `options` (every field through the consensus loader,
 * so the definition written is one `parseCustomNetwork` accepts), generates signer keys when
 * asked, and mines the genesis block: nonces from 0, then later times. Throws UsageError for
 * any invalid choice, naming the flag.
 */
export function createNewNetwork(
  options: NewNetworkOptions,
  randomBytes: (length: number) => Uint8Array,
): NewNetwork {
  const expected = expectedGenesisHashes(options.genesisBits);
  if (expected > MAX_EXPECTED_GENESIS_HASHES) {
    throw new UsageError(
      `--pow-limit/--bits: a genesis block at bits 0x${options.genesisBits.toString(16).padStart(8, "0")} needs about ${expected.toExponential(2)} hashes; this command mines on one thread and accepts targets needing at most ${MAX_EXPECTED_GENESIS_HASHES} (2^26). Choose an easier pow limit: the retarget raises difficulty as miners join.`,
    );
  }
  let keys: SignerKey[] | null = null;
  let challenge: Uint8Array | null = null;
  const signers = options.signers;
  if (signers !== undefined) {
    let publicKeys: readonly Uint8Array[];
    if ("publicKeys" in signers) {
      publicKeys = signers.publicKeys;
    } else {
      keys = generateSignerKeys(signers.n, randomBytes);
      publicKeys = keys.map((key) => key.publicKey);
    }
    challenge = multisigChallenge(signers.k, publicKeys);
  }
  // A signed chain without --magic derives its magic from the challenge, as Core's signet does.
  const magic = options.magic ?? (challenge === null ? randomMagic(randomBytes) : undefined);
  const draft: CustomNetworkJson = {
    formatVersion: 1,
    name: options.name,
    ...(magic === undefined ? {} : { magic: toHex(magic) }),
    ports: options.ports,
    bech32Hrp: options.bech32Hrp,
    genesis: {
      version: 1,
      time: options.genesisTime,
      bits: options.genesisBits.toString(16).padStart(8, "0"),
      nonce: 0,
      coinbaseMessage: options.message,
      outputScript: "6a",
    },
    pow: {
      powLimit: options.powLimit.toString(16).padStart(64, "0"),
      targetSpacing: options.targetSpacing,
      retargetInterval: options.retargetInterval,
    },
    subsidy: {
      halvingInterval: options.halvingInterval,
      initial: options.initialSubsidy.toString(),
    },
    deployments: DEFAULT_CUSTOM_DEPLOYMENTS,
    signetChallenge: challenge === null ? null : toHex(challenge),
  };
  const unmined = parseOrUsage(draft, options, true);
  // Expected hashes x 32 fails with probability e^-32; the time roll means it never runs dry.
  const mined = mineGenesisHeader(
    unmined.genesisHeader,
    unmined.pow.powLimit,
    Math.max(32 * expected, 1_000_000),
  );
  if (mined === null) {
    throw new UsageError(
      "no genesis block found within the hash budget; try again or choose an easier --pow-limit",
    );
  }
  // Every field explicit, so later changes to the format's defaults cannot change this network;
  // the coinbase stays readable as its message.
  const full = serializeCustomNetwork({
    ...unmined,
    genesisHeader: mined.header,
    genesisHash: hashToHex(mined.hash),
  });
  const g = full.genesis;
  const json: CustomNetworkJson = {
    ...full,
    genesis: {
      version: g.version ?? 1,
      time: g.time,
      bits: g.bits,
      nonce: g.nonce,
      coinbaseMessage: options.message,
      outputScript: g.outputScript ?? "6a",
      reward: g.reward ?? Number(unmined.genesisCoinbase.reward),
      hash: g.hash ?? hashToHex(mined.hash),
    },
  };
  const params = parseOrUsage(json, options, false);
  return {
    json,
    params,
    keys,
    threshold: signers?.k ?? null,
    hashes: mined.hashes,
  };
}
