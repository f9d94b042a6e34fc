// Spending RPCs of the DEVELOPMENT wallet: sendtoaddress and signrawtransactionwithwallet
// (Core's wallet/rpc/spend.cpp and signmessage names and shapes).

import { fromHex, isHex } from "@hashforge/consensus";
import type { PrevoutInfo } from "@hashforge/node";
import { amountFromValue } from "../jsonrpc/amount.js";
import { isJsonObject, JsonNumber } from "../jsonrpc/json-value.js";
import { parseHashArg } from "../jsonrpc/rpc-args.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import type { RpcNodeContext } from "./node-context.js";
import { parseTxParam } from "./tx-to-json.js";
import { DEV_WALLET_NOTE, requireWallet, walletCall } from "./wallet.js";

/** Parses signrawtransactionwithwallet's `prevtxs`. */
function parsePrevTxs(values: readonly unknown[] | undefined): PrevoutInfo[] {
  return (values ?? []).map((value) => {
    if (!isJsonObject(value as never)) {
      throw new RpcError(
        RpcErrorCode.RPC_DESERIALIZATION_ERROR,
        'expected object with {"txid\'","vout","scriptPubKey"}',
      );
    }
    const o = value as { readonly [k: string]: unknown };
    if (
      typeof o.txid !== "string" ||
      !(o.vout instanceof JsonNumber) ||
      typeof o.scriptPubKey !== "string"
    ) {
      throw new RpcError(
        RpcErrorCode.RPC_DESERIALIZATION_ERROR,
        'expected object with {"txid\'","vout","scriptPubKey"}',
      );
    }
    const vout = Number(o.vout.text);
    if (!Number.isInteger(vout) || vout < 0) {
      throw new RpcError(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "vout cannot be negative");
    }
    if (!isHex(o.scriptPubKey)) {
      throw new RpcError(
        RpcErrorCode.RPC_INVALID_PARAMETER,
        `scriptPubKey must be hexadecimal string (not '${o.scriptPubKey}')`,
      );
    }
    if (o.amount === undefined)
      throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, "Missing amount");
    return {
      txid: parseHashArg(o.txid, "txid"),
      vout,
      scriptPubKey: fromHex(o.scriptPubKey),
      amount: amountFromValue(o.amount as never),
    };
  });
}

