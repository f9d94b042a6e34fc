// All node-backed RPC methods, for registration in one call.

import type { RpcMethod } from "../jsonrpc/rpc-method.js";
import { createBlockStatsMethod } from "./block-stats-method.js";
import { createBlockchainMethods } from "./blockchain.js";
import { createChainstateMethods } from "./chainstate-methods.js";
import { createGeneratingMethods } from "./generating.js";
import { createIndexMethods } from "./index-methods.js";
import { createMempoolMethods } from "./mempool.js";
import { createMiningMethods } from "./mining.js";
import type { RpcNodeContext } from "./node-context.js";
import { createRawTransactionMethods } from "./rawtransactions.js";
import { createSendTransactionMethods } from "./send-transactions.js";
import { createTxOutProofMethods } from "./txoutproof.js";
import { createUtilMethods } from "./util.js";
import { createWalletMethods } from "./wallet.js";
import { createWalletSpendMethods } from "./wallet-spend.js";

/**
 * Creates every bitcoind-compatible RPC method backed by the node: blockchain, UTXO set,
 * raw transactions, mempool, mining, generating, utility and (development) wallet methods.
 * Register them with `table.registerAll(createNodeRpcMethods(ctx))` next to
 * `createControlMethods`, which provides help, stop and uptime. Wallet methods are always
 * registered; without a wallet they fail with RPC_WALLET_NOT_FOUND (-18), as Core's do.
 */
export function createNodeRpcMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    ...createBlockchainMethods(ctx),
    createBlockStatsMethod(ctx),
    ...createChainstateMethods(ctx),
    ...createMempoolMethods(ctx),
    ...createRawTransactionMethods(ctx),
    ...createTxOutProofMethods(ctx),
    ...createIndexMethods(ctx),
    ...createSendTransactionMethods(ctx),
    ...createMiningMethods(ctx),
    ...createGeneratingMethods(ctx),
    ...createUtilMethods(ctx),
    ...createWalletMethods(ctx),
    ...createWalletSpendMethods(ctx),
  ];
}
