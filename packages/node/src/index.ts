// The node package's one door.

export {
  BlockFileStore,
  type BlockFileStoreOptions,
  DEFAULT_MAX_BLOCK_FILE_SIZE,
  DEFAULT_MAX_RECORD_BYTES,
} from "./blockstore/block-file-store.js";
export {
  type BlockFileCursor,
  type BlockPos,
  EMPTY_BLOCK_FILE_CURSOR,
  type FileEnd,
} from "./blockstore/block-pos.js";
export { BlockStoreError, type BlockStoreErrorCode } from "./blockstore/block-store-error.js";
export type { BlockStoreLogger } from "./blockstore/record-appender.js";
export {
  RECORD_HEADER_BYTES,
  recordFileName,
  UNDO_CHECKSUM_BYTES,
} from "./blockstore/record-frame.js";
export {
  type BlockFilePos,
  BlockIndexEntry,
  lastCommonAncestor,
} from "./chain/block-index-entry.js";
export { BlockStatus, FAILED_MASK } from "./chain/block-status.js";
export type {
  BlockConnectedEvent,
  BlockDisconnectedEvent,
  ChainEvent,
  TipChangedEvent,
} from "./chain/chain-events.js";
export {
  type BlockAccepted,
  ChainCorruptionError,
  type ChainLogger,
  ChainManager,
  type ChainManagerOptions,
  type ScriptVerifier,
} from "./chain/chain-manager.js";
export { type AddHeaderResult, HeaderTree, isBetter } from "./chain/header-tree.js";
export {
  decodeFileCursor,
  decodeIndexRecord,
  encodeFileCursor,
  encodeIndexRecord,
  FILE_CURSOR_KEY,
  type IndexRecord,
} from "./chain/index-record.js";
export {
  Chainstate,
  type ConnectBlockContext,
  type ConnectedBlockResult,
} from "./chainstate/chainstate.js";
export { CoinsCache } from "./chainstate/coins-cache.js";
export {
  BEST_BLOCK_KEY,
  BLOCK_INDEX_PREFIX,
  blockIndexKey,
  COIN_PREFIX,
  coinKey,
} from "./chainstate/db-keys.js";
export { MUHASH_PRIME, MuHash3072 } from "./chainstate/muhash.js";
export { decodeBlockUndo, encodeBlockUndo } from "./chainstate/undo-codec.js";
export {
  muhashHasher,
  serializedHasher,
  txOutSer,
  type UtxoSetHasher,
} from "./chainstate/utxo-set-hash.js";
export { FEE_ESTIMATES_VERSION } from "./fees/fee-estimates-file.js";
export {
  DEFAULT_MAX_TRACKED_TXS,
  DOUBLE_SUCCESS_PCT,
  type EstimateMode,
  FeeEstimator,
  type FeeEstimatorLogger,
  type FeeEstimatorOptions,
  type FeeEstimatorTx,
  HALF_SUCCESS_PCT,
  INSUFFICIENT_DATA,
  MAX_FILE_AGE_SECONDS,
  type SmartFeeEstimate,
  SUCCESS_PCT,
} from "./fees/fee-estimator.js";
export { FeeEstimatorError, type FeeEstimatorErrorCode } from "./fees/fee-estimator-error.js";
export { type AncestorLimits, DEFAULT_ANCESTOR_LIMITS } from "./mempool/ancestor-limits.js";
export { compareAncestorScore, compareDescendantScore } from "./mempool/entry-scores.js";
export {
  Mempool,
  type MempoolAccepted,
  type MempoolAcceptResult,
  type MempoolInfo,
  type MempoolLoadResult,
  type PackageTestResult,
  type ProcessTxResult,
} from "./mempool/mempool.js";
export type { MempoolChain } from "./mempool/mempool-chain.js";
export {
  type DumpedTx,
  decodeMempoolDump,
  encodeMempoolDump,
  MEMPOOL_DUMP_MAGIC,
  MEMPOOL_DUMP_VERSION,
  type MempoolDump,
} from "./mempool/mempool-dump.js";
export { estimateEntryUsage, type MempoolEntry } from "./mempool/mempool-entry.js";
export type {
  MempoolEvent,
  MempoolLogger,
  MempoolRemovalReason,
  RemovedTx,
  TxAcceptedEvent,
  TxRemovedEvent,
} from "./mempool/mempool-events.js";
export {
  type AcceptOptions,
  DEFAULT_MAX_MEMPOOL_BYTES,
  DEFAULT_MEMPOOL_EXPIRY_HOURS,
  type MempoolOptions,
} from "./mempool/mempool-options.js";
export {
  type MempoolReject,
  type MempoolRejectCode,
  mempoolReject,
} from "./mempool/mempool-reject.js";
export {
  DEFAULT_MAX_ORPHAN_TRANSACTIONS,
  ORPHAN_TX_EXPIRE_SECONDS,
  type Orphan,
  OrphanPool,
  type OrphanPoolOptions,
} from "./mempool/orphan-pool.js";
export {
  MAX_PACKAGE_COUNT,
  MAX_PACKAGE_WEIGHT,
  packageError,
} from "./mempool/package-checks.js";
export { ROLLING_FEE_HALFLIFE_SECONDS } from "./mempool/rolling-min-fee.js";
export { MAX_BIP125_RBF_SEQUENCE, signalsOptInRbf } from "./mempool/validate-for-mempool.js";
export {
  assembleBlockTemplate,
  DEFAULT_BLOCK_MIN_TX_FEE,
  DEFAULT_BLOCK_RESERVED_WEIGHT,
  DEFAULT_BLOCK_VERSION,
  DEFAULT_COINBASE_MAX_SIGOPS,
  DEFAULT_EXTRANONCE_SIZE,
  MINIMUM_BLOCK_RESERVED_WEIGHT,
  minimumBlockTime,
  templateIdFor,
} from "./mining/assemble-block-template.js";
export type {
  AssembleBlockTemplateInput,
  BlockAssemblerOptions,
  BlockTemplate,
  ExtranonceLayout,
  TemplateCandidate,
  TemplateTip,
  TemplateTransaction,
} from "./mining/block-template.js";
export {
  buildCoinbaseTx,
  type CoinbaseScriptSig,
  type CoinbaseSpec,
  coinbaseScriptSig,
  MAX_COINBASE_SCRIPTSIG_SIZE,
  MAX_EXTRANONCE_SIZE,
  zeroWitnessNonce,
} from "./mining/build-coinbase.js";
export { coinbaseMerkleBranch, merkleRootFromBranch } from "./mining/coinbase-merkle-branch.js";
export { finalizeSubmittedBlock } from "./mining/finalize-submitted-block.js";
export {
  BYTES_PER_SIGOP,
  type PackageSelection,
  type SelectPackagesParams,
  selectPackages,
  sigopAdjustedVsize,
} from "./mining/select-packages.js";
export { TemplateError, type TemplateErrorCode } from "./mining/template-error.js";
export { mempoolCandidates, templateTip } from "./mining/template-inputs.js";
export { updateTemplateForExtranonce } from "./mining/update-template-for-extranonce.js";
export { areInputsStandard } from "./policy/are-inputs-standard.js";
export { getDustThreshold, isDust } from "./policy/dust.js";
export { feeForSize, feeRateOf } from "./policy/fee-rate.js";
export {
  isStandardTx,
  type StandardTxOptions,
  standardOutputType,
} from "./policy/is-standard-tx.js";
export { isWitnessStandard } from "./policy/is-witness-standard.js";
export {
  DEFAULT_BYTES_PER_SIGOP,
  DEFAULT_INCREMENTAL_RELAY_FEE,
  DEFAULT_MIN_RELAY_TX_FEE,
  DEFAULT_PERMIT_BAREMULTISIG,
  DUST_RELAY_TX_FEE,
  MANDATORY_SCRIPT_VERIFY_FLAGS,
  MAX_OP_RETURN_RELAY,
  MAX_P2SH_SIGOPS,
  MAX_REPLACEMENT_CANDIDATES,
  MAX_STANDARD_P2WSH_SCRIPT_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEM_SIZE,
  MAX_STANDARD_P2WSH_STACK_ITEMS,
  MAX_STANDARD_SCRIPTSIG_SIZE,
  MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE,
  MAX_STANDARD_TX_SIGOPS_COST,
  MAX_STANDARD_TX_WEIGHT,
  MIN_STANDARD_TX_NONWITNESS_SIZE,
  STANDARD_NOT_MANDATORY_VERIFY_FLAGS,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  TRUC_VERSION,
  TX_MAX_STANDARD_VERSION,
} from "./policy/policy-constants.js";
export {
  DEFAULT_POLICY_OPTIONS,
  type PolicyOptions,
  resolvePolicyOptions,
} from "./policy/policy-options.js";
export {
  POLICY_OK,
  type PolicyFailure,
  type PolicyOk,
  type PolicyResult,
  policyFailure,
} from "./policy/policy-result.js";
export { virtualTransactionSize } from "./policy/virtual-size.js";
export {
  MIN_PARALLEL_INPUTS,
  ScriptCheckPool,
  type ScriptCheckPoolOptions,
} from "./script-check/script-check-pool.js";
export { chainMempoolView } from "./service/chain-mempool-view.js";
export { HashforgeNode, type NodeOptions } from "./service/hashforge-node.js";
export { type NodeEvent, NodeEventBus } from "./service/node-events.js";
export {
  ITERATE_CHUNK,
  type IterateOptions,
  type KeyValueStore,
  MAX_KEY_BYTES,
  MAX_VALUE_BYTES,
  type StoreEntry,
  type WriteBatch,
} from "./store/key-value-store.js";
export { LevelStore, type LevelStoreOptions } from "./store/level-store.js";
export { MemoryStore } from "./store/memory-store.js";
export { isStoreError, StoreError, type StoreErrorCode } from "./store/store-error.js";
export {
  BNB_MAX_TRIES,
  type CoinSelection,
  type SelectionAlgorithm,
  type SelectionCoin,
  type SelectionTarget,
  selectCoins,
} from "./wallet/coin-selection.js";
export {
  CoinTracker,
  isImmature,
  type ScriptResolver,
  type WalletCoin,
  type WalletTx,
  type WalletTxState,
} from "./wallet/coin-tracker.js";
export {
  DEFAULT_FEE_RATE_SAT_VB,
  DEFAULT_MAXCONF,
  DevWallet,
  type DevWalletOptions,
  SEED_LENGTH,
  type WalletLogger,
} from "./wallet/dev-wallet.js";
export {
  type FundedTransaction,
  type FundingCoin,
  type FundRequest,
  fundTransaction,
  WALLET_INPUT_SEQUENCE,
} from "./wallet/fund-transaction.js";
export {
  type BranchIndexes,
  DEFAULT_LOOKAHEAD,
  EMPTY_INDEXES,
  KeyPool,
  type KeyPoolIndexes,
} from "./wallet/key-pool.js";
export {
  coinTypeFor,
  derivationPath,
  type KeyBranch,
  Keychain,
  WALLET_ADDRESS_TYPES,
  type WalletAddressType,
  type WalletKey,
} from "./wallet/keychain.js";
export {
  INPUT_NOT_FOUND,
  type SigningError,
  type SigningKeys,
  type SignTransactionResult,
  signTransaction,
} from "./wallet/sign-transaction.js";
export {
  p2wpkhScriptCode,
  signP2wpkhInput,
  signTaprootKeyPathInput,
  tweakTaprootPrivateKey,
} from "./wallet/signer.js";
export {
  DISCARD_FEE_RATE,
  estimateTxWeight,
  feeForWeight,
  feeRateFromSatPerVb,
  INPUT_WEIGHT,
  LONG_TERM_FEE_RATE,
  MAX_FEE_RATE_SAT_VB,
  outputWeight,
} from "./wallet/size-estimate.js";
export {
  MAX_LABEL_LENGTH,
  MAX_LABELS,
  parseWalletDocument,
  serializeWalletDocument,
  WALLET_FORMAT,
  WALLET_VERSION,
  WALLET_WARNING,
  type WalletDocument,
} from "./wallet/wallet-document.js";
export {
  RPC_ERROR,
  WALLET_ERRORS,
  WalletError,
  type WalletErrorCode,
} from "./wallet/wallet-error.js";
export { WalletFileStore, type WalletStore } from "./wallet/wallet-file-store.js";
export type {
  FundOptions,
  PrevoutInfo,
  Recipient,
  SendOptions,
  SendResult,
  UnspentOutput,
  WalletBalances,
} from "./wallet/wallet-rpc-types.js";
export { WalletSaver } from "./wallet/wallet-saver.js";
