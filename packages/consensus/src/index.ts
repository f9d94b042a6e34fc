// The consensus package's one door. Pure code only: no I/O, no clock, no globals.

export {
  type Block,
  blockBaseSize,
  blockTotalSize,
  blockWeight,
  decodeBlock,
  encodeBlock,
  readBlock,
} from "./block/block.js";
export {
  coinbaseHeightPrefix,
  decodeCoinbaseHeight,
  encodeScriptNum,
  hasCoinbaseHeight,
} from "./block/coinbase-height.js";
export {
  type BlockHeader,
  blockHash,
  decodeHeader,
  encodeHeader,
  HEADER_SIZE,
  readHeader,
  writeHeader,
} from "./block/header.js";
export { type MerkleResult, merkleRoot } from "./block/merkle.js";
export {
  WITNESS_COMMITMENT_HEADER,
  witnessCommitment,
  witnessCommitmentIndex,
  witnessCommitmentScript,
  witnessMerkleRoot,
} from "./block/witness-commitment.js";
export { bytesEqual, compareBytes, concatBytes } from "./bytes/equal.js";
export { fromHex, hashToHex, hexToHash, isHex, toHex } from "./bytes/hex.js";
export { ByteReader, MAX_SIZE } from "./bytes/reader.js";
export { ByteWriter, compactSizeLength } from "./bytes/writer.js";
export { checkTransaction } from "./checks/check-transaction.js";
export { type Coin, checkTxInputs, type TxInputsOk } from "./checks/check-tx-inputs.js";
export { checkWitnessCommitment, contextualCheckBlock } from "./checks/contextual-block.js";
export { contextualCheckBlockHeader, type HeaderContext } from "./checks/contextual-header.js";
export {
  COIN,
  COINBASE_MATURITY,
  LOCKTIME_THRESHOLD,
  MAX_BLOCK_SERIALIZED_SIZE,
  MAX_BLOCK_SIGOPS_COST,
  MAX_BLOCK_WEIGHT,
  MAX_MONEY,
  MIN_TRANSACTION_WEIGHT,
  moneyRange,
  SEQUENCE_FINAL,
} from "./constants.js";
export type { SignatureBackend, TweakedKey } from "./crypto/backend.js";
export { DecodeError, RangeCheckError } from "./errors.js";
export { hash160, ripemd160, sha1, sha256, sha256d, taggedHash } from "./hash.js";
export {
  type Base58Prefixes,
  type ChainParams,
  type DeploymentName,
  isDeploymentActive,
  type PowParams,
} from "./params/chain-params.js";
export { checkProofOfWork, hashToBigInt } from "./pow/check-pow.js";
export {
  type DecodedCompact,
  decodeCompact,
  encodeCompact,
  targetFromBits,
  UINT256_MAX,
} from "./pow/compact.js";
export {
  MAX_FUTURE_BLOCK_TIME,
  MAX_TIMEWARP,
  MEDIAN_TIME_SPAN,
  medianTimePast,
} from "./pow/median-time.js";
export {
  type AncestorLookup,
  type ChainEntry,
  calculateNextWorkRequired,
  getNextWorkRequired,
  permittedDifficultyTransition,
  retargetInterval,
} from "./pow/retarget.js";
export { blockProof, difficulty } from "./pow/work.js";
export { decodeSmallInt, encodeSmallInt, OP, opcodeByName, opcodeName } from "./script/opcodes.js";
export {
  buildScript,
  isPushOnly,
  parseScript,
  readScriptOp,
  type ScriptChunk,
  type ScriptOp,
  writePushData,
} from "./script/script.js";
export {
  SIGHASH_ALL,
  SIGHASH_ANYONECANPAY,
  SIGHASH_DEFAULT,
  SIGHASH_INPUT_MASK,
  SIGHASH_NONE,
  SIGHASH_OUTPUT_MASK,
  SIGHASH_SINGLE,
} from "./script/sighash/hash-type.js";
export { legacySighash } from "./script/sighash/legacy.js";
export { type PrecomputedTxData, precomputeTxData } from "./script/sighash/precomputed.js";
export { segwitV0Sighash } from "./script/sighash/segwit-v0.js";
export { type TaprootSighashExt, taprootSighash } from "./script/sighash/taproot.js";
export {
  computeTaprootMerkleRoot,
  isValidControlBlockSize,
  TAPROOT_CONTROL_BASE_SIZE,
  TAPROOT_CONTROL_MAX_NODE_COUNT,
  TAPROOT_CONTROL_MAX_SIZE,
  TAPROOT_CONTROL_NODE_SIZE,
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  tapBranchHash,
  tapleafHash,
  taprootOutputKey,
  tapTweakHash,
  verifyTaprootCommitment,
} from "./script/taproot.js";
export { blockSubsidy, issuedSupply } from "./subsidy.js";
export { decodeTx, encodeTx, readTx, writeTx } from "./tx/codec.js";
export { isFinalTx } from "./tx/finality.js";
export { txid, wtxid } from "./tx/hash.js";
export {
  calculateSequenceLocks,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_GRANULARITY,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
  type SequenceLocks,
  sequenceLocksSatisfied,
} from "./tx/sequence-locks.js";
export { baseSize, totalSize, txVsize, txWeight, WITNESS_SCALE_FACTOR } from "./tx/size.js";
export {
  hasWitness,
  isCoinbase,
  isNullOutPoint,
  NULL_VOUT,
  type OutPoint,
  type Transaction,
  type TxIn,
  type TxOut,
} from "./tx/transaction.js";
export {
  type CheckResult,
  type Reject,
  type RejectCode,
  reject,
  VALID,
  type Valid,
} from "./validation/result.js";
