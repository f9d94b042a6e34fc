// Custom networks defined as JSON (docs/networks.md): validation into ChainParams.
import { hrpShadowsBase58 } from "../address/hrp-shadows-base58.js";
import { bytesEqual } from "../bytes/equal.js";
import { fromHex, toHex } from "../bytes/hex.js";
import { MAX_MONEY } from "../constants.js";
import { parseScript } from "../script/script.js";
import { MAX_SCRIPT_SIZE } from "../script/script-limits.js";
import type { Base58Prefixes, ChainParams, DeploymentName, PowParams } from "./chain-params.js";
import { ConfigReader, INT32_MAX, type JsonObject } from "./config-reader.js";
import { readGenesisConfig } from "./custom-network-genesis.js";
import {
  DEFAULT_CUSTOM_BASE58,
  DEFAULT_CUSTOM_DEPLOYMENTS,
  DEPLOYMENT_NAMES,
} from "./custom-network-json.js";
import { NetworkConfigError } from "./network-config-error.js";
import { BUILTIN_NETWORKS, NETWORK_NAMES } from "./registry.js";
import { signetMessageStart } from "./signet-message-start.js";

/** Options of {@link parseCustomNetwork}. */
export interface ParseCustomNetworkOptions {
  /**
   * Accept a definition whose `genesis.hash` is absent (a network not mined yet, as
   * `hashforge network new` reads it); `genesisHash` is then the hash of the header as given,
   * which need not meet its target. A declared hash is always verified.
   */
  readonly allowUnminedGenesis?: boolean;
}

const TOP_KEYS = [
  "formatVersion",
  "name",
  "magic",
  "ports",
  "bech32Hrp",
  "base58",
  "genesis",
  "pow",
  "subsidy",
  "deployments",
  "signetChallenge",
  "minimumChainWork",
  "testChain",
];
const POW_KEYS = [
  "powLimit",
  "targetSpacing",
  "retargetInterval",
  "allowMinDifficultyBlocks",
  "noRetargeting",
  "enforceBip94",
];
const BASE58_KEYS = ["pubkeyAddress", "scriptAddress", "secretKey", "extPublicKey", "extSecretKey"];

function readName(r: ConfigReader, value: unknown): string | undefined {
  const name = r.string(
    "network.name",
    value,
    /^[a-z][a-z0-9_-]{0,31}$/,
    "1 to 32 characters: a lowercase letter, then lowercase letters, digits, '-' or '_'",
  );
  if (name !== undefined && NETWORK_NAMES.includes(name)) {
    return r.fail(
      "network.name",
      `network.name must not be a built-in network name (${NETWORK_NAMES.join(", ")})`,
    );
  }
  return name;
}

/** The built-in network already using these message start bytes, if any. */
function magicOwner(magic: Uint8Array): string | undefined {
  return Object.values(BUILTIN_NETWORKS).find((p) => bytesEqual(p.messageStart, magic))?.name;
}

function readMagic(
  r: ConfigReader,
  value: unknown,
  challenge: Uint8Array | null | undefined,
): Uint8Array | undefined {
  if (value === undefined && challenge) {
    const derived = signetMessageStart(challenge);
    const owner = magicOwner(derived);
    if (owner !== undefined) {
      return r.fail(
        "network.magic",
        `network.magic derived from network.signetChallenge (${toHex(derived)}) is already used by the built-in network ${owner}; set network.magic explicitly`,
      );
    }
    return derived;
  }
  if (value === undefined && challenge === undefined) return undefined; // challenge already failed
  if (value === undefined) {
    return r.fail(
      "network.magic",
      "network.magic is required (4 bytes as 8 hex digits) unless network.signetChallenge is set",
    );
  }
  const hex = r.hex("network.magic", value, 4, 4, "4 bytes as 8 hex digits");
  if (hex === undefined) return undefined;
  const magic = fromHex(hex);
  const owner = magicOwner(magic);
  if (owner !== undefined) {
    return r.fail(
      "network.magic",
      `network.magic ${hex} is already used by the built-in network ${owner}`,
    );
  }
  return magic;
}

