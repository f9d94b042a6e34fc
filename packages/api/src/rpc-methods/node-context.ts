// What the bitcoind-compatible RPC methods need from the running node: its one API.
import type { HashforgeNode } from "@hashforge/node";

/**
 * The node as the RPC methods see it: {@link HashforgeNode} itself. Methods read through its
 * `chain` and `mempool` views and change things only through its methods (submitBlock,
 * broadcastTransaction, invalidateBlock...), which serialize with block processing and run the
 * node's side effects before they resolve.
 */
export type RpcNodeContext = HashforgeNode;
