// The error type of the development wallet, with Bitcoin Core's wallet RPC messages and codes.

/**
 * Why a wallet call failed. Each code has one message, Bitcoin Core's where Core has one, and
 * one JSON-RPC error code (see {@link WALLET_ERRORS}).
 */
export type WalletErrorCode =
  | "insufficient-funds"
  | "invalid-address"
  | "amount-out-of-range"
  | "invalid-amount"
  | "amount-too-small"
  | "amount-too-small-for-fee"
  | "amount-too-small-after-fee"
  | "invalid-fee-rate"
  | "invalid-parameter"
  | "duplicate-address"
  | "transaction-too-large"
  | "wrong-network"
  | "corrupt-wallet-file"
  | "unsupported-wallet-version"
  | "wallet-file-io"
  | "signing-failed"
  | "network-not-allowed";

/** Bitcoin Core's RPC error codes used by wallet calls (rpc/protocol.h). */
export const RPC_ERROR = Object.freeze({
  TYPE_ERROR: -3,
  WALLET_ERROR: -4,
  INVALID_ADDRESS_OR_KEY: -5,
  WALLET_INSUFFICIENT_FUNDS: -6,
  INVALID_PARAMETER: -8,
});

/** Message and RPC code of each {@link WalletErrorCode}, following Core's wallet RPCs. */
export const WALLET_ERRORS: Readonly<
  Record<WalletErrorCode, { readonly message: string; readonly rpcCode: number }>
> = Object.freeze({
  "insufficient-funds": {
    message: "Insufficient funds",
    rpcCode: RPC_ERROR.WALLET_INSUFFICIENT_FUNDS,
  },
  "invalid-address": { message: "Invalid address", rpcCode: RPC_ERROR.INVALID_ADDRESS_OR_KEY },
  "amount-out-of-range": { message: "Amount out of range", rpcCode: RPC_ERROR.TYPE_ERROR },
  "invalid-amount": { message: "Invalid amount for send", rpcCode: RPC_ERROR.TYPE_ERROR },
  "amount-too-small": { message: "Transaction amount too small", rpcCode: RPC_ERROR.WALLET_ERROR },
  "amount-too-small-for-fee": {
    message: "The transaction amount is too small to pay the fee",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
  "amount-too-small-after-fee": {
    message: "The transaction amount is too small to send after the fee has been deducted",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
  "invalid-fee-rate": { message: "Invalid fee rate", rpcCode: RPC_ERROR.INVALID_PARAMETER },
  "invalid-parameter": { message: "Invalid parameter", rpcCode: RPC_ERROR.INVALID_PARAMETER },
  "duplicate-address": {
    message: "Invalid parameter, duplicated address",
    rpcCode: RPC_ERROR.INVALID_PARAMETER,
  },
  "transaction-too-large": { message: "Transaction too large", rpcCode: RPC_ERROR.WALLET_ERROR },
  "wrong-network": {
    message: "Wallet file belongs to another network",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
  "corrupt-wallet-file": { message: "Wallet file corrupt", rpcCode: RPC_ERROR.WALLET_ERROR },
  "unsupported-wallet-version": {
    message: "Wallet file version not supported",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
  "wallet-file-io": {
    message: "Wallet file could not be accessed",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
  "signing-failed": { message: "Signing transaction failed", rpcCode: RPC_ERROR.WALLET_ERROR },
  "network-not-allowed": {
    message: "The development wallet stores keys unencrypted and is not available on this network",
    rpcCode: RPC_ERROR.WALLET_ERROR,
  },
});

/**
 * An error of the development wallet: a documented code, exactly Core's message for it (the RPC
 * layer sends `message` and `rpcCode` as the JSON-RPC error) and optional detail for logs and
 * humans. Messages and details never contain key material.
 */
export class WalletError extends Error {
  /** Why the call failed. */
  readonly code: WalletErrorCode;
  /** The JSON-RPC error code Bitcoin Core answers with. */
  readonly rpcCode: number;
  /** Human detail beyond Core's message (which address, which amount), if any. */
  readonly details: string | undefined;

  constructor(code: WalletErrorCode, details?: string, options?: { cause?: unknown }) {
    const spec = WALLET_ERRORS[code];
    super(spec.message, options);
    this.name = "WalletError";
    this.code = code;
    this.rpcCode = spec.rpcCode;
    this.details = details;
  }
}