function readPorts(r: ConfigReader, value: unknown): { p2p: number; rpc: number } | undefined {
  const ports = r.object("network.ports", value);
  if (!ports) return undefined;
  r.knownKeys("network.ports", ports, ["p2p", "rpc"]);
  const what = "a TCP port number (1 to 65535)";
  const p2p = r.integer("network.ports.p2p", ports.p2p, 1, 65535, what);
  const rpc = r.integer("network.ports.rpc", ports.rpc, 1, 65535, what);
  if (p2p === undefined || rpc === undefined) return undefined;
  if (p2p === rpc) {
    return r.fail("network.ports.rpc", "network.ports.rpc must differ from network.ports.p2p");
  }
  return { p2p, rpc };
}

function readHrp(r: ConfigReader, value: unknown): string | undefined {
  // 18 characters keep a 40-byte witness program (64 data + 6 checksum + "1") within 90.
  return r.string(
    "network.bech32Hrp",
    value,
    /^[\x21-\x40\x5b-\x7e]{1,18}$/,
    "1 to 18 printable ASCII characters without uppercase (BIP173; longer prefixes leave no room for 40-byte witness programs)",
  );
}

function readBase58(r: ConfigReader, value: unknown): Base58Prefixes | undefined {
  if (value === undefined) return DEFAULT_CUSTOM_BASE58;
  const obj = r.object("network.base58", value);
  if (!obj) return undefined;
  r.knownKeys("network.base58", obj, BASE58_KEYS);
  const byte = (key: "pubkeyAddress" | "scriptAddress" | "secretKey"): number | undefined =>
    obj[key] === undefined
      ? DEFAULT_CUSTOM_BASE58[key]
      : r.integer(`network.base58.${key}`, obj[key], 0, 255, "a version byte (0 to 255)");
  const ext = (key: "extPublicKey" | "extSecretKey"): number | undefined => {
    if (obj[key] === undefined) return DEFAULT_CUSTOM_BASE58[key];
    const hex = r.hex(`network.base58.${key}`, obj[key], 4, 4, "a BIP32 version as 8 hex digits");
    return hex === undefined ? undefined : Number.parseInt(hex, 16);
  };
  const prefixes = {
    pubkeyAddress: byte("pubkeyAddress"),
    scriptAddress: byte("scriptAddress"),
    secretKey: byte("secretKey"),
    extPublicKey: ext("extPublicKey"),
    extSecretKey: ext("extSecretKey"),
  };
  const { pubkeyAddress, scriptAddress, secretKey, extPublicKey, extSecretKey } = prefixes;
  if (
    pubkeyAddress === undefined ||
    scriptAddress === undefined ||
    secretKey === undefined ||
    extPublicKey === undefined ||
    extSecretKey === undefined
  ) {
    return undefined;
  }
  const before = r.issues.length;
  if (pubkeyAddress === scriptAddress) {
    r.fail(
      "network.base58.scriptAddress",
      "network.base58.scriptAddress must differ from network.base58.pubkeyAddress (P2PKH and P2SH addresses would be indistinguishable)",
    );
  }
  if (extPublicKey === extSecretKey) {
    r.fail(
      "network.base58.extSecretKey",
      "network.base58.extSecretKey must differ from network.base58.extPublicKey",
    );
  }
  if (r.issues.length > before) return undefined;
  return { pubkeyAddress, scriptAddress, secretKey, extPublicKey, extSecretKey };
}

