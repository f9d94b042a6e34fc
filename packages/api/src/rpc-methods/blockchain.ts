// Blockchain RPCs (Core's rpc/blockchain.cpp): chain info, blocks, headers, tips, difficulty and
// block statistics.

import {
  decodeCompact,
  encodeHeader,
  difficulty as headerDifficulty,
  toHex,
} from "@hashforge/consensus";
import { type BlockIndexEntry, BlockStatus } from "@hashforge/node";
import { JsonNumber, type JsonValue } from "../jsonrpc/json-value.js";
import { parseIntArg } from "../jsonrpc/rpc-args.js";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import {
  blockToJson,
  formatDouble,
  headerToJson,
  hex32,
  hex256,
  readBlockChecked,
  requireBlock,
} from "./chain-json.js";
import type { RpcNodeContext } from "./node-context.js";
import type { JsonResultObject } from "./tx-to-json.js";

const BLOCKHASH_PARAM = {
  name: "blockhash",
  type: "hash",
  description: "The block hash",
} as const;

/**
 * Reads a verbosity argument that may also be a boolean (Core's ParseVerbosity with allow_bool):
 * null → `fallback`, true → 1, false → 0, else an integer.
 */
export function parseVerbosity(value: JsonValue, fallback: number): number {
  if (value === null) return fallback;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof JsonNumber) return parseIntArg(value);
  throw new RpcError(
    RpcErrorCode.RPC_TYPE_ERROR,
    `JSON value of type ${Array.isArray(value) ? "array" : typeof value === "string" ? "string" : "object"} is not of expected type number`,
  );
}

/** Rough share of the chain's history the tip covers, by time (1 once synced). */
function verificationProgress(ctx: RpcNodeContext): number {
  if (!ctx.isInitialBlockDownload()) return 1;
  const start = ctx.params.genesisHeader.time;
  const span = ctx.now() - start;
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (ctx.chain.tip.header.time - start) / span));
}

/** Status of a chain tip as getchaintips names it. */
function tipStatus(ctx: RpcNodeContext, tip: BlockIndexEntry): string {
  if (ctx.chain.isActive(tip)) return "active";
  if (tip.failed) return "invalid";
  for (let e: BlockIndexEntry | null = tip; e !== null && !ctx.chain.isActive(e); e = e.prev) {
    if ((e.status & BlockStatus.HAVE_DATA) === 0) return "headers-only";
  }
  if (tip.status & BlockStatus.VALID_SCRIPTS) return "valid-fork";
  return "valid-headers";
}

