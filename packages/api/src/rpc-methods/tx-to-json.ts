// Transactions and scripts as RPC results show them (Core's core_write.cpp: TxToUniv,
// ScriptToUniv), and hex decoding of transactions at the RPC edge (DecodeHexTx).

import {
  type ChainParams,
  type Coin,
  DecodeError,
  decodeTx,
  encodeTx,
  formatAsm,
  fromHex,
  hashToHex,
  isCoinbase,
  isHex,
  scriptToAddress,
  solveScript,
  type Transaction,
  toHex,
  totalSize,
  txid,
  txVsize,
  txWeight,
  wtxid,
} from "@hashforge/consensus";
import { valueFromAmount } from "../jsonrpc/amount.js";
import type { RpcResultValue } from "../jsonrpc/json-value.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import { inferDescriptor } from "./infer-descriptor.js";

/** A JSON object result under construction. */
export type JsonResultObject = { [key: string]: RpcResultValue | undefined };

/**
 * A script as `{asm, desc, hex?, address?, type}` (Core's ScriptToUniv): `hex` with
 * `includeHex`, `address` only for scripts that have one.
 */
export function scriptToJson(
  script: Uint8Array,
  params: ChainParams,
  includeHex = true,
): JsonResultObject {
  const out: JsonResultObject = {
    asm: formatAsm(script),
    desc: inferDescriptor(script, params),
  };
  if (includeHex) out.hex = toHex(script);
  const address = scriptToAddress(script, params);
  if (address !== null) out.address = address;
  out.type = solveScript(script).type;
  return out;
}

/** How much of a transaction {@link txToJson} shows (Core's TxVerbosity). */
export interface TxJsonOptions {
  /** Append the serialized transaction as `hex`. */
  readonly includeHex: boolean;
  /**
   * Coins the inputs spent, in input order, when known (block undo data or the UTXO set):
   * enables `fee`, and with `showPrevout` each input's `prevout`.
   */
  readonly spent?: readonly Coin[] | undefined;
  readonly showPrevout?: boolean;
}

function prevoutToJson(coin: Coin, params: ChainParams): JsonResultObject {
  return {
    generated: coin.coinbase,
    height: coin.height,
    value: valueFromAmount(coin.output.value),
    scriptPubKey: scriptToJson(coin.output.scriptPubKey, params),
  };
}

/**
 * A transaction as Core's TxToUniv shows it: txid, hash, version, size, vsize, weight,
 * locktime, vin, vout, then `fee` when the spent coins are known (not for a coinbase) and `hex`.
 */
export function txToJson(
  tx: Transaction,
  params: ChainParams,
  options: TxJsonOptions,
): JsonResultObject {
  const coinbase = isCoinbase(tx);
  const spent = coinbase ? undefined : options.spent;
  const vin = tx.inputs.map((input, i): JsonResultObject => {
    const item: JsonResultObject = {};
    if (coinbase) item.coinbase = toHex(input.scriptSig);
    else {
      item.txid = hashToHex(input.prevout.txid);
      item.vout = input.prevout.vout;
      item.scriptSig = { asm: formatAsm(input.scriptSig, true), hex: toHex(input.scriptSig) };
    }
    if (input.witness.length > 0) item.txinwitness = input.witness.map(toHex);
    const coin = spent?.[i];
    if (options.showPrevout && coin !== undefined) item.prevout = prevoutToJson(coin, params);
    item.sequence = input.sequence;
    return item;
  });
  const vout = tx.outputs.map(
    (output, n): JsonResultObject => ({
      value: valueFromAmount(output.value),
      n,
      scriptPubKey: scriptToJson(output.scriptPubKey, params),
    }),
  );
  const out: JsonResultObject = {
    txid: hashToHex(txid(tx)),
    hash: hashToHex(wtxid(tx)),
    version: tx.version,
    size: totalSize(tx),
    vsize: txVsize(tx),
    weight: txWeight(tx),
    locktime: tx.locktime,
    vin,
    vout,
  };
  if (spent !== undefined && spent.length === tx.inputs.length) {
    let fee = 0n;
    for (const coin of spent) fee += coin.output.value;
    for (const output of tx.outputs) fee -= output.value;
    out.fee = valueFromAmount(fee);
  }
  if (options.includeHex) out.hex = toHex(encodeTx(tx));
  return out;
}

/**
 * Decodes a hex transaction (Core's DecodeHexTx): the extended (witness) serialization first,
 * then the legacy one, so a transaction without inputs can still be read. Returns null for
 * non-hex text or bytes neither form accepts.
 */
export function decodeHexTx(
  hex: string,
  tryWitness = true,
  tryNoWitness = true,
): Transaction | null {
  if (!isHex(hex)) return null;
  const bytes = fromHex(hex);
  const attempts = [tryWitness, tryNoWitness];
  for (let i = 0; i < 2; i++) {
    if (!attempts[i]) continue;
    try {
      return decodeTx(bytes, i === 0);
    } catch (err) {
      if (!(err instanceof DecodeError) && !(err instanceof RangeError)) throw err;
    }
  }
  return null;
}

/** Decodes a transaction parameter or throws RPC_DESERIALIZATION_ERROR with `message`. */
export function parseTxParam(hex: string, message = "TX decode failed"): Transaction {
  const tx = decodeHexTx(hex);
  if (tx === null) throw new RpcError(RpcErrorCode.RPC_DESERIALIZATION_ERROR, message);
  return tx;
}