function readPow(r: ConfigReader, value: unknown): PowParams | undefined {
  const obj = r.object("network.pow", value);
  if (!obj) return undefined;
  r.knownKeys("network.pow", obj, POW_KEYS);
  const limitHex = r.hex(
    "network.pow.powLimit",
    obj.powLimit,
    32,
    32,
    "a 256-bit target as 64 hex digits",
  );
  let powLimit: bigint | undefined;
  if (limitHex !== undefined) {
    powLimit = BigInt(`0x${limitHex}`);
    if (powLimit === 0n) {
      powLimit = r.fail("network.pow.powLimit", "network.pow.powLimit must not be zero");
    }
  }
  const targetSpacing = r.integer(
    "network.pow.targetSpacing",
    obj.targetSpacing,
    1,
    INT32_MAX,
    "a positive integer number of seconds",
  );
  const interval = r.integer(
    "network.pow.retargetInterval",
    obj.retargetInterval,
    1,
    INT32_MAX,
    "a positive integer number of blocks",
  );
  const flag = (key: string): boolean | undefined =>
    obj[key] === undefined ? false : r.boolean(`network.pow.${key}`, obj[key]);
  const allowMinDifficultyBlocks = flag("allowMinDifficultyBlocks");
  const noRetargeting = flag("noRetargeting");
  const enforceBip94 = flag("enforceBip94");
  if (
    targetSpacing !== undefined &&
    interval !== undefined &&
    targetSpacing * interval > INT32_MAX
  ) {
    r.fail(
      "network.pow.retargetInterval",
      "network.pow.retargetInterval x network.pow.targetSpacing (the target timespan) must not exceed 2147483647 seconds",
    );
    return undefined;
  }
  if (
    powLimit === undefined ||
    targetSpacing === undefined ||
    interval === undefined ||
    allowMinDifficultyBlocks === undefined ||
    noRetargeting === undefined ||
    enforceBip94 === undefined
  ) {
    return undefined;
  }
  return {
    powLimit,
    targetSpacing,
    targetTimespan: interval * targetSpacing,
    allowMinDifficultyBlocks,
    noRetargeting,
    enforceBip94,
  };
}

interface Subsidy {
  readonly halvingInterval: number;
  readonly initial: bigint;
}

function readSubsidy(r: ConfigReader, value: unknown): Subsidy | undefined {
  const obj = r.object("network.subsidy", value);
  if (!obj) return undefined;
  r.knownKeys("network.subsidy", obj, ["halvingInterval", "initial"]);
  const halvingInterval = r.integer(
    "network.subsidy.halvingInterval",
    obj.halvingInterval,
    1,
    INT32_MAX,
    "a positive integer number of blocks",
  );
  const initial = r.satoshis(
    "network.subsidy.initial",
    obj.initial,
    1n,
    MAX_MONEY,
    `a positive amount of satoshis no larger than MAX_MONEY (${MAX_MONEY})`,
  );
  if (halvingInterval === undefined || initial === undefined) return undefined;
  // Sum of every era (the subsidy is zero from the 64th halving on, Core's GetBlockSubsidy).
  let total = 0n;
  for (let era = 0n; era < 64n; era++) total += BigInt(halvingInterval) * (initial >> era);
  if (total > MAX_MONEY) {
    return r.fail(
      "network.subsidy",
      `network.subsidy would issue ${total} satoshis in total, more than MAX_MONEY (${MAX_MONEY}); lower network.subsidy.initial or network.subsidy.halvingInterval`,
    );
  }
  return { halvingInterval, initial };
}

function readDeployments(
  r: ConfigReader,
  value: unknown,
): Partial<Record<DeploymentName, number>> | undefined {
  const heights: Partial<Record<DeploymentName, number>> = {};
  const obj: JsonObject | undefined =
    value === undefined ? {} : r.object("network.deployments", value);
  if (!obj) return undefined;
  r.knownKeys("network.deployments", obj, DEPLOYMENT_NAMES);
  let ok = true;
  for (const name of DEPLOYMENT_NAMES) {
    const given = obj[name];
    if (given === undefined) {
      heights[name] = DEFAULT_CUSTOM_DEPLOYMENTS[name];
    } else if (given !== null) {
      const height = r.integer(
        `network.deployments.${name}`,
        given,
        0,
        INT32_MAX,
        "a block height (a non-negative integer) or null for never",
      );
      if (height === undefined) ok = false;
      else heights[name] = height;
    }
  }
  if (!ok) return undefined;
  if (heights.bip34 === 0) {
    return r.fail(
      "network.deployments.bip34",
      "network.deployments.bip34 must be at least 1: the genesis coinbase does not commit to its height",
    );
  }
  return heights;
}

