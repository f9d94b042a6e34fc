import { readFileSync } from "node:fs";
import { UsageError } from "../command.js";

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
]);
const BOOL_OPTIONS = new Set([
  "regtest",
  "testnet",
  "testnet4",
  "signet",
  "demo",
  "wallet",
  "reindex",
  "printtoconsole",
  "help",
]);

/** Parsed node options: the last value of each option wins, except the repeatable ones. */
export interface NodeArgs {
  readonly values: ReadonlyMap<string, string>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlyMap<string, boolean>;
}

const REPEATABLE = new Set(["rpcbind", "rpcallowip", "rpcauth"]);

function parseInto(
  entries: readonly [string, string | undefined][],
  values: Map<string, string>,
  repeated: Map<string, string[]>,
  flags: Map<string, boolean>,
  origin: string,
): void {
  for (const [rawName, value] of entries) {
    const negated = rawName.startsWith("no") && BOOL_OPTIONS.has(rawName.slice(2));
    const name = negated ? rawName.slice(2) : rawName;
    if (BOOL_OPTIONS.has(name)) {
      if (value !== undefined && value !== "0" && value !== "1") {
        throw new UsageError(`${origin}-${name}: expected 0 or 1 (got ${JSON.stringify(value)})`);
      }
      flags.set(name, negated ? value === "0" : value !== "0");
    } else if (STRING_OPTIONS.has(name)) {
      if (value === undefined || value === "")
        throw new UsageError(`${origin}-${name} needs a value`);
      if (REPEATABLE.has(name)) repeated.set(name, [...(repeated.get(name) ?? []), value]);
      else values.set(name, value);
    } else {
      throw new UsageError(`${origin}unknown option -${rawName}`);
    }
  }
}

function splitOption(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, "");
  const eq = body.indexOf("=");
  return eq < 0 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

/**
 * Parses command-line options, then the `-conf` file (`name=value` lines, `#` comments) for
 * options the command line did not give, as bitcoind does.
 */
export function parseNodeArgs(
  args: readonly string[],
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): NodeArgs {
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const flags = new Map<string, boolean>();
  for (const arg of args) {
    if (!arg.startsWith("-"))
      throw new UsageError(
        `unexpected argument ${JSON.stringify(arg)} (options look like -name=value)`,
      );
  }
  parseInto(args.map(splitOption), values, repeated, flags, "");
  const conf = values.get("conf");
  if (conf !== undefined) {
    let text: string;
    try {
      text = readFile(conf);
    } catch (e: unknown) {
      throw new UsageError(
        `-conf: cannot read ${conf}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const fromFile = new Map<string, string>();
    const fileRepeated = new Map<string, string[]>();
    const fileFlags = new Map<string, boolean>();
    const lines = text
      .split("\n")
      .map((l) => l.replace(/#.*$/, "").trim())
      .filter((l) => l.length > 0 && !l.startsWith("["));
    parseInto(lines.map(splitOption), fromFile, fileRepeated, fileFlags, `${conf}: `);
    for (const [k, v] of fromFile) if (!values.has(k)) values.set(k, v);
    for (const [k, v] of fileRepeated) if (!repeated.has(k)) repeated.set(k, v);
    for (const [k, v] of fileFlags) if (!flags.has(k)) flags.set(k, v);
  }
  return { values, repeated, flags };
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
