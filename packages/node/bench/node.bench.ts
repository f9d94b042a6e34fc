// Node throughput benchmark (issue #3's goal: block connection and mempool acceptance each at
// >= 60 % of the raw signature verification rate). Builds a regtest chain of real, signed
// P2WPKH spends, then measures: Mempool.accept per second, ChainManager.processBlock on a second
// fresh chain (blocks/s, inputs/s), chain.flush() of the large dirty cache, RSS, and the default
// backend's raw verifyEcdsa rate over the same signatures, timed block by block beside each phase.
// Run: `npm run bench:node` (compiled: node packages/node/dist/bench/node.bench.js
// [--blocks 100] [--txs 1000] [--par N]; --par counts the threads verifying block scripts, the
// main thread included, as Core's -par: default one per core, 1 for the main thread alone).
// Prints progress lines and figures; asserts nothing except that
// every transaction and block is accepted.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  type Block,
  decodeBlock,
  defaultSignatureBackend,
  encodeBlock,
  REGTEST_PARAMS,
  type SignatureBackend,
  type Transaction,
  type TxOut,
} from "@hashforge/consensus";
import { ChainManager } from "../src/chain/chain-manager.js";
import { Mempool } from "../src/mempool/mempool.js";
import { assembleBlockTemplate } from "../src/mining/assemble-block-template.js";
import { mempoolCandidates, templateTip } from "../src/mining/template-inputs.js";
import { ScriptCheckPool } from "../src/script-check/script-check-pool.js";
import { chainMempoolView } from "../src/service/chain-mempool-view.js";
import { LevelStore } from "../src/store/level-store.js";
import { fmt, log, mb, positiveInt, rate } from "./bench-format.js";
import {
  type BenchKey,
  benchKey,
  type SignatureCheck,
  SignatureSample,
  type Spendable,
  signSpend,
  solveBlock,
  spendableOf,
} from "./bench-spender.js";

const params = REGTEST_PARAMS;
const FEE = 500n; // sat per measured transaction (~4.5 sat/vB)
const EXTRA_OUTPUT = 1_000n; // second output of every other transaction, above the dust limit
const FAN_OUTPUTS = 500; // outputs per fan-out transaction (~15.6 kvB, standard)
const FAN_FEE = 50_000n;
/**
 * Times the default backend's raw verification of `checks` (the figure each phase is compared
 * with), right after that phase's own work on them, so a machine whose speed drifts during the
 * run affects both sides of each ratio alike.
 */
function timeRawVerification(backend: SignatureBackend, checks: readonly SignatureCheck[]): number {
  const start = performance.now();
  for (const c of checks) {
    if (!backend.verifyEcdsa(c.msg, c.der, c.pubkey)) throw new Error("signature failed");
  }
  return performance.now() - start;
}
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A ChainManager on a LevelStore in `dir`, with a clock the benchmark moves. */
async function openChain(
  dir: string,
  clock: { now: number },
  backend: SignatureBackend,
  dbcacheBytes?: number,
  scriptChecks?: ScriptCheckPool,
) {
  const store = await LevelStore.open({ path: join(dir, "chainstate") });
  const chain = await ChainManager.open({
    params,
    store,
    blocksDir: join(dir, "blocks"),
    backend,
    now: () => clock.now,
    logger: silent,
    flushIntervalSeconds: 1_000_000_000,
    ...(dbcacheBytes === undefined ? {} : { dbcacheBytes }),
    ...(scriptChecks === undefined ? {} : { scriptChecks }),
  });
  return { chain, store };
}

/** The producer: a chain, a mempool on it, and the block times. */
class Producer {
  readonly blocks: Uint8Array[] = [];
  acceptMs = 0;
  accepted = 0;

  constructor(
    readonly chain: ChainManager,
    readonly mempool: Mempool,
    readonly clock: { now: number },
    readonly key: BenchKey,
  ) {}

  /** Accepts `txs` into the mempool (timed when `timed`), failing on any reject. */
  accept(txs: readonly Transaction[], timed: boolean): void {
    const start = performance.now();
    for (const tx of txs) {
      const result = this.mempool.accept(tx);
      if (!result.ok)
        throw new Error(`mempool rejected a tx: ${result.reason} ${result.debug ?? ""}`);
    }
    if (timed) {
      this.acceptMs += performance.now() - start;
      this.accepted += txs.length;
    }
  }