function readChallenge(r: ConfigReader, value: unknown): Uint8Array | null | undefined {
  if (value === undefined || value === null) return null;
  const what = `an output script as hex (1 to ${MAX_SCRIPT_SIZE} bytes) or null`;
  const hex = r.hex("network.signetChallenge", value, 1, MAX_SCRIPT_SIZE, what);
  if (hex === undefined) return undefined;
  const script = fromHex(hex);
  if (!parseScript(script).ok) {
    return r.fail(
      "network.signetChallenge",
      "network.signetChallenge must be a parseable script (it ends inside a push)",
    );
  }
  return script;
}

/**
 * Validates a custom network definition (parsed JSON, format in docs/networks.md) and returns
 * its {@link ChainParams}. Every field is checked and every problem collected with its path;
 * any problem throws one {@link NetworkConfigError} listing them all. Beyond types and ranges
 * it checks that the name and magic do not collide with built-in networks, the Bech32 prefix
 * hides none of the network's Base58 addresses, the subsidy schedule stays within MAX_MONEY,
 * the genesis block rebuilt from its fields hashes to the declared `genesis.hash` and that hash
 * meets the target of `genesis.bits`, itself no easier than `pow.powLimit`.
 */
export function parseCustomNetwork(
  json: unknown,
  options: ParseCustomNetworkOptions = {},
): ChainParams {
  const r = new ConfigReader();
  const root = r.object("network", json);
  if (!root) throw new NetworkConfigError(r.issues);
  r.knownKeys("network", root, TOP_KEYS);
  if (root.formatVersion !== undefined && root.formatVersion !== 1) {
    r.fail(
      "network.formatVersion",
      "network.formatVersion must be 1 (the only format this version reads)",
    );
  }
  const name = readName(r, root.name);
  const signetChallenge = readChallenge(r, root.signetChallenge);
  const messageStart = readMagic(r, root.magic, signetChallenge);
  const ports = readPorts(r, root.ports);
  const bech32Hrp = readHrp(r, root.bech32Hrp);
  const base58 = readBase58(r, root.base58);
  const pow = readPow(r, root.pow);
  const subsidy = readSubsidy(r, root.subsidy);
  const deployments = readDeployments(r, root.deployments);
  const genesis = readGenesisConfig(
    r,
    root.genesis,
    pow,
    subsidy?.initial,
    options.allowUnminedGenesis === true,
  );
  // A custom network is a test network unless its definition says otherwise.
  const isTestChain =
    root.testChain === undefined ? true : r.boolean("network.testChain", root.testChain);
  const minimumChainWork =
    root.minimumChainWork === undefined
      ? 0n
      : r.hex(
          "network.minimumChainWork",
          root.minimumChainWork,
          1,
          32,
          "a 256-bit amount of work as hex (at most 64 digits)",
        );
  if (bech32Hrp !== undefined && base58 !== undefined) {
    for (const [kind, version] of [
      ["P2PKH", base58.pubkeyAddress],
      ["P2SH", base58.scriptAddress],
    ] as const) {
      if (hrpShadowsBase58(bech32Hrp, version)) {
        r.fail(
          "network.bech32Hrp",
          `network.bech32Hrp "${bech32Hrp}" begins some ${kind} addresses (version byte ${version}), which would then be read as Bech32; choose another prefix`,
        );
      }
    }
  }
  if (r.issues.length > 0) throw new NetworkConfigError(r.issues);
  return {
    name: name!,
    messageStart: messageStart!,
    defaultPort: ports!.p2p,
    rpcPort: ports!.rpc,
    bech32Hrp: bech32Hrp!,
    base58: base58!,
    genesisHeader: genesis!.header,
    genesisHash: genesis!.hash,
    genesisCoinbase: genesis!.coinbase,
    pow: pow!,
    subsidyHalvingInterval: subsidy!.halvingInterval,
    initialSubsidy: subsidy!.initial,
    deployments: deployments!,
    bip34Hash: null,
    scriptFlagExceptions: {},
    signetChallenge: signetChallenge ?? null,
    minimumChainWork:
      typeof minimumChainWork === "string" ? BigInt(`0x${minimumChainWork}`) : minimumChainWork!,
    isTestChain: isTestChain !== false,
  };
}
