// Per-transaction hashes shared by every signature check of one transaction.
import { hashSerialized } from "../../bytes/hash-serialized.js";
import { ByteWriter, compactSizeLength } from "../../bytes/writer.js";
import { RangeCheckError } from "../../errors.js";
import { sha256 } from "../../hash.js";
import type { Transaction, TxOut } from "../../tx/transaction.js";

/**
 * The transaction-wide hashes BIP143 and BIP341 signature messages commit to, computed at most
 * once per transaction, like Core's PrecomputedTransactionData. Without them every signature of
 * an n-input transaction would rehash all inputs and outputs (the quadratic-hashing problem
 * BIP143 fixed). The returned arrays are shared: callers must not modify them.
 */
export interface PrecomputedTxData {
  /** The transaction these hashes describe. */
  readonly tx: Transaction;
  /** The output each input spends, in input order; null when the caller did not supply them. */
  readonly spentOutputs: readonly TxOut[] | null;
  /** True when spent outputs are known, as BIP341 hashes need (Core's m_spent_outputs_ready). */
  readonly spentOutputsReady: boolean;
  /** BIP143 hashPrevouts: double SHA-256 of every input's outpoint. */
  readonly hashPrevouts: Uint8Array;
  /** BIP143 hashSequence: double SHA-256 of every input's nSequence. */
  readonly hashSequence: Uint8Array;
  /** BIP143 hashOutputs: double SHA-256 of every serialized output. */
  readonly hashOutputs: Uint8Array;
  /** BIP341 sha_prevouts: single SHA-256 of every input's outpoint. */
  readonly shaPrevouts: Uint8Array;
  /** BIP341 sha_sequences: single SHA-256 of every input's nSequence. */
  readonly shaSequences: Uint8Array;
  /** BIP341 sha_outputs: single SHA-256 of every serialized output. */
  readonly shaOutputs: Uint8Array;
  /** BIP341 sha_amounts: single SHA-256 of every spent amount; null without spent outputs. */
  readonly shaAmounts: Uint8Array | null;
  /** BIP341 sha_scriptpubkeys: SHA-256 of every spent scriptPubKey; null without spent outputs. */
  readonly shaScriptPubkeys: Uint8Array | null;
  /**
   * The pieces of the legacy SIGHASH_ALL preimage that are the same for every input, so each
   * legacy signature copies them instead of re-serializing the whole transaction.
   */
  readonly legacyAllParts: LegacyAllParts;
}

/** Serialized pieces of a transaction for legacy SIGHASH_ALL signature hashing. */
export interface LegacyAllParts {
  /** Every input as serialized with an empty script: outpoint, 0x00, sequence (41 bytes each). */
  readonly blankInputs: Uint8Array;
  /** CompactSize output count followed by every serialized output. */
  readonly outputs: Uint8Array;
}

/** Serialized size of one input with an empty script. */
export const BLANK_INPUT_SIZE = 41;

function legacyAllParts(tx: Transaction): LegacyAllParts {
  const inputs = new ByteWriter(tx.inputs.length * BLANK_INPUT_SIZE);
  for (const input of tx.inputs) {
    inputs.bytes(input.prevout.txid).u32le(input.prevout.vout).u8(0).u32le(input.sequence);
  }
  const outputs = new ByteWriter(outputsSize(tx.outputs) + 9);
  outputs.compactSize(tx.outputs.length);
  for (const o of tx.outputs) outputs.i64le(o.value).varBytes(o.scriptPubKey);
  return { blankInputs: inputs.finish(), outputs: outputs.finish() };
}

function hashPrevoutsSingle(tx: Transaction): Uint8Array {
  return hashSerialized((w) => {
    for (const input of tx.inputs) w.bytes(input.prevout.txid).u32le(input.prevout.vout);
  }, sha256);
}

function hashSequencesSingle(tx: Transaction): Uint8Array {
  return hashSerialized((w) => {
    for (const input of tx.inputs) w.u32le(input.sequence);
  }, sha256);
}

/** Serialized size of outputs as CTxOut (int64 value, CompactSize-prefixed script). */
function outputsSize(outputs: readonly TxOut[]): number {
  let n = 0;
  for (const o of outputs)
    n += 8 + compactSizeLength(o.scriptPubKey.length) + o.scriptPubKey.length;
  return n;
}

function hashOutputsSingle(outputs: readonly TxOut[]): Uint8Array {
  return hashSerialized((w) => {
    for (const o of outputs) w.i64le(o.value).varBytes(o.scriptPubKey);
  }, sha256);
}

