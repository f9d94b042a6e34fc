// The miner package's one door: SHA-256d proof-of-work search.
export { type MineBlockHeaderOptions, type MinedHeader, mineBlockHeader } from "./cpu-miner.js";
export { HashrateMeter, type HashrateMeterOptions } from "./hashrate-meter.js";
export { DEFAULT_UNIT_SIZE, HeaderIterator, type WorkUnit } from "./header-iterator.js";
export { MinerError, type MinerErrorCode } from "./miner-error.js";
export {
  type CreateMiningJobParameters,
  createMiningJob,
  type MiningJob,
  type NextHeader,
  timeRoller,
  withNonce,
  withTime,
} from "./mining-job.js";
export {
  checkHeader80,
  hashWork,
  type MiningWork,
  midstate,
  NONCE_SPACE,
  type NonceHit,
  scanNonces,
  targetToWords,
  workFromHeader,
} from "./sha256-midstate.js";
export { defaultWorkerUrl } from "./worker-entry.js";
export {
  type FoundBlock,
  type MinerLogger,
  MinerPool,
  type MinerPoolOptions,
  maxMinerThreads,
} from "./worker-pool.js";
