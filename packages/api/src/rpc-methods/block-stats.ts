import { isUnspendable } from "@hashforge/consensus";
// getblockstats: per-block fee, size and UTXO statistics, computed exactly as Core's
// rpc/blockchain.cpp getblockstats does (integer arithmetic, truncating divisions).

import {
  type Block,
  blockSubsidy,
  type ChainParams,
  type Coin,
  compactSizeLength,
  hasWitness,
  MAX_BLOCK_SERIALIZED_SIZE,
  MAX_MONEY,
  type TxOut,
  totalSize,
  txWeight,
  WITNESS_SCALE_FACTOR,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "@hashforge/node";

/**
 * Bytes Core adds per UTXO in its size statistics: sizeof(COutPoint) + sizeof(uint32_t) +
 * sizeof(bool) (Core's PER_UTXO_OVERHEAD).
 */
export const PER_UTXO_OVERHEAD = 41;

/** The statistics getblockstats reports, every field of Core's answer. */
export interface BlockStats {
  readonly avgfee: bigint;
  readonly avgfeerate: bigint;
  readonly avgtxsize: number;
  readonly blockhash: string;
  readonly feerate_percentiles: readonly bigint[];
  readonly height: number;
  readonly ins: number;
  readonly maxfee: bigint;
  readonly maxfeerate: bigint;
  readonly maxtxsize: number;
  readonly medianfee: bigint;
  readonly mediantime: number;
  readonly mediantxsize: number;
  readonly minfee: bigint;
  readonly minfeerate: bigint;
  readonly mintxsize: number;
  readonly outs: number;
  readonly subsidy: bigint;
  readonly swtotal_size: number;
  readonly swtotal_weight: number;
  readonly swtxs: number;
  readonly time: number;
  readonly total_out: bigint;
  readonly total_size: number;
  readonly total_weight: number;
  readonly totalfee: bigint;
  readonly txs: number;
  readonly utxo_increase: number;
  readonly utxo_increase_actual: number;
  readonly utxo_size_inc: number;
  readonly utxo_size_inc_actual: number;
}

/** The names of every statistic, which `stats` may select from. */
export const BLOCK_STAT_NAMES: readonly (keyof BlockStats)[] = [
  "avgfee",
  "avgfeerate",
  "avgtxsize",
  "blockhash",
  "feerate_percentiles",
  "height",
  "ins",
  "maxfee",
  "maxfeerate",
  "maxtxsize",
  "medianfee",
  "mediantime",
  "mediantxsize",
  "minfee",
  "minfeerate",
  "mintxsize",
  "outs",
  "subsidy",
  "swtotal_size",
  "swtotal_weight",
  "swtxs",
  "time",
  "total_out",
  "total_size",
  "total_weight",
  "totalfee",
  "txs",
  "utxo_increase",
  "utxo_increase_actual",
  "utxo_size_inc",
  "utxo_size_inc_actual",
];

/** Serialized size of an output (CTxOut) plus the per-UTXO overhead. */
function utxoSize(output: TxOut): number {
  const len = output.scriptPubKey.length;
  return 8 + compactSizeLength(len) + len + PER_UTXO_OVERHEAD;
}

/** Median of the sorted values, averaging (truncated) the middle pair (CalculateTruncatedMedian). */
function truncatedMedian<T extends number | bigint>(values: T[], zero: T): T {
  if (values.length === 0) return zero;
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(values.length / 2);
  if (values.length % 2 === 1) return values[mid]!;
  if (typeof zero === "bigint")
    return (((values[mid - 1] as bigint) + (values[mid] as bigint)) / 2n) as T;
  return Math.trunc(((values[mid - 1] as number) + (values[mid] as number)) / 2) as T;
}

/**
 * Feerates at the 10th, 25th, 50th, 75th and 90th percentile of block weight
 * (CalculatePercentilesByWeight): sorted by feerate then weight, each percentile takes the
 * feerate at which the cumulative weight first reaches its share; missing ones take the last.
 */
function percentilesByWeight(scores: [bigint, number][], totalWeight: number): bigint[] {
  const result = [0n, 0n, 0n, 0n, 0n];
  if (scores.length === 0) return result;
  scores.sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1]));
  const weights = [
    totalWeight / 10.0,
    totalWeight / 4.0,
    totalWeight / 2.0,
    (totalWeight * 3.0) / 4.0,
    (totalWeight * 9.0) / 10.0,
  ];
  let next = 0;
  let cumulative = 0;
  for (const [feerate, weight] of scores) {
    cumulative += weight;
    while (next < 5 && cumulative >= weights[next]!) result[next++] = feerate;
  }
  for (let i = next; i < 5; i++) result[i] = scores[scores.length - 1]![0];
  return result;
}

