// Raw transaction RPCs that read and build (Core's rpc/rawtransaction.cpp): getrawtransaction,
// decoderawtransaction, decodescript, createrawtransaction.

import {
  buildScript,
  type Coin,
  decodeAddress,
  encodeTx,
  hash160,
  hashToHex,
  OP,
  scriptForDestination,
  sha256,
  solveScript,
  type Transaction,
  type TxIn,
  type TxOut,
  toHex,
  txid as txidOf,
} from "@hashforge/consensus";
import { amountFromValue } from "../jsonrpc/amount.js";
import {
  isJsonObject,
  JsonNumber,
  type JsonObject,
  type JsonValue,
} from "../jsonrpc/json-value.js";
import { parseHashArg, parseHexArg, parseIntArg } from "../jsonrpc/rpc-args.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { parseVerbosity } from "./blockchain.js";
import { inferWshDescriptor, p2shAddress } from "./infer-descriptor.js";
import type { RpcNodeContext } from "./node-context.js";
import { decodeHexTx, type JsonResultObject, scriptToJson, txToJson } from "./tx-to-json.js";

/** BIP125 opt-in sequence (Core's MAX_BIP125_RBF_SEQUENCE). */
const RBF_SEQUENCE = 0xfffffffd;
/** Final sequence that still enables the lock time (Core's CTxIn::MAX_SEQUENCE_NONFINAL). */
const MAX_SEQUENCE_NONFINAL = 0xfffffffe;
const SEQUENCE_FINAL = 0xffffffff;

function invalidParameter(message: string): RpcError {
  return new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, message);
}

/** A JSON integer member, or undefined; non-integers fail like Core's getInt. */
function intMember(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!(v instanceof JsonNumber)) {
    throw new RpcError(
      RpcErrorCode.RPC_TYPE_ERROR,
      `JSON value of type ${typeof v} is not of expected type number`,
    );
  }
  return parseIntArg(v);
}

/** Builds the inputs of createrawtransaction (Core's AddInputs). */
function buildInputs(
  inputs: readonly JsonValue[],
  locktime: number,
  rbf: boolean | undefined,
): TxIn[] {
  return inputs.map((value): TxIn => {
    if (!isJsonObject(value)) {
      throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "JSON value is not an object as expected");
    }
    const idText = value.txid;
    if (typeof idText !== "string") {
      throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "txid must be a string");
    }
    const txid = parseHashArg(idText, "txid");
    if (!(value.vout instanceof JsonNumber))
      throw invalidParameter("Invalid parameter, missing vout key");
    const vout = parseIntArg(value.vout);
    if (vout < 0) throw invalidParameter("Invalid parameter, vout cannot be negative");
    let sequence = rbf ? RBF_SEQUENCE : locktime !== 0 ? MAX_SEQUENCE_NONFINAL : SEQUENCE_FINAL;
    const given = intMember(value, "sequence");
    if (given !== undefined) {
      if (given < 0 || given > SEQUENCE_FINAL) {
        throw invalidParameter("Invalid parameter, sequence number is out of range");
      }
      sequence = given;
    }
    return { prevout: { txid, vout }, scriptSig: new Uint8Array(0), sequence, witness: [] };
  });
}

/** Builds the outputs of createrawtransaction (Core's ParseOutputs / AddOutputs). */
function buildOutputs(ctx: RpcNodeContext, outputs: JsonValue): TxOut[] {
  let pairs: [string, JsonValue][];
  if (Array.isArray(outputs)) {
    pairs = [];
    for (const item of outputs as readonly JsonValue[]) {
      if (!isJsonObject(item)) {
        throw invalidParameter("Invalid parameter, key-value pair not an object as expected");
      }
      const entries = Object.entries(item);
      if (entries.length !== 1) {
        throw invalidParameter("Invalid parameter, key-value pair must contain exactly one key");
      }
      pairs.push(entries[0]!);
    }
  } else if (isJsonObject(outputs)) {
    pairs = Object.entries(outputs);
  } else {
    throw invalidParameter("Invalid parameter, output argument must be non-null");
  }
  const seen = new Set<string>();
  let haveData = false;
  return pairs.map(([key, value]): TxOut => {
    if (key === "data") {
      if (haveData) throw invalidParameter("Invalid parameter, duplicate key: data");
      haveData = true;
      if (typeof value !== "string") {
        throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "Data must be a string");
      }
      const data = value === "" ? new Uint8Array(0) : parseHexArg(value, "Data");
      return { value: 0n, scriptPubKey: buildScript([OP.OP_RETURN, data]) };
    }
    let scriptPubKey: Uint8Array;
    try {
      scriptPubKey = scriptForDestination(decodeAddress(key, ctx.params));
    } catch {
      throw new RpcError(
        RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
        `Invalid Bitcoin address: ${key}`,
      );
    }
    if (seen.has(key)) throw invalidParameter(`Invalid parameter, duplicated address: ${key}`);
    seen.add(key);
    return { value: amountFromValue(value), scriptPubKey };
  });
}

