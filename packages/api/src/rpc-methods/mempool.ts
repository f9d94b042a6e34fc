// Mempool RPCs (Core's rpc/mempool.cpp): getmempoolinfo, getrawmempool, getmempoolentry,
// savemempool.

import { hashToHex } from "@hashforge/consensus";
import { type MempoolEntry, signalsOptInRbf } from "@hashforge/node";
import { valueFromAmount } from "../jsonrpc/amount.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
  type RpcResultDoc,
} from "../jsonrpc/rpc-method.js";
import type { RpcNodeContext } from "./node-context.js";
import type { JsonResultObject } from "./tx-to-json.js";

const ENTRY_DOC: readonly RpcResultDoc[] = [
  { type: "num", key: "vsize", description: "virtual transaction size as defined in BIP 141." },
  { type: "num", key: "weight", description: "transaction weight as defined in BIP 141." },
  {
    type: "num_time",
    key: "time",
    description: "local time transaction entered pool in seconds since 1 Jan 1970 GMT",
  },
  { type: "num", key: "height", description: "block height when transaction entered pool" },
  {
    type: "num",
    key: "descendantcount",
    description: "number of in-mempool descendant transactions (including this one)",
  },
  {
    type: "num",
    key: "descendantsize",
    description: "virtual transaction size of in-mempool descendants (including this one)",
  },
  {
    type: "num",
    key: "ancestorcount",
    description: "number of in-mempool ancestor transactions (including this one)",
  },
  {
    type: "num",
    key: "ancestorsize",
    description: "virtual transaction size of in-mempool ancestors (including this one)",
  },
  {
    type: "str_hex",
    key: "wtxid",
    description: "hash of serialized transaction, including witness data",
  },
  {
    type: "obj",
    key: "fees",
    inner: [
      { type: "str_amount", key: "base", description: "transaction fee, denominated in BTC" },
      {
        type: "str_amount",
        key: "modified",
        description: "transaction fee with fee deltas used for mining priority, denominated in BTC",
      },
      {
        type: "str_amount",
        key: "ancestor",
        description:
          "transaction fees of in-mempool ancestors (including this one) with fee deltas used for mining priority, denominated in BTC",
      },
      {
        type: "str_amount",
        key: "descendant",
        description:
          "transaction fees of in-mempool descendants (including this one) with fee deltas used for mining priority, denominated in BTC",
      },
    ],
  },
  {
    type: "arr",
    key: "depends",
    description: "unconfirmed transactions used as inputs for this transaction",
    inner: [{ type: "str_hex", description: "parent transaction id" }],
  },
  {
    type: "arr",
    key: "spentby",
    description: "unconfirmed transactions spending outputs from this transaction",
    inner: [{ type: "str_hex", description: "child transaction id" }],
  },
  {
    type: "bool",
    key: "bip125-replaceable",
    description:
      "Whether this transaction signals BIP125 replaceability or has an unconfirmed ancestor signaling BIP125 replaceability.",
  },
  {
    type: "bool",
    key: "unbroadcast",
    description:
      "Whether this transaction is currently unbroadcast (initial broadcast not yet acknowledged by any peers)",
  },
];

/** Whether an entry or any in-mempool ancestor signals BIP125 (Core's IsRBFOptIn). */
function replaceable(ctx: RpcNodeContext, entry: MempoolEntry): boolean {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e.txidHex)) continue;
    seen.add(e.txidHex);
    if (signalsOptInRbf(e.tx)) return true;
    for (const parent of e.parentTxids) {
      const p = ctx.mempool.getEntry(parent);
      if (p !== undefined) stack.push(p);
    }
  }
  return false;
}

/** Children of every entry, by parent txid hex. */
function childrenIndex(entries: readonly MempoolEntry[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const e of entries) {
    for (const parent of e.parentTxids) {
      const key = hashToHex(parent);
      const list = children.get(key);
      if (list) list.push(e.txidHex);
      else children.set(key, [e.txidHex]);
    }
  }
  return children;
}

/** A mempool entry as Core's entryToJSON shows it. */
function entryToJson(
  ctx: RpcNodeContext,
  entry: MempoolEntry,
  children: Map<string, string[]>,
): JsonResultObject {
  return {
    vsize: entry.vsize,
    weight: entry.weight,
    time: entry.time,
    height: entry.height,
    descendantcount: entry.descendantCount,
    descendantsize: entry.descendantSize,
    ancestorcount: entry.ancestorCount,
    ancestorsize: entry.ancestorSize,
    wtxid: hashToHex(entry.wtxid),
    fees: {
      base: valueFromAmount(entry.fee),
      modified: valueFromAmount(entry.modifiedFee),
      ancestor: valueFromAmount(entry.ancestorFees),
      descendant: valueFromAmount(entry.descendantFees),
    },
    depends: entry.parentTxids.map(hashToHex).sort(),
    spentby: [...(children.get(entry.txidHex) ?? [])].sort(),
    "bip125-replaceable": replaceable(ctx, entry),
    unbroadcast: false,
  };
}

