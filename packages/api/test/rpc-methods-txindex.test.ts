// -txindex through the RPC methods, as Core answers them: getrawtransaction for any confirmed
// transaction, gettxoutproof / verifytxoutproof, getindexinfo, and what a node without the index
// says instead.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { REGTEST_PARAMS } from "@hashforge/consensus";
import { RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { ADDRESS, spend } from "./support/anyone-can-spend.js";
import { type RpcNode, startRpcNode, txHex } from "./support/rpc-node.js";

/** What one node's history holds. */
interface History {
  /** A transaction whose only output is spent again: no unspent coin tells where it is. */
  readonly spentTxid: string;
  readonly spentBlock: string;
  /** A transaction still unspent. */
  readonly unspentTxid: string;
}

let indexed: RpcNode;
let plain: RpcNode;
let ix: History;
let pl: History;

async function coinbaseOf(node: RpcNode, hash: string): Promise<string> {
  return ((await node.call("getblock", [hash, 1])) as { tx: string[] }).tx[0]!;
}

/** The same history on both nodes: A confirmed, then B spending A confirmed. */
async function history(node: RpcNode): Promise<History> {
  const hashes = (await node.call("generatetoaddress", [101, ADDRESS])) as string[];
  const a = spend(await coinbaseOf(node, hashes[0]!), 0, 49_9999_0000n);
  const aid = (await node.call("sendrawtransaction", [txHex(a)])) as string;
  const [blockA] = (await node.call("generatetoaddress", [1, ADDRESS])) as string[];
  const b = spend(aid, 0, 49_9998_0000n);
  const unspentTxid = (await node.call("sendrawtransaction", [txHex(b)])) as string;
  await node.call("generatetoaddress", [1, ADDRESS]);
  return { spentTxid: aid, spentBlock: blockA!, unspentTxid };
}

before(async () => {
  indexed = await startRpcNode({ node: { txindex: true } });
  // Another clock: the two chains' blocks differ, so neither node knows the other's blocks.
  plain = await startRpcNode({ time: REGTEST_PARAMS.genesisHeader.time + 5000 });
  ix = await history(indexed);
  pl = await history(plain);
});
after(async () => {
  await indexed.dispose();
  await plain.dispose();
});

test("getrawtransaction finds any confirmed transaction through -txindex", async () => {
  const hex = await indexed.call("getrawtransaction", [ix.spentTxid]);
  assert.equal(typeof hex, "string");
  const verbose = (await indexed.call("getrawtransaction", [ix.spentTxid, 1])) as Record<
    string,
    unknown
  >;
  assert.equal(verbose.txid, ix.spentTxid);
  assert.equal(verbose.blockhash, ix.spentBlock);
  assert.equal(verbose.confirmations, 2);
  assert.equal(verbose.in_active_chain, undefined, "only when a block hash is given, as Core");
  const prevouts = (await indexed.call("getrawtransaction", [ix.spentTxid, 2])) as {
    vin: { prevout?: { value: number } }[];
  };
  assert.equal(prevouts.vin[0]!.prevout!.value, 50, "verbosity 2 reads the undo data");
  assert.deepEqual(await indexed.call("getindexinfo"), {
    txindex: { synced: true, best_block_height: 103 },
  });
  assert.deepEqual(await indexed.call("getindexinfo", ["coinstatsindex"]), {});
  assert.deepEqual(await plain.call("getindexinfo"), {});
  assert.deepEqual(await plain.callError("getrawtransaction", [pl.spentTxid]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message:
      "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.",
  });
  assert.deepEqual(await indexed.callError("getrawtransaction", ["11".repeat(32)]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message:
      "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.",
  });
});

test("gettxoutproof and verifytxoutproof exchange BIP37 proofs as Core", async () => {
  // An unspent output finds its block without the index; a spent one needs it.
  const proof = (await plain.call("gettxoutproof", [[pl.unspentTxid]])) as string;
  assert.deepEqual(await plain.call("verifytxoutproof", [proof]), [pl.unspentTxid]);
  assert.deepEqual(await plain.callError("gettxoutproof", [[pl.spentTxid]]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Transaction not yet in block",
  });
  const viaIndex = (await indexed.call("gettxoutproof", [[ix.spentTxid]])) as string;
  assert.deepEqual(await indexed.call("verifytxoutproof", [viaIndex]), [ix.spentTxid]);
  const viaBlock = (await plain.call("gettxoutproof", [[pl.spentTxid], pl.spentBlock])) as string;
  assert.deepEqual(await plain.call("verifytxoutproof", [viaBlock]), [pl.spentTxid]);
  // The coinbase and the payment of one block in one proof.
  const coinbase = await coinbaseOf(indexed, ix.spentBlock);
  const both = (await indexed.call("gettxoutproof", [[coinbase, ix.spentTxid]])) as string;
  assert.deepEqual(await indexed.call("verifytxoutproof", [both]), [coinbase, ix.spentTxid]);

  assert.deepEqual(await indexed.callError("gettxoutproof", [[]]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Parameter 'txids' cannot be empty",
  });
  assert.deepEqual(await indexed.callError("gettxoutproof", [[ix.spentTxid, ix.spentTxid]]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: `Invalid parameter, duplicated txid: ${ix.spentTxid}`,
  });
  assert.deepEqual(await indexed.callError("gettxoutproof", [["xyz"]]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Invalid txid xyz",
  });
  assert.deepEqual(await indexed.callError("gettxoutproof", [[ix.unspentTxid], ix.spentBlock]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Not all transactions found in specified or retrieved block",
  });
  assert.deepEqual(await indexed.callError("gettxoutproof", [[ix.spentTxid], "00".repeat(32)]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Block not found",
  });

  // A damaged proof commits to another root: Core answers an empty list.
  const bytes = Buffer.from(viaIndex, "hex");
  bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 1;
  assert.deepEqual(await indexed.call("verifytxoutproof", [bytes.toString("hex")]), []);
  assert.equal(
    (await indexed.callError("verifytxoutproof", [viaIndex.slice(0, 100)])).code,
    RpcErrorCode.RPC_DESERIALIZATION_ERROR,
  );
  assert.equal(
    (await indexed.callError("verifytxoutproof", ["zz"])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  // A proof of a block the node does not have on its chain.
  assert.deepEqual(await plain.callError("verifytxoutproof", [both]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Block not found in chain",
  });
});

test("a reorg takes a transaction out of the index; it is found again once re-mined", async () => {
  const tip = (await indexed.call("getbestblockhash")) as string;
  await indexed.call("invalidateblock", [tip]);
  // Back in the mempool: found there, without a block hash.
  const fromPool = (await indexed.call("getrawtransaction", [ix.unspentTxid, 1])) as Record<
    string,
    unknown
  >;
  assert.equal(fromPool.blockhash, undefined);
  assert.deepEqual(await indexed.callError("gettxoutproof", [[ix.unspentTxid]]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Transaction not yet in block",
  });
  // A later time than the invalidated block's, so the new block is another block.
  indexed.clock.now += 1000;
  const [again] = (await indexed.call("generatetoaddress", [1, ADDRESS])) as string[];
  const confirmed = (await indexed.call("getrawtransaction", [ix.unspentTxid, 1])) as Record<
    string,
    unknown
  >;
  assert.equal(confirmed.blockhash, again);
  await indexed.call("reconsiderblock", [tip]);
});
