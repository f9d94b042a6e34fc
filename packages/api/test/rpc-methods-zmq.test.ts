import assert from "node:assert/strict";
import { test } from "node:test";
import { createControlMethods } from "../src/jsonrpc/control-methods.js";
import type { JsonValue } from "../src/jsonrpc/json-value.js";
import { parseJson } from "../src/jsonrpc/parse-json.js";
import { RpcError, RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { RpcTable } from "../src/jsonrpc/rpc-table.js";
import { createZmqRpcMethods, type ZmqNotificationRow } from "../src/rpc-methods/zmq-methods.js";

function table(rows: () => readonly ZmqNotificationRow[]): RpcTable {
  const t = new RpcTable({ warmup: false });
  t.registerAll(createControlMethods({ table: t, now: () => 0, onStop: () => {} }));
  t.registerAll(createZmqRpcMethods({ notifications: rows }));
  return t;
}

test("getzmqnotifications lists every active notifier as {type, address, hwm}", async () => {
  let rows: ZmqNotificationRow[] = [];
  const t = table(() => rows);
  assert.deepEqual(await t.execute({ method: "getzmqnotifications", params: [] }), []);
  rows = [
    { type: "pubhashblock", address: "tcp://127.0.0.1:28332", hwm: 1000 },
    { type: "pubrawtx", address: "tcp://[::1]:28333", hwm: 50 },
  ];
  // The source is read on every call, so the answer follows the running notifier.
  assert.deepEqual(await t.execute({ method: "getzmqnotifications", params: [] }), [
    { type: "pubhashblock", address: "tcp://127.0.0.1:28332", hwm: 1000 },
    { type: "pubrawtx", address: "tcp://[::1]:28333", hwm: 50 },
  ]);
});

test("getzmqnotifications takes no arguments and has Core's help", async () => {
  const t = table(() => []);
  await assert.rejects(
    t.execute({ method: "getzmqnotifications", params: parseJson("[1]") as readonly JsonValue[] }),
    (err: unknown) => {
      assert.ok(err instanceof RpcError);
      assert.equal(err.code, RpcErrorCode.RPC_MISC_ERROR);
      return true;
    },
  );
  const help = await t.execute({ method: "help", params: ["getzmqnotifications"] });
  assert.equal(
    help,
    [
      "getzmqnotifications",
      "",
      "Returns information about the active ZeroMQ notifications.",
      "",
      "Result:",
      "[                         (json array)",
      "  {                       (json object)",
      '    "type" : "str",       (string) Type of notification',
      '    "address" : "str",    (string) Address of the publisher',
      '    "hwm" : n             (numeric) Outbound message high water mark',
      "  },",
      "  ...",
      "]",
      "",
      "Examples:",
      "> hashforge rpc getzmqnotifications ",
      `> curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "getzmqnotifications", "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/`,
      "",
    ].join("\n"),
  );
  assert.match(t.help(), /\n== Zmq ==\ngetzmqnotifications\n?$/);
});
