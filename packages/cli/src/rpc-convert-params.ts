// Which RPC arguments `hashforge rpc` sends as JSON (numbers, booleans, objects, arrays) rather
// than as strings: the client-side conversion table bitcoin-cli keeps in rpc/client.cpp, written
// out from the RPC interfaces' parameter types. Everything not listed goes as a string.

/** Non-string parameters per method: [position (0-based), name]. */
const TABLE: Readonly<Record<string, readonly (readonly [number, string])[]>> = {
  // Control, utility, network.
  stop: [[0, "wait"]],
  echojson: Array.from({ length: 10 }, (_, i) => [i, `arg${i}`] as const),
  logging: [
    [0, "include"],
    [1, "exclude"],
  ],
  setmocktime: [[0, "timestamp"]],
  mockscheduler: [[0, "delta_time"]],
  setnetworkactive: [[0, "state"]],
  setban: [
    [2, "bantime"],
    [3, "absolute"],
  ],
  disconnectnode: [[1, "nodeid"]],
  getnodeaddresses: [[0, "count"]],
  addpeeraddress: [
    [1, "port"],
    [2, "tried"],
  ],
  sendmsgtopeer: [[0, "peer_id"]],
  getblockfrompeer: [[1, "peer_id"]],
  createmultisig: [
    [0, "nrequired"],
    [1, "keys"],
  ],
  deriveaddresses: [[1, "range"]],
  estimatesmartfee: [[0, "conf_target"]],
  estimaterawfee: [
    [0, "conf_target"],
    [1, "threshold"],
  ],
  // Blockchain.
  getblockhash: [[0, "height"]],
  getblock: [
    [1, "verbosity"],
    [1, "verbose"],
  ],
  getblockheader: [[1, "verbose"]],
  getblockstats: [
    [0, "hash_or_height"],
    [1, "stats"],
  ],
  getchaintxstats: [[0, "nblocks"]],
  gettxout: [
    [1, "n"],
    [2, "include_mempool"],
  ],
  gettxoutproof: [[0, "txids"]],
  gettxoutsetinfo: [
    [1, "hash_or_height"],
    [2, "use_index"],
  ],
  getrawmempool: [
    [0, "verbose"],
    [1, "mempool_sequence"],
  ],
  getmempoolancestors: [[1, "verbose"]],
  getmempooldescendants: [[1, "verbose"]],
  gettxspendingprevout: [[0, "outputs"]],
  getorphantxs: [[0, "verbosity"]],
  verifychain: [
    [0, "checklevel"],
    [1, "nblocks"],
  ],
  pruneblockchain: [[0, "height"]],
  waitfornewblock: [[0, "timeout"]],
  waitforblock: [[1, "timeout"]],
  waitforblockheight: [
    [0, "height"],
    [1, "timeout"],
  ],
  scantxoutset: [[1, "scanobjects"]],
  scanblocks: [
    [1, "scanobjects"],
    [2, "start_height"],
    [3, "stop_height"],
    [5, "options"],
  ],
  // Mining.
  getnetworkhashps: [
    [0, "nblocks"],
    [1, "height"],
  ],
  getblocktemplate: [[0, "template_request"]],
  prioritisetransaction: [
    [1, "dummy"],
    [2, "fee_delta"],
  ],
  generatetoaddress: [
    [0, "nblocks"],
    [2, "maxtries"],
  ],
  generatetodescriptor: [
    [0, "num_blocks"],
    [2, "maxtries"],
  ],
  generateblock: [
    [1, "transactions"],
    [2, "submit"],
  ],
  // Raw transactions and PSBTs.
  getrawtransaction: [
    [1, "verbosity"],
    [1, "verbose"],
  ],
  createrawtransaction: [
    [0, "inputs"],
    [1, "outputs"],
    [2, "locktime"],
    [3, "replaceable"],
  ],
  decoderawtransaction: [[1, "iswitness"]],
  sendrawtransaction: [
    [1, "maxfeerate"],
    [2, "maxburnamount"],
  ],
  testmempoolaccept: [
    [0, "rawtxs"],
    [1, "maxfeerate"],
  ],
  submitpackage: [
    [0, "package"],
    [1, "maxfeerate"],
    [2, "maxburnamount"],
  ],
  combinerawtransaction: [[0, "txs"]],
  signrawtransactionwithkey: [
    [1, "privkeys"],
    [2, "prevtxs"],
  ],
  createpsbt: [
    [0, "inputs"],
    [1, "outputs"],
    [2, "locktime"],
    [3, "replaceable"],
  ],
  combinepsbt: [[0, "txs"]],
  joinpsbts: [[0, "txs"]],
  finalizepsbt: [[1, "extract"]],
  converttopsbt: [
    [1, "permitsigdata"],
    [2, "iswitness"],
  ],
  utxoupdatepsbt: [[1, "descriptors"]],
  descriptorprocesspsbt: [
    [1, "descriptors"],
    [3, "bip32derivs"],
    [4, "finalize"],
  ],
  // Wallet.
  createwallet: [
    [1, "disable_private_keys"],
    [2, "blank"],
    [4, "avoid_reuse"],
    [5, "descriptors"],
    [6, "load_on_startup"],
    [7, "external_signer"],
  ],
  loadwallet: [[1, "load_on_startup"]],
  unloadwallet: [[1, "load_on_startup"]],
  restorewallet: [[2, "load_on_startup"]],
  getbalance: [
    [1, "minconf"],
    [2, "include_watchonly"],
    [3, "avoid_reuse"],
  ],
  getreceivedbyaddress: [
    [1, "minconf"],
    [2, "include_immature_coinbase"],
  ],
  getreceivedbylabel: [
    [1, "minconf"],
    [2, "include_immature_coinbase"],
  ],
  listreceivedbyaddress: [
    [0, "minconf"],
    [1, "include_empty"],
    [2, "include_watchonly"],
    [4, "include_immature_coinbase"],
  ],
  listreceivedbylabel: [
    [0, "minconf"],
    [1, "include_empty"],
    [2, "include_watchonly"],
    [3, "include_immature_coinbase"],
  ],
  listtransactions: [
    [1, "count"],
    [2, "skip"],
    [3, "include_watchonly"],
  ],
  listsinceblock: [
    [1, "target_confirmations"],
    [2, "include_watchonly"],
    [3, "include_removed"],
    [4, "include_change"],
  ],
  listunspent: [
    [0, "minconf"],
    [1, "maxconf"],
    [2, "addresses"],
    [3, "include_unsafe"],
    [4, "query_options"],
  ],
  gettransaction: [
    [1, "include_watchonly"],
    [2, "verbose"],
  ],
  lockunspent: [
    [0, "unlock"],
    [1, "transactions"],
    [2, "persistent"],
  ],
  sendtoaddress: [
    [1, "amount"],
    [4, "subtractfeefromamount"],
    [5, "replaceable"],
    [6, "conf_target"],
    [8, "avoid_reuse"],
    [9, "fee_rate"],
    [10, "verbose"],
  ],
  sendmany: [
    [1, "amounts"],
    [2, "minconf"],
    [4, "subtractfeefrom"],
    [5, "replaceable"],
    [6, "conf_target"],
    [8, "fee_rate"],
    [9, "verbose"],
  ],
  send: [
    [0, "outputs"],
    [1, "conf_target"],
    [3, "fee_rate"],
    [4, "options"],
  ],
  sendall: [
    [0, "recipients"],
    [1, "conf_target"],
    [3, "fee_rate"],
    [4, "options"],
  ],
  settxfee: [[0, "amount"]],
  fundrawtransaction: [
    [1, "options"],
    [2, "iswitness"],
  ],
  walletcreatefundedpsbt: [
    [0, "inputs"],
    [1, "outputs"],
    [2, "locktime"],
    [3, "options"],
    [4, "bip32derivs"],
  ],
  walletprocesspsbt: [
    [1, "sign"],
    [3, "bip32derivs"],
    [4, "finalize"],
  ],
  signrawtransactionwithwallet: [[1, "prevtxs"]],
  bumpfee: [[1, "options"]],
  psbtbumpfee: [[1, "options"]],
  walletpassphrase: [[1, "timeout"]],
  keypoolrefill: [[0, "newsize"]],
  rescanblockchain: [
    [0, "start_height"],
    [1, "stop_height"],
  ],
  importdescriptors: [[0, "requests"]],
  listdescriptors: [[0, "private"]],
  simulaterawtransaction: [
    [0, "rawtxs"],
    [1, "options"],
  ],
  setwalletflag: [[1, "value"]],
  addmultisigaddress: [
    [0, "nrequired"],
    [1, "keys"],
  ],
};

/** True when argument `index` of `method` is sent as parsed JSON. */
export function convertsPositional(method: string, index: number): boolean {
  return Object.hasOwn(TABLE, method) && TABLE[method]!.some(([i]) => i === index);
}

/** True when the named argument `name` of `method` is sent as parsed JSON. */
export function convertsNamed(method: string, name: string): boolean {
  return Object.hasOwn(TABLE, method) && TABLE[method]!.some(([, n]) => n === name);
}
