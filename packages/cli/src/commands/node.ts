import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import {
  type ApiServer,
  createApiServer,
  createControlMethods,
  createNodeRpcMethods,
  createZmqRpcMethods,
  listenApiServer,
  nodeNetworkSource,
  RpcHttpServer,
  RpcTable,
} from "@hashforge/api";
import {
  addressToScript,
  type ChainParams,
  chainParamsByName,
  hashToHex,
  parseCustomNetwork,
} from "@hashforge/consensus";
import { supplyParamsFromChain } from "@hashforge/economics";
import { maxMinerThreads } from "@hashforge/miner";
import { HashforgeNode, type Service, ServiceGroup } from "@hashforge/node";
import { BlockMiner, type MiningMode, NodeWorkSource } from "@hashforge/work";
import { ZmqConfigError, ZmqNotifier, zmqEndpointsFromArgs } from "@hashforge/zmq";
import { type Command, UsageError } from "../command.js";
import { networkSubdir } from "../datadir.js";
import { createNodeLogger } from "../node/logger.js";
import { parseMiningMode } from "../node/mining-mode.js";
import { chainFromArgs, parseNodeArgs } from "../node/node-args.js";

/** Port of the HTTP API unless -apiport says otherwise (Esplora's mainnet default). */
const DEFAULT_API_PORT = 3000;

const USAGE = `usage: hashforge node [options]

Runs a hashforge full node with a bitcoind-compatible JSON-RPC server.

  -datadir=<dir>        data directory (default ~/.hashforge; each chain in its own sub-folder)
  -chain=<name>         main, test, testnet4, signet, regtest, demo (or -regtest, -signet, -demo ...)
  -network=<file>       run a custom network defined in a JSON file (hashforge network new)
  -conf=<file>          read options from a file (name=value lines, [network] sections)
  -rpcport=<port>       JSON-RPC port (default: the chain's)
  -rpcbind=<addr>       address to listen on (default 127.0.0.1 and ::1; repeatable; used only
                        with -rpcallowip, as in Core)
  -rpcallowip=<ip/cidr> also accept RPC from these addresses (repeatable)
  -rpcuser=<u> -rpcpassword=<p> | -rpcauth=<user:salt$hash>   credentials besides the cookie
  -api                  also serve the HTTP API (/api/v1/...; on by default for hashforge up)
  -apiport=<port>       HTTP API port (default ${DEFAULT_API_PORT}; 0 = any free port)
  -zmqpub<topic>=<address>  publish ZMQ notifications as bitcoind (hashblock, rawblock,
                        hashtx, rawtx, sequence; address tcp://127.0.0.1:28332; see docs/zmq.md)
  -txindex              keep an index of every transaction (getrawtransaction for any txid)
  -dbcache=<MiB>        UTXO cache size (default 450)
  -par=<n>              script verification threads, this one included (0 = one per core,
                        <0 = leave that many cores free; default 0)
  -mine=<N>             mine with N threads (test networks); -mine=interval:10s for one block per interval
  -mineaddress=<addr>   pay mined blocks here (default: a new dev-wallet address)
  -nowallet             run without the development wallet
  -reindex              rebuild the block index, UTXO set and indexes from the block files
  -maxtipage=<s>        a tip older than this means initial block download (default 86400)
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

/** The options `up` (npm start) runs the node with: the demo network, mining, data in ./data, the HTTP API. */
export const DEMO_NODE_ARGS = ["-chain=demo", "-datadir=./data", "-mine=1", "-api"];

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
  if (!/^-?\d+$/.test(value) || n < min || n > max)
    throw new UsageError(
      `-${name}: expected a whole number from ${min} to ${max} (got "${value}")`,
    );
  return n;
}

/** -mine, checked against the thread limit before anything starts. */
function miningMode(value: string | undefined, params: ChainParams): MiningMode | null {
  if (value === undefined) return null;
  if (!params.isTestChain) throw new UsageError("-mine is not available on mainnet");
  let mode: MiningMode;
  try {
    mode = parseMiningMode(value);
  } catch (e: unknown) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const limit = maxMinerThreads();
  if (mode.kind === "threads" && mode.threads > limit) {
    throw new UsageError(`-mine: at most ${limit} threads on this machine (got ${mode.threads})`);
  }
  return mode;
}

/** The -zmqpub* endpoints, checked before anything starts. */
function zmqEndpoints(parsed: ReturnType<typeof parseNodeArgs>) {
  try {
    return zmqEndpointsFromArgs(
      (name) =>
        parsed.repeated.get(name) ??
        (parsed.values.has(name) ? [parsed.values.get(name)!] : undefined),
    );
  } catch (error: unknown) {
    if (error instanceof ZmqConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The HTTP API (economics, health) as a service on 127.0.0.1. */
function httpApiService(node: HashforgeNode, port: number): Service & { url: string } {
  let app: ApiServer | null = null;
  const service = {
    name: "http-api",
    url: "",
    async start() {
      app = await createApiServer({
        networkSource: nodeNetworkSource(node),
        defaultSupply: supplyParamsFromChain(node.params),
      });
      try {
        service.url = await listenApiServer(app, { port });
      } catch (error: unknown) {
        await app.close();
        const code = (error as { code?: string }).code;
        throw new UsageError(
          `cannot serve the HTTP API on 127.0.0.1:${port}: ${code === "EADDRINUSE" ? "address in use (try -apiport)" : error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    async stop() {
      await app?.close();
    },
  };
  return service;
}

