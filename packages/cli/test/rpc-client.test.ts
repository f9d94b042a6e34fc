import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../src/command.js";
import type { FetchLike } from "../src/node-rpc.js";
import {
  callRpcCli,
  convertRpcArgs,
  formatRpcCliReply,
  parseRpcCliArgs,
  RpcCliError,
  type RpcCliSettings,
} from "../src/rpc-client.js";

function call(argv: string[]) {
  const r = parseRpcCliArgs(argv, "/home/u/.hashforge");
  assert.equal(r.kind, "call");
  return r;
}

test("settings: chain ports, data directories and cookie paths like bitcoin-cli", () => {
  const main = call(["getblockcount"]);
  assert.equal(main.method, "getblockcount");
  assert.equal(main.settings.host, "127.0.0.1");
  assert.equal(main.settings.port, 8332);
  assert.equal(main.settings.cookieFile, "/home/u/.hashforge/.cookie");
  assert.equal(main.settings.timeoutMs, 900_000);
  assert.equal(call(["-testnet", "x"]).settings.cookieFile, "/home/u/.hashforge/testnet3/.cookie");
  assert.equal(call(["-testnet", "x"]).settings.port, 18332);
  assert.equal(call(["-chain=testnet4", "x"]).settings.port, 48332);
  assert.equal(call(["-signet", "x"]).settings.port, 38332);
  const reg = call(["-regtest", "-datadir=/d", "--rpcwallet=w", "-named", "m", "a=1", "-x"]);
  assert.equal(reg.settings.port, 18443);
  assert.equal(reg.settings.cookieFile, "/d/regtest/.cookie");
  assert.equal(reg.settings.wallet, "w");
  assert.equal(reg.settings.named, true);
  assert.deepEqual(reg.args, ["a=1", "-x"]); // options end at the method
  assert.equal(call(["-rpccookiefile=/abs/c", "x"]).settings.cookieFile, "/abs/c");
  assert.equal(
    call(["-rpccookiefile=c2", "-regtest", "x"]).settings.cookieFile,
    "/home/u/.hashforge/regtest/c2",
  );
  assert.deepEqual(
    [
      call(["-rpcconnect=10.0.0.1:9999", "x"]).settings.host,
      call(["-rpcconnect=10.0.0.1:9999", "x"]).settings.port,
    ],
    ["10.0.0.1", 9999],
  );
  assert.equal(call(["-rpcconnect=10.0.0.1:9999", "-rpcport=1234", "x"]).settings.port, 1234);
  assert.equal(call(["-rpcconnect=[::1]:7", "x"]).settings.host, "::1");
  assert.equal(call(["-rpcconnect=::1", "x"]).settings.port, 8332);
  assert.equal(call(["-named", "-nonamed", "x"]).settings.named, false);
  assert.equal(call(["-rpcclienttimeout=0", "x"]).settings.timeoutMs, 0);
  assert.deepEqual(parseRpcCliArgs(["-h"], "/"), { kind: "help" });
  assert.deepEqual(parseRpcCliArgs(["-generate-auth", "bob"], "/"), {
    kind: "generate-auth",
    user: "bob",
    password: undefined,
  });
  for (const bad of [
    ["-foo", "x"],
    ["-regtest", "-testnet", "x"],
    ["-chain=main", "-signet", "x"],
    ["-rpcport=0", "x"],
    ["-rpcport=abc", "x"],
    ["-chain=mynet", "x"],
    ["-rpcuser", "x"],
    ["-named=2", "x"],
    [],
  ]) {
    assert.throws(() => parseRpcCliArgs(bad, "/"), UsageError, bad.join(" "));
  }
});

test("argument conversion follows the table; numbers keep their text", () => {
  assert.equal(convertRpcArgs("getblockhash", ["100"], false), "[100]");
  assert.equal(convertRpcArgs("getblock", ["abc", "2"], false), '["abc",2]');
  assert.equal(convertRpcArgs("echo", ["1", "true"], false), '["1","true"]');
  assert.equal(
    convertRpcArgs("echojson", ["0.10", "true", '{"a":[1e-8]}', "null"], false),
    '[0.10,true,{"a":[1e-8]},null]',
  );
  assert.equal(convertRpcArgs("sendtoaddress", ["bc1q", "0.29"], false), '["bc1q",0.29]');
  assert.equal(convertRpcArgs("unknownmethod", ["1"], false), '["1"]');
  assert.throws(() => convertRpcArgs("echojson", ["{bad"], false), {
    name: "RpcCliError",
    message: "Error parsing JSON: {bad",
  });
  assert.equal(
    convertRpcArgs("sendtoaddress", ["amount=0.1", "address=bc1q", "amount=0.2"], true),
    '{"amount":0.2,"address":"bc1q"}',
  );
  assert.equal(
    convertRpcArgs("getblock", ["abc", "verbosity=2"], true),
    '{"verbosity":2,"args":["abc"]}',
  );
  assert.equal(convertRpcArgs("getblockhash", ["7"], true), '{"args":[7]}');
  assert.equal(convertRpcArgs("x", ["a=b=c"], true), '{"a":"b=c"}');
});

