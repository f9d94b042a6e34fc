import assert from "node:assert/strict";
import { test } from "node:test";
import { createControlMethods } from "../src/jsonrpc/control-methods.js";
import type { JsonNumber, JsonValue } from "../src/jsonrpc/json-value.js";
import { parseJson } from "../src/jsonrpc/parse-json.js";
import { RpcError, RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import { methodHelp } from "../src/jsonrpc/rpc-help.js";
import { defineRpcMethod } from "../src/jsonrpc/rpc-method.js";
import { RpcRegistrationError, RpcTable } from "../src/jsonrpc/rpc-table.js";

/** A method with every interesting parameter kind; it returns what it received. */
const probe = defineRpcMethod({
  name: "probe",
  category: "test",
  description: "Returns its converted arguments.",
  params: [
    { name: "hash", type: "hash", description: "A block hash" },
    { name: "count", aliases: ["n"], type: "int", default: 1, description: "A count" },
    { name: "data", type: "hex", optional: true, description: "Raw bytes" },
    { name: "amount", type: "amount", optional: true, description: "BTC" },
    { name: "flag", type: "bool", defaultHint: "false", description: "A flag" },
    { name: "opts", type: "obj", optional: true, description: "Options" },
    { name: "ratio", type: "num", optional: true, description: "A ratio" },
  ],
  result: { type: "obj", inner: [{ type: "str", key: "hash", description: "echo" }] },
  handler: (args, ctx) => ({
    hash: Buffer.from(args.hash).toString("hex"),
    count: args.count,
    data: args.data ? Buffer.from(args.data).toString("hex") : null,
    amount: args.amount ?? null,
    flag: args.flag ?? null,
    opts: args.opts ?? null,
    ratio: args.ratio ?? null,
    nparams: ctx.params.length,
    wallet: ctx.wallet ?? null,
  }),
});

const HASH = `${"00".repeat(31)}ff`;

function table(): RpcTable {
  const t = new RpcTable({ warmup: false });
  t.registerAll(createControlMethods({ table: t, now: () => 5_000, onStop: () => {} }));
  t.register(probe);
  return t;
}

async function rpcError(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RpcError, String(err));
    return { code: err.code, message: err.message };
  }
  assert.fail("expected an RpcError");
}

const params = (json: string) => parseJson(json) as readonly JsonValue[];
const named = (json: string) => parseJson(json) as { readonly [k: string]: JsonValue };

test("positional arguments are checked and converted", async () => {
  const t = table();
  const r = (await t.execute({
    method: "probe",
    params: params(`["${HASH}", 3, "00ab", "0.1", true, {"x":1}, 0.5]`),
  })) as Record<string, unknown>;
  // The hash arrives in internal byte order (display order reversed).
  assert.equal(r.hash, `ff${"00".repeat(31)}`);
  assert.equal(r.count, 3);
  assert.equal(r.data, "00ab");
  assert.equal(r.amount, 10_000_000n);
  assert.equal(r.flag, true);
  assert.equal(((r.opts as Record<string, JsonValue>).x as JsonNumber).text, "1");
  assert.equal(r.ratio, 0.5);
  // Defaults apply when omitted or null; optional without default stays undefined.
  const d = (await t.execute({ method: "probe", params: params(`["${HASH}", null]`) })) as Record<
    string,
    unknown
  >;
  assert.equal(d.count, 1);
  assert.equal(d.data, null);
  assert.equal(d.nparams, 2);
});

test("argument count errors return the help text with RPC_MISC_ERROR", async () => {
  const t = table();
  const few = await rpcError(t.execute({ method: "probe", params: [] }));
  assert.equal(few.code, RpcErrorCode.RPC_MISC_ERROR);
  assert.ok(few.message.startsWith('probe "hash" ( count "data" amount flag {} ratio )\n'));
  const many = await rpcError(
    t.execute({ method: "probe", params: params(`["${HASH}",1,"00",1,true,{},1,"extra"]`) }),
  );
  assert.equal(many.code, -1);
  assert.equal(many.message, methodHelp(probe));
});

test("type mismatches list every position like Core", async () => {
  const t = table();
  const e = await rpcError(t.execute({ method: "probe", params: params('[1, "2", null, 1, 1]') }));
  assert.equal(e.code, RpcErrorCode.RPC_TYPE_ERROR);
  assert.equal(
    e.message,
    'Wrong type passed:\n{\n    "Position 1 (hash)": "JSON value of type number is not of expected type string",\n    "Position 2 (count|n)": "JSON value of type string is not of expected type number",\n    "Position 5 (flag)": "JSON value of type number is not of expected type bool"\n}',
  );
  const nullRequired = await rpcError(t.execute({ method: "probe", params: params("[null]") }));
  assert.match(nullRequired.message, /type null is not of expected type string/);
});

