// The transaction-dependent checks script execution delegates: signatures and lock times.
import { LOCKTIME_THRESHOLD, SEQUENCE_FINAL } from "../constants.js";
import type { SignatureBackend } from "../crypto/backend.js";
import { secPubkeyLength } from "../crypto/pubkey.js";
import {
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
} from "../tx/sequence-locks.js";
import type { Transaction } from "../tx/transaction.js";
import type { ScriptExecutionData } from "./execution-data.js";
import { NO_CODESEPARATOR } from "./execution-data.js";
import type { ScriptError } from "./script-error.js";
import { SigVersion } from "./sig-version.js";
import { legacySighash } from "./sighash/legacy.js";
import type { PrecomputedTxData } from "./sighash/precomputed.js";
import { segwitV0Sighash } from "./sighash/segwit-v0.js";
import { taprootSighash } from "./sighash/taproot.js";
import { verifyTaprootCommitment } from "./taproot.js";

/**
 * What the interpreter needs from the spending transaction, as Core's BaseSignatureChecker:
 * signature checks, lock-time checks and (unlike Core, which calls secp256k1 directly) the
 * taproot commitment check, so all elliptic-curve work goes through one injected object.
 */
export interface SignatureChecker {
  /**
   * Verifies an ECDSA signature (DER plus hash type byte) against `pubkey` over the signature
   * hash of `scriptCode`, as Core's CheckECDSASignature. False on any malformed input.
   */
  checkEcdsaSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    scriptCode: Uint8Array,
    sigVersion: SigVersion,
  ): boolean;
  /**
   * Verifies a BIP340 signature (64 bytes, or 65 with an explicit hash type) against a 32-byte
   * x-only key, as Core's CheckSchnorrSignature; returns null when valid, else the error.
   */
  checkSchnorrSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    sigVersion: SigVersion,
    execData: ScriptExecutionData,
  ): ScriptError | null;
  /**
   * True when the output key `program` commits to the leaf through the control block (BIP341
   * VerifyTaprootCommitment). The control block size has been checked already.
   */
  checkTaprootCommitment(control: Uint8Array, program: Uint8Array, leafHash: Uint8Array): boolean;
  /** OP_CHECKLOCKTIMEVERIFY's comparison with the transaction (BIP65 CheckLockTime). */
  checkLockTime(lockTime: number): boolean;
  /** OP_CHECKSEQUENCEVERIFY's comparison with the input (BIP112 CheckSequence). */
  checkSequence(sequence: number): boolean;
}

/** Options of {@link TransactionSignatureChecker}. */
export interface TransactionSignatureCheckerOptions {
  /** The elliptic-curve implementation. */
  readonly backend: SignatureBackend;
  /** The spending transaction. */
  readonly tx: Transaction;
  /** Index of the input being verified. */
  readonly inputIndex: number;
  /** Value of the output this input spends (BIP143 signs it). */
  readonly amount: bigint;
  /** Hashes shared by all inputs of `tx`, from precomputeTxData (create once per transaction). */
  readonly txData: PrecomputedTxData;
}

const TWO_POW_32 = 0x1_0000_0000;

/**
 * The signature checker for one input of a transaction, mirroring Core's
 * GenericTransactionSignatureChecker: legacy, BIP143 and BIP341 signature hashes, verification
 * through the injected {@link SignatureBackend}, and BIP65/BIP112 lock-time checks.
 */
export class TransactionSignatureChecker implements SignatureChecker {
  private readonly backend: SignatureBackend;
  private readonly tx: Transaction;
  private readonly inputIndex: number;
  private readonly amount: bigint;
  private readonly txData: PrecomputedTxData;

  constructor(options: TransactionSignatureCheckerOptions) {
    this.backend = options.backend;
    this.tx = options.tx;
    this.inputIndex = options.inputIndex;
    this.amount = options.amount;
    this.txData = options.txData;
  }

  checkEcdsaSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    scriptCode: Uint8Array,
    sigVersion: SigVersion,
  ): boolean {
    // CPubKey's constructor: the prefix must announce the key's actual length.
    if (pubkey.length === 0 || secPubkeyLength(pubkey[0]!) !== pubkey.length) return false;
    if (sig.length === 0) return false;
    const hashType = sig[sig.length - 1]!;
    const sighash =
      sigVersion === SigVersion.WITNESS_V0
        ? segwitV0Sighash(this.tx, this.inputIndex, scriptCode, this.amount, hashType, this.txData)
        : legacySighash(this.tx, this.inputIndex, scriptCode, hashType, this.txData);
    return this.backend.verifyEcdsa(sighash, sig.subarray(0, sig.length - 1), pubkey);
  }

  checkSchnorrSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    sigVersion: SigVersion,
    execData: ScriptExecutionData,
  ): ScriptError | null {
    if (sig.length !== 64 && sig.length !== 65) return "SCHNORR_SIG_SIZE";
    let hashType = 0;
    let sig64 = sig;
    if (sig.length === 65) {
      hashType = sig[64]!;
      // An explicit SIGHASH_DEFAULT would make a second valid encoding of the same signature.
      if (hashType === 0) return "SCHNORR_SIG_HASHTYPE";
      sig64 = sig.subarray(0, 64);
    }
    // Core fails such a check with MissingDataBehavior::FAIL and reports no specific error.
    if (!this.txData.spentOutputsReady) return "UNKNOWN_ERROR";
    const tapscript = sigVersion === SigVersion.TAPSCRIPT;
    const sighash = taprootSighash(this.tx, this.inputIndex, hashType, this.txData, {
      annex: execData.annex,
      tapleafHash: tapscript ? execData.tapleafHash : null,
      codesepPos: tapscript ? execData.codeseparatorPos : NO_CODESEPARATOR,
    });
    if (sighash === null) return "SCHNORR_SIG_HASHTYPE";
    return this.backend.verifySchnorr(sighash, sig64, pubkey) ? null : "SCHNORR_SIG";
  }

  checkTaprootCommitment(control: Uint8Array, program: Uint8Array, leafHash: Uint8Array): boolean {
    return verifyTaprootCommitment(control, program, leafHash, this.backend);
  }

  checkLockTime(lockTime: number): boolean {
    const txLockTime = this.tx.locktime;
    // Compare like with like: heights with heights, times with times.
    if (txLockTime < LOCKTIME_THRESHOLD !== lockTime < LOCKTIME_THRESHOLD) return false;
    if (lockTime > txLockTime) return false;
    // A final input would let the transaction ignore its lock time altogether (IsFinalTx), so
    // the locked input itself must not be final.
    return this.tx.inputs[this.inputIndex]!.sequence !== SEQUENCE_FINAL;
  }

  checkSequence(sequence: number): boolean {
    const txSequence = this.tx.inputs[this.inputIndex]!.sequence;
    // BIP68 relative lock times only apply from version 2 (compared unsigned, as Core does).
    if (this.tx.version >>> 0 < 2) return false;
    // An input opting out of BIP68 cannot satisfy a relative lock.
    if ((txSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return false;
    const mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
    const txMasked = txSequence & mask;
    // The operand may exceed 32 bits (5-byte script numbers); only its low bits matter here.
    const masked = (sequence % TWO_POW_32) & mask;
    if (txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG !== masked < SEQUENCE_LOCKTIME_TYPE_FLAG) {
      return false;
    }
    return masked <= txMasked;
  }
}
