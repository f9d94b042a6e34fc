// The consensus package's one door. Pure code only: no I/O, no clock, no globals.

export {
  addressToScript,
  decodeAddress,
  encodeAddress,
  isValidAddress,
  scriptToAddress,
} from "./address/address.js";
export { AddressError, type AddressErrorCode } from "./address/address-error.js";
export {
  base58CheckDecode,
  base58CheckEncode,
  base58Decode,
  base58Encode,
} from "./address/base58.js";
export {
  BECH32_MAX_LENGTH,
  type Bech32Decoded,
  type Bech32Encoding,
  decodeBech32,
  decodeSegwitAddress,
  encodeSegwitAddress,
  type SegwitAddress,
  WITNESS_PROGRAM_MAX_SIZE,
  WITNESS_PROGRAM_MIN_SIZE,
} from "./address/bech32.js";
export {
  type Destination,
  extractDestination,
  scriptForDestination,
  type WitnessDestinationType,
  witnessDestination,
} from "./address/destination.js";
export { hrpShadowsBase58 } from "./address/hrp-shadows-base58.js";
export {
  classifyScript,
  type ScriptType,
  type SolvedScript,
  solveScript,
} from "./address/solver.js";
export { decodeWif, encodeWif, type WifKey } from "./address/wif.js";
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
  buildMerkleBlock,
  decodeMerkleBlock,
  encodeMerkleBlock,
  type MerkleBlock,
  type MerkleBlockFailure,
  type MerkleBlockFailureCode,
  type MerkleBlockMatch,
  readMerkleBlock,
  type VerifyMerkleBlockResult,
  verifyMerkleBlock,
  writeMerkleBlock,
} from "./block/merkle-block.js";
export {
  buildPartialMerkleTree,
  type ExtractedMatches,
  type ExtractMatchesFailure,
  type ExtractMatchesResult,
  extractMatches,
  MAX_PARTIAL_MERKLE_TREE_TRANSACTIONS,
  type MatchedTx,
  type PartialMerkleTree,
  type PartialMerkleTreeFailureCode,
  readPartialMerkleTree,
  writePartialMerkleTree,
} from "./block/partial-merkle-tree.js";
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
export { type CheckBlockOptions, checkBlock, checkBlockHeader } from "./checks/check-block.js";
export { checkTransaction } from "./checks/check-transaction.js";
export { checkTxInputs, type TxInputsOk } from "./checks/check-tx-inputs.js";
export {
  type ConnectContext,
  type ConnectedBlock,
  connectBlock,
  type TxScriptJob,
} from "./checks/connect-block.js";
export { checkWitnessCommitment, contextualCheckBlock } from "./checks/contextual-block.js";
export { contextualCheckBlockHeader, type HeaderContext } from "./checks/contextual-header.js";
export { blockScriptFlags } from "./checks/script-flags.js";
export {
  checkSignetBlockSolution,
  SIGNET_HEADER,
  SIGNET_SOLUTION_FLAGS,
  type SignetTxs,
  signetTxs,
} from "./checks/signet.js";
export {
  firstScriptFailure,
  type ScriptFailure,
  scriptFailureReject,
  verifyBlockScripts,
  verifyTxScripts,
} from "./checks/verify-scripts.js";
export {
  type Coin,
  compressAmount,
  decompressAmount,
  readCompressedCoin,
  readCompressedScript,
  readCoreVarInt,
  writeCompressedCoin,
  writeCompressedScript,
  writeCoreVarInt,
} from "./coins/compressed-coin.js";
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
export {
  loadSignatureBackends,
  type SignatureBackendAvailability,
  type SignatureBackendKind,
} from "./crypto/available-backends.js";
export type { SignatureBackend, TweakedKey } from "./crypto/backend.js";
export { defaultSignatureBackend } from "./crypto/default-backend.js";
export {
  COMPACT_SIGNATURE_SIZE,
  checkLowS,
  encodeDerSignature,
  isLowS,
  normalizeLowS,
  parseDerSignatureLax,
} from "./crypto/der.js";
export { loadNativeBackend } from "./crypto/native-backend.js";
export { nobleBackend } from "./crypto/noble-backend.js";
export {
  parseSecPubkey,
  SEC_PUBKEY_COMPRESSED_SIZE,
  SEC_PUBKEY_UNCOMPRESSED_SIZE,
  type SecPubkeyPoint,
  secPubkeyLength,
  toStandardSecPubkey,
} from "./crypto/pubkey.js";
export {
  SECP256K1_FIELD_PRIME,
  SECP256K1_HALF_ORDER,
  SECP256K1_ORDER,
} from "./crypto/secp256k1-constants.js";
export { loadWasmBackend } from "./crypto/wasm-backend.js";
export { DecodeError, RangeCheckError } from "./errors.js";
export { hash160, ripemd160, sha1, sha256, sha256d, taggedHash } from "./hash.js";
export {
  type Base58Prefixes,
  type ChainParams,
  type DeploymentName,
  isDeploymentActive,
  type PowParams,
} from "./params/chain-params.js";
export { type ParseCustomNetworkOptions, parseCustomNetwork } from "./params/custom-network.js";
export {
  type CustomNetworkJson,
  DEFAULT_CUSTOM_BASE58,
  DEFAULT_CUSTOM_DEPLOYMENTS,
  DEPLOYMENT_NAMES,
} from "./params/custom-network-json.js";
export { DEMO_PARAMS } from "./params/demo.js";
export {
  buildGenesisBlock,
  createGenesisBlock,
  type GenesisSpec,
  genesisCoinbaseScriptSig,
  genesisCoinbaseTx,
} from "./params/genesis.js";
export { MAIN_PARAMS } from "./params/main.js";
export { NetworkConfigError, type NetworkConfigIssue } from "./params/network-config-error.js";
export {
  BUILTIN_NETWORKS,
  type BuiltinNetworkName,
  chainParamsByName,
  NETWORK_NAMES,
  UnknownNetworkError,
} from "./params/registry.js";
export { REGTEST_PARAMS } from "./params/regtest.js";
export { serializeCustomNetwork } from "./params/serialize-custom-network.js";
export { SIGNET_PARAMS } from "./params/signet.js";
export { signetMessageStart } from "./params/signet-message-start.js";
export { TESTNET3_PARAMS } from "./params/testnet3.js";
export { TESTNET4_PARAMS } from "./params/testnet4.js";
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
export { formatAsm, parseAsm } from "./script/asm.js";
export { checkMinimalPush } from "./script/check-minimal-push.js";
export { evalScript, isDisabledOpcode } from "./script/eval-script.js";
export {
  NO_CODESEPARATOR,
  newExecutionData,
  type ScriptExecutionData,
} from "./script/execution-data.js";
export { type FindAndDeleteResult, findAndDelete } from "./script/find-and-delete.js";
export {
  ALL_VERIFY_FLAGS,
  formatVerifyFlags,
  isValidFlagCombination,
  parseVerifyFlags,
  VERIFY_FLAG_NAMES,
  type VerifyFlagName,
  VerifyFlags,
} from "./script/flags.js";
export { isOpSuccess } from "./script/op-success.js";
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
  isScriptErrorName,
  SCRIPT_ERROR_NAMES,
  SCRIPT_OK,
  type ScriptError,
  type ScriptErrorName,
  type ScriptResult,
  scriptErrorMessage,
  scriptFailure,
} from "./script/script-error.js";
export {
  ANNEX_TAG,
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
  VALIDATION_WEIGHT_OFFSET,
  VALIDATION_WEIGHT_PER_SIGOP_PASSED,
} from "./script/script-limits.js";
export {
  castToBool,
  DEFAULT_MAX_NUM_SIZE,
  decodeScriptNum,
  encodeScriptNum,
  LOCKTIME_MAX_NUM_SIZE,
  scriptNumToInt32,
} from "./script/script-num.js";
export { SigVersion } from "./script/sig-version.js";
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
  type SignatureChecker,
  TransactionSignatureChecker,
  type TransactionSignatureCheckerOptions,
} from "./script/signature-checker.js";
export {
  checkLowDerSignature,
  checkPubKeyEncoding,
  checkSignatureEncoding,
  isCompressedOrUncompressedPubKey,
  isCompressedPubKey,
  isDefinedHashtypeSignature,
  isValidSignatureEncoding,
} from "./script/signature-encoding.js";
export {
  transactionLegacySigOpCount,
  transactionP2SHSigOpCount,
  transactionSigOpCost,
} from "./script/sigop-cost.js";
export { legacySigOpCount, p2shSigOpCount, witnessSigOpCount } from "./script/sigops.js";
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
export { isUnspendable } from "./script/unspendable.js";
export { verifyScript } from "./script/verify-script.js";
export { verifyWitnessProgram } from "./script/verify-witness-program.js";
export {
  extractWitnessProgram,
  isPayToAnchor,
  isPayToScriptHash,
  WITNESS_V0_KEYHASH_SIZE,
  WITNESS_V0_SCRIPTHASH_SIZE,
  WITNESS_V1_TAPROOT_SIZE,
  type WitnessProgram,
} from "./script/witness-program.js";
export {
  bigSigma0,
  bigSigma1,
  readWordsBE,
  SHA256_IV,
  SHA256_K,
  sha256Compress,
  sha256Rounds,
  sha256Short,
  writeWordsBE,
} from "./sha256-compress.js";
export { blockSubsidy, issuedSupply } from "./subsidy.js";
export { decodeTx, encodeTx, readTx, writeTx } from "./tx/codec.js";
export { isFinalTx } from "./tx/finality.js";
export { txid, wtxid } from "./tx/hash.js";
export { outpointKey, TXID_KEY_LENGTH, txidKey } from "./tx/outpoint-key.js";
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
