// `hashforge network new|show`: create a custom network with a mined genesis, or inspect one.
import { randomBytes as nodeRandomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  BUILTIN_NETWORKS,
  type BuiltinNetworkName,
  type ChainParams,
  COIN,
  decodeCompact,
  encodeCompact,
  fromHex,
  NETWORK_NAMES,
  NetworkConfigError,
  parseCustomNetwork,
  serializeCustomNetwork,
} from "@hashforge/consensus";
import { wholeNumber } from "../cli-flags.js";
import { type Command, UsageError } from "../command.js";
import { renderNetworkSummary } from "../network/network-summary.js";
import {
  createNewNetwork,
  DEFAULT_NEW_NETWORK_PORTS,
  DEFAULT_POW_LIMIT,
  type NewNetworkOptions,
} from "../network/new-network.js";
import { parseDuration } from "../network/parse-duration.js";
import { parseSignerPubkeys, parseThreshold, signersFile } from "../network/signer-keys.js";

const USAGE = `usage: hashforge network new --name NAME [options]
       hashforge network show FILE|NAME [--json]

new: writes a custom network definition (docs/networks.md) with a freshly mined genesis block.
  --name NAME              network name: a lowercase letter, then [a-z0-9_-], at most 32
  --spacing DURATION       target block interval: 30s, 10m, 2h (default 10m)
  --retarget BLOCKS        blocks per difficulty retarget window (default 2016)
  --halving BLOCKS         blocks between subsidy halvings (default 210000)
  --subsidy BTC            first-era block subsidy: 50, 0.5 or 5000000000sat (default 50)
  --pow-limit HEX          easiest target as hex (default 0000ffff...ff, ~65,536 hashes a block)
  --bits 0xBITS            the pow limit as a compact target, e.g. 0x1f00ffff (not with --pow-limit)
  --magic HEX              P2P message start, 8 hex digits (default: random; signed chains
                           derive it from their challenge as Core's signet does)
  --hrp PREFIX             Bech32 address prefix (default: the name)
  --port N, --rpc-port N   default P2P and RPC ports (default ${DEFAULT_NEW_NETWORK_PORTS.p2p} and ${DEFAULT_NEW_NETWORK_PORTS.rpc})
  --message TEXT           genesis coinbase message (default "NAME genesis DATE")
  --time UNIX              genesis time (default now)
  --signers K-of-N         private chain: blocks need K signatures of N generated keys (BIP325);
                           the keys go to NAME.signers.json (mode 0600) next to the definition
  --signer-pubkeys P,...   use these N compressed public keys instead (with --signers K-of-N)
  --out FILE               where to write the definition (default ./NAME.json)
  --force                  overwrite existing files

show: validates a definition file (or names a built-in network) and prints a summary.
`;

/** Largest network file `show` reads: definitions are a few kilobytes. */
const MAX_NETWORK_FILE_BYTES = 1024 * 1024;

