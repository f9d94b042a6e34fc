import { readFileSync } from "node:fs";
import { chainParamsByName, UnknownNetworkError } from "@hashforge/consensus";
import { UsageError } from "../command.js";

/** bitcoind's ZMQ notification topics, each a -zmqpub<topic> option (see docs/zmq.md). */
const ZMQ_TOPICS = ["hashblock", "rawblock", "hashtx", "rawtx", "sequence"];

/** Options `hashforge node` accepts, bitcoind style (`-name=value`, `-flag`, `-noflag`). */
const STRING_OPTIONS = new Set([
  "datadir",
  "chain",
  "network",
  "conf",
  "rpcport",
  "rpcbind",
  "rpcallowip",
  "rpcuser",
  "rpcpassword",
  "rpcauth",
  "dbcache",
  "par",
  "mine",
  "mineaddress",
  "loglevel",
  "flushinterval",
  "apiport",
  "maxtipage",
  ...ZMQ_TOPICS.flatMap((t) => [`zmqpub${t}`, `zmqpub${t}hwm`]),
]);
const BOOL_OPTIONS = new Set([
  "regtest",
  "testnet",
  "testnet4",
  "signet",
  "demo",
  "wallet",
  "reindex",
  "txindex",
  "api",
  "printtoconsole",
  "help",
]);

const REPEATABLE = new Set([
  "rpcbind",
  "rpcallowip",
  "rpcauth",
  ...ZMQ_TOPICS.map((t) => `zmqpub${t}`),
]);

/**
 * Options that choose the network. As in Core (GetChainArg), they are read from the command line
 * and the top of the conf file only: inside a network section they would choose the network
 * whose section is being read, so Core ignores them there and so do we.
 */
const CHAIN_OPTIONS = new Set([
  "chain",
  "network",
  "regtest",
  "testnet",
  "testnet4",
  "signet",
  "demo",
]);

/**
 * Parsed node options, merged from the command line and the conf file by Core's precedence (see
 * {@link parseNodeArgs}); a repeatable option keeps every value.
 */
export interface NodeArgs {
  readonly values: ReadonlyMap<string, string>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlyMap<string, boolean>;
}

/** The options of one source: the command line, the top of the conf file, or one of its sections. */
interface OptionSet {
  readonly values: Map<string, string>;
  readonly repeated: Map<string, string[]>;
  readonly flags: Map<string, boolean>;
}

function emptySet(): OptionSet {
  return { values: new Map(), repeated: new Map(), flags: new Map() };
}

/** Where options come from, for their precedence and for error messages. */
interface OptionSource {
  /** An option as the person wrote it there: `-rpcport`, or `x.conf line 3: rpcport`. */
  readonly label: (name: string) => string;
  /** The message for an option hashforge does not know. */
  readonly unknown: (name: string) => string;
  /**
   * In a conf file the first value of a single-valued option wins, on the command line the last:
   * Core keeps that order for backwards compatibility, except for the options choosing the
   * network, where the last wins everywhere (common/settings.cpp GetSetting).
   */
  readonly firstWins: boolean;
}

function addOption(
  into: OptionSet,
  rawName: string,
  value: string | undefined,
  source: OptionSource,
): void {
  const negated = rawName.startsWith("no") && BOOL_OPTIONS.has(rawName.slice(2));
  const name = negated ? rawName.slice(2) : rawName;
  const keepFirst = source.firstWins && !CHAIN_OPTIONS.has(name);
  if (BOOL_OPTIONS.has(name)) {
    if (value !== undefined && value !== "0" && value !== "1") {
      throw new UsageError(`${source.label(name)}: expected 0 or 1 (got ${JSON.stringify(value)})`);
    }
    if (!(keepFirst && into.flags.has(name)))
      into.flags.set(name, negated ? value === "0" : value !== "0");
  } else if (STRING_OPTIONS.has(name)) {
    if (value === undefined || value === "")
      throw new UsageError(`${source.label(name)} needs a value`);
    if (REPEATABLE.has(name)) into.repeated.set(name, [...(into.repeated.get(name) ?? []), value]);
    else if (!(keepFirst && into.values.has(name))) into.values.set(name, value);
  } else {
    throw new UsageError(source.unknown(rawName));
  }
}

