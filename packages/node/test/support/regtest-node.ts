// Starts HashforgeNode services on regtest and mines on them, for node service tests.
import assert from "node:assert/strict";
import { type Block, REGTEST_PARAMS, type Transaction } from "@hashforge/consensus";
import { HashforgeNode, type NodeOptions } from "../../src/service/hashforge-node.js";
import { silentLogger, solve } from "./regtest-chain.js";

/** Options of a regtest node with its wallet on `dataDir`, on a clock the test moves. */
export function regtestNodeOptions(
  dataDir: string,
  clock: { now: number },
  options: Partial<NodeOptions> = {},
): NodeOptions {
  return {
    params: REGTEST_PARAMS,
    dataDir,
    logger: silentLogger,
    now: () => clock.now,
    wallet: true,
    ...options,
  };
}

/** Starts a node with {@link regtestNodeOptions}; `options` override. */
export function startRegtestNode(
  dataDir: string,
  clock: { now: number },
  options: Partial<NodeOptions> = {},
): Promise<HashforgeNode> {
  return HashforgeNode.start(regtestNodeOptions(dataDir, clock, options));
}

/** Broadcasts `tx` through the node, failing the test with the reason when it is refused. */
export async function acceptTx(node: HashforgeNode, tx: Transaction): Promise<void> {
  const r = await node.broadcastTransaction(tx);
  assert.ok(r.ok, r.ok ? "" : r.error === "rejected" ? r.reject.reason : r.error);
}

/** Mines `count` blocks from the node's templates paying `payout`, one second apart. */
export async function mineBlocks(
  node: HashforgeNode,
  payout: Uint8Array,
  clock: { now: number },
  count = 1,
): Promise<Block[]> {
  const blocks: Block[] = [];
  for (let i = 0; i < count; i++) {
    clock.now += 1;
    const block = solve(node.blockTemplate(payout).block);
    const r = await node.submitBlock(block);
    assert.ok(r.ok, r.ok ? "" : r.reason);
    blocks.push(block);
  }
  return blocks;
}
