// The node package's one door.
export {
  type BlockFilePos,
  BlockIndexEntry,
  lastCommonAncestor,
} from "./chain/block-index-entry.js";
export { BlockStatus, FAILED_MASK } from "./chain/block-status.js";
export { type AddHeaderResult, HeaderTree, isBetter } from "./chain/header-tree.js";
