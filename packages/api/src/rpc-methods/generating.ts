// Block generation RPCs for test networks (Core's rpc/mining.cpp): generatetoaddress and
// generateblock. Blocks are solved by counting nonces, as Core's GenerateBlock does, with the
// miner package's CPU kernel.

import {
  type Block,
  blockHash,
  decodeAddress,
  decodeHeader,
  encodeBlock,
  encodeHeader,
  hashToHex,
  merkleRoot,
  scriptForDestination,
  type Transaction,
  targetFromBits,
  toHex,
  txid as txidOf,
  witnessCommitmentIndex,
  witnessCommitmentScript,
  witnessMerkleRoot,
} from "@hashforge/consensus";
import { mineBlockHeader, NONCE_SPACE } from "@hashforge/miner";
import { assembleBlockTemplate, zeroWitnessNonce } from "@hashforge/node";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { nextBits } from "./mining.js";
import type { RpcNodeContext } from "./node-context.js";
import { decodeHexTx } from "./tx-to-json.js";

/** Core's DEFAULT_MAX_TRIES for generatetoaddress. */
export const DEFAULT_MAX_TRIES = 1_000_000;
/** Nonces tried between yields to the event loop, so other requests keep being served. */
const NONCES_PER_SLICE = 50_000;

function payoutScript(ctx: RpcNodeContext, address: string): Uint8Array {
  try {
    return scriptForDestination(decodeAddress(address, ctx.params));
  } catch {
    throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address");
  }
}

/**
 * Searches nonces until the header meets its target (Core's GenerateBlock loop), in slices of
 * {@link NONCES_PER_SLICE} hashed by the miner's midstate kernel, yielding to the event loop
 * between slices. Returns the solved block, "exhausted" when the 32-bit nonce space ran out
 * (build a new template), or null when `tries.left` reached zero or the request was aborted.
 * Like Core, every hash that misses costs one try and the winning hash costs none.
 */
