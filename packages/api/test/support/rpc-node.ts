// A real regtest node for RPC method tests: ChainManager in a temporary directory, Mempool,
// FeeEstimator and optionally a DevWallet, wired the way the node service wires them, behind a
// test implementation of RpcNodeContext.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Block,
  type Coin,
  checkBlock,
  encodeTx,
  nobleBackend,
  outpointKey,
  REGTEST_PARAMS,
  txid as txidOf,
} from "@hashforge/consensus";
import {
  assembleBlockTemplate,
  type BlockTemplate,
  ChainManager,
  DevWallet,
  FeeEstimator,
  LevelStore,
  Mempool,
  mempoolCandidates,
  templateIdFor,
  templateTip,
  type WalletStore,
} from "@hashforge/node";
import { createControlMethods } from "../../src/jsonrpc/control-methods.js";
import type { JsonValue, RpcResultValue } from "../../src/jsonrpc/json-value.js";
import { parseJson } from "../../src/jsonrpc/parse-json.js";
import { RpcError } from "../../src/jsonrpc/rpc-error.js";
import { RpcTable } from "../../src/jsonrpc/rpc-table.js";
import { writeJson } from "../../src/jsonrpc/write-json.js";
import type { RpcNodeContext, UtxoRecord } from "../../src/rpc-methods/node-context.js";
import { createNodeRpcMethods } from "../../src/rpc-methods/node-rpc-methods.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A wallet store in memory. */
class MemoryWalletStore implements WalletStore {
  text: string | null = null;
  async read(): Promise<string | null> {
    return this.text;
  }
  async write(text: string): Promise<void> {
    this.text = text;
  }
}

/** Options of {@link startRpcNode}. */
export interface RpcNodeOptions {
  readonly wallet?: boolean;
  /** Initial clock, UNIX seconds. */
  readonly time?: number;
}

/** A running test node: its context, an RPC table over it, and helpers. */
export interface RpcNode {
  readonly ctx: RpcNodeContext;
  readonly table: RpcTable;
  readonly clock: { now: number };
  readonly dir: string;
  /** Calls a method; the result is plain JSON (as a client sees it). */
  call(method: string, params?: readonly unknown[] | Record<string, unknown>): Promise<unknown>;
  /** Calls a method expecting an RpcError; returns its code and message. */
  callError(
    method: string,
    params?: readonly unknown[] | Record<string, unknown>,
  ): Promise<{ code: number; message: string }>;
  dispose(): Promise<void>;
}

/** Round-trips a result through the JSON writer and parser, as a client would see it. */
function asClientJson(value: RpcResultValue): unknown {
  return JSON.parse(writeJson(value));
}