/** Creates sendtoaddress and signrawtransactionwithwallet. */
export function createWalletSpendMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "sendtoaddress",
      category: "wallet",
      description: `Send an amount to a given address.${DEV_WALLET_NOTE}`,
      params: [
        { name: "address", type: "str", description: "The bitcoin address to send to." },
        { name: "amount", type: "amount", description: "The amount in BTC to send. eg 0.1" },
        {
          name: "comment",
          type: "str",
          optional: true,
          description: "Ignored by the development wallet.",
        },
        {
          name: "comment_to",
          type: "str",
          optional: true,
          description: "Ignored by the development wallet.",
        },
        {
          name: "subtractfeefromamount",
          type: "bool",
          default: false,
          description:
            "The fee will be deducted from the amount being sent.\nThe recipient will receive less bitcoins than you enter in the amount field.",
        },
        {
          name: "replaceable",
          type: "bool",
          default: true,
          description: "Signal that this transaction can be replaced by a transaction (BIP 125)",
        },
        {
          name: "conf_target",
          type: "int",
          optional: true,
          description: "Ignored by the development wallet (use fee_rate).",
        },
        {
          name: "estimate_mode",
          type: "str",
          default: "unset",
          description: "Ignored by the development wallet (use fee_rate).",
        },
        {
          name: "avoid_reuse",
          type: "bool",
          default: true,
          description: "Ignored by the development wallet.",
        },
        {
          name: "fee_rate",
          type: "num",
          optional: true,
          description: "Specify a fee rate in sat/vB.",
        },
        {
          name: "verbose",
          type: "bool",
          default: false,
          description: "If true, return extra information about the transaction.",
        },
      ],
      result: [
        {
          type: "str_hex",
          cond: "if verbose is not set or set to false",
          description: "The transaction id.",
        },
        {
          type: "obj",
          cond: "if verbose is set to true",
          inner: [
            { type: "str_hex", key: "txid", description: "The transaction id." },
            { type: "str", key: "fee_reason", description: "The transaction fee reason." },
          ],
        },
      ],
      examples:
        helpExampleCli("sendtoaddress", '"bcrt1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl" 0.1') +
        helpExampleRpc("sendtoaddress", '"bcrt1q09vm5lfy0j5reeulh4x5752q25uqqvz34hufdl", 0.1'),
      handler: async ({ address, amount, subtractfeefromamount, fee_rate, verbose }) => {
        const wallet = requireWallet(ctx);
        if (amount <= 0n)
          throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "Invalid amount for send");
        const sent = await walletCall(() =>
          wallet.sendToAddress(address, amount, {
            subtractFeeFromAmount: subtractfeefromamount,
            ...(fee_rate !== undefined ? { feeRate: fee_rate } : {}),
          }),
        );
        const accepted = await ctx.broadcastTransaction(sent.tx);
        if (!accepted.ok) {
          const why =
            accepted.error === "rejected"
              ? `${accepted.reject.reason}${accepted.reject.debug ? `, ${accepted.reject.debug}` : ""}`
              : accepted.error;
          throw new RpcError(
            RpcErrorCode.RPC_WALLET_ERROR,
            `Transaction rejected by mempool: ${why}`,
          );
        }
        return verbose
          ? {
              txid: sent.txid,
              fee_reason: fee_rate !== undefined ? "Fee rate given" : "Fallback fee",
            }
          : sent.txid;
      },
    }),
    defineRpcMethod({
      name: "signrawtransactionwithwallet",
      category: "wallet",
      description: `Sign inputs for raw transaction (serialized, hex-encoded).\nThe second optional argument (may be null) is an array of previous transaction outputs that\nthis transaction depends on but may not yet be in the block chain.${DEV_WALLET_NOTE}`,
      params: [
        { name: "hexstring", type: "str", description: "The transaction hex string" },
        {
          name: "prevtxs",
          type: "arr",
          optional: true,
          description: "The previous dependent transaction outputs",
          inner: [
            {
              name: "",
              type: "obj",
              description: "",
              inner: [
                { name: "txid", type: "hash", description: "The transaction id" },
                { name: "vout", type: "int", description: "The output number" },
                { name: "scriptPubKey", type: "hex", description: "The output script" },
                { name: "amount", type: "amount", description: "The amount spent" },
              ],
            },
          ],
        },
        {
          name: "sighashtype",
          type: "str",
          default: "DEFAULT",
          description:
            "The signature hash type. The development wallet signs with DEFAULT (taproot) or ALL only.",
        },
      ],
      result: {
        type: "obj",
        inner: [
          {
            type: "str_hex",
            key: "hex",
            description: "The hex-encoded raw transaction with signature(s)",
          },
          {
            type: "bool",
            key: "complete",
            description: "If the transaction has a complete set of signatures",
          },
          {
            type: "arr",
            key: "errors",
            optional: true,
            description: "Script verification errors (if there are any)",
            inner: [
              {
                type: "obj",
                inner: [
                  {
                    type: "elision",
                    description: "txid, vout, witness, scriptSig, sequence, error",
                  },
                ],
              },
            ],
          },
        ],
      },
      examples:
        helpExampleCli("signrawtransactionwithwallet", '"myhex"') +
        helpExampleRpc("signrawtransactionwithwallet", '"myhex"'),
      handler: ({ hexstring, prevtxs, sighashtype }) => {
        const wallet = requireWallet(ctx);
        if (sighashtype !== "DEFAULT" && sighashtype !== "ALL") {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            `${sighashtype} is not a valid sighash parameter.`,
          );
        }
        const tx = parseTxParam(
          hexstring,
          "TX decode failed. Make sure the tx has at least one input.",
        );
        const result = wallet.signRawTransactionWithWallet(tx, parsePrevTxs(prevtxs));
        return {
          hex: result.hex,
          complete: result.complete,
          ...(result.errors.length > 0
            ? { errors: result.errors.map((e) => ({ ...e, witness: [...e.witness] })) }
            : {}),
        };
      },
    }),
  ];
}