test("output: raw strings, pretty JSON, nothing for null, errors with |code| as exit code", () => {
  const parse = (result: unknown, error: unknown = null) =>
    formatRpcCliReply({ result: result as never, error: error as never });
  assert.deepEqual(parse("000abc"), { exitCode: 0, stdout: "000abc\n", stderr: "" });
  assert.deepEqual(parse(null), { exitCode: 0, stdout: "", stderr: "" });
  assert.deepEqual(parse([]), { exitCode: 0, stdout: "[\n]\n", stderr: "" });
  assert.deepEqual(parse({ a: true }), { exitCode: 0, stdout: '{\n  "a": true\n}\n', stderr: "" });
  assert.deepEqual(parse(null, { code: -8, message: "Block height out of range" }), {
    exitCode: 8,
    stdout: "",
    stderr: "error code: -8\nerror message:\nBlock height out of range\n",
  });
  assert.match(
    parse(null, { code: -19, message: "Wallet file not specified" }).stderr,
    /-rpcwallet=<walletname>/,
  );
  assert.deepEqual(parse(null, "weird"), { exitCode: 1, stdout: "", stderr: 'error: "weird"\n' });
});

const SETTINGS: RpcCliSettings = {
  host: "127.0.0.1",
  port: 18443,
  wallet: undefined,
  user: "u",
  password: "p",
  cookieFile: "/nonexistent/.cookie",
  named: false,
  timeoutMs: 1000,
};

function fakeFetch(
  status: number,
  body: string,
  seen: { url?: string; auth?: string } = {},
): FetchLike {
  return async (url, init) => {
    seen.url = url;
    seen.auth = (init.headers as Record<string, string>).authorization;
    return new Response(status === 204 ? null : body, { status });
  };
}

async function cliError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RpcCliError, String(err));
    return err.message;
  }
  assert.fail("expected RpcCliError");
}

test("HTTP statuses are interpreted like bitcoin-cli", async () => {
  const io = (status: number, body: string) => ({
    fetch: fakeFetch(status, body),
    readFile: () => {
      throw new Error("no file");
    },
  });
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(401, ""))),
    "Authorization failed: Incorrect rpcuser or rpcpassword",
  );
  assert.match(
    await cliError(callRpcCli({ ...SETTINGS, password: "" }, "x", "[]", io(401, ""))),
    /^Could not locate RPC credentials. No authentication cookie could be found at \/nonexistent\/.cookie/,
  );
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(503, "Work queue depth exceeded"))),
    "Server response: Work queue depth exceeded",
  );
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(403, ""))),
    "server returned HTTP error 403",
  );
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(200, ""))),
    "no response from server",
  );
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(200, "<html>"))),
    "couldn't parse reply from server",
  );
  assert.equal(
    await cliError(callRpcCli(SETTINGS, "x", "[]", io(200, "[1]"))),
    "expected reply to have result, error and id properties",
  );
  // 404 and 500 carry JSON-RPC errors, which are returned, not thrown.
  const notFound = await callRpcCli(
    SETTINGS,
    "x",
    "[]",
    io(404, '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}'),
  );
  assert.deepEqual(notFound.result, null);
  assert.equal((notFound.error as { message: string }).message, "Method not found");
  const seen: { url?: string; auth?: string } = {};
  await callRpcCli({ ...SETTINGS, wallet: "my w/x", host: "::1" }, "x", "[]", {
    fetch: fakeFetch(200, '{"result":1,"error":null,"id":1}', seen),
    readFile: () => "",
  });
  assert.equal(seen.url, "http://[::1]:18443/wallet/my%20w%2Fx");
  assert.equal(seen.auth, `Basic ${Buffer.from("u:p").toString("base64")}`);
  // Without -rpcpassword the cookie's first line is the credentials, read at the call; a
  // -rpcclienttimeout beyond what a timer holds means no limit rather than an error.
  const cookieSeen: { url?: string; auth?: string } = {};
  const paths: string[] = [];
  await callRpcCli({ ...SETTINGS, password: "", timeoutMs: 10_000_000_000 }, "x", "[]", {
    fetch: fakeFetch(200, '{"result":1,"error":null,"id":1}', cookieSeen),
    readFile: (path) => {
      paths.push(path);
      return "__cookie__:abc\nignored\n";
    },
  });
  assert.deepEqual(paths, ["/nonexistent/.cookie"]);
  assert.equal(cookieSeen.auth, `Basic ${Buffer.from("__cookie__:abc").toString("base64")}`);
});
