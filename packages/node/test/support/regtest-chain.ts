// Builds and solves regtest blocks on top of a ChainManager, for chain tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Block,
  blockHash,
  type ChainParams,
  checkProofOfWork,
  merkleRoot,
  nobleBackend,
  REGTEST_PARAMS,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import type { BlockIndexEntry } from "../../src/chain/block-index-entry.js";
import type { ChainEvent } from "../../src/chain/chain-events.js";
import { ChainManager, type ScriptVerifier } from "../../src/chain/chain-manager.js";
import { assembleBlockTemplate } from "../../src/mining/assemble-block-template.js";
import { templateTip } from "../../src/mining/template-inputs.js";
import { LevelStore } from "../../src/store/level-store.js";

/** A script anyone can spend, so tests need no keys. */
export const OP_TRUE_SCRIPT = Uint8Array.of(0x51);

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Solves the header's proof of work by incrementing the nonce (regtest: ~2 tries). */
export function solve(block: Block, params: ChainParams = REGTEST_PARAMS): Block {
  let header = block.header;
  while (!checkProofOfWork(blockHash(header), header.bits, params.pow.powLimit)) {
    header = { ...header, nonce: header.nonce + 1 };
  }
  return { header, txs: block.txs };
}

/** A valid next block on `parent` paying `payout`, with `tag` making sibling blocks differ. */
export function nextBlock(
  parent: BlockIndexEntry,
  time: number,
  tag = 0,
  params: ChainParams = REGTEST_PARAMS,
): Block {
  const template = assembleBlockTemplate({
    tip: templateTip(parent, params),
    params,
    candidates: [],
    payoutScript: OP_TRUE_SCRIPT,
    mempoolSequence: 0,
    now: time,
    options: { coinbaseExtraData: Uint8Array.of(tag) },
  });
  return solve(template.block, params);
}

/**
 * A valid next block on `parent` holding `txs` after its coinbase (which then carries no witness
 * commitment: the transactions must have no witness data).
 */
export function blockWithTxs(
  parent: BlockIndexEntry,
  time: number,
  txs: readonly Transaction[],
  params: ChainParams = REGTEST_PARAMS,
): Block {
  const template = nextBlock(parent, time, 0, params);
  const cb = template.txs[0]!;
  const coinbase: Transaction = {
    ...cb,
    inputs: cb.inputs.map((input) => ({ ...input, witness: [] })),
    outputs: cb.outputs.filter((o) => !isWitnessCommitment(o.scriptPubKey)),
  };
  const all = [coinbase, ...txs];
  const root = merkleRoot(all.map((tx) => txid(tx))).root;
  return solve({ header: { ...template.header, merkleRoot: root }, txs: all }, params);
}

function isWitnessCommitment(script: Uint8Array): boolean {
  return script.length >= 38 && script[0] === 0x6a && script[1] === 0x24 && script[2] === 0xaa;
}

/** A chain in a temporary directory with a controllable clock; `dispose()` removes it. */
export async function tempChain(
  options: { dir?: string; flushIntervalSeconds?: number; scriptChecks?: ScriptVerifier } = {},
) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "hf-chain-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 1000 };
  const events: ChainEvent[] = [];
  const store = await LevelStore.open({ path: join(dir, "chainstate") });
  const chain = await ChainManager.open({
    params: REGTEST_PARAMS,
    store,
    blocksDir: join(dir, "blocks"),
    backend: nobleBackend,
    now: () => clock.now,
    logger: silentLogger,
    flushIntervalSeconds: options.flushIntervalSeconds ?? 3600,
    onEvent: (e) => {
      events.push(e);
    },
    ...(options.scriptChecks === undefined ? {} : { scriptChecks: options.scriptChecks }),
  });
  return {
    dir,
    chain,
    store,
    clock,
    events,
    async close() {
      await chain.close();
      await store.close();
    },
    async dispose() {
      await chain.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