function hashAmountsSingle(spent: readonly TxOut[]): Uint8Array {
  return hashSerialized((w) => {
    for (const o of spent) w.i64le(o.value);
  }, sha256);
}

function hashScriptsSingle(spent: readonly TxOut[]): Uint8Array {
  return hashSerialized((w) => {
    for (const o of spent) w.varBytes(o.scriptPubKey);
  }, sha256);
}

/**
 * Lazily computed {@link PrecomputedTxData}: each hash is computed on first use and kept, so a
 * legacy-only transaction pays nothing and a segwit one pays once. The BIP143 double hashes are
 * derived from the BIP341 single hashes (SHA256d(x) = SHA256(SHA256(x))), as Core does.
 */
class LazyPrecomputedTxData implements PrecomputedTxData {
  readonly tx: Transaction;
  readonly spentOutputs: readonly TxOut[] | null;
  readonly spentOutputsReady: boolean;
  private cachedShaPrevouts: Uint8Array | undefined;
  private cachedShaSequences: Uint8Array | undefined;
  private cachedShaOutputs: Uint8Array | undefined;
  private cachedShaAmounts: Uint8Array | undefined;
  private cachedShaScripts: Uint8Array | undefined;
  private cachedHashPrevouts: Uint8Array | undefined;
  private cachedHashSequence: Uint8Array | undefined;
  private cachedHashOutputs: Uint8Array | undefined;
  private cachedLegacyAllParts: LegacyAllParts | undefined;

  constructor(tx: Transaction, spentOutputs: readonly TxOut[] | null) {
    this.tx = tx;
    this.spentOutputs = spentOutputs;
    this.spentOutputsReady = spentOutputs !== null && spentOutputs.length > 0;
  }

  get shaPrevouts(): Uint8Array {
    this.cachedShaPrevouts ??= hashPrevoutsSingle(this.tx);
    return this.cachedShaPrevouts;
  }

  get shaSequences(): Uint8Array {
    this.cachedShaSequences ??= hashSequencesSingle(this.tx);
    return this.cachedShaSequences;
  }

  get shaOutputs(): Uint8Array {
    this.cachedShaOutputs ??= hashOutputsSingle(this.tx.outputs);
    return this.cachedShaOutputs;
  }

  get shaAmounts(): Uint8Array | null {
    if (!this.spentOutputsReady || this.spentOutputs === null) return null;
    this.cachedShaAmounts ??= hashAmountsSingle(this.spentOutputs);
    return this.cachedShaAmounts;
  }

  get shaScriptPubkeys(): Uint8Array | null {
    if (!this.spentOutputsReady || this.spentOutputs === null) return null;
    this.cachedShaScripts ??= hashScriptsSingle(this.spentOutputs);
    return this.cachedShaScripts;
  }

  get hashPrevouts(): Uint8Array {
    this.cachedHashPrevouts ??= sha256(this.shaPrevouts);
    return this.cachedHashPrevouts;
  }

  get hashSequence(): Uint8Array {
    this.cachedHashSequence ??= sha256(this.shaSequences);
    return this.cachedHashSequence;
  }

  get hashOutputs(): Uint8Array {
    this.cachedHashOutputs ??= sha256(this.shaOutputs);
    return this.cachedHashOutputs;
  }

  get legacyAllParts(): LegacyAllParts {
    this.cachedLegacyAllParts ??= legacyAllParts(this.tx);
    return this.cachedLegacyAllParts;
  }
}

/**
 * Prepares the per-transaction signature-hash data for `tx`, mirroring Core's
 * PrecomputedTransactionData::Init. `spentOutputs` (the output each input spends, in input
 * order) is needed only for BIP341 signatures; without it (null, or empty as in Core) taproot
 * signature hashes cannot be computed. Hashes are computed lazily, each at most once.
 *
 * Throws RangeCheckError when `spentOutputs` is non-empty but its length differs from the
 * input count (Core asserts the same: it is a caller bug, not invalid data).
 */
export function precomputeTxData(
  tx: Transaction,
  spentOutputs: readonly TxOut[] | null,
): PrecomputedTxData {
  if (
    spentOutputs !== null &&
    spentOutputs.length > 0 &&
    spentOutputs.length !== tx.inputs.length
  ) {
    throw new RangeCheckError(
      `spent outputs (${spentOutputs.length}) do not match inputs (${tx.inputs.length})`,
    );
  }
  return new LazyPrecomputedTxData(tx, spentOutputs);
}