/** decodescript's answer (Core's decodescript: the script, its P2SH and P2WSH wrappings). */
function decodeScriptJson(ctx: RpcNodeContext, script: Uint8Array): JsonResultObject {
  const out = scriptToJson(script, ctx.params, false);
  const { type, solutions } = solveScript(script);
  const canWrap = [
    "multisig",
    "nonstandard",
    "pubkey",
    "pubkeyhash",
    "witness_v0_keyhash",
    "witness_v0_scripthash",
  ].includes(type);
  if (!canWrap) return out;
  out.p2sh = p2shAddress(hash160(script), ctx.params);
  let canWrapWsh = type === "nonstandard" || type === "pubkeyhash";
  if (type === "multisig" || type === "pubkey") {
    // Uncompressed keys cannot be used in segwit scripts.
    canWrapWsh = solutions.every((s) => s.length === 1 || s.length === 33);
  }
  if (!canWrapWsh) return out;
  let segwitScript: Uint8Array;
  let desc: string | undefined;
  if (type === "pubkey") segwitScript = buildScript([OP.OP_0, hash160(solutions[0]!)]);
  else if (type === "pubkeyhash") segwitScript = buildScript([OP.OP_0, solutions[0]!]);
  else {
    segwitScript = buildScript([OP.OP_0, sha256(script)]);
    desc = inferWshDescriptor(script, segwitScript, ctx.params);
  }
  const segwit = scriptToJson(segwitScript, ctx.params, true);
  if (desc !== undefined) segwit.desc = desc;
  segwit["p2sh-segwit"] = p2shAddress(hash160(segwitScript), ctx.params);
  out.segwit = segwit;
  return out;
}

/** Finds a transaction in a block and its spent coins, for getrawtransaction with a blockhash. */
async function findInBlock(
  ctx: RpcNodeContext,
  blockhash: Uint8Array,
  txid: Uint8Array,
): Promise<{
  tx: Transaction;
  spent: readonly Coin[] | undefined;
  inActive: boolean;
  hash: string;
}> {
  const entry = ctx.chain.tree.get(hashToHex(blockhash));
  if (entry === undefined)
    throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block hash not found");
  if (entry.blockPos === null)
    throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Block not available");
  const block = await ctx.chain.readBlock(entry);
  const wanted = hashToHex(txid);
  const index = block.txs.findIndex((tx) => hashToHex(txidOf(tx)) === wanted);
  if (index < 0) {
    throw new RpcError(
      RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
      "No such transaction found in the provided block. Use gettransaction for wallet transactions.",
    );
  }
  const undo = index > 0 ? await ctx.chain.readUndo(entry) : null;
  return {
    tx: block.txs[index]!,
    spent: undo?.[index],
    inActive: ctx.chain.isActive(entry),
    hash: entry.hashHex,
  };
}

/** Core's getrawtransaction message for a txid found neither in the mempool nor the index. */
function notFoundMessage(ctx: RpcNodeContext): string {
  const why = !ctx.hasTxIndex
    ? "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries"
    : ctx.indexInfo().some((i) => i.name === "txindex" && !i.synced)
      ? "No such mempool transaction. Blockchain transactions are still in the process of being indexed"
      : "No such mempool or blockchain transaction";
  return `${why}. Use gettransaction for wallet transactions.`;
}