  /** Mines the mempool into the next block, connects it and keeps its bytes for the replay. */
  async mine(expectedTxs: number): Promise<Block> {
    const time = this.chain.tip.header.time + 600;
    this.clock.now = time;
    const template = assembleBlockTemplate({
      tip: templateTip(this.chain.tip, params),
      params,
      candidates: mempoolCandidates(this.mempool),
      payoutScript: this.key.script,
      mempoolSequence: this.mempool.sequence,
      now: time,
    });
    if (template.block.txs.length !== expectedTxs + 1) {
      throw new Error(`template holds ${template.block.txs.length - 1} of ${expectedTxs} txs`);
    }
    const block = solveBlock(template.block, params);
    const result = await this.chain.processBlock(block);
    if (!result.ok) throw new Error(`producer rejected block: ${result.reason}`);
    this.mempool.removeForBlock(block.txs);
    this.blocks.push(encodeBlock(block));
    return block;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { blocks: { type: "string" }, txs: { type: "string" }, par: { type: "string" } },
  });
  const nBlocks = positiveInt("blocks", values.blocks, 100);
  const nTxs = positiveInt("txs", values.txs, 1000);
  const par = positiveInt("par", values.par, availableParallelism());
  const backend = defaultSignatureBackend();
  const key = benchKey(1);
  // The signatures of each measured block, for the raw rates timed alongside each phase.
  const blockChecks: (readonly SignatureCheck[])[] = [];
  const raw = { mempoolMs: 0, connectMs: 0, count: 0 };
  const fanTxs = Math.ceil(nTxs / FAN_OUTPUTS);
  const setupBlocks = Math.max(110, 100 + fanTxs);
  log(
    `node bench: ${nBlocks} blocks x ${nTxs} P2WPKH txs, backend ${backend.name}, ` +
      `node ${process.version}`,
  );

  const root = mkdtempSync(join(tmpdir(), "hf-node-bench-"));
  try {
    // (1) Setup: coinbases to our key, then fan-out transactions making one coin per tx slot.
    const clockA = { now: params.genesisHeader.time };
    const a = await openChain(join(root, "producer"), clockA, backend);
    const mempool = new Mempool({
      chain: chainMempoolView(a.chain),
      backend,
      now: () => clockA.now * 1000,
      random: () => 0.5,
      logger: silent,
    });
    const producer = new Producer(a.chain, mempool, clockA, key);
    const setupStart = performance.now();
    const coinbases: Transaction[] = [];
    for (let i = 0; i < setupBlocks; i++) coinbases.push((await producer.mine(0)).txs[0]!);
    const fans: Transaction[] = [];
    for (let f = 0; f < fanTxs; f++) {
      const cb = coinbases[f]!;
      const vout = cb.outputs.findIndex((o) => o.value > 0n);
      const coin = spendableOf(cb, vout);
      const count = Math.min(FAN_OUTPUTS, nTxs - f * FAN_OUTPUTS);
      const each = (coin.output.value - FAN_FEE) / BigInt(count);
      const outputs: TxOut[] = Array.from({ length: count }, () => ({
        value: each,
        scriptPubKey: key.script,
      }));
      fans.push(signSpend([coin], outputs, key, new SignatureSample(0)));
    }
    const needed = BigInt(nBlocks) * (FEE + EXTRA_OUTPUT);
    if ((fans[0]!.outputs[0]!.value ?? 0n) < needed) {
      throw new RangeError(`coins too small for ${nBlocks} blocks; lower --blocks`);
    }
    producer.accept(fans, false);
    await producer.mine(fans.length);
    let coins: Spendable[] = fans.flatMap((tx) =>
      tx.outputs.map((_, vout) => spendableOf(tx, vout)),
    );
    const setupCount = producer.blocks.length;
    log(
      `[setup] ${setupCount} blocks (${setupBlocks} coinbase + 1 fan-out of ${coins.length} coins) ` +
        `in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );

    // (2) Mempool acceptance: sign outside the timer, time Mempool.accept, mine each batch.
    const buildStart = performance.now();
    let signMs = 0;
    const every = Math.max(1, Math.floor(nBlocks / 10));
    for (let b = 0; b < nBlocks; b++) {
      const signStart = performance.now();
      const sample = new SignatureSample(Number.POSITIVE_INFINITY);
      const txs = coins.map((coin, i) => {
        const outputs: TxOut[] = [{ value: coin.output.value - FEE, scriptPubKey: key.script }];
        if (i % 2 === 1) {
          outputs[0] = { value: coin.output.value - FEE - EXTRA_OUTPUT, scriptPubKey: key.script };
          outputs.push({ value: EXTRA_OUTPUT, scriptPubKey: key.script });
        }
        return signSpend([coin], outputs, key, sample);
      });
      signMs += performance.now() - signStart;
      producer.accept(txs, true);
      raw.mempoolMs += timeRawVerification(backend, sample.checks);
      raw.count += sample.checks.length;
      blockChecks.push(sample.checks);
      await producer.mine(txs.length);
      coins = txs.map((tx) => spendableOf(tx, 0));
      if ((b + 1) % every === 0 || b + 1 === nBlocks) {
        log(
          `[mempool] block ${b + 1}/${nBlocks}: ${fmt(producer.accepted)} accepted, ` +
            `${fmt(rate(producer.accepted, producer.acceptMs))} accepts/s`,
        );
      }
    }
    const acceptRate = rate(producer.accepted, producer.acceptMs);
    log(
      `[mempool] built ${nBlocks} blocks in ${((performance.now() - buildStart) / 1000).toFixed(1)} s ` +
        `(signing ${(signMs / 1000).toFixed(1)} s)`,
    );
    const blocks = producer.blocks;
    await a.chain.close();
    await a.store.close();

    // (3) Block connection on a fresh chain, with a cache big enough that nothing flushes early.
    const clockB = { now: decodeBlock(blocks[blocks.length - 1]!).header.time + 1 };
    const pool = par > 1 ? await ScriptCheckPool.start({ threads: par - 1, backend }) : null;
    log(`[connect] script checks on the main thread and ${pool?.threads ?? 0} worker thread(s)`);
    const bChain = await openChain(
      join(root, "replay"),
      clockB,
      backend,
      8 * 1024 ** 3,
      pool ?? undefined,
    );
    for (let i = 0; i < setupCount; i++) {
      const result = await bChain.chain.processBlock(decodeBlock(blocks[i]!));
      if (!result.ok) throw new Error(`replay rejected setup block ${i}: ${result.reason}`);
    }
    let connectMs = 0;
    let inputs = 0;
    for (let i = setupCount; i < blocks.length; i++) {
      const block = decodeBlock(blocks[i]!);
      for (let t = 1; t < block.txs.length; t++) inputs += block.txs[t]!.inputs.length;
      const start = performance.now();
      const result = await bChain.chain.processBlock(block);
      connectMs += performance.now() - start;
      if (!result.ok) throw new Error(`replay rejected block ${i}: ${result.reason}`);
      raw.connectMs += timeRawVerification(backend, blockChecks[i - setupCount]!);
      const done = i + 1 - setupCount;
      if (done % every === 0 || done === nBlocks) {
        log(
          `[connect] block ${done}/${nBlocks}: ${fmt(rate(done, connectMs))} blocks/s, ` +
            `${fmt(rate(inputs, connectMs))} inputs/s`,
        );
      }
    }
    const blockRate = rate(nBlocks, connectMs);
    const inputRate = rate(inputs, connectMs);

    // (4) Flush of the dirty cache, and memory.
    const cacheBytes = bChain.chain.chainstate.coins.memoryUsage;
    const flushStart = performance.now();
    await bChain.chain.flush();
    const flushMs = performance.now() - flushStart;
    log(`[flush] ${mb(cacheBytes)} coins cache flushed in ${flushMs.toFixed(0)} ms`);
    await bChain.chain.close();
    await bChain.store.close();
    await pool?.close();

    // (5) The raw verification rates of the default backend over the same signatures, timed
    // block by block right after each block's acceptance and connection.
    const rawMempool = rate(raw.count, raw.mempoolMs);
    const rawConnect = rate(raw.count, raw.connectMs);
    const rss = process.memoryUsage().rss;
    const pct = (value: number, of: number) => `${((value / of) * 100).toFixed(1)} %`;
    log("");
    log(`results (${nBlocks} blocks x ${nTxs} txs, ${fmt(inputs)} inputs, ${backend.name}):`);
    log(
      `  raw ECDSA verification   ${fmt(rawMempool)} /s beside the mempool phase, ` +
        `${fmt(rawConnect)} /s beside block connection`,
    );
    log(
      `  mempool acceptance       ${fmt(acceptRate)} tx/s   = ${pct(acceptRate, rawMempool)} of raw (goal >= 60 %)`,
    );
    log(
      `  block connection         ${blockRate.toFixed(1)} blocks/s, ${fmt(inputRate)} inputs/s` +
        `   = ${pct(inputRate, rawConnect)} of raw (goal >= 60 %)`,
    );
    log(`  flush                    ${flushMs.toFixed(0)} ms for ${mb(cacheBytes)} of coins`);
    log(`  RSS at end               ${mb(rss)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`node bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
