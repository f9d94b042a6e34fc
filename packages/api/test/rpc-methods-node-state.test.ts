// RPC answers that come from the node's state, checked against what the node really does:
// initial block download, verifychain against a corrupted coin, savemempool across a restart,
// size on disk, and setmocktime on any test network.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  ByteWriter,
  DEMO_PARAMS,
  hexToHash,
  MAIN_PARAMS,
  REGTEST_PARAMS,
  writeCoreVarInt,
} from "@hashforge/consensus";
import { ClassicLevel } from "classic-level";
import { RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { ADDRESS, spend } from "./support/anyone-can-spend.js";
import { startRpcNode, txHex } from "./support/rpc-node.js";

const DAY = 24 * 60 * 60;

async function blockchainInfo(node: { call(m: string): Promise<unknown> }) {
  return (await node.call("getblockchaininfo")) as Record<string, unknown>;
}

test("initial block download is on for a stale tip, off once a fresh one arrives, and latches", async () => {
  // Two days after the genesis block: its tip is older than the 24 h maximum tip age.
  const node = await startRpcNode({ time: REGTEST_PARAMS.genesisHeader.time + 2 * DAY });
  try {
    const stale = await blockchainInfo(node);
    assert.equal(stale.initialblockdownload, true, "stale tip");
    assert.ok((stale.verificationprogress as number) < 1, "still catching up");
    await node.call("generatetoaddress", [1, ADDRESS]);
    const fresh = await blockchainInfo(node);
    assert.equal(fresh.initialblockdownload, false, "fresh tip");
    assert.equal(fresh.verificationprogress, 1);
    node.clock.now += 3 * DAY;
    assert.equal((await blockchainInfo(node)).initialblockdownload, false, "Core latches");
  } finally {
    await node.dispose();
  }
});

test("size_on_disk grows with the blocks stored", async () => {
  const node = await startRpcNode();
  try {
    const before = (await blockchainInfo(node)).size_on_disk as number;
    assert.ok(before > 0, "the genesis block and the chainstate take space");
    await node.call("generatetoaddress", [20, ADDRESS]);
    const after = (await blockchainInfo(node)).size_on_disk as number;
    assert.ok(after > before, `${after} > ${before}`);
  } finally {
    await node.dispose();
  }
});

test("savemempool writes mempool.dat, and a restarted node loads the transaction from it", async () => {
  let node = await startRpcNode();
  try {
    const hashes = (await node.call("generatetoaddress", [101, ADDRESS])) as string[];
    const block = (await node.call("getblock", [hashes[0], 1])) as { tx: string[] };
    const txid = await node.call("sendrawtransaction", [
      txHex(spend(block.tx[0]!, 0, 49_9999_0000n)),
    ]);
    const saved = (await node.call("savemempool")) as { filename: string };
    assert.equal(saved.filename, join(node.dir, "mempool.dat"));
    assert.ok(existsSync(saved.filename));
    node = await node.restart();
    assert.deepEqual(await node.call("getrawmempool"), [txid], "reloaded from mempool.dat");
  } finally {
    await node.dispose();
  }
});

test("verifychain finds a corrupted coin in the UTXO set", async () => {
  let node = await startRpcNode();
  try {
    const hashes = (await node.call("generatetoaddress", [5, ADDRESS])) as string[];
    assert.equal(await node.call("verifychain", [4, 0]), true, "an intact chain");
    const tip = (await node.call("getblock", [hashes[4], 1])) as { tx: string[] };
    const coinbaseTxid = hexToHash(tip.tx[0]!);
    await node.node.stop();
    // The tip's coinbase coin ('C' + txid + VARINT(0)) gets another amount on disk.
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(node.dir, "chainstate"), {
      keyEncoding: "view",
      valueEncoding: "view",
    });
    const w = new ByteWriter(38).u8(0x43).bytes(coinbaseTxid);
    writeCoreVarInt(w, 0n);
    const key = w.finish();
    const value = await db.get(key);
    assert.ok(value !== undefined, "the coin is stored");
    const tampered = Uint8Array.from(value);
    // Byte 1 starts the compressed amount (after VARINT(height*2+coinbase), one byte here).
    tampered[1] = tampered[1]! ^ 0x01;
    await db.put(key, tampered);
    await db.close();
    node = await node.restart();
    assert.equal(await node.call("verifychain", [2, 3]), true, "levels below 3 read no coins");
    assert.equal(await node.call("verifychain", [3, 3]), false, "the tip no longer disconnects");
  } finally {
    await node.dispose();
  }
});

test("setmocktime works on every test network and moves the node's clock", async () => {
  const node = await startRpcNode();
  try {
    assert.equal(await node.call("setmocktime", [2_000_000_000]), null);
    assert.equal(node.node.now(), 2_000_000_000);
    await node.call("generatetoaddress", [1, ADDRESS]);
    const header = (await node.call("getblockheader", [await node.call("getbestblockhash")])) as {
      time: number;
    };
    assert.equal(header.time, 2_000_000_000, "templates use the mock time");
    await node.call("setmocktime", [0]);
    assert.equal(node.node.now(), node.clock.now);
    assert.equal(
      (await node.callError("setmocktime", [-1])).code,
      RpcErrorCode.RPC_INVALID_PARAMETER,
    );
  } finally {
    await node.dispose();
  }
});

test("setmocktime is refused on mainnet and allowed on the demo network", async () => {
  for (const [params, allowed] of [
    [MAIN_PARAMS, false],
    [DEMO_PARAMS, true],
  ] as const) {
    const node = await startRpcNode({ time: params.genesisHeader.time + 1000, node: { params } });
    try {
      if (allowed) {
        assert.equal(await node.call("setmocktime", [1_900_000_000]), null);
        assert.equal(node.node.now(), 1_900_000_000);
      } else {
        assert.deepEqual(await node.callError("setmocktime", [1_900_000_000]), {
          code: RpcErrorCode.RPC_MISC_ERROR,
          message: "setmocktime is for test networks only",
        });
      }
    } finally {
      await node.dispose();
    }
  }
});
