import { type ChainParams, getNextWorkRequired } from "@hashforge/consensus";
import type { BlockIndexEntry } from "../chain/block-index-entry.js";
import type { Mempool } from "../mempool/mempool.js";
import type { TemplateCandidate, TemplateTip } from "./block-template.js";

/**
 * The template's view of the block it builds on: hash, height, median time past, and the nBits
 * the retarget rules demand for a given block time (a function, since min-difficulty networks
 * depend on the time).
 */
export function templateTip(parent: BlockIndexEntry, params: ChainParams): TemplateTip {
  return {
    hash: parent.hash,
    height: parent.height,
    time: parent.header.time,
    medianTimePast: parent.medianTimePast(),
    bits: (time) =>
      getNextWorkRequired(
        { height: parent.height, bits: parent.header.bits, time: parent.header.time },
        (h) => {
          const a = parent.ancestor(h)!;
          return { height: a.height, bits: a.header.bits, time: a.header.time };
        },
        time,
        params.pow,
      ),
  };
}

/** The mempool's transactions as template candidates (fees with prioritisation deltas). */
export function mempoolCandidates(mempool: Mempool): TemplateCandidate[] {
  return mempool.entries().map((e) => ({
    tx: e.tx,
    txid: e.txid,
    wtxid: e.wtxid,
    fee: e.fee,
    modifiedFee: e.modifiedFee,
    weight: e.weight,
    sigopCost: e.sigOpCost,
    parents: e.parentTxids,
  }));
}
