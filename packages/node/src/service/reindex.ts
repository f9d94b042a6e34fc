// -reindex (Core's): rebuild the block index and the UTXO set from the block files. The old
// files move aside to blocks-reindex/ first (one rename), the index and chainstate are wiped,
// and every block is read back and processed as if it had just arrived, so the new files, index
// and UTXO set are built by the normal, crash-safe path. A crash midway leaves blocks-reindex/
// in place and the next start simply begins the import again.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  type Block,
  blockHash,
  type ChainParams,
  decodeBlock,
  hashToHex,
} from "@hashforge/consensus";
import { BlockFileStore } from "../blockstore/block-file-store.js";
import type { ChainLogger, ChainManager } from "../chain/chain-manager.js";
import { progressReporter } from "../logging/progress.js";

/** Where the block files wait while a reindex imports them. */
export function reindexDir(dataDir: string): string {
  return join(dataDir, "blocks-reindex");
}

/**
 * Prepares the data directory for a reindex, before any store opens: moves blocks/ aside
 * (unless an interrupted reindex already did) and removes what is rebuilt from it.
 */
export function prepareReindex(dataDir: string): void {
  const aside = reindexDir(dataDir);
  const blocks = join(dataDir, "blocks");
  if (!existsSync(aside) && existsSync(blocks)) renameSync(blocks, aside);
  rmSync(blocks, { recursive: true, force: true });
  rmSync(join(dataDir, "chainstate"), { recursive: true, force: true });
}

/** Numbers of the blk?????.dat files in `dir`, ascending, with their total size in bytes. */
function blockFiles(dir: string): { numbers: number[]; bytes: number } {
  const numbers: number[] = [];
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const m = /^blk(\d{5})\.dat$/.exec(name);
    if (!m) continue;
    numbers.push(Number(m[1]));
    bytes += statSync(join(dir, name)).size;
  }
  return { numbers: numbers.sort((a, b) => a - b), bytes };
}

/**
 * Imports every block of the files set aside by {@link prepareReindex} into `chain`, in file
 * order; a block whose parent comes later in the files waits for it (Core's
 * mapBlocksUnknownParent). Invalid and undecodable records are logged and skipped. Progress is
 * logged by bytes read. Removes blocks-reindex/ once the chain is flushed. Returns the number of
 * blocks processed.
 */
export async function importReindexedBlocks(
  dataDir: string,
  params: ChainParams,
  chain: ChainManager,
  logger: ChainLogger,
): Promise<number> {
  const dir = reindexDir(dataDir);
  const { numbers, bytes } = blockFiles(dir);
  logger.info({ files: numbers.length, bytes }, "Reindexing block files");
  const progress = progressReporter(logger, "Reindexing", bytes, 0.05);
  const files = await BlockFileStore.open({
    dir,
    messageStart: params.messageStart,
    resume: "scan",
  });
  const waiting = new Map<string, Block[]>();
  let processed = 0;
  let read = 0;
  const add = async (first: Block): Promise<void> => {
    const queue = [first];
    for (let block = queue.pop(); block !== undefined; block = queue.pop()) {
      const hash = hashToHex(blockHash(block.header));
      const prev = hashToHex(block.header.prevBlock);
      // The genesis block (and any repeat) is known already; others wait for their parent.
      if (chain.tree.get(hash) === undefined && chain.tree.get(prev) === undefined) {
        waiting.set(prev, [...(waiting.get(prev) ?? []), block]);
        continue;
      }
      const result = await chain.processBlock(block);
      processed++;
      if (!result.ok) logger.warn({ block: hash, reason: result.reason }, "Reindex: invalid block");
      queue.push(...(waiting.get(hash) ?? []));
      waiting.delete(hash);
    }
  };
  try {
    for (const n of numbers) {
      for await (const pos of files.scanBlockFile(n)) {
        const raw = await files.readBlock(pos);
        read += raw.length + 8;
        progress(read);
        let block: Block;
        try {
          block = decodeBlock(raw);
        } catch (err) {
          logger.warn(
            { file: n, offset: pos.offset, err: String(err) },
            "Reindex: undecodable block",
          );
          continue;
        }
        await add(block);
      }
    }
  } finally {
    await files.close();
  }
  progress(bytes);
  if (waiting.size > 0) {
    logger.warn(
      { blocks: [...waiting.values()].flat().length },
      "Reindex: blocks without a parent",
    );
  }
  await chain.flush();
  rmSync(dir, { recursive: true, force: true });
  logger.info({ blocks: processed, height: chain.height }, "Reindex done");
  return processed;
}
