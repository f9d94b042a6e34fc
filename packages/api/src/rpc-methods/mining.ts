// Mining RPCs (Core's rpc/mining.cpp): getmininginfo, getnetworkhashps, getblocktemplate
// (BIP22/BIP23 with long polling), submitblock, submitheader.

import {
  type Block,
  blockHash,
  DecodeError,
  decodeBlock,
  decodeCompact,
  decodeHeader,
  difficulty,
  encodeTx,
  fromHex,
  getNextWorkRequired,
  hashToHex,
  isCoinbase,
  isDeploymentActive,
  isHex,
  retargetInterval,
  toHex,
} from "@hashforge/consensus";
import { type BlockIndexEntry, BlockStatus, finalizeSubmittedBlock } from "@hashforge/node";
import { RpcError, RpcErrorCode } from "../jsonrpc/rpc-error.js";
import {
  defineRpcMethod,
  helpExampleCli,
  helpExampleRpc,
  type RpcMethod,
} from "../jsonrpc/rpc-method.js";
import { formatDouble, hex32, hex256 } from "./chain-json.js";
import type { RpcNodeContext } from "./node-context.js";
import type { JsonResultObject } from "./tx-to-json.js";

/** A script anyone can spend: the placeholder payout of getblocktemplate (miners build their own coinbase). */
const TEMPLATE_PAYOUT = Uint8Array.of(0x51);

/** nBits required of a block on `tip` at time `time` (Core's GetNextWorkRequired). */
export function nextBits(ctx: RpcNodeContext, tip: BlockIndexEntry, time: number): number {
  return getNextWorkRequired(
    { height: tip.height, bits: tip.header.bits, time: tip.header.time },
    (h) => {
      const a = tip.ancestor(h)!;
      return { height: a.height, bits: a.header.bits, time: a.header.time };
    },
    time,
    ctx.params.pow,
  );
}

/**
 * Hashes per second over the last `lookup` blocks ending at `height` (Core's GetNetworkHashPS):
 * chain work between the two ends over their time span; `lookup` <= 0 means since the last
 * difficulty change.
 */
export function networkHashPs(ctx: RpcNodeContext, lookupBlocks: number, height: number): number {
  let lookup = lookupBlocks;
  const chain = ctx.chain;
  const pb = height >= 0 && height < chain.height ? chain.atHeight(height)! : chain.tip;
  if (pb.height === 0) return 0;
  if (lookup <= 0) lookup = (pb.height % retargetInterval(ctx.params.pow)) + 1;
  if (lookup > pb.height) lookup = pb.height;
  let pb0 = pb;
  let minTime = pb0.header.time;
  let maxTime = minTime;
  for (let i = 0; i < lookup; i++) {
    pb0 = pb0.prev!;
    minTime = Math.min(minTime, pb0.header.time);
    maxTime = Math.max(maxTime, pb0.header.time);
  }
  if (minTime === maxTime) return 0;
  return Number(pb.chainWork - pb0.chainWork) / (maxTime - minTime);
}

