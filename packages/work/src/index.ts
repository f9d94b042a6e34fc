// The work package's one door: where miners and the pool get work, and the block miner.
export { BlockMiner, type BlockMinerOptions, type MiningMode } from "./block-miner.js";
export {
  checkGbtTemplateOptions,
  type GbtTemplateOptions,
  templateFromGbt,
} from "./gbt-template.js";
export { GbtTemplateError, type GbtTemplateErrorCode } from "./gbt-template-error.js";
export { NodeWorkSource, type NodeWorkSourceOptions } from "./node-work-source.js";
export { RpcWorkSource, type RpcWorkSourceOptions } from "./rpc-work-source.js";
export type { SubmitOutcome, WorkSource } from "./work-source.js";
