// The node package's one door: what edges (RPC, REST, P2P, pool, CLI) use. Storage internals,
// the chain manager and the mempool's implementation stay inside; edges go through HashforgeNode.

export type { BlockIndexEntry } from "./chain/block-index-entry.js";
export { BlockStatus } from "./chain/block-status.js";
export type { BlockAccepted, ChainLogger } from "./chain/chain-manager.js";
export type { ChainView } from "./chain/chain-view.js";
export type { AddHeaderResult } from "./chain/header-tree.js";
export { MuHash3072 } from "./chainstate/muhash.js";
export {
  muhashHasher,
  serializedHasher,
  txOutSer,
  type UtxoSetHasher,
} from "./chainstate/utxo-set-hash.js";
export {
  DEFAULT_MAX_QUEUED,
  NodeEventBus,
  type NodeEventHandler,
  type SubscribeOptions,
  type SubscriberStats,
} from "./events/event-bus.js";
export type {
  BlockConnectedEvent,
  BlockDisconnectedEvent,
  ChainFlushedEvent,
  NodeEvent,
  NodeEventType,
  SpentCoins,
  TipChangedEvent,
  TxAcceptedEvent,
  TxAnnounceEvent,
  TxRemovedEvent,
} from "./events/node-event.js";
export type { SmartFeeEstimate } from "./fees/fee-estimator.js";
export { FeeEstimatorError } from "./fees/fee-estimator-error.js";
export type { IndexedBlock, Indexer, IndexTip } from "./index/indexer.js";
export type { IndexInfo } from "./index/indexer-runner.js";
export type {
  MempoolAccepted,
  MempoolAcceptResult,
  MempoolInfo,
  PackageTestResult,
} from "./mempool/mempool.js";
export type { MempoolEntry } from "./mempool/mempool-entry.js";
export type { MempoolRemovalReason } from "./mempool/mempool-events.js";
export type { MempoolReject, MempoolRejectCode } from "./mempool/mempool-reject.js";
export type { MempoolView } from "./mempool/mempool-view.js";
export { MAX_PACKAGE_COUNT } from "./mempool/package-checks.js";
export { signalsOptInRbf } from "./mempool/validate-for-mempool.js";
export {
  assembleBlockTemplate,
  DEFAULT_EXTRANONCE_SIZE,
} from "./mining/assemble-block-template.js";
export type {
  BlockTemplate,
  ExtranonceLayout,
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
export { templateTip } from "./mining/template-inputs.js";
export { updateTemplateForExtranonce } from "./mining/update-template-for-extranonce.js";
export { feeForSize } from "./policy/fee-rate.js";
export type { BroadcastOptions, BroadcastResult } from "./service/broadcast-transaction.js";
export {
  type CoinAtTip,
  HashforgeNode,
  type IndexedTransaction,
  type NodeOptions,
} from "./service/hashforge-node.js";
export { NodeError, type NodeErrorCode } from "./service/node-error.js";
export { type Service, ServiceGroup } from "./service/service.js";
export { LONGPOLL_MEMPOOL_DELAY_MS } from "./service/template-waiter.js";
export type { UtxoRecord, UtxoSnapshot } from "./service/utxo-records.js";
export type { DevWallet } from "./wallet/dev-wallet.js";
export { WalletError, type WalletErrorCode } from "./wallet/wallet-error.js";
export type { PrevoutInfo } from "./wallet/wallet-rpc-types.js";