function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, "");
  const eq = body.indexOf("=");
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

const COMMAND_LINE: OptionSource = {
  label: (name) => `-${name}`,
  unknown: (name) => `unknown option -${name}`,
  firstWins: false,
};

function parseCommandLine(args: readonly string[]): OptionSet {
  const set = emptySet();
  for (const arg of args) {
    if (!arg.startsWith("-"))
      throw new UsageError(
        `unexpected argument ${JSON.stringify(arg)} (options look like -name=value)`,
      );
    const [name, value] = splitOption(arg);
    // Core rejects network-scoped options on the command line (PR 17482: they used to be
    // accepted and silently ignored); the network chosen there is the one they would scope to.
    if (name.includes(".")) {
      throw new UsageError(
        `invalid option ${arg}: network-scoped options (network.option=value) are only read from the -conf file; on the command line write -${name.slice(name.indexOf(".") + 1)}${value === undefined ? "" : `=${value}`}`,
      );
    }
    addOption(set, name, value, COMMAND_LINE);
  }
  return set;
}

/** A conf file split into the options before any section and those of each network section. */
interface ConfFile {
  readonly top: OptionSet;
  readonly sections: ReadonlyMap<string, OptionSet>;
}

/**
 * Parses conf file text the way Core's GetConfigOptions/ReadConfigStream do: `#` starts a comment,
 * spaces and tabs around names and values are trimmed, blank lines are skipped, `[name]` opens the
 * section of network `name`, and `name.option=value` scopes one option to network `name`. A line
 * with no `=`, an option written with a leading `-`, `conf=` itself and an unknown option are
 * errors naming the line.
 */
function parseConfText(text: string, path: string): ConfFile {
  const top = emptySet();
  const sections = new Map<string, OptionSet>();
  let section = "";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const at = `${path} line ${i + 1}`;
    const raw = lines[i]!;
    const hash = raw.indexOf("#");
    const line = (hash < 0 ? raw : raw.slice(0, hash)).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if (line === "") continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      section = line.slice(1, -1);
      continue;
    }
    if (line.startsWith("-")) {
      throw new UsageError(
        `${at}: options in a conf file are written without a leading "-" (got ${JSON.stringify(line)})`,
      );
    }
    const eq = line.indexOf("=");
    if (eq < 0) {
      const negation =
        line.startsWith("no") && line.length > 2 ? `; to negate an option write ${line}=1` : "";
      throw new UsageError(`${at}: expected name=value (got ${JSON.stringify(line)})${negation}`);
    }
    const key = (section === "" ? "" : `${section}.`) + line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (hash >= 0 && key.includes("rpcpassword")) {
      throw new UsageError(
        `${at}: a "#" in rpcpassword is ambiguous (it starts a comment); choose a password without "#"`,
      );
    }
    const dot = key.indexOf(".");
    const scope = dot < 0 ? "" : key.slice(0, dot);
    const name = dot < 0 ? key : key.slice(dot + 1);
    if (name === "conf") throw new UsageError(`${at}: conf cannot be set in a conf file`);
    let into = top;
    if (scope !== "") {
      into = sections.get(scope) ?? emptySet();
      sections.set(scope, into);
    }
    const scoped = scope === "" ? "" : `${scope}.`;
    addOption(into, name, value, {
      label: (n) => `${at}: ${scoped}${n}`,
      unknown: (n) => `${at}: unknown option ${scoped}${n}`,
      firstWins: true,
    });
  }
  return { top, sections };
}

function readConf(path: string, readFile: (path: string) => string): ConfFile {
  let text: string;
  try {
    text = readFile(path);
  } catch (e: unknown) {
    throw new UsageError(`-conf: cannot read ${path}: ${fileErrorReason(e)}`);
  }
  return parseConfText(text, path);
}