test("value errors use Core's codes and messages", async () => {
  const t = table();
  const call = (json: string) => rpcError(t.execute({ method: "probe", params: params(json) }));
  assert.deepEqual(await call('["abc"]'), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "hash must be of length 64 (not 3, for 'abc')",
  });
  assert.deepEqual(await call(`["${"zz".repeat(32)}"]`), {
    code: -8,
    message: `hash must be hexadecimal string (not '${"zz".repeat(32)}')`,
  });
  assert.deepEqual(await call(`["${HASH}", 1, "abc"]`), {
    code: -8,
    message: "data must be hexadecimal string (not 'abc')",
  });
  assert.deepEqual(await call(`["${HASH}", 1.5]`), {
    code: -1,
    message: "JSON integer out of range",
  });
  assert.deepEqual(await call(`["${HASH}", 1, null, "0.123456789"]`), {
    code: -3,
    message: "Invalid amount",
  });
  assert.deepEqual(await call(`["${HASH}", 1, null, -1]`), {
    code: -3,
    message: "Amount out of range",
  });
  assert.deepEqual(await call(`["${HASH}", 1, null, null, null, null, 1e999]`), {
    code: -3,
    message: "JSON number out of range",
  });
});

test("named parameters follow Core's transformNamedArguments", async () => {
  const t = table();
  const call = (json: string) =>
    t.execute({ method: "probe", params: named(json) }) as Promise<Record<string, unknown>>;
  const r = await call(`{"hash":"${HASH}","amount":1}`);
  assert.equal(r.amount, 100_000_000n);
  assert.equal(r.count, 1);
  assert.equal(r.nparams, 4); // the gap before "amount" is filled with nulls, none after it
  assert.equal((await call(`{"hash":"${HASH}","n":7}`)).count, 7); // alias
  // "args" supplies leading positional values; named ones come after.
  const mixed = await call(`{"args":["${HASH}", 2],"flag":true}`);
  assert.equal(mixed.count, 2);
  assert.equal(mixed.flag, true);

  const err = (json: string) => rpcError(call(json));
  assert.deepEqual(await err(`{"hash":"${HASH}","bogus":1}`), {
    code: RpcErrorCode.RPC_INVALID_PARAMETER,
    message: "Unknown named parameter bogus",
  });
  assert.deepEqual(await err(`{"hash":"${HASH}","hash":"${HASH}"}`), {
    code: -8,
    message: "Parameter hash specified multiple times",
  });
  assert.deepEqual(await err(`{"args":["${HASH}"],"hash":"${HASH}"}`), {
    code: -8,
    message: "Parameter hash specified twice both as positional and named argument",
  });
  assert.deepEqual(await err(`{"args":"x","hash":"${HASH}"}`), {
    code: -8,
    message: "Unknown named parameter args",
  });
  // hash missing: the gap becomes null, which fails the type check (as in Core).
  assert.equal((await err('{"count":2}')).code, RpcErrorCode.RPC_TYPE_ERROR);
});

test("warm-up blocks every call with RPC_IN_WARMUP until finished", async () => {
  const t = new RpcTable();
  t.registerAll(createControlMethods({ table: t, now: () => 0, onStop: () => {} }));
  assert.deepEqual(await rpcError(t.execute({ method: "uptime", params: [] })), {
    code: RpcErrorCode.RPC_IN_WARMUP,
    message: "Loading block index...",
  });
  t.setWarmupStatus("Verifying blocks...");
  assert.equal(
    (await rpcError(t.execute({ method: "help", params: [] }))).message,
    "Verifying blocks...",
  );
  t.setWarmupFinished();
  assert.equal(t.warmupStatus(), null);
  assert.equal(await t.execute({ method: "uptime", params: [] }), 0);
});

test("unknown methods, thrown errors and registration mistakes", async () => {
  const t = table();
  assert.deepEqual(await rpcError(t.execute({ method: "nope", params: [] })), {
    code: RpcErrorCode.RPC_METHOD_NOT_FOUND,
    message: "Method not found",
  });
  t.register(
    defineRpcMethod({
      name: "boom",
      category: "test",
      description: "Throws.",
      params: [],
      result: { type: "none", description: "" },
      handler: () => {
        throw new TypeError("kaboom");
      },
    }),
  );
  assert.deepEqual(await rpcError(t.execute({ method: "boom", params: [] })), {
    code: -1,
    message: "kaboom",
  });
  assert.throws(() => t.register(probe), RpcRegistrationError);
  assert.throws(
    () =>
      t.register(
        defineRpcMethod({
          name: "dup",
          category: "x",
          description: "",
          params: [
            { name: "a", type: "str", description: "" },
            { name: "b", aliases: ["a"], type: "str", description: "" },
          ],
          result: { type: "none" },
          handler: () => null,
        }),
      ),
    /not unique/,
  );
  assert.throws(() => t.register({ ...probe, name: "bad name" }), /invalid RPC method name/);
});