/** Starts a node with `args` and resolves with the exit code once it has stopped. */
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
  const rpcPort = integerOption(parsed.values.get("rpcport"), "rpcport", 1, 65535, params.rpcPort);
  const apiPort = integerOption(
    parsed.values.get("apiport"),
    "apiport",
    0,
    65535,
    DEFAULT_API_PORT,
  );
  const dbcacheMiB = integerOption(parsed.values.get("dbcache"), "dbcache", 4, 1 << 20, 450);
  const par = integerOption(
    parsed.values.get("par"),
    "par",
    -MAX_SCRIPT_THREADS,
    MAX_SCRIPT_THREADS,
    0,
  );
  const maxTipAge = integerOption(
    parsed.values.get("maxtipage"),
    "maxtipage",
    1,
    2 ** 31 - 1,
    86_400,
  );
  const flushIntervalSeconds = integerOption(
    parsed.values.get("flushinterval"),
    "flushinterval",
    0,
    86_400,
    60,
  );
  const mode = miningMode(parsed.values.get("mine"), params);
  const zmq = zmqEndpoints(parsed);
  const mineAddress = parsed.values.get("mineaddress");
  let minePayout: Uint8Array | null = null;
  if (mineAddress !== undefined) {
    try {
      minePayout = addressToScript(mineAddress, params);
    } catch {
      throw new UsageError(`-mineaddress: not a ${params.name} address: ${mineAddress}`);
    }
  }
  const wallet = parsed.flags.get("wallet") ?? params.isTestChain;
  if (mode && minePayout === null && !wallet) {
    throw new UsageError("-mine without a wallet needs -mineaddress");
  }
  const logger = createNodeLogger({
    level: parsed.values.get("loglevel") ?? "info",
    human: process.stdout.isTTY === true,
  });

  let exitCode = 0;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  const services = new ServiceGroup(logger);
  let stopping = false;
  const shutdown = async (why: string, code = 0) => {
    if (code !== 0) exitCode = code;
    if (stopping) return;
    stopping = true;
    logger.info({ why }, "Shutting down");
    await services.stop();
    resolveStopped();
  };
  const node = new HashforgeNode({
    params,
    dataDir,
    logger,
    dbcacheBytes: dbcacheMiB * 1024 * 1024,
    scriptThreads: scriptThreads(par),
    reindex: parsed.flags.get("reindex") ?? false,
    txindex: parsed.flags.get("txindex") ?? false,
    maxTipAgeSeconds: maxTipAge,
    wallet,
    flushIntervalSeconds,
    // Core's AbortNode: a node that cannot store blocks stops rather than run on without them.
    onFatal: () => void shutdown("fatal error", 1),
  });
  const table = new RpcTable();
  table.registerAll(
    createControlMethods({ table, now: () => Date.now(), onStop: () => void shutdown("stop RPC") }),
  );
  table.registerAll(createNodeRpcMethods(node));
  // ZMQ subscribes before the node starts, so it sees the events of start-up too (as in Core).
  const notifier =
    zmq.length === 0
      ? null
      : new ZmqNotifier({
          endpoints: zmq,
          events: node.events,
          logger,
          getBlock: async (hash) => {
            const entry = node.chain.entry(hashToHex(hash));
            return entry === undefined ? undefined : node.chain.readBlock(entry);
          },
        });
  table.registerAll(createZmqRpcMethods(notifier ?? { notifications: () => [] }));
  const cookieFile = join(dataDir, ".cookie");
  const user = parsed.values.get("rpcuser");
  const password = parsed.values.get("rpcpassword");
  const rpc = new RpcHttpServer({
    table,
    port: rpcPort,
    ...(parsed.repeated.get("rpcbind") ? { bind: parsed.repeated.get("rpcbind")! } : {}),
    allowIps: parsed.repeated.get("rpcallowip") ?? [],
    loadedWallets: () => (wallet ? [""] : []),
    auth: {
      cookieFile,
      ...(user === undefined ? {} : { user }),
      ...(password === undefined ? {} : { password }),
      rpcauth: parsed.repeated.get("rpcauth") ?? [],
    },
    logger,
  });
  const api = parsed.flags.get("api") ? httpApiService(node, apiPort) : null;
  let miner: BlockMiner | null = null;
  if (notifier)
    services.add({ name: "zmq", start: () => notifier.start(), stop: () => notifier.stop() });
  services.add(node).add({
    name: "rpc",
    start: async () => {
      await rpc.start();
      table.setWarmupFinished();
    },
    stop: () => rpc.stop(),
  });
  if (api) services.add(api);
  if (mode) {
    services.add({
      name: "miner",
      start: async () => {
        const payout =
          minePayout ?? addressToScript(await node.wallet!.getNewAddress("mining"), params);
        miner = new BlockMiner({
          source: new NodeWorkSource(node),
          payoutScript: payout,
          mode,
          logger,
        });
        await miner.start();
      },
      stop: async () => {
        await miner?.stop();
      },
    });
  }
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await services.start();
  if (stopping) {
    await stopped;
    return exitCode;
  }
  // IPv4 first: the address most clients are given.
  const rpcUrls = [...rpc.boundAddresses]
    .sort((a, b) => Number(a.host.includes(":")) - Number(b.host.includes(":")))
    .map((a) =>
      a.host.includes(":") ? `http://[${a.host}]:${a.port}` : `http://${a.host}:${a.port}`,
    );
  banner([
    `hashforge node: ${params.name} network, height ${node.chain.height}, data in ${dataDir}`,
    `rpc: ${rpcUrls.join(" ")}`,
    ...(password === undefined
      ? [
          `cookie: ${cookieFile}`,
          `try: node packages/cli/dist/src/main.js rpc -datadir=${datadirOption} -chain=${params.name} uptime`,
        ]
      : [`rpc auth: -rpcuser/-rpcpassword (no cookie)`]),
    ...(api ? [`http api: ${api.url}/api/v1/economics/halving`] : []),
    mode
      ? `mining: ${mode.kind === "threads" ? `${mode.threads} thread(s)` : `one block every ${mode.seconds} s`}`
      : "mining: off",
  ]);
  await stopped;
  return exitCode;
}

/** `hashforge node`: a full node with JSON-RPC. */
export const nodeCommand: Command = {
  name: "node",
  summary: "run a full node with a bitcoind-compatible JSON-RPC server",
  run: (args) => runNode(args, (lines) => process.stdout.write(`${lines.join("\n")}\n`)),
};

/** `hashforge up` (npm start): the demo network node, mining with one thread, RPC and the HTTP API. */
export const upCommand: Command = {
  name: "up",
  summary: "run the demo network: node, miner, RPC and HTTP API on this machine (npm start)",
  run: (args) =>
    runNode([...DEMO_NODE_ARGS, ...args], (lines) => process.stdout.write(`${lines.join("\n")}\n`)),
};