/** Decodes submitblock's hex, with Core's -22 errors. */
function decodeSubmittedBlock(hex: string): Block {
  let block: Block | null = null;
  if (isHex(hex)) {
    try {
      block = decodeBlock(fromHex(hex));
    } catch (err) {
      if (!(err instanceof DecodeError) && !(err instanceof RangeError)) throw err;
    }
  }
  if (block === null)
    throw new RpcError(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Block decode failed");
  if (block.txs.length === 0 || !isCoinbase(block.txs[0]!)) {
    throw new RpcError(
      RpcErrorCode.RPC_DESERIALIZATION_ERROR,
      "Block does not start with a coinbase",
    );
  }
  return block;
}

/**
 * Submits a block and answers as Core's submitblock (BIP22): null when it became part of the
 * chain, "duplicate" when already known valid, "duplicate-invalid" when known invalid,
 * "inconclusive" when stored but not (yet) connected (a side branch), else the reject reason.
 * The coinbase witness reserved value is added first when the miner left it out.
 */
export async function submitBlockBip22(
  ctx: RpcNodeContext,
  submitted: Block,
): Promise<string | null> {
  const chain = ctx.chain;
  const prev = chain.tree.get(hashToHex(submitted.header.prevBlock));
  let block = submitted;
  if (prev !== undefined) {
    block = finalizeSubmittedBlock(
      block,
      isDeploymentActive(ctx.params, "segwit", prev.height + 1),
    );
  }
  const result = await ctx.submitBlock(block);
  if (!result.ok)
    return result.reason === "duplicate" ? "duplicate-invalid" : result.reason || "rejected";
  if (!result.isNew) {
    if (result.entry.failed) return "duplicate-invalid";
    return "duplicate";
  }
  if (result.entry.status & BlockStatus.VALID_SCRIPTS) return null;
  return "inconclusive";
}

/** Creates the mining RPC methods (generation lives in generating.ts). */
export function createMiningMethods(ctx: RpcNodeContext): RpcMethod[] {
  return [
    defineRpcMethod({
      name: "getmininginfo",
      category: "mining",
      description: "Returns a json object containing mining-related information.",
      params: [],
      result: {
        type: "obj",
        inner: [
          { type: "num", key: "blocks", description: "The current block" },
          {
            type: "str_hex",
            key: "bits",
            description: "The current nBits, compact representation of the block difficulty target",
          },
          { type: "num", key: "difficulty", description: "The current difficulty" },
          { type: "str_hex", key: "target", description: "The current target" },
          { type: "num", key: "networkhashps", description: "The network hashes per second" },
          { type: "num", key: "pooledtx", description: "The size of the mempool" },
          {
            type: "str",
            key: "chain",
            description: "current network name (main, test, testnet4, signet, regtest)",
          },
          {
            type: "str_hex",
            key: "signet_challenge",
            optional: true,
            description:
              "The block challenge (aka. block script), in hexadecimal (only present if the current network is a signet)",
          },
          {
            type: "obj",
            key: "next",
            description: "The next block",
            inner: [
              { type: "num", key: "height", description: "The next height" },
              { type: "str_hex", key: "bits", description: "The next target nBits" },
              { type: "num", key: "difficulty", description: "The next difficulty" },
              { type: "str_hex", key: "target", description: "The next target" },
            ],
          },
          {
            type: "arr",
            key: "warnings",
            description: "any network and blockchain warnings",
            inner: [{ type: "str", description: "warning" }],
          },
        ],
      },
      examples: helpExampleCli("getmininginfo", "") + helpExampleRpc("getmininginfo", ""),
      handler: () => {
        const tip = ctx.chain.tip;
        const bits = tip.header.bits;
        const next = nextBits(ctx, tip, Math.max(ctx.now(), tip.medianTimePast() + 1));
        const out: JsonResultObject = {
          blocks: ctx.chain.height,
          bits: hex32(bits),
          difficulty: formatDouble(difficulty(bits)),
          target: hex256(decodeCompact(bits).target),
          networkhashps: formatDouble(networkHashPs(ctx, 120, -1)),
          pooledtx: ctx.mempool.size,
          chain: ctx.params.name,
        };
        if (ctx.params.signetChallenge !== null)
          out.signet_challenge = toHex(ctx.params.signetChallenge);
        out.next = {
          height: ctx.chain.height + 1,
          bits: hex32(next),
          difficulty: formatDouble(difficulty(next)),
          target: hex256(decodeCompact(next).target),
        };
        out.warnings = [];
        return out;
      },
    }),
    defineRpcMethod({
      name: "getnetworkhashps",
      category: "mining",
      description:
        "Returns the estimated network hashes per second based on the last n blocks.\nPass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\nPass in [height] to estimate the network speed at the time when a certain block was found.",
      params: [
        {
          name: "nblocks",
          type: "int",
          default: 120,
          description:
            "The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty change.",
        },
        {
          name: "height",
          type: "int",
          default: -1,
          description: "To estimate at the time of the given height.",
        },
      ],
      result: { type: "num", description: "Hashes per second estimated" },
      examples: helpExampleCli("getnetworkhashps", "") + helpExampleRpc("getnetworkhashps", ""),
      handler: ({ nblocks, height }) => {
        if (height < -1 || height > ctx.chain.height) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            "Block does not exist at specified height",
          );
        }
        return formatDouble(networkHashPs(ctx, nblocks, height));
      },
    }),
    defineRpcMethod({
      name: "getblocktemplate",
      category: "mining",
      description:
        "If the request parameters include a 'mode' key, that is used to explicitly select between the default 'template' request or a 'proposal'.\nIt returns data needed to construct a block to work on.\nFor full specification, see BIPs 22, 23, 9, and 145:\n    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes\n    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki\nProposal mode is not supported by this node.",
      params: [
        {
          name: "template_request",
          type: "obj",
          default: {},
          description: "Format of the template",
          inner: [
            {
              name: "mode",
              type: "str",
              optional: true,
              description: 'This must be set to "template", "proposal" (see BIP 23), or omitted',
            },
            {
              name: "capabilities",
              type: "arr",
              optional: true,
              description: "A list of strings",
              inner: [
                {
                  name: "str",
                  type: "str",
                  description:
                    "client side supported feature, 'longpoll', 'coinbasevalue', 'proposal', 'serverlist', 'workid'",
                },
              ],
            },
            {
              name: "rules",
              type: "arr",
              description: "A list of strings",
              inner: [
                {
                  name: "segwit",
                  type: "str",
                  description: "(literal) indicates client side segwit support",
                },
                {
                  name: "str",
                  type: "str",
                  description: "other client side supported softfork deployment",
                },
              ],
            },
            {
              name: "longpollid",
              type: "str",
              optional: true,
              description:
                'delay processing request until the result would vary significantly from the "longpollid" of a prior template',
            },
          ],
        },
      ],
      result: {
        type: "obj",
        inner: [
          {
            type: "elision",
            description:
              "version, rules, vbavailable, vbrequired, previousblockhash, transactions, coinbaseaux, coinbasevalue, longpollid, target, mintime, mutable, noncerange, sigoplimit, sizelimit, weightlimit, curtime, bits, height, signet_challenge, default_witness_commitment (BIP22/23)",
          },
        ],
      },
      examples:
        helpExampleCli("getblocktemplate", `'{"rules": ["segwit"]}'`) +
        helpExampleRpc("getblocktemplate", `{"rules": ["segwit"]}`),
      handler: async ({ template_request }, call) => {
        const mode = template_request.mode ?? "template";
        if (mode === "proposal") {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            "Proposal mode is not supported by this node",
          );
        }
        if (mode !== "template")
          throw new RpcError(RpcErrorCode.RPC_INVALID_PARAMETER, "Invalid mode");
        const rulesValue = template_request.rules;
        const rules = Array.isArray(rulesValue) ? (rulesValue as readonly unknown[]) : [];
        // Core checks this on mainnet only (IsTestChain): test chains mine from any state.
        if (!ctx.params.isTestChain && ctx.isInitialBlockDownload()) {
          throw new RpcError(
            RpcErrorCode.RPC_CLIENT_IN_INITIAL_DOWNLOAD,
            "hashforge is in initial sync and waiting for blocks...",
          );
        }
        if (ctx.params.signetChallenge !== null && !rules.includes("signet")) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            'getblocktemplate must be called with the signet rule set (call with {"rules": ["segwit", "signet"]})',
          );
        }
        if (!rules.includes("segwit")) {
          throw new RpcError(
            RpcErrorCode.RPC_INVALID_PARAMETER,
            'getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]})',
          );
        }
        const longpollid = template_request.longpollid;
        if (longpollid !== undefined && longpollid !== null) {
          if (typeof longpollid !== "string") {
            throw new RpcError(RpcErrorCode.RPC_TYPE_ERROR, "longpollid must be a string");
          }
          // Resolves at once for an id that is not the current one, as Core answers.
          await ctx.waitForTemplateChange(longpollid, call.signal);
        }
        const t = ctx.blockTemplate(TEMPLATE_PAYOUT);
        const segwit = t.segwitActive;
        const out: JsonResultObject = {
          capabilities: [],
          version: t.version | 0,
          rules: [...t.rules],
          vbavailable: {},
          vbrequired: 0,
          previousblockhash: hashToHex(t.previousBlockHash),
          transactions: t.transactions.map((tx) => ({
            data: toHex(encodeTx(tx.tx)),
            txid: hashToHex(tx.txid),
            hash: hashToHex(tx.wtxid),
            depends: [...tx.depends],
            fee: tx.fee,
            sigops: segwit ? tx.sigopCost : Math.floor(tx.sigopCost / 4),
            weight: tx.weight,
          })),
          coinbaseaux: {},
          coinbasevalue: t.coinbaseValue,
          longpollid: t.templateId,
          target: hex256(t.target),
          mintime: t.minTime,
          mutable: ["time", "transactions", "prevblock"],
          noncerange: "00000000ffffffff",
          sigoplimit: t.sigopLimit,
          sizelimit: t.sizeLimit,
        };
        if (segwit) out.weightlimit = t.weightLimit;
        out.curtime = t.curTime;
        out.bits = hex32(t.bits);
        out.height = t.height;
        if (ctx.params.signetChallenge !== null)
          out.signet_challenge = toHex(ctx.params.signetChallenge);
        if (t.defaultWitnessCommitment !== null) {
          out.default_witness_commitment = toHex(t.defaultWitnessCommitment);
        }
        return out;
      },
    }),
    defineRpcMethod({
      name: "submitblock",
      category: "mining",
      description:
        "Attempts to submit new block to network.\nSee https://en.bitcoin.it/wiki/BIP_0022 for full specification.",
      params: [
        { name: "hexdata", type: "str", description: "the hex-encoded block data to submit" },
        {
          name: "dummy",
          type: "str",
          defaultHint: "ignored",
          description: "dummy value, for compatibility with BIP22. This value is ignored.",
        },
      ],
      result: [
        { type: "none", cond: "If the block was accepted", description: "" },
        { type: "str", cond: "Otherwise", description: "According to BIP22" },
      ],
      examples:
        helpExampleCli("submitblock", '"mydata"') + helpExampleRpc("submitblock", '"mydata"'),
      handler: async ({ hexdata }) => {
        const block = decodeSubmittedBlock(hexdata);
        const known = ctx.chain.tree.get(hashToHex(blockHash(block.header)));
        if (known !== undefined) {
          if (known.status & BlockStatus.VALID_SCRIPTS) return "duplicate";
          if (known.failed) return "duplicate-invalid";
        }
        return submitBlockBip22(ctx, block);
      },
    }),
    defineRpcMethod({
      name: "submitheader",
      category: "mining",
      description:
        "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\nThrows when the header is invalid.",
      params: [{ name: "hexdata", type: "str", description: "the hex-encoded block header data" }],
      result: { type: "none", description: "None" },
      examples:
        helpExampleCli("submitheader", '"aabbcc"') + helpExampleRpc("submitheader", '"aabbcc"'),
      handler: async ({ hexdata }) => {
        let header: ReturnType<typeof decodeHeader> | null = null;
        if (isHex(hexdata)) {
          try {
            header = decodeHeader(fromHex(hexdata));
          } catch (err) {
            if (!(err instanceof DecodeError) && !(err instanceof RangeError)) throw err;
          }
        }
        if (header === null) {
          throw new RpcError(RpcErrorCode.RPC_DESERIALIZATION_ERROR, "Block header decode failed");
        }
        const prevHex = hashToHex(header.prevBlock);
        if (ctx.chain.tree.get(prevHex) === undefined) {
          throw new RpcError(
            RpcErrorCode.RPC_VERIFY_ERROR,
            `Must submit previous header (${prevHex}) first`,
          );
        }
        const result = await ctx.submitHeader(header);
        if (!result.ok) throw new RpcError(RpcErrorCode.RPC_VERIFY_ERROR, result.reason);
        return null;
      },
    }),
  ];
}