test("help lists categories and renders Core's layout", async () => {
  const t = table();
  assert.equal(
    await t.execute({ method: "help", params: [] }),
    '== Control ==\nhelp ( "command" )\nstop\nuptime\n\n== Test ==\nprobe "hash" ( count "data" amount flag {} ratio )',
  );
  assert.equal(
    await t.execute({ method: "help", params: params('["uptime"]') }),
    'uptime\n\nReturns the total uptime of the server.\n\nResult:\nn    (numeric) The number of seconds that the server has been running\n\nExamples:\n> hashforge rpc uptime \n> curl --user myusername --data-binary \'{"jsonrpc": "2.0", "id": "curltest", "method": "uptime", "params": []}\' -H \'content-type: application/json\' http://127.0.0.1:8332/\n',
  );
  assert.equal(
    await t.execute({ method: "help", params: params('["probe"]') }),
    [
      'probe "hash" ( count "data" amount flag {} ratio )',
      "",
      "Returns its converted arguments.",
      "",
      "Arguments:",
      "1. hash      (string, required) A block hash",
      "2. count     (numeric, optional, default=1) A count",
      "3. data      (string, optional) Raw bytes",
      "4. amount    (numeric or string, optional) BTC",
      "5. flag      (boolean, optional, default=false) A flag",
      "6. opts      (json object, optional) Options",
      "     {",
      "     }",
      "7. ratio     (numeric, optional) A ratio",
      "",
      "Result:",
      "{                    (json object)",
      // Core pads to the widest left part before dropping the last member's comma.
      '  "hash" : "str"     (string) echo',
      "}",
      "",
    ].join("\n"),
  );
  assert.equal(
    await t.execute({ method: "help", params: params('["nope"]') }),
    "help: unknown command: nope",
  );
  // Hidden methods are not listed but have help.
  assert.match(
    String(await t.execute({ method: "help", params: params('["echo"]') })),
    /^echo \( "arg0"/,
  );
});

test("echo returns its arguments; stop defers the shutdown until after the reply", async () => {
  const t = table();
  assert.deepEqual(
    await t.execute({ method: "echo", params: params('[1, "a", {"b":[true]}]') }),
    params('[1, "a", {"b":[true]}]'),
  );
  const e = await rpcError(
    t.execute({ method: "echo", params: params('[0,1,2,3,4,5,6,7,8,"trigger_internal_bug"]') }),
  );
  assert.equal(e.code, -1);
  assert.match(e.message, /^Internal bug detected/);
  const calls: string[] = [];
  const s = new RpcTable({ warmup: false });
  s.registerAll(createControlMethods({ table: s, now: () => 0, onStop: () => calls.push("stop") }));
  const deferred: (() => void)[] = [];
  assert.equal(
    await s.execute({ method: "stop", params: [] }, { afterResponse: (fn) => deferred.push(fn) }),
    "hashforge stopping",
  );
  assert.deepEqual(calls, []);
  for (const fn of deferred) fn();
  assert.deepEqual(calls, ["stop"]);
});

test("uptime counts seconds from creation with the injected clock", async () => {
  let now = 1_000_000;
  const t = new RpcTable({ warmup: false });
  t.registerAll(createControlMethods({ table: t, now: () => now, onStop: () => {} }));
  now += 61_999;
  assert.equal(await t.execute({ method: "uptime", params: [] }), 61);
});

test("a wallet method for a /wallet/<name> that is not loaded fails -18 after its argument checks", async () => {
  const t = new RpcTable({ warmup: false });
  t.register(
    defineRpcMethod({
      name: "walletname",
      category: "wallet",
      description: "Returns the requested wallet name.",
      params: [{ name: "n", type: "int", description: "A number" }],
      result: { type: "str" },
      handler: (_a, ctx) => ctx.wallet ?? "(default)",
    }),
  );
  t.register(
    defineRpcMethod({
      name: "listthem",
      category: "wallet",
      description: "Lists wallets; needs none.",
      params: [],
      result: { type: "any" },
      walletScoped: false,
      handler: () => "listed",
    }),
  );
  t.register(probe);
  const loaded: string[] = [""];
  const info = (wallet: string | undefined) => ({ wallet, loadedWallets: () => loaded });
  const notLoaded = { code: -18, message: "Requested wallet does not exist or is not loaded" };
  const call = (method: string, p: string, wallet: string | undefined) =>
    t.execute({ method, params: params(p) }, info(wallet));
  assert.deepEqual(await rpcError(call("walletname", "[1]", "nosuch")), notLoaded);
  // Core's handlers check their arguments before they look the wallet up.
  assert.equal((await rpcError(call("walletname", "[]", "nosuch"))).code, -1);
  assert.equal((await rpcError(call("walletname", '["x"]', "nosuch"))).code, -3);
  assert.equal(await call("walletname", "[1]", ""), "");
  assert.equal(await call("walletname", "[1]", undefined), "(default)");
  loaded.push("late"); // read on every call
  assert.equal(await call("walletname", "[1]", "late"), "late");
  assert.equal(await call("listthem", "[]", "nosuch"), "listed"); // opted out
  // Other categories ignore the name, as Core's non-wallet RPCs do.
  const probed = (await call("probe", JSON.stringify([HASH]), "nosuch")) as { wallet: string };
  assert.equal(probed.wallet, "nosuch");
  // Without a list of loaded wallets nothing is checked (in-process callers, tools).
  assert.equal(
    await t.execute({ method: "walletname", params: params("[1]") }, { wallet: "x" }),
    "x",
  );
});
