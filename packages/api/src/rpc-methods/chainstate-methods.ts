// UTXO set and chain-state RPCs (Core's rpc/blockchain.cpp): gettxout, gettxoutsetinfo,
// verifychain, invalidateblock, reconsiderblock.

import { type Coin, hashToHex, toHex } from "@hashforge/consensus";
import { muhashHasher, serializedHasher } from "@hashforge/node";
import { valueFromAmount } from "../jsonrpc/amount.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { requireBlock } from "./chain-json.js";
import type { RpcNodeContext } from "./node-context.js";
import { scriptToJson } from "./tx-to-json.js";

/** Core's default verifychain level and depth (-checklevel, -checkblocks). */
export const DEFAULT_CHECKLEVEL = 3;
export const DEFAULT_CHECKBLOCKS = 6;

/** Bytes Core counts per coin in gettxoutsetinfo's `bogosize` (GetBogoSize). */
function bogoSize(coin: Coin): number {
  return 32 + 4 + 4 + 8 + 2 + coin.output.scriptPubKey.length;
}

/** Creates the UTXO and chain-state RPC methods. */
export function createChainstateMethods(ctx: RpcNodeContext): RpcMethod[] {
  const blockhashParam = {
    name: "blockhash",
    type: "hash",
    description: "the hash of the block to mark as invalid",
  } as const;
  return [
    defineRpcMethod({
      name: "gettxout",
      category: "blockchain",
      description: "Returns details about an unspent transaction output.",
      params: [
        { name: "txid", type: "hash", description: "The transaction id" },
        { name: "n", type: "int", description: "vout number" },
        {
          name: "include_mempool",
          type: "bool",
          default: true,
          description:
            "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear.",
        },
      ],
      result: [
        { type: "none", cond: "If the UTXO was not found", description: "" },
        {
          type: "obj",
          cond: "Otherwise",
          inner: [
            {
              type: "str_hex",
              key: "bestblock",
              description: "The hash of the block at the tip of the chain",
            },
            { type: "num", key: "confirmations", description: "The number of confirmations" },
            { type: "str_amount", key: "value", description: "The transaction value in BTC" },
            {
              type: "obj",
              key: "scriptPubKey",
              inner: [{ type: "elision", description: "asm, desc, hex, type, address" }],
            },
            { type: "bool", key: "coinbase", description: "Coinbase or not" },
          ],
        },
      ],
      examples: helpExampleCli("gettxout", '"txid" 1') + helpExampleRpc("gettxout", '"txid", 1'),
      handler: async ({ txid, n, include_mempool }) => {
        if (n < 0) return null;
        let coin: Coin | undefined;
        let inMempool = false;
        if (include_mempool) {
          if (ctx.mempool.spenderOf(txid, n) !== undefined) return null;
          const entry = ctx.mempool.getEntry(txid);
          const output = entry?.tx.outputs[n];
          if (output !== undefined) {
            coin = { output, height: 0, coinbase: false };
            inMempool = true;
          }
        }
        // The coin and the tip it is counted against come from one moment of the chain.
        const read = inMempool ? { coin, tip: ctx.chain.tip } : await ctx.readCoin(txid, n);
        coin = read.coin;
        if (coin === undefined) return null;
        return {
          bestblock: read.tip.hashHex,
          confirmations: inMempool ? 0 : read.tip.height - coin.height + 1,
          value: valueFromAmount(coin.output.value),
          scriptPubKey: scriptToJson(coin.output.scriptPubKey, ctx.params),
          coinbase: coin.coinbase,
        };
      },
    }),
    defineRpcMethod({
      name: "gettxoutsetinfo",
      category: "blockchain",
      description:
        "Returns statistics about the unspent transaction output set.\nNote this call may take some time.",
      params: [
        {
          name: "hash_type",
          type: "str",
          default: "hash_serialized_3",
          description:
            "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), 'muhash', 'none'.",
        },
      ],
      result: {
        type: "obj",
        inner: [
          {
            type: "num",
            key: "height",
            description: "The block height (index) of the returned statistics",
          },
          {
            type: "str_hex",
            key: "bestblock",
            description: "The hash of the block at which these statistics are calculated",
          },
          { type: "num", key: "txouts", description: "The number of unspent transaction outputs" },
          {
            type: "num",
            key: "bogosize",
            description: "Database-independent, meaningless metric indicating the UTXO set size",
          },
          {
            type: "str_hex",
            key: "hash_serialized_3",
            optional: true,
            description:
              "The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)",
          },
          {
            type: "str_hex",
            key: "muhash",
            optional: true,
            description: "The serialized hash (only present if 'muhash' hash_type is chosen)",
          },
          {
            type: "str_amount",
            key: "total_amount",
            description: "The total amount of coins in the UTXO set",
          },
          {
            type: "num",
            key: "transactions",
            description: "The number of transactions with unspent outputs",
          },
          {
            type: "num",
            key: "disk_size",
            description: "The estimated size of the chainstate on disk",
          },
        ],
      },
      examples: helpExampleCli("gettxoutsetinfo", "") + helpExampleRpc("gettxoutsetinfo", ""),
      handler: async ({ hash_type }, call) => {
        const hasher =
          hash_type === "hash_serialized_3"
            ? serializedHasher()
            : hash_type === "muhash"
              ? muhashHasher()
              : null;
        if (hasher === null && hash_type !== "none") {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            `'${hash_type}' is not a valid hash_type`,
          );
        }
        const { tip, coins } = await ctx.utxoSnapshot();
        let txouts = 0;
        let bogosize = 0;
        let total = 0n;
        const txids = new Set<string>();
        for await (const { txid, vout, coin } of coins) {
          if (call.signal.aborted) throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Aborted");
          hasher?.add(txid, vout, coin);
          txouts++;
          bogosize += bogoSize(coin);
          total += coin.output.value;
          txids.add(toHex(txid));
        }
        return {
          height: tip.height,
          bestblock: tip.hashHex,
          txouts,
          bogosize,
          ...(hasher === null ? {} : { [hash_type]: hashToHex(hasher.digest()) }),
          total_amount: valueFromAmount(total),
          transactions: txids.size,
          disk_size: ctx.chainstateDiskSize(),
        };
      },
    }),
    defineRpcMethod({
      name: "verifychain",
      category: "blockchain",
      description: "Verifies blockchain database.",
      params: [
        {
          name: "checklevel",
          type: "int",
          defaultHint: `${DEFAULT_CHECKLEVEL}, range=0-4`,
          description:
            "How thorough the block verification is:\n- level 0 reads the blocks from disk\n- level 1 verifies block validity\n- level 2 verifies undo data\n- level 3 checks disconnection of tip blocks\n- level 4 tries to reconnect the blocks\n- each level includes the checks of the previous levels",
        },
        {
          name: "nblocks",
          type: "int",
          defaultHint: `${DEFAULT_CHECKBLOCKS}, 0=all`,
          description: "The number of blocks to check.",
        },
      ],
      result: {
        type: "bool",
        description: "Verification finished successfully. If false, check debug.log for reason.",
      },
      examples: helpExampleCli("verifychain", "") + helpExampleRpc("verifychain", ""),
      handler: ({ checklevel, nblocks }) =>
        ctx.verifyChain(
          Math.max(0, Math.min(4, checklevel ?? DEFAULT_CHECKLEVEL)),
          nblocks ?? DEFAULT_CHECKBLOCKS,
        ),
    }),
    defineRpcMethod({
      name: "invalidateblock",
      category: "blockchain",
      description: "Permanently marks a block as invalid, as if it violated a consensus rule.",
      params: [blockhashParam],
      result: { type: "none", description: "" },
      examples:
        helpExampleCli("invalidateblock", '"blockhash"') +
        helpExampleRpc("invalidateblock", '"blockhash"'),
      handler: async ({ blockhash }) => {
        const entry = requireBlock(ctx, blockhash);
        if (entry.prev === null) {
          throw new RpcError(
            RpcErrorCode.RPC_DATABASE_ERROR,
            "Cannot invalidate the genesis block",
          );
        }
        await ctx.invalidateBlock(entry);
        return null;
      },
    }),
    defineRpcMethod({
      name: "reconsiderblock",
      category: "blockchain",
      description:
        "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\nThis can be used to undo the effects of invalidateblock.",
      params: [{ ...blockhashParam, description: "the hash of the block to reconsider" }],
      result: { type: "none", description: "" },
      examples:
        helpExampleCli("reconsiderblock", '"blockhash"') +
        helpExampleRpc("reconsiderblock", '"blockhash"'),
      handler: async ({ blockhash }) => {
        await ctx.reconsiderBlock(requireBlock(ctx, blockhash));
        return null;
      },
    }),
  ];
}
