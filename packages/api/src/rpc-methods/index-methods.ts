// getindexinfo (Core's rpc/node.cpp): where each optional index stands.

import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import type { RpcNodeContext } from "./node-context.js";
import type { JsonResultObject } from "./tx-to-json.js";

/** Creates getindexinfo. */
export function createIndexMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getindexinfo",
      category: "util",
      description:
        "Returns the status of one or all available indices currently running in the node.",
      params: [
        {
          name: "index_name",
          type: "str",
          optional: true,
          description: "Filter results for an index with a specific name.",
        },
      ],
      result: {
        type: "obj_dyn",
        description: "",
        inner: [
          {
            type: "obj",
            key: "name",
            description: "The name of the index",
            inner: [
              { type: "bool", key: "synced", description: "Whether the index is synced or not" },
              {
                type: "num",
                key: "best_block_height",
                description: "The block height to which the index is synced",
              },
            ],
          },
        ],
      },
      examples:
        helpExampleCli("getindexinfo", "") +
        helpExampleRpc("getindexinfo", "") +
        helpExampleCli("getindexinfo", "txindex") +
        helpExampleRpc("getindexinfo", "txindex"),
      handler: ({ index_name }) => {
        const out: JsonResultObject = {};
        for (const info of ctx.indexInfo()) {
          if (index_name !== undefined && index_name !== info.name) continue;
          out[info.name] = { synced: info.synced, best_block_height: info.bestBlockHeight };
        }
        return out;
      },
    }),
  ];
}