/**
 * Computes every getblockstats figure for a block from its undo data (the coins each
 * transaction spent, index 0 empty for the coinbase), following Core line by line: the
 * coinbase counts in `outs`, UTXO growth and `txs` but not in fees, sizes or `ins`; the genesis
 * block and BIP30-repeat coinbases do not change the actual UTXO figures; feerates are sat/vB
 * from weight (fee x 4 / weight, truncated).
 */
export function computeBlockStats(
  block: Block,
  undo: readonly (readonly Coin[])[],
  entry: BlockIndexEntry,
  params: ChainParams,
): BlockStats {
  let maxfee = 0n;
  let maxfeerate = 0n;
  let minfee = MAX_MONEY;
  let minfeerate = MAX_MONEY;
  let totalOut = 0n;
  let totalfee = 0n;
  let inputs = 0;
  let maxtxsize = 0;
  let mintxsize = MAX_BLOCK_SERIALIZED_SIZE;
  let outputs = 0;
  let swtotalSize = 0;
  let swtotalWeight = 0;
  let swtxs = 0;
  let totalSizeSum = 0;
  let totalWeight = 0;
  let utxos = 0;
  let utxoSizeInc = 0;
  let utxoSizeIncActual = 0;
  const feeArray: bigint[] = [];
  const feerateArray: [bigint, number][] = [];
  const txsizeArray: number[] = [];
  const bip30Repeat = params.bip30Exceptions?.includes(entry.hashHex) ?? false;

  block.txs.forEach((tx, i) => {
    const coinbase = i === 0;
    outputs += tx.outputs.length;
    let txTotalOut = 0n;
    for (const out of tx.outputs) {
      txTotalOut += out.value;
      const size = utxoSize(out);
      utxoSizeInc += size;
      if (entry.height === 0 || (bip30Repeat && coinbase)) continue;
      if (isUnspendable(out.scriptPubKey)) continue;
      utxos++;
      utxoSizeIncActual += size;
    }
    if (coinbase) return;
    inputs += tx.inputs.length;
    totalOut += txTotalOut;
    const txSize = totalSize(tx);
    txsizeArray.push(txSize);
    maxtxsize = Math.max(maxtxsize, txSize);
    mintxsize = Math.min(mintxsize, txSize);
    totalSizeSum += txSize;
    const weight = txWeight(tx);
    totalWeight += weight;
    if (hasWitness(tx)) {
      swtxs++;
      swtotalSize += txSize;
      swtotalWeight += weight;
    }
    let txTotalIn = 0n;
    for (const coin of undo[i] ?? []) {
      txTotalIn += coin.output.value;
      const size = utxoSize(coin.output);
      utxoSizeInc -= size;
      utxoSizeIncActual -= size;
    }
    const txfee = txTotalIn - txTotalOut;
    feeArray.push(txfee);
    if (txfee > maxfee) maxfee = txfee;
    if (txfee < minfee) minfee = txfee;
    totalfee += txfee;
    const feerate = weight > 0 ? (txfee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(weight) : 0n;
    feerateArray.push([feerate, weight]);
    if (feerate > maxfeerate) maxfeerate = feerate;
    if (feerate < minfeerate) minfeerate = feerate;
  });

  const nonCoinbase = block.txs.length - 1;
  return {
    avgfee: nonCoinbase > 0 ? totalfee / BigInt(nonCoinbase) : 0n,
    avgfeerate:
      totalWeight > 0 ? (totalfee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(totalWeight) : 0n,
    avgtxsize: nonCoinbase > 0 ? Math.trunc(totalSizeSum / nonCoinbase) : 0,
    blockhash: entry.hashHex,
    feerate_percentiles: percentilesByWeight(feerateArray, totalWeight),
    height: entry.height,
    ins: inputs,
    maxfee,
    maxfeerate,
    maxtxsize,
    medianfee: truncatedMedian(feeArray, 0n),
    mediantime: entry.medianTimePast(),
    mediantxsize: truncatedMedian(txsizeArray, 0),
    minfee: minfee === MAX_MONEY ? 0n : minfee,
    minfeerate: minfeerate === MAX_MONEY ? 0n : minfeerate,
    mintxsize: mintxsize === MAX_BLOCK_SERIALIZED_SIZE ? 0 : mintxsize,
    outs: outputs,
    subsidy: blockSubsidy(entry.height, params),
    swtotal_size: swtotalSize,
    swtotal_weight: swtotalWeight,
    swtxs,
    time: entry.header.time,
    total_out: totalOut,
    total_size: totalSizeSum,
    total_weight: totalWeight,
    totalfee,
    txs: block.txs.length,
    utxo_increase: outputs - inputs,
    utxo_increase_actual: utxos - inputs,
    utxo_size_inc: utxoSizeInc,
    utxo_size_inc_actual: utxoSizeIncActual,
  };
}
