import { ByteReader, ByteWriter, bytesEqual, DecodeError, sha256d } from "@hashforge/consensus";
import { FeeEstimatorError } from "./fee-estimator-error.js";
import type { TxConfirmStatsData } from "./tx-confirm-stats.js";

/** File magic: "HFFE" (hashforge fee estimates). */
const MAGIC = Uint8Array.of(0x48, 0x46, 0x46, 0x45);
/** Format version written; readers refuse anything newer. */
export const FEE_ESTIMATES_VERSION = 1;
/** Bytes of the trailing SHA256d checksum. */
const CHECKSUM_SIZE = 4;

/** One horizon's shape, to check a file against the estimator reading it. */
export interface HorizonShape {
  readonly periods: number;
  readonly scale: number;
  readonly decay: number;
}

/** The horizons as {@link encodeFeeEstimates} needs them. */
export interface HorizonStats extends HorizonShape, TxConfirmStatsData {}

/** Everything a fee estimates file holds. */
export interface FeeEstimatesFile<S extends TxConfirmStatsData = TxConfirmStatsData> {
  /** UNIX seconds when written. */
  readonly savedAt: number;
  readonly bestSeenHeight: number;
  /** The block range the stored statistics cover (0, 0 when none). */
  readonly historicalFirst: number;
  readonly historicalBest: number;
  readonly buckets: readonly number[];
  readonly stats: readonly S[];
}

function writeF64s(w: ByteWriter, values: ArrayLike<number>): void {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  w.bytes(bytes);
}

function readF64s(r: ByteReader, count: number, what: string): Float64Array {
  const bytes = r.take(count * 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const v = view.getFloat64(i * 8, true);
    if (!Number.isFinite(v) || v < 0) {
      throw new FeeEstimatorError("corrupt", `fee estimates file has an invalid ${what} value`);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Encodes fee estimator history, in the spirit of Core's fee_estimates.dat: magic, format
 * version, write time, best height, the historical block range, the bucket boundaries, then per
 * horizon its shape and decayed averages (little-endian float64), and a 4-byte SHA256d checksum
 * so a torn or corrupted write is detected rather than silently skewing estimates.
 */
export function encodeFeeEstimates(file: FeeEstimatesFile<HorizonStats>): Uint8Array {
  const w = new ByteWriter(1 << 16);
  w.bytes(MAGIC).u32le(FEE_ESTIMATES_VERSION).u64le(BigInt(file.savedAt));
  w.u32le(file.bestSeenHeight).u32le(file.historicalFirst).u32le(file.historicalBest);
  w.u32le(file.buckets.length);
  writeF64s(w, file.buckets);
  w.u32le(file.stats.length);
  for (const s of file.stats) {
    w.u32le(s.periods).u32le(s.scale);
    writeF64s(w, [s.decay]);
    writeF64s(w, s.feerateAvg);
    writeF64s(w, s.txCtAvg);
    for (const row of s.confAvg) writeF64s(w, row);
    for (const row of s.failAvg) writeF64s(w, row);
  }
  const body = w.finish();
  const out = new Uint8Array(body.length + CHECKSUM_SIZE);
  out.set(body);
  out.set(sha256d(body).subarray(0, CHECKSUM_SIZE), body.length);
  return out;
}

/**
 * Decodes and checks a fee estimates file against the reader's buckets and horizons. Throws
 * FeeEstimatorError: `bad-magic`, `unsupported-version`, `corrupt` (truncated, checksum, bad
 * values or heights), `incompatible` (other buckets or horizons).
 */
export function decodeFeeEstimates(
  bytes: Uint8Array,
  buckets: readonly number[],
  horizons: readonly HorizonShape[],
): FeeEstimatesFile {
  if (bytes.length < MAGIC.length + CHECKSUM_SIZE || !bytesEqual(bytes.subarray(0, 4), MAGIC)) {
    throw new FeeEstimatorError("bad-magic", "not a hashforge fee estimates file");
  }
  const body = bytes.subarray(0, bytes.length - CHECKSUM_SIZE);
  if (!bytesEqual(sha256d(body).subarray(0, CHECKSUM_SIZE), bytes.subarray(body.length))) {
    throw new FeeEstimatorError("corrupt", "fee estimates file checksum mismatch");
  }
  const r = new ByteReader(body);
  try {
    r.take(MAGIC.length);
    const version = r.u32le();
    if (version > FEE_ESTIMATES_VERSION) {
      throw new FeeEstimatorError(
        "unsupported-version",
        `fee estimates file version ${version} is newer than ${FEE_ESTIMATES_VERSION}`,
      );
    }
    const savedAt = Number(r.u64le());
    const bestSeenHeight = r.u32le();
    const historicalFirst = r.u32le();
    const historicalBest = r.u32le();
    if (historicalFirst > historicalBest || historicalBest > bestSeenHeight) {
      throw new FeeEstimatorError("corrupt", "fee estimates file has an impossible block range");
    }
    const bucketCount = r.u32le();
    if (bucketCount !== buckets.length) {
      throw new FeeEstimatorError("incompatible", "fee estimates file uses other buckets");
    }
    const fileBuckets = readF64s(r, bucketCount, "bucket");
    if (!fileBuckets.every((b, i) => b === buckets[i])) {
      throw new FeeEstimatorError("incompatible", "fee estimates file uses other buckets");
    }
    if (r.u32le() !== horizons.length) {
      throw new FeeEstimatorError("incompatible", "fee estimates file has other horizons");
    }
    const stats: TxConfirmStatsData[] = horizons.map((h) => {
      const periods = r.u32le();
      const scale = r.u32le();
      const decay = readF64s(r, 1, "decay")[0]!;
      if (periods !== h.periods || scale !== h.scale || decay !== h.decay) {
        throw new FeeEstimatorError("incompatible", "fee estimates file has other horizons");
      }
      const feerateAvg = readF64s(r, bucketCount, "feerate");
      const txCtAvg = readF64s(r, bucketCount, "count");
      const confAvg = Array.from({ length: periods }, () => readF64s(r, bucketCount, "confirmed"));
      const failAvg = Array.from({ length: periods }, () => readF64s(r, bucketCount, "failed"));
      return { feerateAvg, txCtAvg, confAvg, failAvg };
    });
    r.expectEnd("fee estimates file");
    return {
      savedAt,
      bestSeenHeight,
      historicalFirst,
      historicalBest,
      buckets: [...fileBuckets],
      stats,
    };
  } catch (error) {
    if (error instanceof DecodeError) {
      throw new FeeEstimatorError("corrupt", `fee estimates file: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
