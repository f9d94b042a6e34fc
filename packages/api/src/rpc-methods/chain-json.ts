// Shared pieces of the chain RPCs: block lookups with Core's errors, block headers and blocks as
// JSON (Core's blockheaderToJSON / blockToJSON), and number formatting like UniValue's.

import {
  type Block,
  blockBaseSize,
  blockTotalSize,
  blockWeight,
  type Coin,
  decodeCompact,
  difficulty,
  hashToHex,
  txid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "@hashforge/node";
import { JsonNumber } from "../jsonrpc/json-value.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import type { RpcNodeContext } from "./node-context.js";
import { type JsonResultObject, txToJson } from "./tx-to-json.js";

/** A 256-bit number as 64 hex digits (Core's uint256::GetHex of an arith_uint256). */
export function hex256(n: bigint): string {
  return n.toString(16).padStart(64, "0");
}

/**
 * A double as UniValue writes it (`std::setprecision(16)`, i.e. C's `%.16g`): 16 significant
 * digits, trailing zeros dropped, scientific notation below 1e-4 or from 1e16.
 */
export function formatDouble(x: number): JsonNumber {
  if (!Number.isFinite(x)) return new JsonNumber("null");
  if (x === 0) return new JsonNumber("0");
  const sign = x < 0 ? "-" : "";
  const sci = Math.abs(x).toExponential(15);
  const [mantissa, expText] = sci.split("e") as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = `${digits[0]}.${digits.slice(1)}`.replace(/0+$/, "").replace(/\.$/, "");
    const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return new JsonNumber(`${sign}${m}e${e}`);
  }
  const intPart = exp >= 0 ? digits.slice(0, exp + 1) : "0";
  const frac = (exp >= 0 ? digits.slice(exp + 1) : "0".repeat(-exp - 1) + digits).replace(
    /0+$/,
    "",
  );
  return new JsonNumber(`${sign}${intPart}${frac === "" ? "" : `.${frac}`}`);
}

/** `%08x` of a 32-bit field. */
export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/** The block with this hash (internal byte order), or RPC_INVALID_ADDRESS_OR_KEY "Block not found". */
export function requireBlock(ctx: RpcNodeContext, hash: Uint8Array): BlockIndexEntry {
  const entry = ctx.chain.tree.get(hashToHex(hash));
  if (entry === undefined)
    throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
  return entry;
}

/** Reads a block's data, or RPC_MISC_ERROR "Block not available" when only its header is known. */
export async function readBlockChecked(
  ctx: RpcNodeContext,
  entry: BlockIndexEntry,
): Promise<Block> {
  if (entry.blockPos === null) {
    throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Block not available (not fully downloaded)");
  }
  return ctx.chain.readBlock(entry);
}

/** Confirmations of a block: tip height - height + 1 on the active chain, -1 elsewhere. */
export function confirmationsOf(ctx: RpcNodeContext, entry: BlockIndexEntry): number {
  return ctx.chain.isActive(entry) ? ctx.chain.height - entry.height + 1 : -1;
}

/** A block header with its chain context (Core's blockheaderToJSON). */
export function headerToJson(ctx: RpcNodeContext, entry: BlockIndexEntry): JsonResultObject {
  const h = entry.header;
  const active = ctx.chain.isActive(entry);
  const next = active ? ctx.chain.atHeight(entry.height + 1) : undefined;
  const out: JsonResultObject = {
    hash: entry.hashHex,
    confirmations: confirmationsOf(ctx, entry),
    height: entry.height,
    version: h.version | 0,
    versionHex: hex32(h.version),
    merkleroot: hashToHex(h.merkleRoot),
    time: h.time,
    mediantime: entry.medianTimePast(),
    nonce: h.nonce >>> 0,
    bits: hex32(h.bits),
    target: hex256(decodeCompact(h.bits).target),
    difficulty: formatDouble(difficulty(h.bits)),
    chainwork: hex256(entry.chainWork),
    nTx: entry.txCount,
  };
  if (entry.prev !== null) out.previousblockhash = entry.prev.hashHex;
  if (next !== undefined) out.nextblockhash = next.hashHex;
  return out;
}

/**
 * A block as getblock shows it at verbosity 1 (txids), 2 (decoded transactions with `fee` when
 * `undo` is given) or 3 (also each input's `prevout`), Core's blockToJSON.
 */
export function blockToJson(
  ctx: RpcNodeContext,
  entry: BlockIndexEntry,
  block: Block,
  verbosity: number,
  undo: readonly (readonly Coin[])[] | null,
): JsonResultObject {
  const out = headerToJson(ctx, entry);
  out.nTx = block.txs.length;
  out.strippedsize = blockBaseSize(block);
  out.size = blockTotalSize(block);
  out.weight = blockWeight(block);
  out.tx =
    verbosity <= 1
      ? block.txs.map((tx) => hashToHex(txid(tx)))
      : block.txs.map((tx, i) =>
          txToJson(tx, ctx.params, {
            includeHex: true,
            spent: undo?.[i],
            showPrevout: verbosity >= 3,
          }),
        );
  return out;
}
