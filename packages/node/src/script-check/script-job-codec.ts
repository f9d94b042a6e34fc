// The wire format of script jobs sent to verification workers: one byte array per batch, so a
// batch crosses threads as a single copy (structured clone of plain objects costs far more).
import {
  ByteReader,
  ByteWriter,
  readTx,
  type TxOut,
  type TxScriptJob,
  writeTx,
} from "@hashforge/consensus";

/**
 * Serializes jobs: CompactSize count, then per job its transaction index (u32), the transaction
 * with witnesses (BIP144), and the outputs its inputs spend (CompactSize count; value, script).
 */
export function encodeScriptJobs(jobs: readonly TxScriptJob[]): Uint8Array {
  const w = new ByteWriter(4096);
  w.compactSize(jobs.length);
  for (const job of jobs) {
    w.u32le(job.txIndex);
    writeTx(w, job.tx, true);
    w.compactSize(job.spentOutputs.length);
    for (const out of job.spentOutputs) w.i64le(out.value).varBytes(out.scriptPubKey);
  }
  return w.finish();
}

/** Reads what {@link encodeScriptJobs} wrote; throws DecodeError on malformed bytes. */
export function decodeScriptJobs(bytes: Uint8Array): TxScriptJob[] {
  const r = new ByteReader(bytes);
  const count = r.compactSize();
  const jobs: TxScriptJob[] = [];
  for (let j = 0; j < count; j++) {
    const txIndex = r.u32le();
    const tx = readTx(r, true);
    const spentCount = r.compactSize();
    const spentOutputs: TxOut[] = [];
    for (let i = 0; i < spentCount; i++) {
      const value = r.i64le();
      spentOutputs.push({ value, scriptPubKey: r.varBytes() });
    }
    jobs.push({ txIndex, tx, spentOutputs });
  }
  r.expectEnd("script jobs");
  return jobs;
}