/** Creates the mempool RPC methods. */
export function createMempoolMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getmempoolinfo",
      category: "blockchain",
      description: "Returns details on the active state of the TX memory pool.",
      params: [],
      result: {
        type: "obj",
        inner: [
          {
            type: "bool",
            key: "loaded",
            description: "True if the initial load attempt of the persisted mempool finished",
          },
          { type: "num", key: "size", description: "Current tx count" },
          {
            type: "num",
            key: "bytes",
            description:
              "Sum of all virtual transaction sizes as defined in BIP 141. Differs from actual serialized size because witness data is discounted",
          },
          { type: "num", key: "usage", description: "Total memory usage for the mempool" },
          {
            type: "str_amount",
            key: "total_fee",
            description:
              "Total fees for the mempool in BTC, ignoring modified fees through prioritisetransaction",
          },
          { type: "num", key: "maxmempool", description: "Maximum memory usage for the mempool" },
          {
            type: "str_amount",
            key: "mempoolminfee",
            description:
              "Minimum fee rate in BTC/kvB for tx to be accepted. Is the maximum of minrelaytxfee and minimum mempool fee",
          },
          {
            type: "str_amount",
            key: "minrelaytxfee",
            description: "Current minimum relay fee for transactions",
          },
          {
            type: "num",
            key: "incrementalrelayfee",
            description:
              "minimum fee rate increment for mempool limiting or replacement in BTC/kvB",
          },
          {
            type: "num",
            key: "unbroadcastcount",
            description: "Current number of transactions that haven't passed initial broadcast yet",
          },
          {
            type: "bool",
            key: "fullrbf",
            description:
              "True if the mempool accepts RBF without replaceability signaling inspection (DEPRECATED)",
          },
        ],
      },
      examples: helpExampleCli("getmempoolinfo", "") + helpExampleRpc("getmempoolinfo", ""),
      handler: () => {
        const info = ctx.mempool.info();
        return {
          loaded: true,
          size: info.size,
          bytes: info.bytes,
          usage: info.usage,
          total_fee: valueFromAmount(info.totalFee),
          maxmempool: info.maxMempool,
          mempoolminfee: valueFromAmount(info.mempoolMinFee),
          minrelaytxfee: valueFromAmount(info.minRelayTxFee),
          incrementalrelayfee: valueFromAmount(info.incrementalRelayFee),
          unbroadcastcount: 0,
          fullrbf: info.fullRbf,
        };
      },
    }),
    defineRpcMethod({
      name: "getrawmempool",
      category: "blockchain",
      description:
        "Returns all transaction ids in memory pool as a json array of string transaction ids.\n\nHint: use getmempoolentry to fetch a specific transaction from the mempool.",
      params: [
        {
          name: "verbose",
          type: "bool",
          default: false,
          description: "True for a json object, false for array of transaction ids",
        },
        {
          name: "mempool_sequence",
          type: "bool",
          default: false,
          description:
            "If verbose=false, returns a json object with transaction list and mempool sequence number attached.",
        },
      ],
      result: [
        {
          type: "arr",
          cond: "for verbose = false",
          inner: [{ type: "str_hex", description: "The transaction id" }],
        },
        {
          type: "obj_dyn",
          cond: "for verbose = true",
          inner: [{ type: "obj", key: "transactionid", inner: ENTRY_DOC }],
        },
        {
          type: "obj",
          cond: "for verbose = false and mempool_sequence = true",
          inner: [
            {
              type: "arr",
              key: "txids",
              inner: [{ type: "str_hex", description: "The transaction id" }],
            },
            { type: "num", key: "mempool_sequence", description: "The mempool sequence value." },
          ],
        },
      ],
      examples: helpExampleCli("getrawmempool", "true") + helpExampleRpc("getrawmempool", "true"),
      handler: ({ verbose, mempool_sequence }) => {
        if (verbose && mempool_sequence) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            "Verbose results cannot contain mempool sequence values.",
          );
        }
        const entries = ctx.mempool.entries();
        if (verbose) {
          const children = childrenIndex(entries);
          const out: JsonResultObject = {};
          for (const e of entries) out[e.txidHex] = entryToJson(ctx, e, children);
          return out;
        }
        const txids = entries.map((e) => e.txidHex);
        if (!mempool_sequence) return txids;
        return { txids, mempool_sequence: ctx.mempool.sequence };
      },
    }),
    defineRpcMethod({
      name: "getmempoolentry",
      category: "blockchain",
      description: "Returns mempool data for given transaction",
      params: [
        { name: "txid", type: "hash", description: "The transaction id (must be in mempool)" },
      ],
      result: { type: "obj", inner: ENTRY_DOC },
      examples:
        helpExampleCli("getmempoolentry", '"mytxid"') +
        helpExampleRpc("getmempoolentry", '"mytxid"'),
      handler: ({ txid }) => {
        const entry = ctx.mempool.getEntry(txid);
        if (entry === undefined) {
          throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
        }
        return entryToJson(ctx, entry, childrenIndex(ctx.mempool.entries()));
      },
    }),
    defineRpcMethod({
      name: "savemempool",
      category: "blockchain",
      description:
        "Dumps the mempool to disk. It will fail until the previous dump is fully loaded.",
      params: [],
      result: {
        type: "obj",
        inner: [
          {
            type: "str",
            key: "filename",
            description: "the directory and file where the mempool was saved",
          },
        ],
      },
      examples: helpExampleCli("savemempool", "") + helpExampleRpc("savemempool", ""),
      handler: async () => {
        try {
          return { filename: ctx.saveMempool() };
        } catch (err) {
          throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Unable to dump mempool to disk", {
            cause: err,
          });
        }
      },
    }),
  ];
}
