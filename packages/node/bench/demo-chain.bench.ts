// Memory benchmark of a node holding a long `demo` chain (our issue's goal: RSS < 500 MB with a
// 100,000-block demo chain). Starts a HashforgeNode with its dev wallet in a temp datadir and
// mines --blocks blocks through it as `npm start` does (node.blockTemplate paying a wallet
// address, nonce search, node.submitBlock), so the chain index, block files, UTXO set, coins
// cache and wallet all grow as on a real demo node. Then measures RSS and heap of the node holding
// the chain, stops it, and restarts it on the same datadir in a fresh child process (start-up
// time, including the wallet's rescan of every block, and RSS after start), and prints the disk
// sizes of blocks/ and chainstate/.
//
// The network is `demo` (10 s spacing, retarget every 20 blocks, halving every 150, every soft
// fork active) with ONE change: an easy proof-of-work limit, 2^248 - 1 (genesis bits 0x2000ffff,
// genesis nonce searched at start-up, genesis hash recomputed), so a block needs about 256 hashes
// and 100,000 blocks are built in minutes on one core. The memory of a chain depends on its
// blocks, UTXO set and index, not on the difficulty. Regtest's own limit (2^255 - 1) cannot be
// used with retargeting: the retarget multiplies the old target by the window's timespan modulo
// 2^256, as Core's arith_uint256 does (regtest escapes this with fPowNoRetargeting), and 2^255 x
// 200 wraps to a far harder target; 2^248 x 200 still fits. Block times keep every retarget
// window at exactly targetTimespan (200 s), so the ordinary retarget keeps the bits at the limit:
// blocks are 10 s apart, except that the second block of each window comes 20 s after its parent.
// (With every block exactly 10 s apart a window spans only 190 s, because Core's retarget
// measures interval - 1 gaps, and difficulty would rise 5 % per window.)
//
// Run: `npm run bench:demo-chain` (compiled: node [--expose-gc]
// packages/node/dist/bench/demo-chain.bench.js [--blocks 100000]; --blocks 5000 for a quick
// run). With --expose-gc the memory figures are taken after a full garbage collection, so they
// show what the node retains rather than garbage not yet collected. Prints progress lines and
// figures; asserts nothing except that every block is accepted (and its bits stay at the limit).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import {
  addressToScript,
  type Block,
  type BlockHeader,
  blockHash,
  type ChainParams,
  checkProofOfWork,
  DEMO_PARAMS,
  encodeCompact,
  hashToHex,
  retargetInterval,
} from "@hashforge/consensus";
import { HashforgeNode } from "../src/index.js";
import { fmt, log, mb, positiveInt, rate } from "./bench-format.js";

