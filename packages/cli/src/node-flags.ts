// `--node URL` and `--rpc-cookie FILE`, read the same way by every command that asks a node.

import { RpcClientError } from "@hashforge/rpc-client";
import { UsageError } from "./command.js";
import type { CommandDeps } from "./command-deps.js";
import { fetchNetworkStats, type NodeNetworkStats } from "./node-rpc.js";

/** The node flags as parsed from the command line. */
export interface NodeFlags {
  /** `--node`: bitcoind JSON-RPC URL, possibly with `user:pass@`. */
  readonly node?: string | undefined;
  /** `--rpc-cookie`: path of bitcoind's `.cookie` file. */
  readonly rpcCookie?: string | undefined;
}

/**
 * Reads network figures from the node named by `--node` (credentials from `--rpc-cookie` when
 * given), averaging fees and block time over `sampleBlocks`; null without `--node`. Failures are
 * {@link UsageError}s naming the flag, so the person knows which one to fix.
 */
export async function fetchNodeFromFlags(
  flags: NodeFlags,
  deps: CommandDeps,
  sampleBlocks = 144,
): Promise<NodeNetworkStats | null> {
  if (flags.node === undefined) return null;
  const credentials =
    flags.rpcCookie === undefined ? undefined : readRpcCookie(flags.rpcCookie, deps);
  try {
    return await fetchNetworkStats(
      { url: flags.node, fetch: deps.fetch, ...(credentials ? { credentials } : {}) },
      sampleBlocks,
    );
  } catch (err) {
    if (!(err instanceof RpcClientError)) throw err;
    const hint = err.code === "auth" ? "; check the user:pass in --node or --rpc-cookie" : "";
    throw new UsageError(`--node: ${err.message}${hint}`);
  }
}

/** Reads `user:password` from a bitcoind `.cookie` file; a {@link UsageError} if it cannot. */
export function readRpcCookie(path: string, deps: CommandDeps): string {
  try {
    const text = deps.readFile(path).trim();
    if (!text.includes(":")) throw new Error("expected user:password");
    return text;
  } catch (err) {
    throw new UsageError(
      `--rpc-cookie: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
