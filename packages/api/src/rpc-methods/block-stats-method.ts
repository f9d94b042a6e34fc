// The getblockstats RPC: resolves its block and selects statistics (Core's getblockstats).

import type { Coin } from "@hashforge/consensus";
import type { BlockIndexEntry } from "@hashforge/node";
import { JsonNumber, type JsonValue, type RpcResultValue } from "../jsonrpc/json-value.js";
import { parseHashArg, parseIntArg } from "../jsonrpc/rpc-args.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { BLOCK_STAT_NAMES, type BlockStats, computeBlockStats } from "./block-stats.js";
import { readBlockChecked, requireBlock } from "./chain-json.js";
import type { RpcNodeContext } from "./node-context.js";
import type { JsonResultObject } from "./tx-to-json.js";

/** Resolves getblockstats' `hash_or_height` to an active-chain block (Core's ParseHashOrHeight). */
function blockByHashOrHeight(ctx: RpcNodeContext, value: JsonValue): BlockIndexEntry {
  if (value instanceof JsonNumber) {
    const height = parseIntArg(value);
    const tip = ctx.chain.height;
    if (height < 0) {
      throw new RpcError(
        RpcErrorCode.RPC_INVALID_PARAMETER,
        `Target block height ${height} is negative`,
      );
    }
    if (height > tip) {
      throw new RpcError(
        RpcErrorCode.RPC_INVALID_PARAMETER,
        `Target block height ${height} after current tip ${tip}`,
      );
    }
    return ctx.chain.atHeight(height)!;
  }
  if (typeof value !== "string") {
    throw new RpcError(
      RpcErrorCode.RPC_TYPE_ERROR,
      "hash_or_height must be a block height (numeric) or a block hash (string)",
    );
  }
  const entry = requireBlock(ctx, parseHashArg(value, "hash_or_height"));
  if (!ctx.chain.isActive(entry)) {
    throw new RpcError(
      RpcErrorCode.RPC_INVALID_PARAMETER,
      `Block is not in chain ${ctx.params.name}`,
    );
  }
  return entry;
}

/** Creates getblockstats. */
export function createBlockStatsMethod(ctx: RpcNodeContext): RpcMethod {
  return defineRpcMethod({
    name: "getblockstats",
    category: "blockchain",
    description:
      "Compute per block statistics for a given window. All amounts are in satoshis.\nIt won't work for some heights with pruning.",
    params: [
      {
        name: "hash_or_height",
        type: "any",
        typeStr: ["", "string or numeric"],
        oneline: '"hash_or_height"',
        description: "The block hash or height of the target block",
      },
      {
        name: "stats",
        type: "arr",
        defaultHint: "all values",
        description: "Values to plot (see result below)",
        inner: [
          { name: "height", type: "str", description: "Selected statistic" },
          { name: "time", type: "str", description: "Selected statistic" },
        ],
      },
    ],
    result: {
      type: "obj",
      inner: BLOCK_STAT_NAMES.map((key) => ({
        type:
          key === "feerate_percentiles"
            ? ("arr" as const)
            : key === "blockhash"
              ? ("str_hex" as const)
              : ("num" as const),
        key,
        optional: true,
        description: `Block statistic ${key}`,
      })),
    },
    examples:
      helpExampleCli(
        "getblockstats",
        `'"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"' '["minfeerate","avgfeerate"]'`,
      ) +
      helpExampleCli("getblockstats", `1000 '["minfeerate","avgfeerate"]'`) +
      helpExampleRpc(
        "getblockstats",
        `"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09", ["minfeerate","avgfeerate"]`,
      ) +
      helpExampleRpc("getblockstats", `1000, ["minfeerate","avgfeerate"]`),
    handler: async ({ hash_or_height, stats }) => {
      const selected = new Set<string>();
      for (const s of stats ?? []) {
        if (typeof s !== "string") {
          throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "JSON value is not a string as expected");
        }
        selected.add(s);
      }
      const entry = blockByHashOrHeight(ctx, hash_or_height);
      const block = await readBlockChecked(ctx, entry);
      let undo: readonly (readonly Coin[])[] = [];
      if (entry.height > 0) {
        const read = await ctx.chain.readUndo(entry);
        if (read === null) {
          throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Can't read undo data from disk");
        }
        undo = read;
      }
      const all = computeBlockStats(block, undo, entry, ctx.params);
      if (selected.size === 0) return all as unknown as RpcResultValue;
      const out: JsonResultObject = {};
      for (const name of [...selected].sort()) {
        if (!(BLOCK_STAT_NAMES as readonly string[]).includes(name)) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            `Invalid selected statistic '${name}'`,
          );
        }
        out[name] = all[name as keyof BlockStats] as RpcResultValue;
      }
      return out;
    },
  });
}