/** Sizes with one decimal, for disk and cache figures of short chains. */
function mbTenths(bytes: number): string {
  return mb(bytes, 1);
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
/** Marks the child's one line of results on stdout. */
const RESULT_TAG = "demo-chain-restart ";

/** Figures of the restart, measured in a fresh process and sent back as JSON. */
interface RestartFigures {
  readonly startMs: number;
  readonly height: number;
  readonly walletCoins: number;
  readonly memory: Memory;
  readonly stopMs: number;
  /** RSS of the child before the node starts: Node itself and the loaded modules. */
  readonly baselineRss: number;
}

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Memory after a full collection when the process runs with --expose-gc. */
function memory(): Memory {
  globalThis.gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

function memoryLine(m: Memory): string {
  return (
    `RSS ${mb(m.rss)} (heap used ${mb(m.heapUsed)}, external ${mb(m.external)}, ` +
    `array buffers ${mb(m.arrayBuffers)})`
  );
}

/** Total size of the files under `path` (a file or a directory tree). */
function diskBytes(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of readdirSync(path)) total += diskBytes(join(path, name));
  return total;
}

/** Increments the nonce until the header meets its own bits (about two tries at the limit). */
function solveHeader(header: BlockHeader, powLimit: bigint): BlockHeader {
  let solved = header;
  while (!checkProofOfWork(blockHash(solved), solved.bits, powLimit)) {
    solved = { ...solved, nonce: solved.nonce + 1 };
  }
  return solved;
}

/**
 * The largest pow limit a 20-block demo window can retarget from without the target x timespan
 * product wrapping at 2^256: 2^248 - 1 (see the header comment), ~256 hashes a block.
 */
const EASY_POW_LIMIT = (1n << 248n) - 1n;

/** The demo network with an easy pow limit and a genesis block mined for it. */
function easyDemoParams(): ChainParams {
  const powLimit = EASY_POW_LIMIT;
  const genesisHeader = solveHeader(
    { ...DEMO_PARAMS.genesisHeader, bits: encodeCompact(powLimit), nonce: 0 },
    powLimit,
  );
  return {
    ...DEMO_PARAMS,
    genesisHeader,
    genesisHash: hashToHex(blockHash(genesisHeader)),
    pow: { ...DEMO_PARAMS.pow, powLimit },
  };
}

/**
 * Header time of the block at `height`: targetSpacing apart, plus one more targetSpacing before
 * the second block of every retarget window, so that each window (whose first and last blocks
 * are interval - 1 blocks apart) spans exactly targetTimespan and the bits stay at the limit.
 */
function blockTime(params: ChainParams, height: number): number {
  const spacing = params.pow.targetSpacing;
  const interval = retargetInterval(params.pow);
  const windowsStarted = Math.floor((height + interval - 1) / interval);
  return params.genesisHeader.time + spacing * (height + windowsStarted);
}

function startNode(params: ChainParams, dataDir: string, clock: { now: number }) {
  return HashforgeNode.start({
    params,
    dataDir,
    logger: silent,
    now: () => clock.now,
    wallet: true,
  });
}

/** Builds the chain through a node on `dataDir`, logs progress, stops the node. */
async function build(
  params: ChainParams,
  dataDir: string,
  nBlocks: number,
): Promise<{ buildMs: number; built: Memory }> {
  const clock = { now: params.genesisHeader.time };
  const node = await startNode(params, dataDir, clock);
  const wallet = node.wallet;
  if (wallet === null) throw new Error("the node started without its wallet");
  const payoutScript = addressToScript(await wallet.getNewAddress("mining"), params);
  const limitBits = params.genesisHeader.bits;
  const every = Math.max(1, Math.floor(nBlocks / 10));
  const buildStart = performance.now();
  let lapStart = buildStart;
  let templateMs = 0;
  let submitMs = 0;
  for (let height = 1; height <= nBlocks; height++) {
    const time = blockTime(params, height);
    clock.now = time;
    const t0 = performance.now();
    const template = node.blockTemplate(payoutScript);
    if (template.bits !== limitBits || template.curTime !== time) {
      throw new Error(
        `block ${height}: bits ${template.bits.toString(16)} time ${template.curTime}, ` +
          `expected ${limitBits.toString(16)} at ${time}`,
      );
    }
    const block: Block = {
      header: solveHeader(template.block.header, params.pow.powLimit),
      txs: template.block.txs,
    };
    const t1 = performance.now();
    const result = await node.submitBlock(block);
    submitMs += performance.now() - t1;
    templateMs += t1 - t0;
    if (!result.ok) throw new Error(`block ${height} rejected: ${result.reason}`);
    if (height % every === 0 || height === nBlocks) {
      const now = performance.now();
      const lap = height % every === 0 ? every : height % every;
      log(
        `[build] height ${fmt(height)}/${fmt(nBlocks)}: ` +
          `${fmt(rate(height, now - buildStart))} blocks/s ` +
          `(last ${fmt(lap)}: ${fmt(rate(lap, now - lapStart))} blocks/s), ` +
          `RSS ${mb(process.memoryUsage().rss)}`,
      );
      lapStart = now;
    }
  }
  const buildMs = performance.now() - buildStart;
  const built = memory();
  log(`[build] ${fmt(nBlocks)} blocks in ${seconds(buildMs)}; ${memoryLine(built)}`);
  log(
    `[build] template + nonce ${seconds(templateMs)}, submitBlock ${seconds(submitMs)}; ` +
      `wallet coins ${fmt(wallet.coins().length)}`,
  );
  const stopStart = performance.now();
  await node.stop();
  log(`[stop] in ${seconds(performance.now() - stopStart)}`);
  return { buildMs, built };
}

/** The child process: restarts the node on `dataDir` and reports its figures as one JSON line. */
async function restart(params: ChainParams, dataDir: string, height: number): Promise<void> {
  const clock = { now: blockTime(params, height) + 1 };
  const baseline = memory();
  const start = performance.now();
  const node = await startNode(params, dataDir, clock);
  const startMs = performance.now() - start;
  const figures: Omit<RestartFigures, "stopMs"> = {
    baselineRss: baseline.rss,
    startMs,
    height: node.chain.height,
    walletCoins: node.wallet?.coins().length ?? 0,
    memory: memory(),
  };
  const stopStart = performance.now();
  await node.stop();
  const result: RestartFigures = { ...figures, stopMs: performance.now() - stopStart };
  log(`${RESULT_TAG}${JSON.stringify(result)}`);
}

/** Runs {@link restart} in a fresh Node process (same flags), so its RSS is the restart's alone. */
async function restartInChild(dataDir: string, height: number): Promise<RestartFigures> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, script, "--restart", dataDir, "--blocks", String(height)],
    { maxBuffer: 1024 * 1024 },
  );
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_TAG));
  if (line === undefined) throw new Error(`restart child printed no result:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_TAG.length)) as RestartFigures;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { blocks: { type: "string" }, restart: { type: "string" } },
  });
  const nBlocks = positiveInt("blocks", values.blocks, 100_000);
  const params = easyDemoParams();
  if (values.restart !== undefined) return restart(params, values.restart, nBlocks);

  const gcNote = globalThis.gc === undefined ? "no --expose-gc: figures include garbage" : "gc";
  log(
    `demo-chain bench: ${fmt(nBlocks)} blocks on demo with pow limit 2^248 - 1 (genesis nonce ` +
      `${params.genesisHeader.nonce}, ${params.genesisHash}), node ${process.version}, ${gcNote}`,
  );
  log(
    "  (an easier pow limit than demo's 2^240 - 1; difficulty only changes the nonce search, " +
      "memory depends on blocks, UTXOs and index)",
  );

  const root = mkdtempSync(join(tmpdir(), "hf-demo-chain-bench-"));
  const dataDir = join(root, "demo");
  try {
    // (1) Build: mine every block through the node, paying a dev-wallet address. The node is
    // unreachable once build() returns, so the memory after it shows what outlives a stop.
    const before = memory();
    const { buildMs, built } = await build(params, dataDir, nBlocks);
    const stopped = memory();
    log(`[stop] this process once the stopped node is unreachable: ${memoryLine(stopped)}`);

    const disk = {
      blocks: diskBytes(join(dataDir, "blocks")),
      chainstate: diskBytes(join(dataDir, "chainstate")),
      wallet: diskBytes(join(dataDir, "wallet.json")),
    };
    log(
      `[disk] blocks/ ${mbTenths(disk.blocks)}, chainstate/ ${mbTenths(disk.chainstate)}, ` +
        `wallet.json ${(disk.wallet / 1024).toFixed(0)} KiB`,
    );

    // (2) Restart on the same datadir in a fresh process: the wallet rescans every block.
    log("[restart] starting the node on the datadir in a fresh process (wallet rescan)...");
    const restarted = await restartInChild(dataDir, nBlocks);
    if (restarted.height !== nBlocks) {
      throw new Error(`restart found height ${restarted.height}, expected ${nBlocks}`);
    }
    log(
      `[restart] started in ${seconds(restarted.startMs)} at height ${fmt(restarted.height)}, ` +
        `wallet coins ${fmt(restarted.walletCoins)}; ${memoryLine(restarted.memory)}; ` +
        `stopped in ${seconds(restarted.stopMs)}`,
    );

    log("");
    log(`results (${fmt(nBlocks)}-block demo chain, pow limit 2^248 - 1, wallet on, ${gcNote}):`);
    log(
      `  build                    ${seconds(buildMs)}, ${fmt(rate(nBlocks, buildMs))} blocks/s ` +
        `(RSS before start ${mb(before.rss)})`,
    );
    log(`  RSS after build          ${mb(built.rss)}   (goal < 500 MB)`);
    log(`    heap used              ${mb(built.heapUsed)}, external ${mb(built.external)}`);
    log(`  restart (wallet rescan)  ${seconds(restarted.startMs)}`);
    log(
      `  RSS after restart        ${mb(restarted.memory.rss)}   (goal < 500 MB; ` +
        `${mb(restarted.baselineRss)} before the node started)`,
    );
    log(
      `    heap used              ${mb(restarted.memory.heapUsed)}, ` +
        `external ${mb(restarted.memory.external)}`,
    );
    log(
      `  disk                     blocks/ ${mbTenths(disk.blocks)}, chainstate/ ${mbTenths(disk.chainstate)}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo-chain bench failed: ${error instanceof Error ? error.stack : error}\n`,
  );
  process.exitCode = 1;
});
