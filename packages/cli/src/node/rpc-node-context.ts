import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RpcNodeContext, UtxoRecord } from "@hashforge/api";
import {
  type BlockHeader,
  ByteReader,
  readCompressedCoin,
  readCoreVarInt,
} from "@hashforge/consensus";
import { type HashforgeNode, type StoreEntry, templateIdFor } from "@hashforge/node";

/** The node's clock: the system clock, or the value `setmocktime` set (UNIX seconds). */
export interface NodeClock {
  mock: number;
  now(): number;
}

/** A clock that follows the system unless mocked. */
export function nodeClock(): NodeClock {
  return {
    mock: 0,
    now() {
      return this.mock > 0 ? this.mock : Math.floor(Date.now() / 1000);
    },
  };
}

/** Core's DEFAULT_MAX_TIP_AGE: a tip older than this means the node is still catching up. */
const MAX_TIP_AGE = 24 * 60 * 60;
/** How long a long-polling getblocktemplate waits for mempool changes before answering. */
const LONGPOLL_MEMPOOL_SECONDS = 60;

function directoryBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? directoryBytes(path) : st.size;
  }
  return total;
}

/** The running node as the RPC methods see it (packages/api/src/rpc-methods/node-context.ts). */
export function rpcNodeContext(node: HashforgeNode, clock: NodeClock): RpcNodeContext {
  let leftIbd = false;
  return {
    params: node.params,
    chain: node.chain,
    mempool: node.mempool,
    fees: node.fees,
    wallet: node.wallet,
    now: () => clock.now(),
    setMockTime: (time) => {
      clock.mock = time;
    },
    isInitialBlockDownload: () => {
      // Core latches: once caught up, a node never goes back to initial download.
      if (leftIbd) return false;
      const tip = node.chain.tip;
      if (
        tip.chainWork < node.params.minimumChainWork ||
        tip.header.time < clock.now() - MAX_TIP_AGE
      )
        return true;
      leftIbd = true;
      return false;
    },
    sizeOnDisk: () =>
      directoryBytes(join(node.dataDir, "blocks")) +
      directoryBytes(join(node.dataDir, "chainstate")),
    readBlockUndo: (entry) => node.chain.readUndo(entry),
    submitBlock: (block) => node.submitBlock(block),
    submitHeader: (header: BlockHeader) => node.chain.processHeader(header),
    invalidateBlock: (entry) => node.invalidateBlock(entry),
    reconsiderBlock: (entry) => node.reconsiderBlock(entry),
    blockTemplate: async (payoutScript) => node.blockTemplate(payoutScript, clock.now()),
    waitForTemplateChange: (templateId, signal) =>
      new Promise<void>((resolve, reject) => {
        // Compare ids without assembling a template: tip hash plus mempool sequence.
        if (templateIdFor(node.chain.tip.hash, node.mempool.sequence) !== templateId) {
          resolve();
          return;
        }
        let timer: NodeJS.Timeout | null = null;
        const done = (error?: unknown) => {
          unsubscribe();
          if (timer) clearTimeout(timer);
          signal.removeEventListener("abort", onAbort);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onAbort = () => done(signal.reason ?? new Error("aborted"));
        const unsubscribe = node.events.subscribe((event) => {
          if (event.type === "tip:changed") done();
          else if (event.type === "tx:accepted" && timer === null) {
            timer = setTimeout(() => done(), LONGPOLL_MEMPOOL_SECONDS * 1000);
          }
        });
        signal.addEventListener("abort", onAbort);
      }),
    utxoSnapshot: async () => {
      const { tip, entries } = await node.chain.utxoSnapshot();
      return { tip, coins: coinRecords(entries) };
    },
    chainstateDiskSize: () => directorySize(join(node.dataDir, "chainstate")),
    verifyChain: (level, nblocks) => node.chain.verifyChain(level, nblocks),
    saveMempool: async () => node.saveMempool(),
  };
}

/** Total size of the files in `dir` (0 when it cannot be read). */
function directorySize(dir: string): number {
  try {
    let bytes = 0;
    for (const name of readdirSync(dir)) {
      const stat = statSync(join(dir, name));
      if (stat.isFile()) bytes += stat.size;
    }
    return bytes;
  } catch {
    return 0;
  }
}

/** Decodes the coin records of the store ('C' + txid + VARINT(vout) -> compressed coin). */
async function* coinRecords(entries: AsyncIterable<StoreEntry>): AsyncIterable<UtxoRecord> {
  for await (const { key, value } of entries) {
    const r = new ByteReader(key);
    r.u8();
    const txid = r.take(32);
    const vout = Number(readCoreVarInt(r));
    yield { txid, vout, coin: readCompressedCoin(new ByteReader(value)) };
  }
}
