// Wallet RPCs over the node's DEVELOPMENT wallet (Core's wallet/rpc/*.cpp names and shapes):
// getnewaddress, getrawchangeaddress, getbalance, getbalances, listunspent, sendtoaddress,
// signrawtransactionwithwallet. The development wallet keeps its seed unencrypted, for test
// networks only; every method says so in its help.

import { toHex } from "@hashforge/consensus";
import { type DevWallet, WalletError } from "@hashforge/node";
import { valueFromAmount } from "../jsonrpc/amount.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { inferDescriptor } from "./infer-descriptor.js";
import type { RpcNodeContext } from "./node-context.js";
import { WALLET_RPC_ERROR_CODES } from "./wallet-error-codes.js";

/** Appended to every wallet method's help. */
export const DEV_WALLET_NOTE =
  "\n\nDEVELOPMENT WALLET: keys are stored unencrypted in the node's data directory; use it on test networks only.";

const ADDRESS_TYPES = ["bech32", "bech32m"];

/** The wallet, or Core's RPC_WALLET_NOT_FOUND when the node runs without one. */
export function requireWallet(ctx: RpcNodeContext): DevWallet {
  if (ctx.wallet === null) {
    throw new RpcError(
      RpcErrorCode.RPC_WALLET_NOT_FOUND,
      "No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)",
    );
  }
  return ctx.wallet;
}

/** Runs a wallet call, turning WalletError into its Core code and message. */
export async function walletCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WalletError) {
      const message = err.code === "invalid-parameter" && err.details ? err.details : err.message;
      throw new RpcError(WALLET_RPC_ERROR_CODES[err.code], message, { cause: err });
    }
    throw err;
  }
}

function checkAddressType(type: string | undefined): "bech32" | "bech32m" | undefined {
  if (type === undefined) return undefined;
  if (type === "legacy" || type === "p2sh-segwit") {
    throw new RpcError(
      RpcErrorCode.RPC_WALLET_ERROR,
      `Error: The development wallet has no ${type} addresses (use bech32 or bech32m)`,
    );
  }
  if (!ADDRESS_TYPES.includes(type)) {
    throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, `Unknown address type '${type}'`);
  }
  return type as "bech32" | "bech32m";
}