/** Creates getrawtransaction, decoderawtransaction, decodescript and createrawtransaction. */
export function createRawTransactionMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getrawtransaction",
      category: "rawtransactions",
      description:
        "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\nand no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.\nIf a blockhash argument is passed, it will return the transaction if\nthe specified block is available and the transaction is in that block.\n\nHint: Use gettransaction for wallet transactions.\n\nIf verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\nIf verbosity is 1, returns a JSON Object with information about the transaction.\nIf verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout information.",
      params: [
        { name: "txid", type: "str", description: "The transaction id" },
        {
          name: "verbosity",
          aliases: ["verbose"],
          type: "int",
          default: 0,
          skipTypeCheck: true,
          typeStr: ["", "numeric or boolean"],
          description:
            "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout",
        },
        {
          name: "blockhash",
          type: "str",
          optional: true,
          description: "The block in which to look for the transaction",
        },
      ],
      result: [
        {
          type: "str",
          cond: "if verbosity is not set or set to 0",
          description: "The serialized transaction as a hex-encoded string for 'txid'",
        },
        {
          type: "obj",
          cond: "if verbosity is set to 1 or 2",
          inner: [
            {
              type: "elision",
              description:
                "in_active_chain, the decoded transaction, hex, blockhash, confirmations, time, blocktime",
            },
          ],
        },
      ],
      examples:
        helpExampleCli("getrawtransaction", '"mytxid"') +
        helpExampleRpc("getrawtransaction", '"mytxid", 1'),
      handler: async (args) => {
        const txid = parseHashArg(args.txid, "parameter 1");
        const genesisCoinbase = ctx.params.genesisHeader.merkleRoot;
        if (hashToHex(txid) === hashToHex(genesisCoinbase)) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
            "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved",
          );
        }
        const verbosity = parseVerbosity(args.verbosity, 0);
        const givenBlock = args.blockhash !== undefined;
        let blockhash: Uint8Array;
        if (args.blockhash !== undefined) {
          blockhash = parseHashArg(args.blockhash, "parameter 3");
        } else {
          // Core's GetTransaction: the mempool first, then the transaction index.
          const entry = ctx.mempool.getEntry(txid);
          if (entry !== undefined) {
            if (verbosity <= 0) return toHex(encodeTx(entry.tx));
            return txToJson(entry.tx, ctx.params, { includeHex: true });
          }
          const indexed = await ctx.indexedTransaction(txid);
          if (indexed === null) {
            throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, notFoundMessage(ctx));
          }
          if (verbosity <= 0) return toHex(encodeTx(indexed.tx));
          blockhash = indexed.block.hash;
        }
        const found = await findInBlock(ctx, blockhash, txid);
        if (verbosity <= 0) return toHex(encodeTx(found.tx));
        const entry = ctx.chain.tree.get(found.hash)!;
        const out: JsonResultObject = {
          ...(givenBlock ? { in_active_chain: found.inActive } : {}),
          ...txToJson(found.tx, ctx.params, {
            includeHex: true,
            spent: verbosity >= 2 ? found.spent : undefined,
            showPrevout: verbosity >= 2,
          }),
          blockhash: found.hash,
        };
        if (found.inActive) {
          out.confirmations = ctx.chain.height - entry.height + 1;
          out.time = entry.header.time;
          out.blocktime = entry.header.time;
        } else out.confirmations = 0;
        return out;
      },
    }),
    defineRpcMethod({
      name: "decoderawtransaction",
      category: "rawtransactions",
      description: "Return a JSON object representing the serialized, hex-encoded transaction.",
      params: [
        { name: "hexstring", type: "str", description: "The transaction hex string" },
        {
          name: "iswitness",
          type: "bool",
          defaultHint: "depends on heuristic tests",
          description:
            "Whether the transaction hex is a serialized witness transaction.\nIf iswitness is not present, heuristic tests will be used in decoding.\nIf true, only witness deserialization will be tried.\nIf false, only non-witness deserialization will be tried.\nThis boolean should reflect whether the transaction has inputs\n(e.g. fully valid, or on-chain transactions), if known by the caller.",
        },
      ],
      result: {
        type: "obj",
        inner: [
          {
            type: "elision",
            description: "txid, hash, size, vsize, weight, version, locktime, vin, vout",
          },
        ],
      },
      examples:
        helpExampleCli("decoderawtransaction", '"hexstring"') +
        helpExampleRpc("decoderawtransaction", '"hexstring"'),
      handler: ({ hexstring, iswitness }) => {
        const tx = decodeHexTx(hexstring, iswitness !== false, iswitness !== true);
        if (tx === null)
          throw new RpcError(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "TX decode failed");
        return txToJson(tx, ctx.params, { includeHex: false });
      },
    }),
    defineRpcMethod({
      name: "decodescript",
      category: "rawtransactions",
      description: "Decode a hex-encoded script.",
      params: [{ name: "hexstring", type: "str", description: "the hex-encoded script" }],
      result: {
        type: "obj",
        inner: [{ type: "elision", description: "asm, desc, type, address, p2sh, segwit" }],
      },
      examples:
        helpExampleCli("decodescript", '"hexstring"') +
        helpExampleRpc("decodescript", '"hexstring"'),
      handler: ({ hexstring }) => {
        const script = hexstring === "" ? new Uint8Array(0) : parseHexArg(hexstring, "argument");
        return decodeScriptJson(ctx, script);
      },
    }),
    defineRpcMethod({
      name: "createrawtransaction",
      category: "rawtransactions",
      description:
        "Create a transaction spending the given inputs and creating new outputs.\nOutputs can be addresses or data.\nReturns hex-encoded raw transaction.\nNote that the transaction's inputs are not signed, and\nit is not stored in the wallet or transmitted to the network.",
      params: [
        {
          name: "inputs",
          type: "arr",
          description: "The inputs",
          inner: [
            {
              name: "",
              type: "obj",
              description: "",
              inner: [
                { name: "txid", type: "hash", description: "The transaction id" },
                { name: "vout", type: "int", description: "The output number" },
                {
                  name: "sequence",
                  type: "int",
                  defaultHint: "depends on the value of the 'replaceable' and 'locktime' arguments",
                  description: "The sequence number",
                },
              ],
            },
          ],
        },
        {
          name: "outputs",
          type: "any",
          skipTypeCheck: true,
          typeStr: ["", "json array"],
          oneline: '[{"address":amount,...},{"data":"hex"},...]',
          description:
            "The outputs specified as key-value pairs.\nEach key may only appear once, i.e. there can only be one 'data' output, and no address may be duplicated.\nAt least one output of either type must be specified.",
        },
        {
          name: "locktime",
          type: "int",
          default: 0,
          description: "Raw locktime. Non-0 value also locktime-activates inputs",
        },
        {
          name: "replaceable",
          type: "bool",
          default: false,
          description:
            "Marks this transaction as BIP125-replaceable.\nAllows this transaction to be replaced by a transaction with higher fees. If provided, it is an error if explicit sequence numbers are incompatible.",
        },
      ],
      result: { type: "str_hex", description: "hex string of the transaction" },
      examples:
        helpExampleCli(
          "createrawtransaction",
          `"[{\\"txid\\":\\"myid\\",\\"vout\\":0}]" "[{\\"address\\":0.01}]"`,
        ) +
        helpExampleRpc(
          "createrawtransaction",
          `"[{\\"txid\\":\\"myid\\",\\"vout\\":0}]", "[{\\"address\\":0.01}]"`,
        ),
      handler: ({ inputs, outputs, locktime, replaceable }) => {
        if (locktime < 0 || locktime > 0xffffffff) {
          throw invalidParameter("Invalid parameter, locktime out of range");
        }
        const vin = buildInputs(inputs, locktime, replaceable);
        if (replaceable && vin.length > 0 && !vin.some((i) => i.sequence <= RBF_SEQUENCE)) {
          throw invalidParameter(
            "Invalid parameter combination: Sequence number(s) contradict replaceable option",
          );
        }
        const tx: Transaction = {
          version: 2,
          inputs: vin,
          outputs: buildOutputs(ctx, outputs),
          locktime,
        };
        return toHex(encodeTx(tx));
      },
    }),
  ];
}
