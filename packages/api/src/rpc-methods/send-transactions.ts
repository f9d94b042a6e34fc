import { isUnspendable } from "@hashforge/consensus";
// Raw transaction RPCs that reach the mempool (Core's rpc/mempool.cpp and node/transaction.cpp):
// sendrawtransaction and testmempoolaccept.

import {
  COIN,
  hashToHex,
  type Transaction,
  txid as txidOf,
  wtxid as wtxidOf,
} from "@hashforge/consensus";
import {
  feeForSize,
  MAX_PACKAGE_COUNT,
  type MempoolEntry,
  type MempoolReject,
} from "@hashforge/node";
import { valueFromAmount } from "../jsonrpc/amount.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import type { RpcNodeContext } from "./node-context.js";
import { decodeHexTx, type JsonResultObject, parseTxParam } from "./tx-to-json.js";

/** Core's DEFAULT_MAX_RAW_TX_FEE_RATE: 0.10 BTC/kvB. */
export const DEFAULT_MAX_RAW_TX_FEE_RATE = "0.10";

/** Checks a maxfeerate (Core's ParseFeeRate): below 1 BTC/kvB. Returns sat/kvB. */
function checkFeeRate(satPerKvB: bigint): bigint {
  if (satPerKvB >= COIN) {
    throw new RpcError(
      RpcErrorCode.RPC_INVALID_PARAMETER,
      "Fee rates larger than or equal to 1BTC/kvB are not accepted",
    );
  }
  return satPerKvB;
}

/** A mempool rejection as Core's TxValidationState::ToString: reason, then debug detail. */
function stateString(reject: MempoolReject): string {
  return reject.debug ? `${reject.reason}, ${reject.debug}` : reject.reason;
}

/**
 * Submits a transaction through the node's broadcastTransaction and maps Core's
 * TransactionError to RPC errors as Core's sendrawtransaction does: already confirmed outputs
 * -27, missing inputs and the fee limit -25, policy or consensus rejections -26 with Core's
 * reason text.
 */
async function broadcast(
  ctx: RpcNodeContext,
  tx: Transaction,
  maxFeeRate: bigint,
): Promise<string> {
  const result = await ctx.broadcastTransaction(tx, { maxFeeRate });
  if (result.ok) return hashToHex(result.txid);
  if (result.error === "already-in-chain") {
    throw new RpcError(
      RpcErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN,
      "Transaction outputs already in utxo set",
    );
  }
  if (result.error === "max-fee-exceeded") {
    throw new RpcError(
      RpcErrorCode.RPC_VERIFY_ERROR,
      "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)",
    );
  }
  const r = result.reject;
  throw new RpcError(
    r.code === "missing-inputs" ? RpcErrorCode.RPC_VERIFY_ERROR : RpcErrorCode.RPC_VERIFY_REJECTED,
    // Core's missing-inputs state has no detail text; clients match the bare reason.
    r.code === "missing-inputs" ? r.reason : stateString(r),
  );
}

/**
 * Fills a testmempoolaccept result for a transaction that would be accepted, unless its fee
 * is over `maxRate` (sat/kvB, 0 = no limit): then it is not allowed ("max-fee-exceeded") and
 * false is returned.
 */
function writeAllowed(out: JsonResultObject, entry: MempoolEntry, maxRate: bigint): boolean {
  const { fee, vsize } = entry;
  if (maxRate > 0n && fee > feeForSize(maxRate, vsize)) {
    out.allowed = false;
    out["reject-reason"] = "max-fee-exceeded";
    return false;
  }
  out.allowed = true;
  out.vsize = vsize;
  out.fees = {
    base: valueFromAmount(fee),
    "effective-feerate": valueFromAmount((fee * 1000n) / BigInt(vsize)),
    "effective-includes": [out.wtxid as string],
  };
  return true;
}

/** Fills a testmempoolaccept result for a rejected transaction, as Core words it. */
function writeRejected(out: JsonResultObject, reject: MempoolReject): void {
  out.allowed = false;
  if (reject.code === "missing-inputs") {
    out["reject-reason"] = "missing-inputs";
  } else {
    out["reject-reason"] = reject.reason;
    out["reject-details"] = stateString(reject);
  }
}