async function solveBlock(
  ctx: RpcNodeContext,
  block: Block,
  tries: { left: number },
  signal: AbortSignal,
): Promise<Block | "exhausted" | null> {
  const target = targetFromBits(block.header.bits, ctx.params.pow.powLimit);
  if (target === null) {
    // No hash can meet an invalid or too-easy nBits: Core spends all its tries and gives up.
    tries.left = 0;
    return null;
  }
  const header80 = encodeHeader(block.header);
  let nonce = block.header.nonce >>> 0;
  while (tries.left > 0 && !signal.aborted) {
    const budget = Math.min(tries.left, NONCES_PER_SLICE, NONCE_SPACE - nonce);
    // One header per call: running out of nonces means a new template, not a rolled time.
    const found = mineBlockHeader(header80, target, {
      maxTries: budget,
      startNonce: nonce,
      nextHeader: () => null,
    });
    if (found !== null) {
      tries.left -= found.tries - 1;
      return { header: decodeHeader(found.header), txs: block.txs };
    }
    tries.left -= budget;
    nonce += budget;
    if (nonce === NONCE_SPACE) return "exhausted";
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return null;
}

/** Replaces the witness commitment and merkle root after the transaction list changed (Core's RegenerateCommitments). */
function regenerateCommitments(block: Block): Block {
  let txs = block.txs;
  const index = witnessCommitmentIndex(block);
  if (index >= 0) {
    const coinbase = txs[0]!;
    const script = witnessCommitmentScript(witnessMerkleRoot(block).root, zeroWitnessNonce());
    const outputs = coinbase.outputs.map((o, i) =>
      i === index ? { ...o, scriptPubKey: script } : o,
    );
    txs = [{ ...coinbase, outputs }, ...txs.slice(1)];
  }
  return { header: { ...block.header, merkleRoot: merkleRoot(txs.map(txidOf)).root }, txs };
}

const INT32_MAX = 0x7fffffff;

/** Creates generatetoaddress and generateblock. */
export function createGeneratingMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "generatetoaddress",
      category: "generating",
      description: "Mine to a specified address and return the block hashes.",
      params: [
        { name: "nblocks", type: "int", description: "How many blocks are generated." },
        {
          name: "address",
          type: "str",
          description: "The address to send the newly generated bitcoin to.",
        },
        {
          name: "maxtries",
          type: "int",
          default: DEFAULT_MAX_TRIES,
          description: "How many iterations to try.",
        },
      ],
      result: {
        type: "arr",
        description: "hashes of blocks generated",
        inner: [{ type: "str_hex", description: "blockhash" }],
      },
      examples:
        helpExampleCli("generatetoaddress", '11 "myaddress"') +
        helpExampleRpc("generatetoaddress", '11, "myaddress"'),
      handler: async ({ nblocks, address, maxtries }, call) => {
        // Core reads both as a C++ int (getInt<int>): beyond 32 bits is out of range.
        for (const n of [nblocks, maxtries]) {
          if (n > INT32_MAX || n < -INT32_MAX - 1) {
            throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "JSON integer out of range");
          }
        }
        const script = payoutScript(ctx, address);
        const hashes: string[] = [];
        const tries = { left: maxtries };
        while (hashes.length < nblocks) {
          const template = ctx.blockTemplate(script);
          const solved = await solveBlock(ctx, template.block, tries, call.signal);
          if (solved === null) break;
          if (solved === "exhausted") continue;
          const result = await ctx.submitBlock(solved);
          if (!result.ok) {
            throw new RpcError(
              RpcErrorCode.RPC_INTERNAL_ERROR,
              "ProcessNewBlock, block not accepted",
            );
          }
          hashes.push(result.entry.hashHex);
        }
        return hashes;
      },
    }),
    defineRpcMethod({
      name: "generateblock",
      category: "generating",
      description:
        "Mine a set of ordered transactions to a specified address and return the block hash.",
      params: [
        {
          name: "output",
          type: "str",
          description: "The address to send the newly generated bitcoin to.",
        },
        {
          name: "transactions",
          type: "arr",
          description:
            "An array of hex strings which are either txids or raw transactions.\nTxids must reference transactions currently in the mempool.\nAll transactions must be valid and in valid order, otherwise the block will be rejected.",
          inner: [{ name: "rawtx/txid", type: "str", description: "" }],
        },
        {
          name: "submit",
          type: "bool",
          default: true,
          description:
            "Whether to submit the block before the RPC call returns or to return it as hex.",
        },
      ],
      result: {
        type: "obj",
        inner: [
          { type: "str_hex", key: "hash", description: "hash of generated block" },
          {
            type: "str_hex",
            key: "hex",
            optional: true,
            description: "hex of generated block, only present when submit=false",
          },
        ],
      },
      examples:
        helpExampleCli("generateblock", '"myaddress" \'["rawtx", "mempool_txid"]\'') +
        helpExampleRpc("generateblock", '"myaddress", ["rawtx", "mempool_txid"]'),
      handler: async ({ output, transactions, submit }, call) => {
        let script: Uint8Array;
        try {
          script = scriptForDestination(decodeAddress(output, ctx.params));
        } catch {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
            "Error: Invalid address or descriptor",
          );
        }
        const txs: Transaction[] = transactions.map((value) => {
          const text = typeof value === "string" ? value : "";
          if (text.length === 64) {
            const entry = ctx.mempool.entries().find((e) => e.txidHex === text);
            if (entry === undefined) {
              throw new RpcError(
                RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
                `Transaction ${text} not in mempool.`,
              );
            }
            return entry.tx;
          }
          const tx = decodeHexTx(text);
          if (tx === null) {
            throw new RpcError(
              RpcErrorCode.RPC_DESERIALIZATION_ERROR,
              `Transaction decode failed for ${text}. Make sure the tx has at least one input.`,
            );
          }
          return tx;
        });
        const tip = ctx.chain.tip;
        // Like Core: a template without mempool transactions, then exactly the given ones. Their
        // fees are not added to the coinbase (Core leaves them unclaimed too).
        const template = assembleBlockTemplate({
          tip: {
            hash: tip.hash,
            height: tip.height,
            time: tip.header.time,
            medianTimePast: tip.medianTimePast(),
            bits: (t) => nextBits(ctx, tip, t),
          },
          params: ctx.params,
          candidates: [],
          payoutScript: script,
          mempoolSequence: 0,
          now: ctx.now(),
        });
        const block = regenerateCommitments({
          header: template.block.header,
          txs: [template.block.txs[0]!, ...txs],
        });
        const solved = await solveBlock(ctx, block, { left: Number.MAX_SAFE_INTEGER }, call.signal);
        if (solved === null || solved === "exhausted") {
          throw new RpcError(RpcErrorCode.RPC_MISC_ERROR, "Failed to make block.");
        }
        const hash = hashToHex(blockHash(solved.header));
        if (!submit) return { hash, hex: toHex(encodeBlock(solved)) };
        const result = await ctx.submitBlock(solved);
        if (!result.ok) {
          throw new RpcError(
            RpcErrorCode.RPC_VERIFY_ERROR,
            `TestBlockValidity failed: ${result.reason}`,
          );
        }
        return { hash };
      },
    }),
  ];
}