/** The reason a file could not be read, as a person would say it rather than as a syscall. */
function fileErrorReason(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}

/**
 * The name of the network the options choose, which is the conf section that applies: a built-in
 * chain under its Core name (`-chain=testnet3` is `test`), or a custom network under the `name`
 * in its `-network` file. Null when that cannot be told here (an unknown chain, an unreadable
 * network file): `hashforge node` reports those itself when it loads the network.
 */
function networkName(chosen: NodeArgs, readFile: (path: string) => string): string | null {
  const file = chosen.values.get("network");
  if (file !== undefined) {
    try {
      const json: unknown = JSON.parse(readFile(file));
      const name = (json as { name?: unknown } | null)?.name;
      return typeof name === "string" ? name : null;
    } catch {
      return null;
    }
  }
  const chain = chainFromArgs(chosen, "main");
  try {
    return chainParamsByName(chain).name;
  } catch (e: unknown) {
    if (e instanceof UnknownNetworkError) return null;
    throw e;
  }
}

/**
 * Merges sources in Core's order of precedence (common/settings.cpp MergeSettings): the command
 * line, then the network's section, then the top of the file. A single-valued option takes the
 * first source that sets it; a repeatable one collects the values of every source.
 */
function merge(sources: readonly OptionSet[], only?: (name: string) => boolean): NodeArgs {
  const out = emptySet();
  const keep = only ?? (() => true);
  for (const source of sources) {
    for (const [k, v] of source.values) if (keep(k) && !out.values.has(k)) out.values.set(k, v);
    for (const [k, v] of source.flags) if (keep(k) && !out.flags.has(k)) out.flags.set(k, v);
    for (const [k, v] of source.repeated)
      if (keep(k)) out.repeated.set(k, [...(out.repeated.get(k) ?? []), ...v]);
  }
  return out;
}

/**
 * Parses command-line options and the `-conf` file as bitcoind does. The file's options apply
 * below the command line; those before any `[section]` apply on every network, those in
 * `[name]` (or written `name.option=value`) only on network `name`: Core's chain names (`main`,
 * `test`, `testnet4`, `signet`, `regtest`), `demo`, or a custom network's name. A missing or
 * unreadable conf file and a malformed line are {@link UsageError}s naming the file and line.
 */
export function parseNodeArgs(
  args: readonly string[],
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): NodeArgs {
  const commandLine = parseCommandLine(args);
  const confPath = commandLine.values.get("conf");
  if (confPath === undefined) return commandLine;
  const conf = readConf(confPath, readFile);
  const chosen = merge([commandLine, conf.top], (name) => CHAIN_OPTIONS.has(name));
  const network = networkName(chosen, readFile);
  const section = network === null ? undefined : conf.sections.get(network);
  const notChain = (name: string) => !CHAIN_OPTIONS.has(name);
  const settings = merge([commandLine, ...(section ? [section] : []), conf.top], notChain);
  return {
    values: new Map([...chosen.values, ...settings.values]),
    repeated: settings.repeated,
    flags: new Map([...chosen.flags, ...settings.flags]),
  };
}

/** The chain a node runs, from -chain or a shorthand flag; conflicting choices are an error. */
export function chainFromArgs(args: NodeArgs, fallback: string): string {
  const chosen = new Set<string>();
  const chain = args.values.get("chain");
  if (chain) chosen.add(chain);
  for (const [flag, name] of [
    ["regtest", "regtest"],
    ["testnet", "test"],
    ["testnet4", "testnet4"],
    ["signet", "signet"],
    ["demo", "demo"],
  ] as const) {
    if (args.flags.get(flag)) chosen.add(name);
  }
  if (chosen.size > 1) throw new UsageError(`conflicting chains: ${[...chosen].join(", ")}`);
  return [...chosen][0] ?? fallback;
}
