import type { BlockHeader } from "../block/header.js";
import { type ChainParams, isDeploymentActive } from "../params/chain-params.js";
import { MAX_FUTURE_BLOCK_TIME, MAX_TIMEWARP } from "../pow/median-time.js";
import {
  type AncestorLookup,
  type ChainEntry,
  getNextWorkRequired,
  retargetInterval,
} from "../pow/retarget.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";

/** What a header is checked against: its parent, the parent's ancestry and the node's clock. */
export interface HeaderContext {
  /** The parent block's height, bits and time. */
  readonly prev: ChainEntry;
  /** Ancestors of the parent by height. */
  readonly ancestor: AncestorLookup;
  /** Median time past of the parent (the last 11 blocks ending at it). */
  readonly prevMedianTimePast: number;
  /** The node's network-adjusted current time, in UNIX seconds. */
  readonly adjustedTime: number;
}

/**
 * Header checks that need the chain, as Core's ContextualCheckBlockHeader: nBits as the
 * retarget rules demand (`bad-diffbits`), a timestamp above the median time past
 * (`time-too-old`), the BIP94 timewarp bound on retarget boundaries (`time-timewarp-attack`),
 * at most two hours in the future (`time-too-new`), and the minimum version each buried
 * deployment requires (`bad-version(0x...)`).
 */
export function contextualCheckBlockHeader(
  header: BlockHeader,
  ctx: HeaderContext,
  params: ChainParams,
): CheckResult {
  const height = ctx.prev.height + 1;
  const expectedBits = getNextWorkRequired(ctx.prev, ctx.ancestor, header.time, params.pow);
  if (header.bits !== expectedBits) {
    return reject("invalid-header", "bad-diffbits", "incorrect proof of work");
  }
  if (header.time <= ctx.prevMedianTimePast) {
    return reject("invalid-header", "time-too-old", "block's timestamp is too early");
  }
  if (params.pow.enforceBip94 && height % retargetInterval(params.pow) === 0) {
    if (header.time < ctx.prev.time - MAX_TIMEWARP) {
      return reject(
        "invalid-header",
        "time-timewarp-attack",
        "block's timestamp is too early on diff adjustment block",
      );
    }
  }
  if (header.time > ctx.adjustedTime + MAX_FUTURE_BLOCK_TIME) {
    return reject("time-future", "time-too-new", "block timestamp too far in the future");
  }
  const version = header.version;
  if (
    (version < 2 && isDeploymentActive(params, "bip34", height)) ||
    (version < 3 && isDeploymentActive(params, "bip66", height)) ||
    (version < 4 && isDeploymentActive(params, "bip65", height))
  ) {
    const hex = (version >>> 0).toString(16).padStart(8, "0");
    return reject("invalid-header", `bad-version(0x${hex})`, `rejected nVersion=0x${hex} block`);
  }
  return VALID;
}