const NEW_OPTIONS = {
  name: { type: "string" },
  spacing: { type: "string" },
  retarget: { type: "string" },
  halving: { type: "string" },
  subsidy: { type: "string" },
  "pow-limit": { type: "string" },
  bits: { type: "string" },
  magic: { type: "string" },
  hrp: { type: "string" },
  port: { type: "string" },
  "rpc-port": { type: "string" },
  message: { type: "string" },
  time: { type: "string" },
  signers: { type: "string" },
  "signer-pubkeys": { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const SHOW_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The outside world of `network`: clock, randomness, output and working directory. */
export interface NetworkCommandDeps {
  /** Unix milliseconds. */
  readonly now: () => number;
  /** Cryptographically secure random bytes (signer keys, magic). */
  readonly randomBytes: (length: number) => Uint8Array;
  readonly stdout: (text: string) => void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

function defaultNetworkDeps(): NetworkCommandDeps {
  return {
    now: Date.now,
    randomBytes: (length) => new Uint8Array(nodeRandomBytes(length)),
    stdout: (text) => void process.stdout.write(text),
    cwd: process.cwd(),
  };
}

/** BTC (`50`, `0.5`) or satoshis (`5000000000sat`) to satoshis. */
function parseSubsidy(text: string): bigint {
  const match = /^\s*(\d{1,16})(?:\.(\d{1,8}))?\s*(btc|sats?)?\s*$/i.exec(text);
  if (!match || (match[3]?.toLowerCase().startsWith("sat") && match[2] !== undefined)) {
    throw new UsageError(
      `--subsidy: expected BTC (50, 0.5) or whole satoshis (5000000000sat) (got ${JSON.stringify(text)})`,
    );
  }
  if (match[3]?.toLowerCase().startsWith("sat")) return BigInt(match[1]!);
  return BigInt(match[1]!) * COIN + BigInt((match[2] ?? "").padEnd(8, "0"));
}

function parsePow(v: { "pow-limit"?: string; bits?: string }): {
  powLimit: bigint;
  genesisBits: number;
} {
  if (v["pow-limit"] !== undefined && v.bits !== undefined) {
    throw new UsageError("--pow-limit and --bits are alternatives: give one");
  }
  if (v.bits !== undefined) {
    const match = /^(0x)?([0-9a-fA-F]{8})$/.exec(v.bits.trim());
    const bits = match ? Number.parseInt(match[2]!, 16) : 0;
    const decoded = decodeCompact(bits);
    if (!match || decoded.negative || decoded.overflow || decoded.target === 0n) {
      throw new UsageError(
        `--bits: expected a valid compact target as 8 hex digits, e.g. 0x1f00ffff (got ${JSON.stringify(v.bits)})`,
      );
    }
    return { powLimit: decoded.target, genesisBits: bits };
  }
  let powLimit = DEFAULT_POW_LIMIT;
  if (v["pow-limit"] !== undefined) {
    const match = /^(0x)?([0-9a-fA-F]{1,64})$/.exec(v["pow-limit"].trim());
    powLimit = match ? BigInt(`0x${match[2]}`) : 0n;
    if (powLimit === 0n) {
      throw new UsageError(
        `--pow-limit: expected a non-zero 256-bit target as hex, e.g. 0000ffff${"f".repeat(56)} (got ${JSON.stringify(v["pow-limit"])})`,
      );
    }
  }
  const genesisBits = encodeCompact(powLimit);
  if (decodeCompact(genesisBits).target === 0n) {
    throw new UsageError("--pow-limit: too small to express as a compact target");
  }
  return { powLimit, genesisBits };
}

function parseSigners(v: {
  signers?: string;
  "signer-pubkeys"?: string;
}): NewNetworkOptions["signers"] {
  if (v["signer-pubkeys"] !== undefined) {
    if (v.signers === undefined) {
      throw new UsageError(
        "--signer-pubkeys: also pass --signers K-of-N to say how many signatures a block needs",
      );
    }
    const publicKeys = parseSignerPubkeys(v["signer-pubkeys"], "--signer-pubkeys");
    const { k, n } = parseThreshold(v.signers, "--signers");
    if (publicKeys.length !== n) {
      throw new UsageError(
        `--signers ${k}-of-${n} names ${n} signers but --signer-pubkeys gives ${publicKeys.length} keys`,
      );
    }
    return { k, publicKeys };
  }
  return v.signers === undefined ? undefined : parseThreshold(v.signers, "--signers");
}

type NewValues = ReturnType<typeof parseNewArgs>;

function parseNewArgs(args: string[]) {
  try {
    return parseArgs({ args, options: NEW_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
}

/** Resolves `network new` flags into {@link NewNetworkOptions}. Exported for tests. */
export function newNetworkOptions(v: NewValues, nowMs: number): NewNetworkOptions {
  if (v.name === undefined) throw new UsageError(`--name is required\n\n${USAGE}`);
  const name = v.name;
  const genesisTime =
    v.time === undefined ? Math.floor(nowMs / 1000) : wholeNumber(v.time, "--time", 0, 0xffffffff);
  const magic = v.magic?.trim();
  if (magic !== undefined && !/^[0-9a-fA-F]{8}$/.test(magic)) {
    throw new UsageError(
      `--magic: expected 4 bytes as 8 hex digits (got ${JSON.stringify(v.magic)})`,
    );
  }
  const signers = parseSigners(v);
  return {
    name,
    targetSpacing: parseDuration(v.spacing ?? "10m", "--spacing"),
    retargetInterval: wholeNumber(v.retarget ?? "2016", "--retarget", 1, 0x7fffffff),
    halvingInterval: wholeNumber(v.halving ?? "210000", "--halving", 1, 0x7fffffff),
    initialSubsidy: parseSubsidy(v.subsidy ?? "50"),
    ...parsePow(v),
    ...(magic === undefined ? {} : { magic: fromHex(magic.toLowerCase()) }),
    bech32Hrp: v.hrp ?? name,
    hrpFromName: v.hrp === undefined,
    ports: {
      p2p:
        v.port === undefined
          ? DEFAULT_NEW_NETWORK_PORTS.p2p
          : wholeNumber(v.port, "--port", 1, 65535),
      rpc:
        v["rpc-port"] === undefined
          ? DEFAULT_NEW_NETWORK_PORTS.rpc
          : wholeNumber(v["rpc-port"], "--rpc-port", 1, 65535),
    },
    message:
      v.message ?? `${name} genesis ${new Date(genesisTime * 1000).toISOString().slice(0, 10)}`,
    genesisTime,
    ...(signers === undefined ? {} : { signers }),
  };
}

/** Creates a file only if absent, or replaces it with `force`; `mode` applies to the new file. */
function writeNewFile(path: string, text: string, mode: number, force: boolean): void {
  if (force && existsSync(path)) unlinkSync(path);
  writeFileSync(path, text, { mode, flag: "wx" });
  chmodSync(path, mode); // the process umask may have cleared bits of `mode`
}

async function runNew(args: string[], deps: NetworkCommandDeps): Promise<number> {
  const v = parseNewArgs(args);
  if (v.help) {
    deps.stdout(USAGE);
    return 0;
  }
  const options = newNetworkOptions(v, deps.now());
  const out = resolve(deps.cwd, v.out ?? `${options.name}.json`);
  const signersPath = join(dirname(out), `${options.name}.signers.json`);
  const generatesKeys = options.signers !== undefined && !("publicKeys" in options.signers);
  const force = v.force === true;
  for (const path of generatesKeys ? [out, signersPath] : [out]) {
    if (!force && existsSync(path)) {
      throw new UsageError(`${path} already exists; pass --force to overwrite it`);
    }
  }
  if (!existsSync(dirname(out))) {
    throw new UsageError(`--out: directory ${dirname(out)} does not exist`);
  }
  const started = deps.now();
  const network = createNewNetwork(options, deps.randomBytes);
  const seconds = (deps.now() - started) / 1000;
  // The secret first: a definition on disk without its signers file would be a dead chain.
  if (network.keys !== null && network.threshold !== null) {
    const secret = signersFile(network.params, network.threshold, network.keys);
    writeNewFile(signersPath, `${JSON.stringify(secret, null, 2)}\n`, 0o600, force);
  }
  writeNewFile(out, `${JSON.stringify(network.json, null, 2)}\n`, 0o644, force);
  deps.stdout(
    `wrote ${out}\nmined the genesis block in ${network.hashes} hashes (${seconds.toFixed(1)} s)\n`,
  );
  if (network.keys !== null) {
    deps.stdout(
      `wrote ${signersPath} (SECRET: ${network.keys.length} private keys, mode 0600; give each signer only their own key)\n`,
    );
  }
  deps.stdout(`\n${renderNetworkSummary(network.params, out)}`);
  return 0;
}

function readNetworkFile(path: string): ChainParams {
  let text: string;
  try {
    if (statSync(path).size > MAX_NETWORK_FILE_BYTES) {
      throw new UsageError(
        `${path}: larger than ${MAX_NETWORK_FILE_BYTES} bytes; not a network definition`,
      );
    }
    text = readFileSync(path, "utf8");
  } catch (e: unknown) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e: unknown) {
    throw new UsageError(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return parseCustomNetwork(json);
  } catch (e: unknown) {
    if (e instanceof NetworkConfigError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

async function runShow(args: string[], deps: NetworkCommandDeps): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof SHOW_OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args, options: SHOW_OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (parsed.values.help) {
    deps.stdout(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`network show: expected one FILE or built-in network name\n\n${USAGE}`);
  }
  const arg = parsed.positionals[0]!;
  const path = resolve(deps.cwd, arg);
  let params: ChainParams;
  let source: string;
  if (!existsSync(path) && NETWORK_NAMES.includes(arg)) {
    params = BUILTIN_NETWORKS[(arg === "testnet3" ? "test" : arg) as BuiltinNetworkName];
    source = "built in";
  } else {
    params = readNetworkFile(path);
    source = path;
  }
  deps.stdout(
    parsed.values.json
      ? `${JSON.stringify(serializeCustomNetwork(params), null, 2)}\n`
      : renderNetworkSummary(params, source),
  );
  return 0;
}

/** Builds the `network` command with its outside world injected (tests pass their own). */
export function createNetworkCommand(deps: NetworkCommandDeps = defaultNetworkDeps()): Command {
  return {
    name: "network",
    summary: "create a custom network with a mined genesis (new), or inspect one (show)",
    async run(args) {
      const [sub, ...rest] = args;
      if (sub === "new") return runNew(rest, deps);
      if (sub === "show") return runShow(rest, deps);
      if (sub === undefined || sub === "help" || sub === "--help" || sub === "-h") {
        deps.stdout(USAGE);
        return sub === undefined ? 1 : 0;
      }
      throw new UsageError(`network: unknown sub-command '${sub}' (new, show)\n\n${USAGE}`);
    },
  };
}

/** `hashforge network`. */
export const networkCommand: Command = createNetworkCommand();
