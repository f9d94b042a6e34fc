// Shapes of the development wallet's inputs and results, as the RPC layer consumes them.
import type { Transaction } from "@hashforge/consensus";

/** Balances in satoshis, as Core's getbalances `mine` object. */
export interface WalletBalances {
  /** Confirmed, mature, unspent; plus our own unconfirmed change. */
  readonly trusted: bigint;
  /** Unconfirmed payments from others. */
  readonly untrustedPending: bigint;
  /** Coinbase rewards not yet mature. */
  readonly immature: bigint;
}

/** One entry of listUnspent, Core's fields (amount in satoshis, txid display hex). */
export interface UnspentOutput {
  readonly txid: string;
  readonly vout: number;
  readonly address: string;
  readonly label: string;
  readonly scriptPubKey: Uint8Array;
  readonly amount: bigint;
  readonly confirmations: number;
  readonly spendable: boolean;
  readonly solvable: boolean;
  /** False for unconfirmed coins from others (Core's "safe"). */
  readonly safe: boolean;
  /** BIP32 path of the key (Core reports it inside `desc`). */
  readonly path: string;
}

/** Options of DevWallet.sendToAddress. */
export interface SendOptions {
  /** Fee rate in sat/vB; default the wallet's. */
  readonly feeRate?: number;
  /** Take the fee out of the amount sent (Core's subtractfeefromamount). */
  readonly subtractFeeFromAmount?: boolean;
}

/** Options of DevWallet.createFundedTransaction. */
export interface FundOptions {
  /** Indexes of outputs that pay the fee, shared equally. */
  readonly subtractFeeFromOutputs?: readonly number[];
}

/** A recipient of DevWallet.createFundedTransaction. */
export interface Recipient {
  readonly address: string;
  /** Amount in satoshis. */
  readonly amount: bigint;
}

/** What DevWallet.sendToAddress returns: a signed transaction ready for the mempool. */
export interface SendResult {
  readonly tx: Transaction;
  /** Txid, display hex. */
  readonly txid: string;
  /** Serialized transaction, hex. */
  readonly hex: string;
  readonly fee: bigint;
  /** Index of the change output, -1 when none. */
  readonly changePosition: number;
}

/** A prevout supplied to DevWallet.signRawTransactionWithWallet (Core's `prevtxs`). */
export interface PrevoutInfo {
  /** Txid, internal byte order. */
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly scriptPubKey: Uint8Array;
  readonly amount: bigint;
}
