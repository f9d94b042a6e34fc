// The JSON-RPC error code Bitcoin Core's wallet RPCs answer with for each wallet failure.
import type { WalletErrorCode } from "@hashforge/node";
import { RpcErrorCode } from "../jsonrpc/rpc-error.js";

/** Core's code for each {@link WalletErrorCode} (wallet/rpc/*.cpp, rpc/protocol.h). */
export const WALLET_RPC_ERROR_CODES: Readonly<Record<WalletErrorCode, RpcErrorCode>> =
  Object.freeze({
    "insufficient-funds": RpcErrorCode.RPC_WALLET_INSUFFICIENT_FUNDS,
    "invalid-address": RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    "amount-out-of-range": RpcErrorCode.RPC_TYPE_ERROR,
    "invalid-amount": RpcErrorCode.RPC_TYPE_ERROR,
    "amount-too-small": RpcErrorCode.RPC_WALLET_ERROR,
    "amount-too-small-for-fee": RpcErrorCode.RPC_WALLET_ERROR,
    "amount-too-small-after-fee": RpcErrorCode.RPC_WALLET_ERROR,
    "invalid-fee-rate": RpcErrorCode.RPC_INVALID_PARAMETER,
    "invalid-parameter": RpcErrorCode.RPC_INVALID_PARAMETER,
    "duplicate-address": RpcErrorCode.RPC_INVALID_PARAMETER,
    "transaction-too-large": RpcErrorCode.RPC_WALLET_ERROR,
    "wrong-network": RpcErrorCode.RPC_WALLET_ERROR,
    "corrupt-wallet-file": RpcErrorCode.RPC_WALLET_ERROR,
    "unsupported-wallet-version": RpcErrorCode.RPC_WALLET_ERROR,
    "wallet-file-io": RpcErrorCode.RPC_WALLET_ERROR,
    "signing-failed": RpcErrorCode.RPC_WALLET_ERROR,
    "network-not-allowed": RpcErrorCode.RPC_WALLET_ERROR,
  });