/** Creates sendrawtransaction and testmempoolaccept. */
export function createSendTransactionMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "sendrawtransaction",
      category: "rawtransactions",
      description:
        "Submit a raw transaction (serialized, hex-encoded) to local node and network.\n\nThe transaction will be sent unconditionally to all peers, so using sendrawtransaction\nfor manual rebroadcast may degrade privacy by leaking the transaction's origin, as\nnodes will normally not rebroadcast non-wallet transactions already in their mempool.\n\nA specific exception, RPC_TRANSACTION_ALREADY_IN_UTXO_SET, may throw if the transaction cannot be added to the mempool.\n\nRelated RPCs: createrawtransaction, signrawtransactionwithkey",
      params: [
        { name: "hexstring", type: "str", description: "The hex string of the raw transaction" },
        {
          name: "maxfeerate",
          type: "amount",
          default: DEFAULT_MAX_RAW_TX_FEE_RATE,
          description:
            "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\nFee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any fee rate.",
        },
        {
          name: "maxburnamount",
          type: "amount",
          default: "0",
          description:
            "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.\nIf burning funds through unspendable outputs is desired, increase this value.\nThis check is based on heuristics and does not guarantee spendability of outputs.",
        },
      ],
      result: { type: "str_hex", description: "The transaction hash in hex" },
      examples:
        helpExampleCli("sendrawtransaction", '"signedhex"') +
        helpExampleRpc("sendrawtransaction", '"signedhex"'),
      handler: ({ hexstring, maxfeerate, maxburnamount }) => {
        const tx = parseTxParam(
          hexstring,
          "TX decode failed. Make sure the tx has at least one input.",
        );
        for (const out of tx.outputs) {
          if (isUnspendable(out.scriptPubKey) && out.value > maxburnamount) {
            throw new RpcError(
              RpcErrorCode.RPC_VERIFY_ERROR,
              "Unspendable output exceeds maximum configured by user (maxburnamount)",
            );
          }
        }
        return broadcast(ctx, tx, checkFeeRate(maxfeerate));
      },
    }),
    defineRpcMethod({
      name: "testmempoolaccept",
      category: "rawtransactions",
      description:
        "Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool.\n\nIf multiple transactions are passed in, parents must come before children and package policies apply: the transactions cannot conflict with any mempool transactions or each other.\n\nIf one transaction fails, other transactions may not be fully validated (the 'allowed' key will be blank).\n\nThe maximum number of transactions allowed is 25.\n\nThis checks if transactions violate the consensus or policy rules.\n\nSee sendrawtransaction call.",
      params: [
        {
          name: "rawtxs",
          type: "arr",
          description: "An array of hex strings of raw transactions.",
          inner: [{ name: "rawtx", type: "str", description: "" }],
        },
        {
          name: "maxfeerate",
          type: "amount",
          default: DEFAULT_MAX_RAW_TX_FEE_RATE,
          description:
            "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\nSet to 0 to accept any fee rate.",
        },
      ],
      result: {
        type: "arr",
        description:
          "The result of the mempool acceptance test for each raw transaction in the input array.",
        inner: [
          {
            type: "obj",
            inner: [
              { type: "str_hex", key: "txid", description: "The transaction hash in hex" },
              { type: "str_hex", key: "wtxid", description: "The transaction witness hash in hex" },
              {
                type: "bool",
                key: "allowed",
                optional: true,
                description:
                  "Whether this tx would be accepted to the mempool and pass client-specified maxfeerate.",
              },
              {
                type: "num",
                key: "vsize",
                optional: true,
                description: "Virtual transaction size as defined in BIP 141.",
              },
              {
                type: "obj",
                key: "fees",
                optional: true,
                description: "Transaction fees (only present if 'allowed' is true)",
                inner: [
                  { type: "str_amount", key: "base", description: "transaction fee in BTC" },
                  {
                    type: "str_amount",
                    key: "effective-feerate",
                    description: "the effective feerate in BTC per KvB.",
                  },
                  {
                    type: "arr",
                    key: "effective-includes",
                    description:
                      "transactions whose fees and vsizes are included in effective-feerate.",
                    inner: [{ type: "str_hex", description: "transaction wtxid in hex" }],
                  },
                ],
              },
              {
                type: "str",
                key: "reject-reason",
                optional: true,
                description: "Rejection reason (only present when 'allowed' is false)",
              },
              {
                type: "str",
                key: "reject-details",
                optional: true,
                description:
                  "Rejection details (only present when 'allowed' is false and rejection details exist)",
              },
            ],
          },
        ],
      },
      examples:
        helpExampleCli("testmempoolaccept", `'["signedhex"]'`) +
        helpExampleRpc("testmempoolaccept", `["signedhex"]`),
      handler: async ({ rawtxs, maxfeerate }) => {
        const maxRate = checkFeeRate(maxfeerate);
        if (rawtxs.length < 1 || rawtxs.length > MAX_PACKAGE_COUNT) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            `Array must contain between 1 and ${MAX_PACKAGE_COUNT} transactions.`,
          );
        }
        const txs = rawtxs.map((raw) => {
          const tx = typeof raw === "string" ? decodeHexTx(raw) : null;
          if (tx === null) {
            throw new RpcError(
              RpcErrorCode.RPC_DESERIALIZATION_ERROR,
              `TX decode failed: ${typeof raw === "string" ? raw : ""} Make sure the tx has at least one input.`,
            );
          }
          return tx;
        });
        const results: JsonResultObject[] = txs.map((tx) => ({
          txid: hashToHex(txidOf(tx)),
          wtxid: hashToHex(wtxidOf(tx)),
        }));
        if (txs.length === 1) {
          const result = await ctx.testAcceptTransaction(txs[0]!);
          if (result.ok) writeAllowed(results[0]!, result.entry, maxRate);
          else writeRejected(results[0]!, result);
          return results;
        }
        // Several: Core's package test (ProcessNewPackage with test_accept).
        const tested = await ctx.testAcceptPackage(txs);
        if (tested.kind === "package-error") {
          for (const out of results) out["package-error"] = tested.reason;
          return results;
        }
        // Core reports the transactions before a script failure (they passed every check);
        // after an earlier-stage failure they are unfinished: txid and wtxid only.
        let passed: readonly MempoolEntry[] = [];
        if (tested.kind === "ok") passed = tested.entries;
        else if (/script-verify-flag-failed/.test(tested.reject.reason)) passed = tested.passed;
        let feeOk = true;
        for (let i = 0; i < passed.length && feeOk; i++) {
          // A transaction over the fee rate limit ends the report, as in Core.
          feeOk = writeAllowed(results[i]!, passed[i]!, maxRate);
        }
        if (tested.kind === "tx-failed" && feeOk) {
          writeRejected(results[tested.index]!, tested.reject);
        }
        return results;
      },
    }),
  ];
}
