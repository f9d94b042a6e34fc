// A real regtest HashforgeNode in a temporary directory behind the RPC method table, for RPC
// method tests: the same node `hashforge node` runs, on a clock the test moves.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTx, REGTEST_PARAMS } from "@hashforge/consensus";
import { HashforgeNode, type NodeOptions } from "@hashforge/node";
import { createControlMethods } from "../../src/jsonrpc/control-methods.js";
import type { JsonValue, RpcResultValue } from "../../src/jsonrpc/json-value.js";
import { parseJson } from "../../src/jsonrpc/parse-json.js";
import { RpcError } from "../../src/jsonrpc/rpc-error.js";
import { RpcTable } from "../../src/jsonrpc/rpc-table.js";
import { writeJson } from "../../src/jsonrpc/write-json.js";
import { createNodeRpcMethods } from "../../src/rpc-methods/node-rpc-methods.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Options of {@link startRpcNode}. */
export interface RpcNodeOptions {
  readonly wallet?: boolean;
  /** Initial clock, UNIX seconds (default: 1,000 s after the regtest genesis). */
  readonly time?: number;
  /** More node options (txindex, maxTipAgeSeconds...). */
  readonly node?: Partial<NodeOptions>;
}

/** A running test node, an RPC table over it, and helpers. */
export interface RpcNode {
  readonly node: HashforgeNode;
  readonly table: RpcTable;
  readonly clock: { now: number };
  readonly dir: string;
  /** Calls a method; the result is plain JSON (as a client sees it). */
  call(method: string, params?: readonly unknown[] | Record<string, unknown>): Promise<unknown>;
  /** Calls a method expecting an RpcError; returns its code and message. */
  callError(
    method: string,
    params?: readonly unknown[] | Record<string, unknown>,
  ): Promise<{ code: number; message: string }>;
  /** Stops the node and starts it again on the same directory and clock. */
  restart(): Promise<RpcNode>;
  dispose(): Promise<void>;
}

/** Round-trips a result through the JSON writer and parser, as a client would see it. */
function asClientJson(value: RpcResultValue): unknown {
  return JSON.parse(writeJson(value));
}

/** Starts a regtest node in a temporary directory (or `dir`) with its RPC methods. */
export async function startRpcNode(
  options: RpcNodeOptions = {},
  reuse?: { dir: string; clock: { now: number } },
): Promise<RpcNode> {
  const params = REGTEST_PARAMS;
  const dir = reuse?.dir ?? mkdtempSync(join(tmpdir(), "hf-rpc-"));
  const clock = reuse?.clock ?? { now: options.time ?? params.genesisHeader.time + 1000 };
  const node = await HashforgeNode.start({
    params,
    dataDir: dir,
    logger: silent,
    now: () => clock.now,
    wallet: options.wallet ?? false,
    flushIntervalSeconds: 3600,
    ...options.node,
  });
  const table = new RpcTable({ warmup: false });
  table.registerAll(
    createControlMethods({ table, now: () => node.now() * 1000, onStop: () => {} }),
  );
  table.registerAll(createNodeRpcMethods(node));
  const toJsonParams = (p: readonly unknown[] | Record<string, unknown>) =>
    parseJson(JSON.stringify(p)) as readonly JsonValue[] | { readonly [k: string]: JsonValue };
  const rpc: RpcNode = {
    node,
    table,
    clock,
    dir,
    async call(method, p = []) {
      return asClientJson(await table.execute({ method, params: toJsonParams(p) }));
    },
    async callError(method, p = []) {
      try {
        await table.execute({ method, params: toJsonParams(p) });
      } catch (err) {
        if (err instanceof RpcError) return { code: err.code, message: err.message };
        throw err;
      }
      throw new Error(`${method} did not fail`);
    },
    async restart() {
      await node.stop();
      return startRpcNode(options, { dir, clock });
    },
    async dispose() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rpc;
}

/** Hex of a transaction, for RPC params. */
export function txHex(tx: Parameters<typeof encodeTx>[0]): string {
  return Buffer.from(encodeTx(tx)).toString("hex");
}
