// Merkle proofs of confirmed transactions (Core's rpc/txoutproof.cpp): gettxoutproof and
// verifytxoutproof, exchanged as serialized BIP37 merkle blocks.

import {
  ByteReader,
  blockHash,
  buildMerkleBlock,
  bytesEqual,
  DecodeError,
  encodeMerkleBlock,
  extractMatches,
  fromHex,
  hashToHex,
  isHex,
  readMerkleBlock,
  toHex,
  txid as txidOf,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "@hashforge/node";
import { parseHashArg } from "../jsonrpc/rpc-args.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import type { RpcNodeContext } from "./node-context.js";

/** The requested txids, each a 64-digit hex string, without duplicates (Core's checks). */
function parseTxids(values: readonly unknown[]): Uint8Array[] {
  if (values.length === 0) {
    throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, "Parameter 'txids' cannot be empty");
  }
  const seen = new Set<string>();
  return values.map((value) => {
    const text = typeof value === "string" ? value : "";
    if (text.length !== 64 || !isHex(text)) {
      throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, `Invalid txid ${text}`);
    }
    const key = text.toLowerCase();
    if (seen.has(key)) {
      throw new RpcError(
        RpcErrorCode.RPC_INVALID_PARAMETER,
        `Invalid parameter, duplicated txid: ${text}`,
      );
    }
    seen.add(key);
    return parseHashArg(text, "txid");
  });
}

/** The block gettxoutproof reads: the given one, a coin's, or the transaction index's. */
async function proofBlock(
  ctx: RpcNodeContext,
  txids: readonly Uint8Array[],
  blockhash: string | undefined,
): Promise<BlockIndexEntry> {
  if (blockhash !== undefined) {
    const entry = ctx.chain.entry(hashToHex(parseHashArg(blockhash, "blockhash")));
    if (entry === undefined)
      throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
    return entry;
  }
  // Core: an unspent output of any of the transactions tells the block it is in.
  for (const id of txids) {
    const { coin, tip } = await ctx.firstUnspentCoin(id);
    if (coin !== undefined) return tip.ancestor(coin.height)!;
  }
  const indexed = await ctx.indexedTransaction(txids[0]!);
  if (indexed === null) {
    throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Transaction not yet in block");
  }
  return indexed.block;
}

/** Creates gettxoutproof and verifytxoutproof. */
export function createTxOutProofMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "gettxoutproof",
      category: "blockchain",
      description:
        'Returns a hex-encoded proof that "txid" was included in a block.\n\nNOTE: By default this function only works sometimes. This is when there is an\nunspent output in the utxo for this transaction. To make it always work,\nyou need to maintain a transaction index, using the -txindex command line option or\nspecify the block in which the transaction is included manually (by blockhash).',
      params: [
        {
          name: "txids",
          type: "arr",
          description: "The txids to filter",
          inner: [{ name: "txid", type: "str", description: "A transaction hash" }],
        },
        {
          name: "blockhash",
          type: "str",
          optional: true,
          description: "If specified, looks for txid in the block with this hash",
        },
      ],
      result: {
        type: "str",
        description: "A string that is a serialized, hex-encoded data for the proof.",
      },
      examples:
        helpExampleCli("gettxoutproof", `'["mytxid",...]'`) +
        helpExampleRpc("gettxoutproof", `["mytxid",...]`),
      handler: async ({ txids, blockhash }) => {
        const wanted = parseTxids(txids);
        const entry = await proofBlock(ctx, wanted, blockhash);
        if (entry.blockPos === null) {
          throw new RpcError(
            RpcErrorCode.RPC_MISC_ERROR,
            "Block not available (not fully downloaded)",
          );
        }
        const block = await ctx.chain.readBlock(entry);
        const keys = new Set(wanted.map((id) => toHex(id)));
        const found = block.txs.filter((tx) => keys.has(toHex(txidOf(tx)))).length;
        if (found !== wanted.length) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
            "Not all transactions found in specified or retrieved block",
          );
        }
        return toHex(encodeMerkleBlock(buildMerkleBlock(block, wanted)));
      },
    }),
    defineRpcMethod({
      name: "verifytxoutproof",
      category: "blockchain",
      description:
        "Verifies that a proof points to a transaction in a block, returning the transaction it commits to\nand throwing an RPC error if the block is not in our best chain",
      params: [
        {
          name: "proof",
          type: "str",
          description: "The hex-encoded proof generated by gettxoutproof",
        },
      ],
      result: {
        type: "arr",
        description: "",
        inner: [
          {
            type: "str_hex",
            description:
              "The txid(s) which the proof commits to, or empty array if the proof can not be validated.",
          },
        ],
      },
      examples:
        helpExampleCli("verifytxoutproof", '"proof"') + helpExampleRpc("gettxoutproof", '"proof"'),
      handler: ({ proof }) => {
        if (!isHex(proof)) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            `proof must be hexadecimal string (not '${proof}')`,
          );
        }
        let merkleBlock: ReturnType<typeof readMerkleBlock>;
        try {
          // Core reads the proof from a stream and ignores bytes after it.
          merkleBlock = readMerkleBlock(new ByteReader(fromHex(proof)));
        } catch (error: unknown) {
          if (error instanceof DecodeError) {
            throw new RpcError(
              RpcErrorCode.RPC_DESERIALIZATION_ERROR,
              `Proof decode failed: ${error.message}`,
            );
          }
          throw error;
        }
        const extracted = extractMatches(merkleBlock);
        if (!extracted.ok || !bytesEqual(extracted.root, merkleBlock.header.merkleRoot)) return [];
        const entry = ctx.chain.entry(hashToHex(blockHash(merkleBlock.header)));
        if (entry === undefined || !ctx.chain.isActive(entry) || entry.txCount === 0) {
          throw new RpcError(RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY, "Block not found in chain");
        }
        // Only a proof over the block's real transaction count is valid.
        if (entry.txCount !== merkleBlock.txCount) return [];
        return extracted.matches.map((m) => hashToHex(m.txid));
      },
    }),
  ];
}
