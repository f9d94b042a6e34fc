import type { Block } from "@hashforge/consensus";
import type { SpentCoins } from "../events/node-event.js";
import type { BlockIndexEntry } from "./block-index-entry.js";
import type { HeaderTree } from "./header-tree.js";

/**
 * The chain as edges read it (RPC, REST, P2P, indexers): the active chain as of one tip and the
 * stored blocks. During a reorg it shows the old tip until the new branch is connected, so a
 * reader never sees a half-disconnected chain. Nothing here changes the chain: that goes through
 * {@link HashforgeNode}.
 */
export interface ChainView {
  /** The active chain's tip. */
  readonly tip: BlockIndexEntry;
  /** Its height. */
  readonly height: number;
  /** Every known header, including side branches and headers without data (read only). */
  readonly tree: Pick<HeaderTree, "get" | "tips" | "bestHeader" | "size">;
  /** The active chain's block at `height`, or undefined above the tip. */
  atHeight(height: number): BlockIndexEntry | undefined;
  /** True when `entry` is on the active chain. */
  isActive(entry: BlockIndexEntry): boolean;
  /** The header with this display-hex hash, or undefined. */
  entry(hashHex: string): BlockIndexEntry | undefined;
  /** A stored block (throws ChainCorruptionError when the entry has no data). */
  readBlock(entry: BlockIndexEntry): Promise<Block>;
  /** A stored block's serialization. */
  readBlockBytes(entry: BlockIndexEntry): Promise<Uint8Array>;
  /** The coins a connected block spent (its undo data), or null when it was never connected. */
  readUndo(entry: BlockIndexEntry): Promise<SpentCoins | null>;
}