/** Creates the development wallet's RPC methods. */
export function createWalletMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getnewaddress",
      category: "wallet",
      description: `Returns a new Bitcoin address for receiving payments.\nIf 'label' is specified, it is added to the address book\nso payments received with the address will be associated with 'label'.${DEV_WALLET_NOTE}`,
      params: [
        {
          name: "label",
          type: "str",
          default: "",
          description:
            'The label name for the address to be linked to. It can also be set to the empty string "" to represent the default label. The label does not need to exist, it will be created if there is no label by the given name.',
        },
        {
          name: "address_type",
          type: "str",
          defaultHint: "bech32",
          description:
            'The address type to use. Options are "bech32" and "bech32m" (the development wallet has no legacy or p2sh-segwit keys).',
        },
      ],
      result: { type: "str", description: "The new bitcoin address" },
      examples: helpExampleCli("getnewaddress", "") + helpExampleRpc("getnewaddress", ""),
      handler: ({ label, address_type }) => {
        const wallet = requireWallet(ctx);
        const type = checkAddressType(address_type);
        return walletCall(() => wallet.getNewAddress(label, type));
      },
    }),
    defineRpcMethod({
      name: "getrawchangeaddress",
      category: "wallet",
      description: `Returns a new Bitcoin address, for receiving change.\nThis is for use with raw transactions, NOT normal use.${DEV_WALLET_NOTE}`,
      params: [
        {
          name: "address_type",
          type: "str",
          defaultHint: "bech32",
          description: 'The address type to use. Options are "bech32" and "bech32m".',
        },
      ],
      result: { type: "str", description: "The address" },
      examples:
        helpExampleCli("getrawchangeaddress", "") + helpExampleRpc("getrawchangeaddress", ""),
      handler: ({ address_type }) => {
        const wallet = requireWallet(ctx);
        const type = checkAddressType(address_type);
        return walletCall(() => wallet.getRawChangeAddress(type));
      },
    }),
    defineRpcMethod({
      name: "getbalance",
      category: "wallet",
      description: `Returns the total available balance.\nThe available balance is what the wallet considers currently spendable, and is\nthus affected by options which limit spendability such as -spendzeroconfchange.${DEV_WALLET_NOTE}`,
      params: [
        {
          name: "dummy",
          type: "str",
          optional: true,
          description: 'Remains for backward compatibility. Must be excluded or set to "*".',
        },
        {
          name: "minconf",
          type: "int",
          default: 0,
          description: "Only include transactions confirmed at least this many times.",
        },
        {
          name: "include_watchonly",
          type: "bool",
          defaultHint: "true for watch-only wallets, otherwise false",
          description: "No longer used",
        },
        {
          name: "avoid_reuse",
          type: "bool",
          default: true,
          description:
            "(only available if avoid_reuse wallet flag is set) Do not include balance in dirty outputs; addresses are considered dirty if they have previously been used in a transaction.",
        },
      ],
      result: {
        type: "str_amount",
        description: "The total amount in BTC received for this wallet.",
      },
      examples: helpExampleCli("getbalance", "") + helpExampleRpc("getbalance", ""),
      handler: ({ dummy, minconf }) => {
        const wallet = requireWallet(ctx);
        if (dummy !== undefined && dummy !== "*") {
          throw new RpcError(
            RpcErrorCode.RPC_METHOD_DEPRECATED,
            'dummy first argument must be excluded or set to "*".',
          );
        }
        return valueFromAmount(wallet.getBalance({ minconf }));
      },
    }),
    defineRpcMethod({
      name: "getbalances",
      category: "wallet",
      description: `Returns an object with all balances in BTC.${DEV_WALLET_NOTE}`,
      params: [],
      result: {
        type: "obj",
        inner: [
          {
            type: "obj",
            key: "mine",
            description: "balances from outputs that the wallet can sign",
            inner: [
              {
                type: "str_amount",
                key: "trusted",
                description: "trusted balance (outputs created by the wallet or confirmed outputs)",
              },
              {
                type: "str_amount",
                key: "untrusted_pending",
                description:
                  "untrusted pending balance (outputs created by others that are in the mempool)",
              },
              {
                type: "str_amount",
                key: "immature",
                description: "balance from immature coinbase outputs",
              },
            ],
          },
          {
            type: "obj",
            key: "lastprocessedblock",
            description: "hash and height of the block this information was generated on",
            inner: [
              {
                type: "str_hex",
                key: "hash",
                description: "hash of the block this information was generated on",
              },
              {
                type: "num",
                key: "height",
                description: "height of the block this information was generated on",
              },
            ],
          },
        ],
      },
      examples: helpExampleCli("getbalances", "") + helpExampleRpc("getbalances", ""),
      handler: () => {
        const wallet = requireWallet(ctx);
        const b = wallet.getBalances();
        return {
          mine: {
            trusted: valueFromAmount(b.trusted),
            untrusted_pending: valueFromAmount(b.untrustedPending),
            immature: valueFromAmount(b.immature),
          },
          lastprocessedblock: { hash: ctx.chain.tip.hashHex, height: ctx.chain.height },
        };
      },
    }),
    defineRpcMethod({
      name: "listunspent",
      category: "wallet",
      description: `Returns array of unspent transaction outputs\nwith between minconf and maxconf (inclusive) confirmations.\nOptionally filter to only include txouts paid to specified addresses.${DEV_WALLET_NOTE}`,
      params: [
        {
          name: "minconf",
          type: "int",
          default: 1,
          description: "The minimum confirmations to filter",
        },
        {
          name: "maxconf",
          type: "int",
          default: 9_999_999,
          description: "The maximum confirmations to filter",
        },
        {
          name: "addresses",
          type: "arr",
          default: [],
          description: "The bitcoin addresses to filter",
          inner: [{ name: "address", type: "str", description: "bitcoin address" }],
        },
        {
          name: "include_unsafe",
          type: "bool",
          default: true,
          description:
            'Include outputs that are not safe to spend\nSee description of "safe" attribute below.',
        },
      ],
      result: {
        type: "arr",
        inner: [
          {
            type: "obj",
            inner: [
              {
                type: "elision",
                description:
                  "txid, vout, address, label, scriptPubKey, amount, confirmations, spendable, solvable, desc, parent_descs, safe",
              },
            ],
          },
        ],
      },
      examples: helpExampleCli("listunspent", "") + helpExampleRpc("listunspent", ""),
      handler: ({ minconf, maxconf, addresses, include_unsafe }) => {
        const wallet = requireWallet(ctx);
        const filter = addresses.map((a) => {
          if (typeof a !== "string")
            throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "address must be a string");
          return a;
        });
        return walletCall(() =>
          wallet
            .listUnspent(minconf, maxconf, filter.length > 0 ? filter : undefined)
            .filter((u) => include_unsafe || u.safe)
            .map((u) => ({
              txid: u.txid,
              vout: u.vout,
              address: u.address,
              label: u.label,
              scriptPubKey: toHex(u.scriptPubKey),
              amount: valueFromAmount(u.amount),
              confirmations: u.confirmations,
              spendable: u.spendable,
              solvable: u.solvable,
              desc: inferDescriptor(u.scriptPubKey, ctx.params),
              parent_descs: [],
              safe: u.safe,
            })),
        );
      },
    }),
  ];
}
