import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import {
  createControlMethods,
  createNodeRpcMethods,
  RpcHttpServer,
  RpcTable,
} from "@hashforge/api";
import {
  addressToScript,
  type ChainParams,
  chainParamsByName,
  parseCustomNetwork,
} from "@hashforge/consensus";
import { HashforgeNode } from "@hashforge/node";
import { type Command, UsageError } from "../command.js";
import { networkSubdir } from "../datadir.js";
import { BuiltinMiner, parseMiningMode } from "../node/builtin-miner.js";
import { createNodeLogger } from "../node/logger.js";
import { chainFromArgs, parseNodeArgs } from "../node/node-args.js";
import { nodeClock, rpcNodeContext } from "../node/rpc-node-context.js";

const USAGE = `usage: hashforge node [options]

Runs a hashforge full node with a bitcoind-compatible JSON-RPC server.

  -datadir=<dir>        data directory (default ~/.hashforge; each chain in its own sub-folder)
  -chain=<name>         main, test, testnet4, signet, regtest, demo (or -regtest, -signet, -demo ...)
  -network=<file>       run a custom network defined in a JSON file (hashforge network new)
  -conf=<file>          read options from a file (name=value lines)
  -rpcport=<port>       JSON-RPC port (default: the chain's)
  -rpcbind=<addr>       address to listen on (default 127.0.0.1; repeatable)
  -rpcallowip=<ip/cidr> also accept RPC from these addresses (repeatable)
  -rpcuser=<u> -rpcpassword=<p> | -rpcauth=<user:salt$hash>   credentials besides the cookie
  -dbcache=<MiB>        UTXO cache size (default 450)
  -par=<n>              script verification threads, this one included (0 = one per core,
                        <0 = leave that many cores free; default 0)
  -mine=<N>             mine with N threads (not on main); -mine=interval:10s for one block per interval
  -mineaddress=<addr>   pay mined blocks here (default: a new dev-wallet address)
  -nowallet             run without the development wallet
  -reindex              rebuild the block index and UTXO set from the block files
  -loglevel=<level>     debug, info, warn, error (default info)
  -flushinterval=<s>    longest time between chainstate flushes (default 60)
`;

/** Core's cap on script verification threads (MAX_SCRIPTCHECK_THREADS). */
const MAX_SCRIPT_THREADS = 15;

/** Threads verifying scripts for -par (Core's rule): 0 = one per core, <0 = leave cores free. */
export function scriptThreads(par: number, cores = availableParallelism()): number {
  const n = par <= 0 ? cores + par : par;
  return Math.max(1, Math.min(MAX_SCRIPT_THREADS, n));
}

/** The options `up` (npm start) runs the node with: the demo network, mining, data in ./data. */
export const DEMO_NODE_ARGS = ["-chain=demo", "-datadir=./data", "-mine=1"];

