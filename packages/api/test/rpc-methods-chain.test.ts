// Blockchain, mining, raw-transaction and mempool RPC methods on a real regtest chain.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  type Block,
  blockHash,
  checkProofOfWork,
  decodeBlock,
  encodeBlock,
  encodeHeader,
  fromHex,
  hashToHex,
  OP,
  REGTEST_PARAMS,
  sha256d,
  type Transaction,
  toHex,
  txid,
} from "@hashforge/consensus";
import { MuHash3072, txOutSer } from "@hashforge/node";
import { RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { descriptorChecksum } from "../src/rpc-methods/infer-descriptor.js";
import { ADDRESS, P2WSH, spend } from "./support/anyone-can-spend.js";
import { type RpcNode, startRpcNode, txHex } from "./support/rpc-node.js";

const ZERO_HASH = "00".repeat(32);

let node: RpcNode;
let hashes: string[];

/** Solves a regtest header by counting nonces. */
function solve(block: Block): Block {
  let header = block.header;
  while (!checkProofOfWork(blockHash(header), header.bits, REGTEST_PARAMS.pow.powLimit)) {
    header = { ...header, nonce: header.nonce + 1 };
  }
  return { header, txs: block.txs };
}

async function coinbaseTxid(height: number): Promise<string> {
  const block = (await node.call("getblock", [hashes[height - 1], 1])) as { tx: string[] };
  return block.tx[0]!;
}

before(async () => {
  node = await startRpcNode();
  hashes = (await node.call("generatetoaddress", [101, ADDRESS])) as string[];
});
after(async () => {
  await node.dispose();
});

test("descriptor checksums follow BIP380", () => {
  assert.equal(descriptorChecksum("raw(deadbeef)"), "89f8spxm");
});

test("chain info, heights and hashes", async () => {
  assert.equal(hashes.length, 101);
  assert.equal(await node.call("getblockcount"), 101);
  assert.equal(await node.call("getbestblockhash"), hashes[100]);
  assert.equal(await node.call("getblockhash", [101]), hashes[100]);
  assert.equal(await node.call("getblockhash", [0]), REGTEST_PARAMS.genesisHash);
  const info = (await node.call("getblockchaininfo")) as Record<string, unknown>;
  assert.equal(info.chain, "regtest");
  assert.equal(info.blocks, 101);
  assert.equal(info.headers, 101);
  assert.equal(info.bits, "207fffff");
  assert.equal(info.difficulty, 4.656542373906925e-10);
  assert.equal(info.initialblockdownload, false);
  assert.deepEqual(info.warnings, []);
  assert.equal(await node.call("getdifficulty"), 4.656542373906925e-10);
  assert.deepEqual(await node.callError("getblockhash", [102]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Block height out of range",
  });
  assert.equal(
    (await node.callError("getblockhash", [-1])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal((await node.callError("getblockhash", ["1"])).code, RpcErrorCode.RPC_TYPE_ERROR);
  assert.equal((await node.callError("getblockhash", [1.5])).code, RpcErrorCode.RPC_MISC_ERROR);
  assert.equal((await node.callError("getblockhash", [])).code, RpcErrorCode.RPC_MISC_ERROR);
});

test("getblockheader and getblock at every verbosity", async () => {
  const header = (await node.call("getblockheader", [hashes[0]])) as Record<string, unknown>;
  assert.equal(header.height, 1);
  assert.equal(header.confirmations, 101);
  assert.equal(header.previousblockhash, REGTEST_PARAMS.genesisHash);
  assert.equal(header.nextblockhash, hashes[1]);
  assert.equal(header.nTx, 1);
  assert.equal(header.versionHex, "20000000");
  const hex = (await node.call("getblockheader", [hashes[0], false])) as string;
  assert.equal(hex.length, 160);
  const raw = (await node.call("getblock", [hashes[0], 0])) as string;
  assert.equal(raw.slice(0, 160), hex);
  assert.equal(toHex(encodeHeader(decodeBlock(fromHex(raw)).header)), hex);
  assert.equal(await node.call("getblock", [hashes[0], false]), raw);
  const v1 = (await node.call("getblock", [hashes[0]])) as Record<string, unknown>;
  assert.equal((v1.tx as string[]).length, 1);
  assert.equal(v1.size, raw.length / 2);
  const v2 = (await node.call("getblock", [hashes[0], 2])) as { tx: Record<string, unknown>[] };
  const cb = v2.tx[0]!;
  assert.equal(cb.txid, (v1.tx as string[])[0]);
  assert.ok(typeof cb.hex === "string");
  assert.equal(cb.fee, undefined, "a coinbase has no fee");
  const vout0 = (cb.vout as Record<string, unknown>[])[0]!;
  assert.equal(vout0.value, 50);
  assert.deepEqual((vout0.scriptPubKey as Record<string, unknown>).address, ADDRESS);
  assert.equal((vout0.scriptPubKey as Record<string, unknown>).type, "witness_v0_scripthash");
  assert.match(
    String((vout0.scriptPubKey as Record<string, unknown>).desc),
    /^addr\(bcrt1.*\)#[a-z0-9]{8}$/,
  );

  for (const bad of [ZERO_HASH]) {
    assert.deepEqual(await node.callError("getblock", [bad]), {
      code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
      message: "Block not found",
    });
    assert.equal(
      (await node.callError("getblockheader", [bad])).code,
      RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    );
  }
  assert.deepEqual(await node.callError("getblock", ["abc"]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "blockhash must be of length 64 (not 3, for 'abc')",
  });
  assert.equal(
    (await node.callError("getblock", [`${"zz".repeat(32)}`])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal((await node.callError("getblock", [1])).code, RpcErrorCode.RPC_TYPE_ERROR);
  assert.equal(
    (await node.callError("getblock", [hashes[0], "x"])).code,
    RpcErrorCode.RPC_TYPE_ERROR,
  );
});

test("getchaintips, invalidateblock and reconsiderblock", async () => {
  assert.deepEqual(await node.call("getchaintips"), [
    { height: 101, hash: hashes[100], branchlen: 0, status: "active" },
  ]);
  await node.call("invalidateblock", [hashes[100]]);
  assert.equal(await node.call("getblockcount"), 100);
  const tips = (await node.call("getchaintips")) as Record<string, unknown>[];
  assert.deepEqual(tips[0], { height: 101, hash: hashes[100], branchlen: 1, status: "invalid" });
  assert.deepEqual(tips[1], { height: 100, hash: hashes[99], branchlen: 0, status: "active" });
  await node.call("reconsiderblock", [hashes[100]]);
  assert.equal(await node.call("getbestblockhash"), hashes[100]);
  assert.equal(
    (await node.callError("invalidateblock", [ZERO_HASH])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  assert.equal(
    (await node.callError("reconsiderblock", ["00"])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
});

test("mining info, network hash rate and verifychain", async () => {
  const info = (await node.call("getmininginfo")) as Record<string, unknown>;
  assert.equal(info.blocks, 101);
  assert.equal(info.chain, "regtest");
  assert.deepEqual(info.next, {
    height: 102,
    bits: "207fffff",
    difficulty: 4.656542373906925e-10,
    target: `7fffff${"0".repeat(58)}`,
  });
  assert.equal(typeof (await node.call("getnetworkhashps")), "number");
  assert.deepEqual(await node.callError("getnetworkhashps", [120, 500]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Block does not exist at specified height",
  });
  assert.equal(await node.call("verifychain", [4, 0]), true);
});

test("decodescript, validateaddress and createrawtransaction", async () => {
  const decoded = (await node.call("decodescript", ["51"])) as Record<string, unknown>;
  assert.equal(decoded.asm, "1");
  assert.equal(decoded.type, "nonstandard");
  assert.equal(decoded.desc, `raw(51)#${descriptorChecksum("raw(51)")}`);
  assert.equal((decoded.segwit as Record<string, unknown>).address, ADDRESS);
  assert.ok(String(decoded.p2sh).startsWith("2"));
  assert.deepEqual(await node.callError("decodescript", ["zz"]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "argument must be hexadecimal string (not 'zz')",
  });
  const valid = (await node.call("validateaddress", [ADDRESS])) as Record<string, unknown>;
  assert.equal(valid.isvalid, true);
  assert.equal(valid.scriptPubKey, toHex(P2WSH));
  assert.equal(valid.witness_version, 0);
  const invalid = (await node.call("validateaddress", ["bc1qnotanaddress"])) as Record<
    string,
    unknown
  >;
  assert.equal(invalid.isvalid, false);
  assert.equal(typeof invalid.error, "string");

  const raw = (await node.call("createrawtransaction", [
    [{ txid: ZERO_HASH.replace(/0$/, "1"), vout: 0 }],
    [{ [ADDRESS]: "0.5" }, { data: "cafe" }],
  ])) as string;
  const tx = (await node.call("decoderawtransaction", [raw])) as Record<string, unknown>;
  assert.equal(tx.version, 2);
  assert.equal((tx.vin as Record<string, unknown>[])[0]!.sequence, 0xffffffff);
  assert.equal((tx.vout as Record<string, unknown>[])[0]!.value, 0.5);
  assert.equal(
    ((tx.vout as Record<string, unknown>[])[1]!.scriptPubKey as Record<string, unknown>).type,
    "nulldata",
  );
  assert.deepEqual(await node.callError("decoderawtransaction", ["00"]), {
    code: RpcErrorCode.RPC_DESERIALIZATION_ERROR,
    message: "TX decode failed",
  });
  assert.equal(
    (await node.callError("createrawtransaction", [[{ txid: ZERO_HASH }], {}])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal(
    (await node.callError("createrawtransaction", [[{ txid: ZERO_HASH, vout: -1 }], {}])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.deepEqual(await node.callError("createrawtransaction", [[], { nope: 1 }]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Invalid Bitcoin address: nope",
  });
  assert.equal(
    (await node.callError("createrawtransaction", [[], { [ADDRESS]: -1 }])).code,
    RpcErrorCode.RPC_TYPE_ERROR,
  );
  assert.equal(
    (await node.callError("createrawtransaction", [[], {}, -1])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
});

test("transactions through the mempool into a block", async () => {
  const funding = await coinbaseTxid(1);
  const tx = spend(funding, 0, 49_9999_0000n);
  const hex = txHex(tx);
  const tested = (await node.call("testmempoolaccept", [[hex]])) as Record<string, unknown>[];
  assert.equal(tested[0]!.allowed, true);
  assert.deepEqual(tested[0]!.fees, {
    base: 0.0001,
    "effective-feerate": (tested[0]!.fees as Record<string, number>)["effective-feerate"],
    "effective-includes": [tested[0]!.wtxid],
  });
  const tooRich = (await node.call("testmempoolaccept", [[hex], 0.00001])) as Record<
    string,
    unknown
  >[];
  assert.deepEqual(tooRich[0]!["reject-reason"], "max-fee-exceeded");
  assert.deepEqual(await node.callError("sendrawtransaction", [hex, 0.00001]), {
    code: RpcErrorCode.RPC_VERIFY_ERROR,
    message: "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)",
  });
  assert.deepEqual(await node.callError("sendrawtransaction", [hex, 1]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Fee rates larger than or equal to 1BTC/kvB are not accepted",
  });
  const txid = await node.call("sendrawtransaction", [hex]);
  assert.equal(txid, tested[0]!.txid);
  assert.equal(await node.call("sendrawtransaction", [hex]), txid, "resubmission is a no-op");
  // A double spend of the same coin with the same fee cannot replace it.
  const conflict = txHex(spend(funding, 0, 49_9999_0001n));
  assert.equal(
    (await node.callError("sendrawtransaction", [conflict])).code,
    RpcErrorCode.RPC_VERIFY_REJECTED,
  );
  const missing = txHex(spend(ZERO_HASH.replace(/0$/, "7"), 0, 1000n));
  assert.deepEqual(await node.callError("sendrawtransaction", [missing]), {
    code: RpcErrorCode.RPC_VERIFY_ERROR,
    message: "bad-txns-inputs-missingorspent",
  });
  const rejectedMissing = (await node.call("testmempoolaccept", [[missing]])) as Record<
    string,
    unknown
  >[];
  assert.equal(rejectedMissing[0]!["reject-reason"], "missing-inputs");
  assert.equal(
    (await node.callError("sendrawtransaction", ["zz"])).code,
    RpcErrorCode.RPC_DESERIALIZATION_ERROR,
  );
  assert.equal(
    (await node.callError("testmempoolaccept", [[]])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );

  assert.deepEqual(await node.call("getrawmempool"), [txid]);
  const seq = (await node.call("getrawmempool", [false, true])) as Record<string, unknown>;
  assert.deepEqual(seq.txids, [txid]);
  assert.equal(typeof seq.mempool_sequence, "number");
  assert.equal(
    (await node.callError("getrawmempool", [true, true])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  const verbose = (await node.call("getrawmempool", [true])) as Record<
    string,
    Record<string, unknown>
  >;
  assert.equal(verbose[txid as string]!["bip125-replaceable"], true);
  const entry = (await node.call("getmempoolentry", [txid])) as Record<string, unknown>;
  assert.deepEqual(entry.fees, {
    base: 0.0001,
    modified: 0.0001,
    ancestor: 0.0001,
    descendant: 0.0001,
  });
  assert.deepEqual(entry.depends, []);
  assert.deepEqual(await node.callError("getmempoolentry", [ZERO_HASH]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message: "Transaction not in mempool",
  });
  const info = (await node.call("getmempoolinfo")) as Record<string, unknown>;
  assert.equal(info.size, 1);
  assert.equal(info.total_fee, 0.0001);
  assert.equal(await node.call("getrawtransaction", [txid]), hex);
  const decoded = (await node.call("getrawtransaction", [txid, true])) as Record<string, unknown>;
  assert.equal(decoded.txid, txid);
  assert.equal(await node.call("gettxout", [funding, 0]), null, "spent in the mempool");
  assert.notEqual(await node.call("gettxout", [funding, 0, false]), null);
  const unconfirmed = (await node.call("gettxout", [txid, 0])) as Record<string, unknown>;
  assert.equal(unconfirmed.confirmations, 0);

  const template = (await node.call("getblocktemplate", [{ rules: ["segwit"] }])) as Record<
    string,
    unknown
  >;
  assert.equal(template.height, 102);
  assert.equal(template.previousblockhash, hashes[100]);
  assert.equal((template.transactions as Record<string, unknown>[])[0]!.txid, txid);
  assert.equal(template.coinbasevalue, 50_0001_0000);
  assert.ok(typeof template.default_witness_commitment === "string");
  assert.deepEqual(await node.callError("getblocktemplate", [{}]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message:
      'getblocktemplate must be called with the segwit rule set (call with {"rules": ["segwit"]})',
  });
  assert.equal(
    (await node.callError("getblocktemplate", [{ rules: ["segwit"], mode: "x" }])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );

  // Long polling: the request waits until the tip moves.
  const controller = new AbortController();
  const poll = node.table.execute(
    {
      method: "getblocktemplate",
      params: [{ rules: ["segwit"], longpollid: template.longpollid as string }] as never,
    },
    { signal: controller.signal },
  );
  let answered = false;
  void poll.then(() => {
    answered = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(answered, false);

  const mined = (await node.call("generatetoaddress", [1, ADDRESS])) as string[];
  hashes.push(mined[0]!);
  const next = (await poll) as Record<string, unknown>;
  assert.equal(next.height, 103);
  assert.deepEqual(await node.call("getrawmempool"), []);

  const block = (await node.call("getblock", [mined[0], 2])) as { tx: Record<string, unknown>[] };
  assert.equal(block.tx[1]!.txid, txid);
  assert.equal(block.tx[1]!.fee, 0.0001);
  const v3 = (await node.call("getblock", [mined[0], 3])) as {
    tx: { vin: Record<string, unknown>[] }[];
  };
  assert.deepEqual((v3.tx[1]!.vin[0]!.prevout as Record<string, unknown>).value, 50);
  const stats = (await node.call("getblockstats", [102, ["totalfee", "txs", "ins"]])) as Record<
    string,
    unknown
  >;
  assert.deepEqual(stats, { ins: 1, totalfee: 10000, txs: 2 });
  assert.deepEqual(await node.callError("getrawtransaction", [txid]), {
    code: RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
    message:
      "No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries. Use gettransaction for wallet transactions.",
  });
  const inBlock = (await node.call("getrawtransaction", [txid, 2, mined[0]])) as Record<
    string,
    unknown
  >;
  assert.equal(inBlock.in_active_chain, true);
  assert.equal(inBlock.confirmations, 1);
  assert.equal(inBlock.fee, 0.0001);
  assert.equal(
    (await node.callError("getrawtransaction", [txid, 0, ZERO_HASH])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  assert.equal(
    (await node.callError("getrawtransaction", [txid, 0, hashes[0]])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  assert.deepEqual(await node.callError("sendrawtransaction", [hex]), {
    code: RpcErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN,
    message: "Transaction outputs already in utxo set",
  });
  const confirmed = (await node.call("gettxout", [txid, 0])) as Record<string, unknown>;
  assert.equal(confirmed.confirmations, 1);
  assert.equal(confirmed.value, 49.9999);

  const utxo = (await node.call("gettxoutsetinfo")) as Record<string, unknown>;
  assert.equal(utxo.height, 102);
  // 102 coinbases of 50 BTC (plus the fee in the last), one spent, one 49.9999 BTC output.
  assert.equal(utxo.total_amount, 102 * 50 + 0.0001 - 50 + 49.9999);
  assert.equal(utxo.txouts, 102);
  // Core's hashes over every coin's TxOutSer, in the coins database order.
  const coins: Uint8Array[] = [];
  for await (const { txid: id, vout, coin } of (await node.node.utxoSnapshot()).coins)
    coins.push(txOutSer(id, vout, coin));
  const all = new Uint8Array(coins.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of coins) {
    all.set(c, at);
    at += c.length;
  }
  assert.equal(utxo.hash_serialized_3, hashToHex(sha256d(all)));
  const mu = (await node.call("gettxoutsetinfo", ["muhash"])) as Record<string, unknown>;
  const set = new MuHash3072();
  for (const c of [...coins].reverse()) set.insert(c);
  assert.equal(mu.muhash, hashToHex(set.digest()), "order-free");
  assert.equal(mu.hash_serialized_3, undefined);
  const none = (await node.call("gettxoutsetinfo", ["none"])) as Record<string, unknown>;
  assert.deepEqual(Object.keys(none), [
    "height",
    "bestblock",
    "txouts",
    "bogosize",
    "total_amount",
    "transactions",
    "disk_size",
  ]);
  assert.ok(typeof none.disk_size === "number" && none.disk_size > 0, "the chainstate's files");
  assert.deepEqual(await node.callError("gettxoutsetinfo", ["sha1"]), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "'sha1' is not a valid hash_type",
  });
});

test("submitblock and submitheader answer like BIP22", async () => {
  const tip = node.node.chain.tip;
  const template = await node.node.blockTemplate(P2WSH);
  const block = solve(template.block);
  // Miners often drop the coinbase witness; submitblock adds the reserved value back.
  const stripped = {
    header: block.header,
    txs: [
      { ...block.txs[0]!, inputs: [{ ...block.txs[0]!.inputs[0]!, witness: [] }] },
      ...block.txs.slice(1),
    ],
  };
  const hex = toHex(encodeBlock(stripped));
  assert.equal(await node.call("submitheader", [hex.slice(0, 160)]), null);
  assert.equal(await node.call("submitblock", [hex]), null);
  assert.equal(node.node.chain.tip.prev, tip);
  assert.equal(await node.call("submitblock", [hex]), "duplicate");
  assert.deepEqual(await node.callError("submitblock", ["00"]), {
    code: RpcErrorCode.RPC_DESERIALIZATION_ERROR,
    message: "Block decode failed",
  });
  // A block on an unknown parent.
  const orphan = solve({
    ...block,
    header: { ...block.header, prevBlock: new Uint8Array(32).fill(9) },
  });
  assert.equal(await node.call("submitblock", [toHex(encodeBlock(orphan))]), "prev-blk-not-found");
  assert.deepEqual(await node.callError("submitheader", [toHex(encodeHeader(orphan.header))]), {
    code: RpcErrorCode.RPC_VERIFY_ERROR,
    message: `Must submit previous header (${"09".repeat(32)}) first`,
  });
  assert.equal(
    (await node.callError("submitheader", ["zz"])).code,
    RpcErrorCode.RPC_DESERIALIZATION_ERROR,
  );
  // A bad merkle root is refused with Core's reason.
  const badMerkle = solve({
    ...block,
    header: { ...block.header, merkleRoot: new Uint8Array(32) },
  });
  assert.equal(await node.call("submitblock", [toHex(encodeBlock(badMerkle))]), "bad-txnmrklroot");

  const generated = (await node.call("generateblock", [ADDRESS, []])) as Record<string, unknown>;
  assert.equal(await node.call("getbestblockhash"), generated.hash);
  const unsent = (await node.call("generateblock", [ADDRESS, [], false])) as Record<
    string,
    unknown
  >;
  assert.equal(typeof unsent.hex, "string");
  assert.equal(await node.call("getbestblockhash"), generated.hash);
  assert.equal(
    (await node.callError("generateblock", ["nope", []])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  assert.equal(
    (await node.callError("generateblock", [ADDRESS, [ZERO_HASH]])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  assert.equal(
    (await node.callError("generatetoaddress", [1, "nope"])).code,
    RpcErrorCode.RPC_INVALID_ADDRESS_OR_KEY,
  );
  for (const args of [
    [99_999_999_999, ADDRESS],
    [1, ADDRESS, 2 ** 31],
  ]) {
    assert.deepEqual(await node.callError("generatetoaddress", args), {
      code: RpcErrorCode.RPC_MISC_ERROR,
      message: "JSON integer out of range",
    });
  }
});

test("fee estimation, mock time and the wallet-less node", async () => {
  const estimate = (await node.call("estimatesmartfee", [6])) as Record<string, unknown>;
  assert.ok(Array.isArray(estimate.errors));
  assert.equal(
    (await node.callError("estimatesmartfee", [0])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal(
    (await node.callError("estimatesmartfee", [2, "fast"])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  assert.equal(await node.call("setmocktime", [2_000_000_000]), null);
  assert.equal(node.node.now(), 2_000_000_000);
  await node.call("setmocktime", [0]);
  assert.equal(
    (await node.callError("setmocktime", [-1])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
  for (const method of ["getnewaddress", "getbalance", "getbalances", "listunspent"]) {
    assert.equal((await node.callError(method)).code, RpcErrorCode.RPC_WALLET_NOT_FOUND, method);
  }
  assert.match(node.table.help("getnewaddress"), /DEVELOPMENT WALLET/);
  const saved = (await node.call("savemempool")) as { filename: string };
  assert.equal(saved.filename, join(node.dir, "mempool.dat"));
  assert.ok(existsSync(saved.filename));
});

// Last: it leaves a transaction in the mempool.
test("testmempoolaccept tests packages as Core does, leaving the mempool unchanged", async () => {
  const before = await node.call("getrawmempool");
  const funding = await coinbaseTxid(2);
  const parent = spend(funding, 0, 49_9999_0000n);
  const parentId = hashToHex(txid(parent));
  const child = spend(parentId, 0, 49_9998_0000n);
  const grandchild = spend(hashToHex(txid(child)), 0, 49_9997_0000n);
  const hexes = [parent, child, grandchild].map(txHex);
  type Result = Record<string, unknown>;
  const ok = (await node.call("testmempoolaccept", [hexes])) as Result[];
  assert.deepEqual(
    ok.map((r) => [r.txid, r.allowed]),
    [parent, child, grandchild].map((tx) => [hashToHex(txid(tx)), true]),
    "a child is tested with its parent in the package",
  );
  assert.deepEqual((ok[1]!.fees as Result)["effective-includes"], [ok[1]!.wtxid]);
  assert.deepEqual(await node.call("getrawmempool"), before, "nothing was added");

  const packageError = async (txs: Transaction[]) =>
    ((await node.call("testmempoolaccept", [txs.map(txHex)])) as Result[]).map(
      (r) => r["package-error"],
    );
  assert.deepEqual(await packageError([child, parent]), [
    "package-not-sorted",
    "package-not-sorted",
  ]);
  assert.deepEqual(await packageError([parent, parent]), [
    "package-contains-duplicates",
    "package-contains-duplicates",
  ]);
  const rival = spend(funding, 0, 49_9999_5000n);
  assert.deepEqual(await packageError([parent, rival]), [
    "conflict-in-package",
    "conflict-in-package",
  ]);

  // A failing script: the transactions before it are reported, those after are unfinished.
  const badChild = {
    ...child,
    inputs: [{ ...child.inputs[0]!, witness: [Uint8Array.of(OP.OP_0)] }],
  };
  const failed = (await node.call("testmempoolaccept", [
    [parent, badChild, grandchild].map(txHex),
  ])) as Result[];
  assert.equal(failed[0]!.allowed, true);
  assert.equal(failed[1]!.allowed, false);
  assert.match(String(failed[1]!["reject-reason"]), /script-verify-flag-failed/);
  assert.deepEqual(Object.keys(failed[2]!).sort(), ["txid", "wtxid"]);
  // An earlier-stage failure (missing inputs) leaves the others unfinished.
  const orphan = spend(ZERO_HASH.replace(/0$/, "9"), 0, 1000n);
  const missing = (await node.call("testmempoolaccept", [[parent, orphan].map(txHex)])) as Result[];
  assert.deepEqual(Object.keys(missing[0]!).sort(), ["txid", "wtxid"]);
  assert.equal(missing[1]!["reject-reason"], "missing-inputs");
  // The fee limit ends the report at the first transaction over it.
  const capped = (await node.call("testmempoolaccept", [hexes, 0.00001])) as Result[];
  assert.equal(capped[0]!["reject-reason"], "max-fee-exceeded");
  assert.deepEqual(Object.keys(capped[1]!).sort(), ["txid", "wtxid"]);
  // A package conflicting with the mempool cannot replace anything.
  const sent = await node.call("sendrawtransaction", [txHex(rival)]);
  const replacing = (await node.call("testmempoolaccept", [hexes])) as Result[];
  assert.equal(replacing[0]!["reject-reason"], "bip125-replacement-disallowed");
  assert.equal(
    ((await node.call("testmempoolaccept", [[txHex(parent)]])) as Result[])[0]!.allowed,
    true,
    "alone, the same transaction may replace",
  );
  assert.deepEqual(await node.call("getrawmempool"), [...(before as string[]), sent]);
  assert.equal(
    (await node.callError("testmempoolaccept", [new Array(26).fill(hexes[0])])).code,
    RpcErrorCode.RPC_INVALID_PARAMETER,
  );
});
