// Core's CVerifyDB (the verifychain RPC and -checkblocks at start): checks the last blocks of the
// active chain at increasing depth of scrutiny, never changing the chain or the UTXO set.
import {
  type Block,
  type ChainParams,
  type Coin,
  checkBlock,
  type SignatureBackend,
} from "@hashforge/consensus";
import { Chainstate, type ConnectBlockContext } from "../chainstate/chainstate.js";
import { ChainstateViewStore } from "../chainstate/chainstate-view-store.js";
import type { BlockIndexEntry } from "./block-index-entry.js";

/** What verification needs from the chain manager (which holds its lock meanwhile). */
export interface VerifyDbChain {
  readonly params: ChainParams;
  readonly backend: SignatureBackend;
  readonly chainstate: Chainstate;
  readonly tip: BlockIndexEntry;
  /** Scratch coins may use this many bytes before level 3 stops disconnecting (Core: the cache size). */
  readonly memoryLimit: number;
  readBlock(entry: BlockIndexEntry): Promise<Block>;
  readUndo(entry: BlockIndexEntry): Promise<Coin[][] | null>;
  connectContext(entry: BlockIndexEntry): ConnectBlockContext;
}

/** The outcome, with Core's log wording for the failure. */
export type VerifyDbResult =
  | { readonly ok: true; readonly blocks: number; readonly transactions: number }
  | { readonly ok: false; readonly error: string };

/** How many blocks verifying the last `depth` checks below a tip at `tipHeight` (0: all). */
export function verifyDepth(tipHeight: number, depth: number): number {
  return depth <= 0 || depth > tipHeight ? tipHeight : depth;
}

/**
 * Verifies the last `depth` blocks (0 or more than the height: all) at `level` 0..4, as Core:
 * 0 reads each block, 1 re-runs the context-free block checks, 2 reads and matches its undo data,
 * 3 disconnects the blocks from a scratch copy of the UTXO set (in memory, while it fits) and
 * requires every disconnection to be clean, 4 reconnects them with full validation, scripts
 * included. `onProgress` receives the percentage done.
 */
export async function verifyDb(
  chain: VerifyDbChain,
  level: number,
  depth: number,
  onProgress: (percent: number) => void = () => {},
): Promise<VerifyDbResult> {
  const tip = chain.tip;
  const checkDepth = verifyDepth(tip.height, depth);
  const scratch = new Chainstate(
    new ChainstateViewStore(chain.chainstate),
    chain.params,
    chain.backend,
  );
  let lowestDisconnected: BlockIndexEntry = tip;
  let failure: BlockIndexEntry | null = null;
  let goodTransactions = 0;
  let blocks = 0;
  for (let entry: BlockIndexEntry = tip; entry.prev !== null; entry = entry.prev) {
    if (entry.height <= tip.height - checkDepth) break;
    const done = ((tip.height - entry.height) / checkDepth) * (level >= 4 ? 50 : 100);
    onProgress(Math.max(1, Math.min(99, Math.floor(done))));
    let block: Block;
    try {
      block = await chain.readBlock(entry);
    } catch {
      return {
        ok: false,
        error: `ReadBlockFromDisk failed at ${entry.height}, hash=${entry.hashHex}`,
      };
    }
    blocks++;
    if (level >= 1 && !checkBlock(block, chain.params.pow.powLimit).ok) {
      return { ok: false, error: `found bad block at ${entry.height}, hash=${entry.hashHex}` };
    }
    let undo: Coin[][] | null = null;
    if (level >= 2) {
      try {
        undo = await chain.readUndo(entry);
      } catch {
        undo = null;
      }
      if (!matchesBlock(undo, block)) {
        return {
          ok: false,
          error: `found bad undo data at ${entry.height}, hash=${entry.hashHex}`,
        };
      }
    }
    if (level >= 3 && scratch.coins.memoryUsage <= chain.memoryLimit) {
      const { clean } = scratch.disconnect(block, entry.height, undo!, entry.prev.hash);
      lowestDisconnected = entry.prev;
      if (!clean) {
        goodTransactions = 0;
        failure = entry;
      }
      goodTransactions += block.txs.length;
    }
  }
  if (failure !== null) {
    return {
      ok: false,
      error: `coin database inconsistencies found (last ${tip.height - failure.height + 1} blocks, ${goodTransactions} good transactions before that)`,
    };
  }
  if (level >= 4 && lowestDisconnected !== tip) {
    const path: BlockIndexEntry[] = [];
    for (let e: BlockIndexEntry = tip; e !== lowestDisconnected; e = e.prev!) path.push(e);
    path.reverse();
    for (const entry of path) {
      onProgress(
        Math.max(
          1,
          Math.min(99, 100 - Math.floor(((tip.height - entry.height) / checkDepth) * 50)),
        ),
      );
      const block = await chain.readBlock(entry);
      const result = scratch.connect(block, chain.connectContext(entry));
      if (!result.ok) {
        return {
          ok: false,
          error: `found unconnectable block at ${entry.height}, hash=${entry.hashHex} (${result.reason})`,
        };
      }
    }
  }
  return { ok: true, blocks, transactions: goodTransactions };
}

/** Undo data with one entry per transaction and one coin per input of each non-coinbase. */
function matchesBlock(undo: Coin[][] | null, block: Block): boolean {
  if (undo === null || undo.length !== block.txs.length) return false;
  for (let t = 1; t < block.txs.length; t++) {
    if (undo[t]!.length !== block.txs[t]!.inputs.length) return false;
  }
  return true;
}
