// getblockstats against Bitcoin Core's own answers (test/functional/data/rpc_getblockstats.json):
// the 104 regtest blocks are fed into a real ChainManager, then every statistic is compared.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBlock, fromHex } from "@hashforge/consensus";
import { readVectorJson, reportCases, vectorSuite } from "../../consensus/test/support/vectors.js";
import { RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { startRpcNode } from "./support/rpc-node.js";

interface StatsVector {
  readonly blocks: readonly string[];
  readonly mocktime: number;
  readonly stats: readonly Record<string, unknown>[];
}

test("getblockstats matches Bitcoin Core on rpc_getblockstats.json", vectorSuite(), async (t) => {
  const data = readVectorJson<StatsVector>("bitcoin-core", "rpc_getblockstats.json");
  const node = await startRpcNode({ time: data.mocktime + 3600 });
  try {
    const failures: string[] = [];
    for (const [i, hex] of data.blocks.entries()) {
      const result = await node.node.submitBlock(decodeBlock(fromHex(hex)));
      if (!result.ok) failures.push(`block ${i}: rejected ${result.reason}`);
    }
    assert.equal(await node.call("getblockcount"), data.blocks.length - 1);
    let total = 0;
    for (const expected of data.stats) {
      const height = expected.height as number;
      const byHeight = (await node.call("getblockstats", [height])) as Record<string, unknown>;
      const byHash = await node.call("getblockstats", [expected.blockhash]);
      assert.deepEqual(byHash, byHeight);
      const names = new Set([...Object.keys(expected), ...Object.keys(byHeight)]);
      for (const name of names) {
        total++;
        if (JSON.stringify(byHeight[name]) !== JSON.stringify(expected[name])) {
          failures.push(
            `height ${height} ${name}: got ${JSON.stringify(byHeight[name])}, Core ${JSON.stringify(expected[name])}`,
          );
        }
      }
      // A selection returns just those statistics, sorted by name like Core's std::set.
      const picked = (await node.call("getblockstats", [
        height,
        ["totalfee", "avgfeerate", "totalfee"],
      ])) as Record<string, unknown>;
      assert.deepEqual(Object.keys(picked), ["avgfeerate", "totalfee"]);
      assert.equal(picked.totalfee, expected.totalfee);
    }
    reportCases(t, "rpc_getblockstats", total, failures);
  } finally {
    await node.dispose();
  }
});

test("getblockstats rejects bad targets and statistics with Core's codes", async () => {
  const node = await startRpcNode();
  try {
    assert.deepEqual(await node.callError("getblockstats", [-1]), {
      code: RpcErrorCode.RPC_INVALID_PARAMETER,
      message: "Target block height -1 is negative",
    });
    assert.deepEqual(await node.callError("getblockstats", [1]), {
      code: RpcErrorCode.RPC_INVALID_PARAMETER,
      message: "Target block height 1 after current tip 0",
    });
    assert.deepEqual(await node.callError("getblockstats", ["00".repeat(32)]), {
      code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
      message: "Block not found",
    });
    assert.equal(
      (await node.callError("getblockstats", ["zz"])).code,
      RpcErrorCode.RPC_INVALID_PARAMETER,
    );
    assert.equal((await node.callError("getblockstats", [true])).code, RpcErrorCode.RPC_TYPE_ERROR);
    assert.deepEqual(await node.callError("getblockstats", [0, ["nosuchstat"]]), {
      code: RpcErrorCode.RPC_INVALID_PARAMETER,
      message: "Invalid selected statistic 'nosuchstat'",
    });
    // The genesis block has no undo data and its coinbase does not count as a UTXO.
    const genesis = (await node.call("getblockstats", [0])) as Record<string, unknown>;
    assert.equal(genesis.utxo_increase_actual, 0);
    assert.equal(genesis.txs, 1);
  } finally {
    await node.dispose();
  }
});