/** Starts a regtest node in a temporary directory. */
export async function startRpcNode(options: RpcNodeOptions = {}): Promise<RpcNode> {
  const params = REGTEST_PARAMS;
  const dir = mkdtempSync(join(tmpdir(), "hf-rpc-"));
  const clock = { now: options.time ?? params.genesisHeader.time + 1000 };
  let mockTime = 0;
  const now = () => (mockTime > 0 ? mockTime : clock.now);
  /** Every output ever connected, for undo data (the test chain never forgets). */
  const created = new Map<string, UtxoRecord>();
  let wallet: DevWallet | null = null;
  let mempool: Mempool | null = null;
  const fees = new FeeEstimator({ now });
  const store = await LevelStore.open({ path: join(dir, "chainstate") });
  const chain = await ChainManager.open({
    params,
    store,
    blocksDir: join(dir, "blocks"),
    backend: nobleBackend,
    now,
    logger: silent,
    flushIntervalSeconds: 3600,
    onEvent: (e) => {
      if (e.type === "block:connected") {
        e.block.txs.forEach((tx, t) => {
          const id = txidOf(tx);
          tx.outputs.forEach((output, vout) => {
            created.set(outpointKey(id, vout), {
              txid: id,
              vout,
              coin: { output, height: e.entry.height, coinbase: t === 0 },
            });
          });
        });
        mempool?.removeForBlock(e.block.txs);
        wallet?.blockConnected(e.block, e.entry.height);
      } else if (e.type === "block:disconnected") {
        wallet?.blockDisconnected(e.block, e.entry.height);
        mempool?.addBackFromDisconnectedBlock(e.block.txs);
      }
    },
  });
  mempool = new Mempool({
    chain: {
      height: () => chain.height,
      medianTimePast: () => chain.tip.medianTimePast(),
      medianTimePastAt: (h) => chain.atHeight(h)!.medianTimePast(),
      getCoin: (id, vout) => chain.chainstate.coins.get(id, vout),
    },
    backend: nobleBackend,
    now: () => now() * 1000,
    onEvent: (e) => {
      if (e.type === "tx:accepted") wallet?.transactionAdded(e.entry.tx);
    },
  });
  if (options.wallet) {
    let seed = 1;
    wallet = await DevWallet.open({
      params,
      store: new MemoryWalletStore(),
      randomBytes: (n) => Uint8Array.from({ length: n }, () => seed++ & 0xff),
      now: () => now() * 1000,
      logger: silent,
      backend: nobleBackend,
      lookahead: 20,
    });
  }
  const tipWaiters = new Set<() => void>();
  const pool = mempool;
  // The test chain never reorgs below its created map, so the live set is the created outputs
  // still present in the chainstate; in the coins database's order (txid bytes, then index).
  async function* fixtureCoins(): AsyncIterable<UtxoRecord> {
    const ordered = [...created.values()].sort(
      (a, b) => Buffer.compare(a.txid, b.txid) || a.vout - b.vout,
    );
    for (const record of ordered) {
      if (chain.chainstate.coins.get(record.txid, record.vout) !== undefined) yield record;
    }
  }
  const ctx: RpcNodeContext = {
    params,
    chain,
    mempool: pool,
    fees,
    wallet,
    now,
    setMockTime: (t) => {
      mockTime = t;
    },
    isInitialBlockDownload: () => false,
    sizeOnDisk: () => 0,
    readBlockUndo: async (entry) => {
      if (entry.undoPos === null) return null;
      const block = await chain.readBlock(entry);
      return block.txs.map((tx, t) =>
        t === 0
          ? []
          : tx.inputs.map(
              (i): Coin => created.get(outpointKey(i.prevout.txid, i.prevout.vout))!.coin,
            ),
      );
    },
    submitBlock: async (block: Block) => {
      const before = chain.tip;
      const result = await chain.processBlock(block);
      if (chain.tip !== before) for (const w of tipWaiters) w();
      return result;
    },
    submitHeader: (header) => chain.tree.addHeader(header, now()),
    invalidateBlock: (entry) => chain.invalidateBlock(entry),
    reconsiderBlock: (entry) => chain.reconsiderBlock(entry),
    blockTemplate: async (payoutScript): Promise<BlockTemplate> =>
      assembleBlockTemplate({
        tip: templateTip(chain.tip, params),
        params,
        candidates: mempoolCandidates(pool),
        payoutScript,
        mempoolSequence: pool.sequence,
        now: now(),
      }),
    waitForTemplateChange: (templateId, signal) =>
      new Promise<void>((resolve, reject) => {
        if (templateIdFor(chain.tip.hash, pool.sequence) !== templateId) {
          resolve();
          return;
        }
        const done = () => {
          tipWaiters.delete(done);
          resolve();
        };
        tipWaiters.add(done);
        signal.addEventListener("abort", () => {
          tipWaiters.delete(done);
          reject(signal.reason);
        });
      }),
    utxoSnapshot: async () => ({ tip: chain.tip, coins: fixtureCoins() }),
    chainstateDiskSize: () => 4096,
    verifyChain: async (_level, nblocks) => {
      const first = nblocks <= 0 ? 1 : Math.max(1, chain.height - nblocks + 1);
      for (let h = first; h <= chain.height; h++) {
        const block = await chain.readBlock(chain.atHeight(h)!);
        if (!checkBlock(block, params.pow.powLimit).ok) return false;
      }
      return true;
    },
    saveMempool: async () => {
      pool.serialize();
      return join(dir, "mempool.dat");
    },
  };
  const table = new RpcTable({ warmup: false });
  table.registerAll(createControlMethods({ table, now: () => now() * 1000, onStop: () => {} }));
  table.registerAll(createNodeRpcMethods(ctx));
  const toJsonParams = (p: readonly unknown[] | Record<string, unknown>) =>
    parseJson(JSON.stringify(p)) as readonly JsonValue[] | { readonly [k: string]: JsonValue };
  const node: RpcNode = {
    ctx,
    table,
    clock,
    dir,
    async call(method, p = []) {
      return asClientJson(await table.execute({ method, params: toJsonParams(p) }));
    },
    async callError(method, p = []) {
      try {
        await table.execute({ method, params: toJsonParams(p) });
      } catch (err) {
        if (err instanceof RpcError) return { code: err.code, message: err.message };
        throw err;
      }
      throw new Error(`${method} did not fail`);
    },
    async dispose() {
      await chain.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return node;
}

/** Hex of a transaction, for RPC params. */
export function txHex(tx: Parameters<typeof encodeTx>[0]): string {
  return Buffer.from(encodeTx(tx)).toString("hex");
}
