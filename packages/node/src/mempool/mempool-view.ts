import type { Mempool } from "./mempool.js";

/**
 * The mempool as edges read it: entries, statistics, the change counter. Transactions enter
 * through the node (broadcastTransaction), never through this view.
 */
export type MempoolView = Pick<
  Mempool,
  "size" | "sequence" | "getEntry" | "getEntryByWtxid" | "has" | "spenderOf" | "entries" | "info"
>;