/** Creates the blockchain RPC methods over `ctx`. */
export function createBlockchainMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getblockchaininfo",
      category: "blockchain",
      description:
        "Returns an object containing various state info regarding blockchain processing.",
      params: [],
      result: {
        type: "obj",
        inner: [
          {
            type: "str",
            key: "chain",
            description: "current network name (main, test, testnet4, signet, regtest)",
          },
          {
            type: "num",
            key: "blocks",
            description: "the height of the most-work fully-validated chain",
          },
          {
            type: "num",
            key: "headers",
            description: "the current number of headers we have validated",
          },
          {
            type: "str",
            key: "bestblockhash",
            description: "the hash of the currently best block",
          },
          {
            type: "str_hex",
            key: "bits",
            description: "nBits: compact representation of the block difficulty target",
          },
          { type: "str_hex", key: "target", description: "The difficulty target" },
          { type: "num", key: "difficulty", description: "the current difficulty" },
          {
            type: "num_time",
            key: "time",
            description: "The block time expressed in UNIX epoch time",
          },
          {
            type: "num_time",
            key: "mediantime",
            description: "The median block time expressed in UNIX epoch time",
          },
          {
            type: "num",
            key: "verificationprogress",
            description: "estimate of verification progress [0..1]",
          },
          {
            type: "bool",
            key: "initialblockdownload",
            description:
              "(debug information) estimate of whether this node is in Initial Block Download mode",
          },
          {
            type: "str_hex",
            key: "chainwork",
            description: "total amount of work in active chain, in hexadecimal",
          },
          {
            type: "num",
            key: "size_on_disk",
            description: "the estimated size of the block and undo files on disk",
          },
          { type: "bool", key: "pruned", description: "if the blocks are subject to pruning" },
          {
            type: "str_hex",
            key: "signet_challenge",
            optional: true,
            description:
              "the block challenge (aka. block script), in hexadecimal (only present if the current network is a signet)",
          },
          {
            type: "arr",
            key: "warnings",
            description: "any network and blockchain warnings",
            inner: [{ type: "str", description: "warning" }],
          },
        ],
      },
      examples: helpExampleCli("getblockchaininfo", "") + helpExampleRpc("getblockchaininfo", ""),
      handler: () => {
        const tip = ctx.chain.tip;
        const out: JsonResultObject = {
          chain: ctx.params.name,
          blocks: ctx.chain.height,
          headers: ctx.chain.tree.bestHeader.height,
          bestblockhash: tip.hashHex,
          bits: hex32(tip.header.bits),
          target: hex256(decodeCompact(tip.header.bits).target),
          difficulty: formatDouble(headerDifficulty(tip.header.bits)),
          time: tip.header.time,
          mediantime: tip.medianTimePast(),
          verificationprogress: formatDouble(verificationProgress(ctx)),
          initialblockdownload: ctx.isInitialBlockDownload(),
          chainwork: hex256(tip.chainWork),
          size_on_disk: ctx.sizeOnDisk(),
          pruned: false,
        };
        if (ctx.params.signetChallenge !== null) {
          out.signet_challenge = toHex(ctx.params.signetChallenge);
        }
        out.warnings = [];
        return out;
      },
    }),
    defineRpcMethod({
      name: "getblockcount",
      category: "blockchain",
      description:
        "Returns the height of the most-work fully-validated ctx.chain.\nThe genesis block has height 0.",
      params: [],
      result: { type: "num", description: "The current block count" },
      examples: helpExampleCli("getblockcount", "") + helpExampleRpc("getblockcount", ""),
      handler: () => ctx.chain.height,
    }),
    defineRpcMethod({
      name: "getbestblockhash",
      category: "blockchain",
      description:
        "Returns the hash of the best (tip) block in the most-work fully-validated ctx.chain.",
      params: [],
      result: { type: "str_hex", description: "the block hash, hex-encoded" },
      examples: helpExampleCli("getbestblockhash", "") + helpExampleRpc("getbestblockhash", ""),
      handler: () => ctx.chain.tip.hashHex,
    }),
    defineRpcMethod({
      name: "getblockhash",
      category: "blockchain",
      description: "Returns hash of block in best-block-chain at height provided.",
      params: [{ name: "height", type: "int", description: "The height index" }],
      result: { type: "str_hex", description: "The block hash" },
      examples: helpExampleCli("getblockhash", "1000") + helpExampleRpc("getblockhash", "1000"),
      handler: ({ height }) => {
        const entry = height < 0 ? undefined : ctx.chain.atHeight(height);
        if (entry === undefined) {
          throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, "Block height out of range");
        }
        return entry.hashHex;
      },
    }),
    defineRpcMethod({
      name: "getblockheader",
      category: "blockchain",
      description:
        "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\nIf verbose is true, returns an Object with information about blockheader <hash>.",
      params: [
        BLOCKHASH_PARAM,
        {
          name: "verbose",
          type: "bool",
          default: true,
          description: "true for a json object, false for the hex-encoded data",
        },
      ],
      result: [
        {
          type: "obj",
          cond: "for verbose = true",
          inner: [
            {
              type: "elision",
              description:
                "header fields: hash, confirmations, height, version, versionHex, merkleroot, time, mediantime, nonce, bits, target, difficulty, chainwork, nTx, previousblockhash, nextblockhash",
            },
          ],
        },
        {
          type: "str_hex",
          cond: "for verbose=false",
          description: "A string that is serialized, hex-encoded data for block 'hash'",
        },
      ],
      examples:
        helpExampleCli(
          "getblockheader",
          '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"',
        ) +
        helpExampleRpc(
          "getblockheader",
          '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"',
        ),
      handler: ({ blockhash, verbose }) => {
        const entry = requireBlock(ctx, blockhash);
        if (!verbose) return toHex(encodeHeader(entry.header));
        return headerToJson(ctx, entry);
      },
    }),
    defineRpcMethod({
      name: "getblock",
      category: "blockchain",
      description:
        "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\nIf verbosity is 1, returns an Object with information about block <hash>.\nIf verbosity is 2, returns an Object with information about block <hash> and information about each transaction.\nIf verbosity is 3, returns an Object with information about block <hash> and information about each transaction, including prevout information for inputs (only for unpruned blocks in the current best chain).",
      params: [
        BLOCKHASH_PARAM,
        {
          name: "verbosity",
          aliases: ["verbose"],
          type: "int",
          default: 1,
          skipTypeCheck: true,
          typeStr: ["", "numeric or boolean"],
          description:
            "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON object with transaction data including prevout information for inputs",
        },
      ],
      result: [
        {
          type: "str_hex",
          cond: "for verbosity = 0",
          description: "A string that is serialized, hex-encoded data for block 'hash'",
        },
        {
          type: "obj",
          cond: "for verbosity = 1",
          inner: [
            {
              type: "elision",
              description: "header fields, strippedsize, size, weight, tx (txids)",
            },
          ],
        },
        {
          type: "obj",
          cond: "for verbosity = 2",
          inner: [
            {
              type: "elision",
              description: "Same output as verbosity = 1, with decoded transactions and their fee",
            },
          ],
        },
        {
          type: "obj",
          cond: "for verbosity = 3",
          inner: [
            {
              type: "elision",
              description: "Same output as verbosity = 2, with each input's prevout",
            },
          ],
        },
      ],
      examples:
        helpExampleCli(
          "getblock",
          '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"',
        ) +
        helpExampleRpc(
          "getblock",
          '"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09"',
        ),
      handler: async ({ blockhash, verbosity }) => {
        const level = parseVerbosity(verbosity, 1);
        const entry = requireBlock(ctx, blockhash);
        if (level <= 0) {
          if (entry.blockPos === null) await readBlockChecked(ctx, entry);
          return toHex(await ctx.chain.readBlockBytes(entry));
        }
        const block = await readBlockChecked(ctx, entry);
        const undo = level >= 2 ? await ctx.chain.readUndo(entry) : null;
        return blockToJson(ctx, entry, block, level, undo);
      },
    }),
    defineRpcMethod({
      name: "getchaintips",
      category: "blockchain",
      description:
        "Return information about all known tips in the block tree, including the main chain as well as orphaned branches.",
      params: [],
      result: {
        type: "arr",
        inner: [
          {
            type: "obj",
            inner: [
              { type: "num", key: "height", description: "height of the chain tip" },
              { type: "str_hex", key: "hash", description: "block hash of the tip" },
              {
                type: "num",
                key: "branchlen",
                description:
                  "zero for main chain, otherwise length of branch connecting the tip to the main chain",
              },
              {
                type: "str",
                key: "status",
                description:
                  'status of the chain, "active" for the main chain\nPossible values for status:\n1.  "invalid"               This branch contains at least one invalid block\n2.  "headers-only"          Not all blocks for this branch are available, but the headers are valid\n3.  "valid-headers"         All blocks are available for this branch, but they were never fully validated\n4.  "valid-fork"            This branch is not part of the active chain, but is fully validated\n5.  "active"                This is the tip of the active main chain, which is certainly valid',
              },
            ],
          },
        ],
      },
      examples: helpExampleCli("getchaintips", "") + helpExampleRpc("getchaintips", ""),
      handler: () => {
        const tips = new Set(ctx.chain.tree.tips());
        tips.add(ctx.chain.tip);
        return [...tips]
          .sort((a, b) => b.height - a.height || (a.hashHex < b.hashHex ? -1 : 1))
          .map((tip) => {
            let fork: BlockIndexEntry | null = tip;
            while (fork !== null && !ctx.chain.isActive(fork)) fork = fork.prev;
            return {
              height: tip.height,
              hash: tip.hashHex,
              branchlen: tip.height - (fork?.height ?? 0),
              status: tipStatus(ctx, tip),
            };
          });
      },
    }),
    defineRpcMethod({
      name: "getdifficulty",
      category: "blockchain",
      description: "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.",
      params: [],
      result: {
        type: "num",
        description: "the proof-of-work difficulty as a multiple of the minimum difficulty.",
      },
      examples: helpExampleCli("getdifficulty", "") + helpExampleRpc("getdifficulty", ""),
      handler: () => formatDouble(headerDifficulty(ctx.chain.tip.header.bits)),
    }),
  ];
}
