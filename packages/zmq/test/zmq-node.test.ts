// ZMQ notifications from a real running node to a real ZeroMQ subscriber (zeromq from npm):
// a transaction through broadcastTransaction, the block that confirms it, and a reorg.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  type Block,
  blockHash,
  buildScript,
  checkProofOfWork,
  encodeBlock,
  hashToHex,
  OP,
  REGTEST_PARAMS,
  sha256,
  type Transaction,
  txid,
} from "@hashforge/consensus";
import { HashforgeNode } from "@hashforge/node";
import { Subscriber } from "zeromq";
import { ZmqNotifier } from "../src/zmq-notifier.js";

/** P2WSH(OP_TRUE): standard, and anyone can spend it with the witness [OP_TRUE]. */
const WITNESS_SCRIPT = Uint8Array.of(0x51);
const PAYOUT = buildScript([OP.OP_0, sha256(WITNESS_SCRIPT)]);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function solve(block: Block): Block {
  let header = block.header;
  while (!checkProofOfWork(blockHash(header), header.bits, REGTEST_PARAMS.pow.powLimit)) {
    header = { ...header, nonce: header.nonce + 1 };
  }
  return { header, txs: block.txs };
}

/** A spend of a mature coinbase output back to the same script. */
function spend(coinbase: Transaction, fee: bigint): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: txid(coinbase), vout: 0 },
        scriptSig: new Uint8Array(0),
        sequence: 0xfffffffd,
        witness: [WITNESS_SCRIPT],
      },
    ],
    outputs: [{ value: coinbase.outputs[0]!.value - fee, scriptPubKey: PAYOUT }],
    locktime: 0,
  };
}

/** Topic, body as display hex for hashes, and the label of a sequence message. */
function describe(frames: Buffer[]): string {
  const topic = frames[0]!.toString();
  const body = frames[1]!;
  if (topic === "sequence")
    return `sequence ${body.subarray(0, 32).toString("hex")} ${String.fromCharCode(body[32]!)}`;
  if (topic === "hashblock" || topic === "hashtx") return `${topic} ${body.toString("hex")}`;
  return `${topic} ${body.length} bytes`;
}

test("a running node publishes hashtx, hashblock, rawblock and sequence as bitcoind", {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-zmq-node-"));
  const clock = { now: REGTEST_PARAMS.genesisHeader.time + 10_000 };
  const node = new HashforgeNode({
    params: REGTEST_PARAMS,
    dataDir: dir,
    logger: silent,
    now: () => clock.now,
  });
  const address = "tcp://127.0.0.1:0";
  const notifier = new ZmqNotifier({
    endpoints: (["pubhashblock", "pubrawblock", "pubhashtx", "pubsequence"] as const).map(
      (type) => ({ type, address, hwm: 1000 }),
    ),
    events: node.events,
    getBlock: async (hash) => {
      const entry = node.chain.entry(hashToHex(hash));
      return entry === undefined ? undefined : node.chain.readBlock(entry);
    },
  });
  await notifier.start();
  await node.start();
  const sub = new Subscriber({ linger: 0 });
  try {
    const bound = notifier.notifications()[0]!.address;

    sub.connect(bound);
    sub.subscribe("hashblock", "rawblock", "hashtx", "sequence");
    const mine = async (): Promise<Block> => {
      clock.now += 1;
      const block = solve(node.blockTemplate(PAYOUT).block);
      const r = await node.submitBlock(block);
      assert.ok(r.ok);
      return block;
    };
    // Every message, in arrival order (zeromq allows one receive at a time).
    const inbox: string[] = [];
    let arrived: () => void = () => {};
    void (async () => {
      for await (const frames of sub) {
        inbox.push(describe(frames));
        arrived();
      }
    })();
    const waitFor = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (inbox.length >= n) resolve();
          else arrived = check;
        };
        check();
      });
    // A ZMQ subscription takes effect asynchronously: mine until the first hashblock arrives.
    const blocks: Block[] = [];
    while (!inbox.some((m) => m.startsWith("hashblock"))) {
      blocks.push(await mine());
      await new Promise((r) => setTimeout(r, 50));
    }
    while (blocks.length < 101) blocks.push(await mine());
    await node.events.drain();
    await new Promise((r) => setTimeout(r, 200));
    const before = inbox.length;

    const tx = spend(blocks[0]!.txs[0]!, 1000n);
    const sent = await node.broadcastTransaction(tx);
    assert.ok(sent.ok);
    const id = hashToHex(txid(tx));
    const confirming = await mine();
    const hash = hashToHex(blockHash(confirming.header));
    await node.invalidateBlock(node.chain.tip);
    await node.events.drain();
    await waitFor(before + 12);
    const seen = inbox.slice(before);
    const cb = hashToHex(txid(confirming.txs[0]!));
    assert.deepEqual(seen, [
      `hashtx ${id}`,
      `sequence ${id} A`,
      // The block: its transactions, C, then the new tip.
      `hashtx ${cb}`,
      `hashtx ${id}`,
      `sequence ${hash} C`,
      `hashblock ${hash}`,
      `rawblock ${encodeBlock(confirming).length} bytes`,
      // invalidateblock: the block's transactions again, D, and the payment back in the mempool.
      `hashtx ${cb}`,
      `hashtx ${id}`,
      `sequence ${hash} D`,
      `hashtx ${id}`,
      `sequence ${id} A`,
    ]);
  } finally {
    sub.close();
    await node.stop();
    await notifier.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
