import { generateRpcAuth } from "@hashforge/api";
import { type Command, UsageError } from "../command.js";
import { type CommandDeps, defaultDeps } from "../command-deps.js";
import {
  callRpcCli,
  convertRpcArgs,
  formatRpcCliReply,
  parseRpcCliArgs,
  RpcCliError,
} from "../rpc-client.js";

const USAGE = `usage: hashforge rpc [options] <command> [params]
       hashforge rpc [options] -named <command> [name=value]...
       hashforge rpc -generate-auth <user> [password]

Send a command to a hashforge node (or any bitcoind-compatible node), like bitcoin-cli.

  -rpcconnect=<ip>[:port]   node address (default 127.0.0.1)
  -rpcport=<port>           RPC port (default: the chain's, 8332 on main)
  -rpcuser=<user>           user for JSON-RPC connections
  -rpcpassword=<pw>         password (without it the cookie file is used)
  -rpccookiefile=<path>     cookie file (default <datadir>/<chain>/.cookie)
  -datadir=<dir>            data directory (default ~/.hashforge or $HASHFORGE_DATA_DIR)
  -chain=<name>             main, test, testnet4, signet, regtest
  -regtest -testnet -testnet4 -signet   shorthands for -chain
  -rpcwallet=<name>         send the call to /wallet/<name>
  -rpcclienttimeout=<s>     seconds to wait for the reply, 0 for no limit (default 900)
  -named                    pass named arguments (name=value) instead of positional ones
  -generate-auth            print an rpcauth=<user>:<salt>$<hash> line for the node's settings
`;

/** Runs `hashforge rpc` with the given dependencies; returns the exit code. */
export async function runRpc(args: string[], deps: CommandDeps): Promise<number> {
  let invocation: ReturnType<typeof parseRpcCliArgs>;
  try {
    invocation = parseRpcCliArgs(args, deps.dataDir);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    deps.stderr(`error: ${err.message}\n\n${USAGE}`);
    return 1;
  }
  if (invocation.kind === "help") {
    deps.stdout(USAGE);
    return 0;
  }
  if (invocation.kind === "generate-auth") {
    const { entry, password } = generateRpcAuth(invocation.user, invocation.password);
    deps.stdout(
      `Add this line to the node's settings:\nrpcauth=${entry}\nYour password:\n${password}\n`,
    );
    return 0;
  }
  try {
    const { settings, method } = invocation;
    const params = convertRpcArgs(method, invocation.args, settings.named);
    const reply = await callRpcCli(settings, method, params, {
      fetch: deps.fetch,
      readFile: deps.readFile,
    });
    const out = formatRpcCliReply(reply);
    if (out.stdout) deps.stdout(out.stdout);
    if (out.stderr) deps.stderr(out.stderr);
    return out.exitCode;
  } catch (err) {
    if (!(err instanceof RpcCliError)) throw err;
    deps.stderr(`error: ${err.message}\n`);
    return 1;
  }
}

/** `hashforge rpc`: a bitcoin-cli compatible JSON-RPC client. */
export const rpcCommand: Command = {
  name: "rpc",
  summary: "call a node's JSON-RPC interface, like bitcoin-cli",
  run: (args) => runRpc(args, defaultDeps()),
};
