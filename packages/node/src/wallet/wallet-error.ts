// The error type of the development wallet, with Bitcoin Core's wallet RPC messages.

/**
 * Why a wallet call failed. Each code has one message, Bitcoin Core's where Core has one (see
 * {@link WALLET_ERROR_MESSAGES}); the RPC edge maps codes to Core's JSON-RPC error codes.
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

/** Bitcoin Core's message for each {@link WalletErrorCode} (the RPC edge adds the error code). */
export const WALLET_ERROR_MESSAGES: Readonly<Record<WalletErrorCode, string>> = Object.freeze({
  "insufficient-funds": "Insufficient funds",
  "invalid-address": "Invalid address",
  "amount-out-of-range": "Amount out of range",
  "invalid-amount": "Invalid amount for send",
  "amount-too-small": "Transaction amount too small",
  "amount-too-small-for-fee": "The transaction amount is too small to pay the fee",
  "amount-too-small-after-fee":
    "The transaction amount is too small to send after the fee has been deducted",
  "invalid-fee-rate": "Invalid fee rate",
  "invalid-parameter": "Invalid parameter",
  "duplicate-address": "Invalid parameter, duplicated address",
  "transaction-too-large": "Transaction too large",
  "wrong-network": "Wallet file belongs to another network",
  "corrupt-wallet-file": "Wallet file corrupt",
  "unsupported-wallet-version": "Wallet file version not supported",
  "wallet-file-io": "Wallet file could not be accessed",
  "signing-failed": "Signing transaction failed",
  "network-not-allowed":
    "The development wallet stores keys unencrypted and is not available on this network",
});

/**
 * An error of the development wallet: a documented code, exactly Core's message for it (the RPC
 * layer sends `message` with the code's JSON-RPC error code) and optional detail for logs and
 * humans. Messages and details never contain key material.
 */
export class WalletError extends Error {
  /** Why the call failed. */
  readonly code: WalletErrorCode;
  /** Human detail beyond Core's message (which address, which amount), if any. */
  readonly details: string | undefined;

  constructor(code: WalletErrorCode, details?: string, options?: { cause?: unknown }) {
    super(WALLET_ERROR_MESSAGES[code], options);
    this.name = "WalletError";
    this.code = code;
    this.details = details;
  }
}
