import {
  type Block,
  blockSubsidy,
  blockWeight,
  checkBlock,
  txid as computeTxid,
  contextualCheckBlock,
  encodeTx,
  hashToHex,
  isDeploymentActive,
  MAX_BLOCK_SERIALIZED_SIZE,
  MAX_BLOCK_SIGOPS_COST,
  MAX_BLOCK_WEIGHT,
  MAX_TIMEWARP,
  merkleRoot,
  retargetInterval,
  targetFromBits,
  toHex,
  transactionLegacySigOpCount,
  WITNESS_SCALE_FACTOR,
  witnessCommitmentScript,
} from "@hashforge/consensus";
import type {
  AssembleBlockTemplateInput,
  BlockTemplate,
  TemplateCandidate,
  TemplateTransaction,
} from "./block-template.js";
import {
  buildCoinbaseTx,
  coinbaseScriptSig,
  MAX_EXTRANONCE_SIZE,
  zeroWitnessNonce,
} from "./build-coinbase.js";
import { coinbaseMerkleBranch } from "./coinbase-merkle-branch.js";
import { selectPackages } from "./select-packages.js";
import { TemplateError } from "./template-error.js";

/** Core's DEFAULT_BLOCK_RESERVED_WEIGHT: room for header, tx count and coinbase. */
export const DEFAULT_BLOCK_RESERVED_WEIGHT = 8000;
/** Core's MINIMUM_BLOCK_RESERVED_WEIGHT. */
export const MINIMUM_BLOCK_RESERVED_WEIGHT = 2000;
/** Core's default coinbase_output_max_additional_sigops. */
export const DEFAULT_COINBASE_MAX_SIGOPS = 400;
/** Core's DEFAULT_BLOCK_MIN_TX_FEE up to v29, in sat/kvB. */
export const DEFAULT_BLOCK_MIN_TX_FEE = 1000n;
/** Default extranonce room in the coinbase scriptSig, in bytes. */
export const DEFAULT_EXTRANONCE_SIZE = 8;
/** BIP9 top bits with no deployment signalled. */
export const DEFAULT_BLOCK_VERSION = 0x20000000;

/** Serialized size of a coinbase before its scriptSig: version, input count, null outpoint. */
const COINBASE_SCRIPTSIG_LENGTH_OFFSET = 4 + 1 + 36;

function checkIntegerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TemplateError("invalid-options", `${name} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

/**
 * The earliest header time for a block on `tip` (Core's GetMinimumTime): one second after the
 * median time past, and on the first block of a retarget window no earlier than 600 s before
 * the tip (the BIP94 timewarp rule, which Core's miner applies on every network).
 */
export function minimumBlockTime(input: AssembleBlockTemplateInput): number {
  const { tip, params } = input;
  let minTime = tip.medianTimePast + 1;
  if (tip.time !== undefined && (tip.height + 1) % retargetInterval(params.pow) === 0) {
    minTime = Math.max(minTime, tip.time - MAX_TIMEWARP);
  }
  return minTime;
}

/** getblocktemplate `rules` for a block at `height` (Core's getblocktemplate). */
function templateRules(input: AssembleBlockTemplateInput, height: number): string[] {
  const rules: string[] = [];
  if (isDeploymentActive(input.params, "csv", height)) rules.push("csv");
  // "!" marks a rule a client must understand: segwit changes the block format.
  if (isDeploymentActive(input.params, "segwit", height)) rules.push("!segwit");
  if (isDeploymentActive(input.params, "taproot", height)) rules.push("taproot");
  if (input.params.signetChallenge !== null) rules.push("!signet");
  return rules;
}

/** BIP22 `depends`: 1-based positions of in-block parents, from the inputs actually spent. */
function dependsOf(candidate: TemplateCandidate, positions: Map<string, number>): number[] {
  const deps = new Set<number>();
  for (const input of candidate.tx.inputs) {
    const position = positions.get(toHex(input.prevout.txid));
    if (position !== undefined) deps.add(position);
  }
  return [...deps].sort((a, b) => a - b);
}

/**
 * Assembles a block template on the given tip from mempool candidates, as Core's
 * BlockAssembler::CreateNewBlock: select transactions by ancestor feerate within the weight and
 * sigop limits (see selectPackages), build the coinbase (BIP34 height, extranonce room,
 * subsidy plus fees, and from segwit activation the BIP141 witness commitment with a zero
 * reserved value, always included as Core does, even without witness transactions), compute the
 * merkle root and fill the header with time max(mintime, now). The result is checked with
 * consensus checkBlock (no proof of work) and contextualCheckBlock unless `validate` is false;
 * input scripts and spent coins are the mempool's responsibility (Core's TestBlockValidity also
 * connects the block; the node can do so with connectBlock). Throws TemplateError.
 */
export function assembleBlockTemplate(input: AssembleBlockTemplateInput): BlockTemplate {
  const { tip, params } = input;
  const options = input.options ?? {};
  const reservedWeight = checkIntegerOption(
    "reservedWeight",
    options.reservedWeight ?? DEFAULT_BLOCK_RESERVED_WEIGHT,
    MINIMUM_BLOCK_RESERVED_WEIGHT,
    MAX_BLOCK_WEIGHT,
  );
  const maxWeight = checkIntegerOption(
    "maxWeight",
    options.maxWeight ?? MAX_BLOCK_WEIGHT,
    reservedWeight,
    MAX_BLOCK_WEIGHT,
  );
  const reservedSigops = checkIntegerOption(
    "reservedSigops",
    options.reservedSigops ?? DEFAULT_COINBASE_MAX_SIGOPS,
    0,
    MAX_BLOCK_SIGOPS_COST,
  );
  const extranonceSize = checkIntegerOption(
    "extranonceSize",
    options.extranonceSize ?? DEFAULT_EXTRANONCE_SIZE,
    0,
    MAX_EXTRANONCE_SIZE,
  );
  const blockMinFeeRate = options.blockMinFeeRate ?? DEFAULT_BLOCK_MIN_TX_FEE;
  if (blockMinFeeRate < 0n) {
    throw new TemplateError("invalid-options", "blockMinFeeRate must not be negative");
  }
  checkIntegerOption("tip.height", tip.height, 0, 0x7ffffffe);

  const height = tip.height + 1;
  const segwitActive = isDeploymentActive(params, "segwit", height);
  const selection = selectPackages(input.candidates, {
    height,
    lockTimeCutoff: tip.medianTimePast,
    maxWeight,
    reservedWeight,
    reservedSigops,
    blockMinFeeRate,
    allowWitness: segwitActive,
  });

  const minTime = minimumBlockTime(input);
  const curTime = Math.max(minTime, input.now);
  const bits = typeof tip.bits === "function" ? tip.bits(curTime) : tip.bits;
  const target = targetFromBits(bits, params.pow.powLimit);
  if (target === null) {
    throw new TemplateError("invalid-options", `bits 0x${bits.toString(16)} is not a valid target`);
  }

  const coinbaseValue = blockSubsidy(height, params) + selection.fees;
  const { scriptSig, extranonceOffset } = coinbaseScriptSig(
    height,
    new Uint8Array(extranonceSize),
    options.coinbaseExtraData,
  );
  // The witness root treats the coinbase as all zeros, so it is known before the coinbase.
  const commitment = segwitActive
    ? witnessCommitmentScript(
        merkleRoot([new Uint8Array(32), ...selection.selected.map((c) => c.wtxid)]).root,
        zeroWitnessNonce(),
      )
    : null;
  const coinbase = buildCoinbaseTx({
    height,
    scriptSig,
    payoutScript: input.payoutScript,
    value: coinbaseValue,
    witnessCommitmentScript: commitment,
  });
  const coinbaseTxid = computeTxid(coinbase);
  const txids = [coinbaseTxid, ...selection.selected.map((c) => c.txid)];
  const block: Block = {
    header: {
      version: options.version ?? DEFAULT_BLOCK_VERSION,
      prevBlock: tip.hash,
      merkleRoot: merkleRoot(txids).root,
      time: curTime,
      bits,
      nonce: 0,
    },
    txs: [coinbase, ...selection.selected.map((c) => c.tx)],
  };

  const coinbaseSigopCost = transactionLegacySigOpCount(coinbase) * WITNESS_SCALE_FACTOR;
  const sigopCost = selection.sigopCost - reservedSigops + coinbaseSigopCost;
  if (sigopCost > MAX_BLOCK_SIGOPS_COST) {
    throw new TemplateError(
      "invalid-template",
      `block sigop cost ${sigopCost} exceeds ${MAX_BLOCK_SIGOPS_COST}`,
      "bad-blk-sigops",
    );
  }
  if (options.validate !== false) {
    const contextFree = checkBlock(block, params.pow.powLimit, { checkPow: false });
    const result = contextFree.ok
      ? contextualCheckBlock(block, height, tip.medianTimePast, params)
      : contextFree;
    if (!result.ok) {
      throw new TemplateError(
        "invalid-template",
        `assembled block fails consensus checks: ${result.debug ?? result.reason}`,
        result.reason,
      );
    }
  }

  const positions = new Map<string, number>();
  const transactions: TemplateTransaction[] = selection.selected.map((c, i) => {
    const entry: TemplateTransaction = {
      tx: c.tx,
      txid: c.txid,
      wtxid: c.wtxid,
      fee: c.fee,
      sigopCost: c.sigopCost,
      weight: c.weight,
      depends: dependsOf(c, positions),
    };
    positions.set(toHex(c.txid), i + 1);
    return entry;
  });

  const serialized = encodeTx(coinbase, false);
  const extranonceStart = COINBASE_SCRIPTSIG_LENGTH_OFFSET + 1 + extranonceOffset;
  const scale = segwitActive ? 1 : WITNESS_SCALE_FACTOR;
  return {
    block,
    height,
    previousBlockHash: tip.hash,
    version: block.header.version,
    bits,
    target,
    curTime,
    minTime,
    coinbaseValue,
    fees: selection.fees,
    transactions,
    coinbaseSigopCost,
    sigopCost,
    weight: blockWeight(block),
    segwitActive,
    defaultWitnessCommitment: commitment,
    sigopLimit: MAX_BLOCK_SIGOPS_COST / scale,
    sizeLimit: MAX_BLOCK_SERIALIZED_SIZE / scale,
    weightLimit: MAX_BLOCK_WEIGHT,
    rules: templateRules(input, height),
    templateId: templateIdFor(tip.hash, input.mempoolSequence),
    extranonce: { offset: extranonceOffset, size: extranonceSize },
    coinbaseParts: {
      prefix: serialized.slice(0, extranonceStart),
      suffix: serialized.slice(extranonceStart + extranonceSize),
    },
    coinbaseMerkleBranch: coinbaseMerkleBranch(txids),
  };
}

/**
 * The long-poll id of a template: the tip it builds on and the mempool sequence it saw. A client
 * holding an id that no longer matches is answered at once.
 */
export function templateIdFor(tipHash: Uint8Array, mempoolSequence: number | bigint): string {
  return `${hashToHex(tipHash)}${mempoolSequence}`;
}
