#!/usr/bin/env python3
"""Drives a running `hashforge node -regtest` with python-bitcoinlib's unmodified Proxy.

Usage: bitcoinlib-client.py <btc_conf_file>

The conf file names `datadir`, `rpcport` and `rpcconnect`; Proxy then finds the node's
`<datadir>/regtest/.cookie` by itself, exactly as it does for bitcoind. Every call is recorded and
the script prints one JSON summary on stdout (the TypeScript test asserts on it). A call that
raises is recorded with its error and stops the run, so the summary says which call broke.
"""

import json
import sys
import traceback

import bitcoin
import bitcoin.rpc
from bitcoin.core import COIN, b2lx, b2x, x
from bitcoin.core.serialize import Hash

bitcoin.SelectParams("regtest")

summary = {"calls": [], "error": None}


def call(name, fn):
    """Runs one client call and records whether it worked."""
    try:
        value = fn()
    except Exception as err:
        summary["calls"].append({"name": name, "ok": False, "error": repr(err)})
        raise
    summary["calls"].append({"name": name, "ok": True})
    return value


def witness_commitment_ok(block):
    """BIP141: the coinbase commits to the witness merkle root and its reserved value."""
    coinbase = block.vtx[0]
    index = block.get_witness_commitment_index()
    reserved = coinbase.wit.vtxinwit[0].scriptWitness.stack[0]
    commitment = Hash(block.calc_witness_merkle_root() + reserved)
    return bytes(coinbase.vout[index].scriptPubKey[6:38]) == commitment


def run(proxy):
    s = summary
    s["startHeight"] = call("getblockcount", proxy.getblockcount)
    addr = call("getnewaddress", proxy.getnewaddress)
    s["address"] = str(addr)
    s["addressClass"] = type(addr).__name__
    # Proxy returns a generator of hashes; materialise it inside the recorded call.
    mined = call("generatetoaddress", lambda: list(proxy.generatetoaddress(101, addr)))
    s["minedCount"] = len(mined)
    s["heightAfterMining"] = call("getblockcount", proxy.getblockcount)
    tip = call("getbestblockhash", proxy.getbestblockhash)
    s["bestBlockHash"] = b2lx(tip)
    s["lastMinedHash"] = b2lx(mined[-1])
    block = call("getblock", lambda: proxy.getblock(tip))
    # bitcoinlib re-hashes the header it parsed: equal only if our serialization is exact.
    s["tipRecomputedHash"] = b2lx(block.GetHash())
    s["tipMerkleOk"] = block.calc_merkle_root() == block.hashMerkleRoot
    s["tipTxCount"] = len(block.vtx)
    raw_tip = call("getblock(verbosity 0)", lambda: proxy.call("getblock", b2lx(tip), 0))
    s["tipReserializes"] = b2x(block.serialize()) == raw_tip
    header = call("getblockheader", lambda: proxy.getblockheader(tip))
    s["headerRecomputedHash"] = b2lx(header.GetHash())
    s["balance"] = call("getbalance", proxy.getbalance)

    amount = COIN  # 1 BTC, in satoshis: Proxy converts to a float of BTC on the wire
    dest = call("getnewaddress", proxy.getnewaddress)
    txid = call("sendtoaddress", lambda: proxy.sendtoaddress(dest, amount))
    s["txid"] = b2lx(txid)
    s["mempoolBefore"] = [b2lx(t) for t in call("getrawmempool", proxy.getrawmempool)]
    tx = call("getrawtransaction", lambda: proxy.getrawtransaction(txid))
    s["txRecomputedTxid"] = b2lx(tx.GetTxid())
    s["txHasWitness"] = tx.has_witness()
    dest_script = dest.to_scriptPubKey()
    s["txPaysDest"] = any(o.nValue == amount and o.scriptPubKey == dest_script for o in tx.vout)

    confirm = call("generatetoaddress", lambda: list(proxy.generatetoaddress(1, addr)))
    s["heightAfterConfirm"] = call("getblockcount", proxy.getblockcount)
    s["mempoolAfter"] = [b2lx(t) for t in call("getrawmempool", proxy.getrawmempool)]
    confirmed = call("getblock", lambda: proxy.getblock(confirm[0]))
    s["confirmBlockHash"] = b2lx(confirm[0])
    s["confirmRecomputedHash"] = b2lx(confirmed.GetHash())
    s["confirmTxids"] = [b2lx(t.GetTxid()) for t in confirmed.vtx]
    s["confirmMerkleOk"] = confirmed.calc_merkle_root() == confirmed.hashMerkleRoot
    s["confirmWitnessCommitmentOk"] = witness_commitment_ok(confirmed)
    # Without -txindex a confirmed tx is only found with its block hash, as in bitcoind.
    verbose = call(
        "getrawtransaction(verbose)",
        lambda: proxy.getrawtransaction(txid, True, block_hash=confirm[0]),
    )
    s["txBlockHash"] = b2lx(verbose["blockhash"]) if verbose["blockhash"] else None
    s["txVerboseTxid"] = b2lx(verbose["tx"].GetTxid())
    s["balanceAfter"] = call("getbalance", proxy.getbalance)


def main():
    proxy = bitcoin.rpc.Proxy(btc_conf_file=sys.argv[1])
    try:
        run(proxy)
    except Exception:
        summary["error"] = traceback.format_exc(limit=3)
    finally:
        proxy.close()
    print(json.dumps(summary))


main()