function networkParams(args: ReturnType<typeof parseNodeArgs>): ChainParams {
  const file = args.values.get("network");
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (e: unknown) {
      throw new UsageError(
        `-network: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return parseCustomNetwork(json);
  }
  return chainParamsByName(chainFromArgs(args, "main"));
}

function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(
      `-${name}: expected a whole number from ${min} to ${max} (got "${value}")`,
    );
  return n;
}

/** Starts a node with `args` and resolves when it has stopped (SIGINT, SIGTERM or the stop RPC). */
export async function runNode(args: string[], banner: (lines: string[]) => void): Promise<number> {
  const parsed = parseNodeArgs(args);
  if (parsed.flags.get("help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const params = networkParams(parsed);
  const datadirOption = parsed.values.get("datadir") ?? join(process.env.HOME ?? ".", ".hashforge");
  const dataDir = join(
    isAbsolute(datadirOption) ? datadirOption : resolve(datadirOption),
    networkSubdir(params.name),
  );
  const isMain = params.name === "main";
  const rpcPort = integerOption(parsed.values.get("rpcport"), "rpcport", 1, 65535, params.rpcPort);
  const dbcacheMiB = integerOption(parsed.values.get("dbcache"), "dbcache", 4, 1 << 20, 450);
  const par = integerOption(
    parsed.values.get("par"),
    "par",
    -MAX_SCRIPT_THREADS,
    MAX_SCRIPT_THREADS,
    0,
  );
  const mineOption = parsed.values.get("mine");
  if (mineOption !== undefined && isMain) throw new UsageError("-mine is not available on mainnet");
  let mode: ReturnType<typeof parseMiningMode> | null = null;
  try {
    mode = mineOption === undefined ? null : parseMiningMode(mineOption);
  } catch (e: unknown) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const mineAddress = parsed.values.get("mineaddress");
  let minePayout: Uint8Array | null = null;
  if (mineAddress !== undefined) {
    try {
      minePayout = addressToScript(mineAddress, params);
    } catch {
      throw new UsageError(`-mineaddress: not a ${params.name} address: ${mineAddress}`);
    }
  }
  const logger = createNodeLogger({
    level: parsed.values.get("loglevel") ?? "info",
    human: process.stdout.isTTY === true,
  });
  const wallet = parsed.flags.get("wallet") ?? !isMain;
  const flushIntervalSeconds = integerOption(
    parsed.values.get("flushinterval"),
    "flushinterval",
    0,
    86_400,
    60,
  );
  const clock = nodeClock();
  const node = await HashforgeNode.start({
    now: () => clock.now(),
    params,
    dataDir,
    logger,
    dbcacheBytes: dbcacheMiB * 1024 * 1024,
    scriptThreads: scriptThreads(par),
    reindex: parsed.flags.get("reindex") ?? false,
    wallet,
    flushIntervalSeconds,
  });
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  let stopping = false;
  let miner: BuiltinMiner | null = null;
  const table = new RpcTable();
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, "Shutting down");
    // Each part stops even when another fails, and the chain is flushed last.
    for (const [name, stop] of [
      ["miner", () => miner?.stop()],
      ["rpc", () => server.stop()],
      ["node", () => node.stop()],
    ] as const) {
      try {
        await stop();
      } catch (error: unknown) {
        logger.error(
          { part: name, err: error instanceof Error ? error.message : String(error) },
          "Stopping failed",
        );
      }
    }
    resolveStopped();
  };
  table.registerAll(
    createControlMethods({ table, now: () => Date.now(), onStop: () => void shutdown("stop RPC") }),
  );
  table.registerAll(createNodeRpcMethods(rpcNodeContext(node, clock)));
  table.setWarmupFinished();
  const cookieFile = join(dataDir, ".cookie");
  const user = parsed.values.get("rpcuser");
  const password = parsed.values.get("rpcpassword");
  const server = new RpcHttpServer({
    table,
    port: rpcPort,
    bind: parsed.repeated.get("rpcbind") ?? ["127.0.0.1"],
    allowIps: parsed.repeated.get("rpcallowip") ?? [],
    auth: {
      cookieFile,
      ...(user === undefined ? {} : { user }),
      ...(password === undefined ? {} : { password }),
      rpcauth: parsed.repeated.get("rpcauth") ?? [],
    },
    logger,
  });
  await server.start();
  if (mode) {
    const walletAddress =
      minePayout === null ? await node.wallet?.getNewAddress("mining") : undefined;
    const payout =
      minePayout ?? (walletAddress === undefined ? null : addressToScript(walletAddress, params));
    if (payout === null) {
      await shutdown("no payout address");
      throw new UsageError("-mine without a wallet needs -mineaddress");
    }
    miner = new BuiltinMiner(node, payout, mode, logger, () => clock.now());
    miner.start();
  }
  banner([
    `hashforge node: ${params.name} network, height ${node.chain.height}, data in ${dataDir}`,
    `rpc: http://127.0.0.1:${server.port}`,
    `cookie: ${cookieFile}`,
    mode
      ? `mining: ${mode.kind === "threads" ? `${mode.threads} thread(s)` : `one block every ${mode.seconds} s`}`
      : "mining: off",
    `try: node packages/cli/dist/src/main.js rpc -datadir=${datadirOption} -chain=${params.name} uptime`,
  ]);
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await stopped;
  return 0;
}

/** `hashforge node`: a full node with JSON-RPC. */
export const nodeCommand: Command = {
  name: "node",
  summary: "run a full node with a bitcoind-compatible JSON-RPC server",
  run: (args) => runNode(args, (lines) => process.stdout.write(`${lines.join("\n")}\n`)),
};

/** `hashforge up` (npm start): the demo network node, mining with one thread, data in ./data. */
export const upCommand: Command = {
  name: "up",
  summary: "run the demo network: node, miner and RPC on this machine (npm start)",
  run: (args) =>
    runNode([...DEMO_NODE_ARGS, ...args], (lines) => process.stdout.write(`${lines.join("\n")}\n`)),
};
