// The development wallet's RPC methods on a real regtest chain.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { type RpcNode, startRpcNode } from "./support/rpc-node.js";

let node: RpcNode;
let mine: string;

before(async () => {
  node = await startRpcNode({ wallet: true });
  mine = (await node.call("getnewaddress", ["mining"])) as string;
  await node.call("generatetoaddress", [101, mine]);
});
after(async () => {
  await node.dispose();
});

test("addresses and balances", async () => {
  assert.match(mine, /^bcrt1q/);
  assert.match((await node.call("getnewaddress", ["", "bech32m"])) as string, /^bcrt1p/);
  assert.match((await node.call("getrawchangeaddress")) as string, /^bcrt1q/);
  assert.equal(
    (await node.callError("getnewaddress", ["", "legacy"])).code,
    RpcErrorCode.RPC_WALLET_ERROR,
  );
  assert.deepEqual(await node.callError("getnewaddress", ["", "foo"]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Unknown address type 'foo'",
  });
  assert.equal(
    (await node.callError("getnewaddress", ["*"])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal(await node.call("getbalance"), 50);
  assert.deepEqual(await node.callError("getbalance", ["x"]), {
    code: RpcErrorCode.RPC_METHOD_DEPRECATED,
    message: 'dummy first argument must be excluded or set to "*".',
  });
  const balances = (await node.call("getbalances")) as Record<string, Record<string, unknown>>;
  assert.deepEqual(balances.mine, { trusted: 50, untrusted_pending: 0, immature: 5000 });
  assert.equal(balances.lastprocessedblock!.height, 101);
  const unspent = (await node.call("listunspent")) as Record<string, unknown>[];
  assert.equal(unspent.length, 1);
  assert.equal(unspent[0]!.address, mine);
  assert.equal(unspent[0]!.label, "mining");
  assert.equal(unspent[0]!.amount, 50);
  assert.equal(unspent[0]!.confirmations, 101);
  assert.deepEqual(await node.call("listunspent", [1, 9_999_999, [mine]]), unspent);
  assert.equal(
    (await node.callError("listunspent", [1, 10, ["nope"]])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
});

test("sendtoaddress and signrawtransactionwithwallet", async () => {
  const to = (await node.call("getnewaddress")) as string;
  const txid = (await node.call("sendtoaddress", [to, 1.5])) as string;
  assert.deepEqual(await node.call("getrawmempool"), [txid]);
  const verbose = (await node.call("sendtoaddress", {
    address: to,
    amount: "0.25",
    fee_rate: 2,
    verbose: true,
  })) as Record<string, unknown>;
  assert.equal(typeof verbose.txid, "string");
  assert.equal(((await node.call("getrawmempool")) as string[]).length, 2);
  assert.deepEqual(await node.callError("sendtoaddress", ["nope", 1]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Invalid address",
  });
  assert.equal((await node.callError("sendtoaddress", [to, 0])).code, RpcErrorCode.RPC_TYPE_ERROR);
  assert.equal(
    (await node.callError("sendtoaddress", [to, 1000])).code,
    RpcErrorCode.RPC_WALLET_INSUFFICIENT_FUNDS,
  );
  assert.equal(
    (await node.callError("sendtoaddress", [to, "x"])).code,
    RpcErrorCode.RPC_TYPE_ERROR,
  );

  await node.call("generatetoaddress", [1, mine]);
  const listed = (await node.call("listunspent")) as Record<string, unknown>[];
  // The 0.25 BTC payment to ourselves (the 1.5 BTC one funded it).
  const coin = listed.find((u) => u.amount === 0.25)!;
  const raw = (await node.call("createrawtransaction", [
    [{ txid: coin.txid, vout: coin.vout }],
    { [mine]: 0.2499 },
  ])) as string;
  const signed = (await node.call("signrawtransactionwithwallet", [raw])) as Record<
    string,
    unknown
  >;
  assert.equal(signed.complete, true);
  assert.equal(signed.errors, undefined);
  const accepted = (await node.call("testmempoolaccept", [[signed.hex]])) as Record<
    string,
    unknown
  >[];
  assert.equal(accepted[0]!.allowed, true);
  const foreign = (await node.call("createrawtransaction", [
    [{ txid: "11".repeat(32), vout: 0 }],
    { [mine]: 1 },
  ])) as string;
  const unsigned = (await node.call("signrawtransactionwithwallet", [foreign])) as Record<
    string,
    unknown
  >;
  assert.equal(unsigned.complete, false);
  assert.equal(
    (unsigned.errors as Record<string, unknown>[])[0]!.error,
    "Input not found or already spent",
  );
  assert.equal(
    (await node.callError("signrawtransactionwithwallet", ["zz"])).code,
    RpcErrorCode.RPC_DESERIALIZATION_ERROR,
  );
  assert.equal(
    (await node.callError("signrawtransactionwithwallet", [raw, [], "NONE"])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
});
