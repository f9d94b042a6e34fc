import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import {
  type FetchLike,
  fetchTransport,
  JsonRpcClient,
  RpcClientError,
  type RpcClientErrorCode,
} from "../src/index.js";

interface Seen {
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

/** A node:http server on 127.0.0.1 answering with `handler`; closed when the test ends. */
async function serve(t: TestContext, handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s = {
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(s);
      handler(s, res);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Answers each JSON-RPC call (or batch) with `answer(call)` as bitcoind does: 500 on an error. */
function jsonRpc(
  answer: (call: { id: unknown; method: string; params: unknown }) => unknown,
): Handler {
  return (s, res) => {
    const body: unknown = JSON.parse(s.body);
    const one = (c: { id: unknown; method: string; params: unknown }) => {
      try {
        return { result: answer(c), error: null, id: c.id };
      } catch (err) {
        return { result: null, error: err, id: c.id };
      }
    };
    const reply = Array.isArray(body) ? body.map(one) : one(body as never);
    const status = !Array.isArray(reply) && reply.error !== null ? 500 : 200;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(reply));
  };
}

function reply(status: number, text: string, headers: Record<string, string> = {}): Handler {
  return (_s, res) => {
    res.writeHead(status, headers);
    res.end(text);
  };
}

async function failure(p: Promise<unknown>): Promise<RpcClientError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RpcClientError, String(err));
    return err;
  }
  assert.fail("expected an RpcClientError");
}

async function code(p: Promise<unknown>): Promise<RpcClientErrorCode> {
  return (await failure(p)).code;
}

test("a call is bitcoin-cli's request with Basic auth, and returns the result", async (t) => {
  const node = await serve(
    t,
    jsonRpc((c) => ({ method: c.method, params: c.params })),
  );
  const client = new JsonRpcClient({ url: node.url, credentials: { user: "u", password: "p:q" } });
  assert.deepEqual(await client.call("getblockhash", [0]), { method: "getblockhash", params: [0] });
  assert.deepEqual(await client.call("getblock", { blockhash: "ab", verbosity: 2 }), {
    method: "getblock",
    params: { blockhash: "ab", verbosity: 2 },
  });
  const [first, second] = node.seen;
  assert.equal(first!.url, "/");
  assert.equal(first!.body, '{"method":"getblockhash","params":[0],"id":1}');
  assert.equal(
    second!.body,
    '{"method":"getblock","params":{"blockhash":"ab","verbosity":2},"id":2}',
  );
  assert.equal(first!.headers.authorization, `Basic ${Buffer.from("u:p:q").toString("base64")}`);
  assert.equal(first!.headers["content-type"], "application/json");
});

test("URL credentials move into the header and never show in the URL or messages", async (t) => {
  const node = await serve(t, reply(503, "Work queue depth exceeded"));
  const withUrlAuth = node.url.replace("http://", "http://al%20ice:s%3Acret@");
  const client = new JsonRpcClient({ url: withUrlAuth });
  assert.equal(client.url, `${node.url}/`);
  const err = await failure(client.call("x"));
  assert.equal(err.code, "http");
  assert.equal(err.httpStatus, 503);
  assert.equal(err.responseText, "Work queue depth exceeded");
  assert.doesNotMatch(err.message, /cret|ice/);
  assert.equal(
    node.seen[0]!.headers.authorization,
    `Basic ${Buffer.from("al ice:s:cret").toString("base64")}`,
  );
  // Explicit credentials win over the URL's.
  await failure(
    new JsonRpcClient({ url: withUrlAuth, credentials: { user: "a", password: "b" } }).call("x"),
  );
  assert.equal(
    node.seen[1]!.headers.authorization,
    `Basic ${Buffer.from("a:b").toString("base64")}`,
  );
});

test("the cookie is read at every call; without one the request goes out unauthenticated", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "rpc-client-cookie-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cookie = join(dir, ".cookie");
  const expected = () => `Basic ${Buffer.from("__cookie__:abc").toString("base64")}`;
  const node = await serve(t, (s, res) => {
    if (s.headers.authorization !== expected()) return reply(401, "")(s, res);
    return jsonRpc(() => "ok")(s, res);
  });
  const client = new JsonRpcClient({ url: node.url, credentials: { cookieFile: cookie } });
  const missing = await failure(client.call("uptime"));
  assert.equal(missing.code, "auth");
  assert.equal(missing.missingCookie, cookie);
  assert.equal(missing.httpStatus, 401);
  assert.match(missing.message, /cannot read cookie file .*\.cookie/);
  assert.equal(node.seen[0]!.headers.authorization, undefined);
  writeFileSync(cookie, "__cookie__:abc\nsecond line ignored\n");
  assert.equal(await client.call("uptime"), "ok");
  writeFileSync(cookie, "__cookie__:changed");
  const wrong = await failure(client.call("uptime"));
  assert.equal(wrong.code, "auth");
  assert.equal(wrong.missingCookie, undefined);
  writeFileSync(cookie, "no colon here");
  assert.equal((await failure(client.call("uptime"))).missingCookie, cookie);
});

test("a wallet goes into the path URL-encoded, as -rpcwallet does", async (t) => {
  const node = await serve(
    t,
    jsonRpc(() => 1),
  );
  const client = new JsonRpcClient({ url: node.url, wallet: "my w/x" });
  await client.call("getbalances");
  await client.withWallet(undefined).call("getbalances");
  await client.withWallet("").call("getbalances");
  assert.deepEqual(
    node.seen.map((s) => s.url),
    ["/wallet/my%20w%2Fx", "/", "/wallet/"],
  );
  assert.equal(client.url, `${node.url}/wallet/my%20w%2Fx`);
});

test("HTTP statuses are read as bitcoin-cli reads them", async (t) => {
  const cases: [Handler, RpcClientErrorCode, number | undefined][] = [
    [reply(401, ""), "auth", 401],
    [reply(403, ""), "http", 403],
    // Only 400, 404 and 500 carry a JSON-RPC reply; any other error status is an HTTP error.
    [reply(403, '{"result":null,"error":{"code":-1,"message":"no"},"id":1}'), "http", 403],
    [reply(503, '{"result":null,"error":{"code":-1,"message":"busy"},"id":1}'), "http", 503],
    [reply(404, ""), "http", 404],
    [reply(405, ""), "http", 405],
    [reply(500, "<html>oops</html>"), "http", 500],
    [reply(200, "<html>"), "bad-response", 200],
    [reply(200, ""), "bad-response", 200],
    [reply(200, "[1]"), "bad-response", 200],
    [reply(200, '{"result":1,"error":null,"id":99}'), "bad-response", 200],
    [reply(200, '{"error":null,"id":1}'), "bad-response", 200],
  ];
  for (const [handler, expected, status] of cases) {
    const node = await serve(t, handler);
    const err = await failure(new JsonRpcClient({ url: node.url }).call("x"));
    assert.equal(err.code, expected, err.message);
    assert.equal(err.httpStatus, status, err.message);
  }
  // 404 and 500 with a JSON-RPC error in the body are that error (Core's legacy replies).
  const notFound = await serve(
    t,
    reply(404, '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}'),
  );
  const err = await failure(new JsonRpcClient({ url: notFound.url }).call("nosuch"));
  assert.equal(err.code, "rpc");
  assert.equal(err.rpcCode, -32601);
  assert.equal(err.rpcMessage, "Method not found");
  assert.equal(err.message, "nosuch: Method not found (code -32601)");
  const rpcError = await serve(
    t,
    jsonRpc(() => {
      throw { code: -8, message: "Block height out of range" };
    }),
  );
  const e8 = await failure(new JsonRpcClient({ url: rpcError.url }).call("getblockhash", [9]));
  assert.deepEqual([e8.code, e8.rpcCode, e8.httpStatus], ["rpc", -8, 500]);
  const oddError = await serve(t, reply(500, '{"result":null,"error":"boom","id":1}'));
  const odd = await failure(new JsonRpcClient({ url: oddError.url }).call("x"));
  assert.deepEqual([odd.code, odd.rpcCode], ["rpc", undefined]);
});

test("callRaw returns the reply text as sent, so exact numbers survive", async (t) => {
  const text = '{"result":{"amount":0.10000000,"big":12345678901234567890},"error":null,"id":1}';
  const node = await serve(t, reply(500, text));
  const client = new JsonRpcClient({ url: node.url });
  assert.deepEqual(await client.callRaw("echojson", "[0.10,1e-8]"), { status: 500, text });
  assert.equal(node.seen[0]!.body, '{"method":"echojson","params":[0.10,1e-8],"id":1}');
  assert.equal(await code(client.callRaw("", "[]")), "bad-request");
  const refused = await serve(t, reply(401, ""));
  assert.equal(await code(new JsonRpcClient({ url: refused.url }).callRaw("x", "[]")), "auth");
});

test("a batch is one request; each call gets its own result or error, in call order", async (t) => {
  const node = await serve(t, (s, res) => {
    const calls = JSON.parse(s.body) as { id: number; method: string; params: unknown[] }[];
    // Answer in reverse order and leave one out: the client matches by id.
    const replies = calls
      .filter((c) => c.method !== "lost")
      .map((c) =>
        c.method === "bad"
          ? { result: null, error: { code: -5, message: "nope" }, id: c.id }
          : { result: c.params[0], error: null, id: c.id },
      )
      .reverse();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(replies));
  });
  const client = new JsonRpcClient({ url: node.url });
  const results = await client.batch([
    { method: "a", params: [1] },
    { method: "bad" },
    { method: "lost" },
    { method: "b", params: ["two"] },
  ]);
  assert.equal(node.seen.length, 1);
  assert.deepEqual(results[0], { ok: true, result: 1 });
  assert.deepEqual(results[3], { ok: true, result: "two" });
  const bad = results[1]!;
  assert.ok(!bad.ok && bad.error.code === "rpc" && bad.error.rpcCode === -5);
  const lost = results[2]!;
  assert.ok(!lost.ok && lost.error.code === "bad-response");
  assert.deepEqual(await client.batch([]), []);
  assert.equal(node.seen.length, 1, "an empty batch sends nothing");

  const wholeFailure = await serve(
    t,
    reply(500, '{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}'),
  );
  const err = await failure(new JsonRpcClient({ url: wholeFailure.url }).batch([{ method: "a" }]));
  assert.deepEqual([err.code, err.rpcCode], ["rpc", -32700]);
  const notArray = await serve(t, reply(200, '{"result":1,"error":null,"id":1}'));
  assert.equal(
    await code(new JsonRpcClient({ url: notArray.url }).batch([{ method: "a" }])),
    "bad-response",
  );
});

test("a node that never answers times out; a signal aborts with its reason", async (t) => {
  const held: ServerResponse[] = [];
  let arrived = () => {};
  const node = await serve(t, (_s, res) => {
    held.push(res);
    arrived();
  });
  const client = new JsonRpcClient({ url: node.url, timeoutMs: 150 });
  const started = Date.now();
  const err = await failure(client.call("getblocktemplate"));
  assert.equal(err.code, "timeout");
  assert.match(err.message, /did not answer within 150 ms/);
  assert.ok(Date.now() - started >= 140);
  assert.equal(await code(client.call("x", [], { timeoutMs: 50 })), "timeout");
  // No timeout: only the signal ends the call, and it rejects with the signal's reason.
  const controller = new AbortController();
  const reached = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const pending = client.call("getblocktemplate", [{ longpollid: "x" }], {
    timeoutMs: 0,
    signal: controller.signal,
  });
  await reached;
  const reason = new Error("stop waiting");
  controller.abort(reason);
  await assert.rejects(pending, (e) => e === reason);
  const aborted = AbortSignal.abort(new Error("already"));
  await assert.rejects(client.call("x", [], { signal: aborted }), /already/);
  assert.equal(held.length, 3, "an already aborted call sends nothing");
});

test("responses beyond the size cap are refused, declared or streamed", async (t) => {
  const declared = await serve(t, reply(200, "x".repeat(2000)));
  assert.equal(
    await code(new JsonRpcClient({ url: declared.url, maxResponseBytes: 1000 }).call("x")),
    "too-large",
  );
  const streamed = await serve(t, (_s, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    for (let i = 0; i < 20; i++) res.write("x".repeat(100));
    res.end();
  });
  assert.equal(
    await code(new JsonRpcClient({ url: streamed.url, maxResponseBytes: 1000 }).call("x")),
    "too-large",
  );
});

test("unreachable nodes and dropped connections are network errors", async (t) => {
  const dead = createServer();
  dead.listen(0, "127.0.0.1");
  await once(dead, "listening");
  const deadPort = (dead.address() as AddressInfo).port;
  dead.close();
  await once(dead, "close");
  const err = await failure(new JsonRpcClient({ url: `http://127.0.0.1:${deadPort}` }).call("x"));
  assert.equal(err.code, "network");
  assert.match(err.message, new RegExp(`cannot reach node at http://127.0.0.1:${deadPort}/`));
  const dropping = await serve(t, (_s, res) => {
    res.writeHead(200, { "content-length": "100" });
    res.write("{");
    res.socket?.destroy();
  });
  assert.equal(await code(new JsonRpcClient({ url: dropping.url }).call("x")), "network");
});

test("unusable options and params are refused before anything is sent", async () => {
  assert.throws(() => new JsonRpcClient({ url: "not a url" }), {
    name: "RpcClientError",
    code: "bad-url",
  });
  assert.throws(() => new JsonRpcClient({ url: "ftp://127.0.0.1" }), { code: "bad-url" });
  assert.throws(() => new JsonRpcClient({ url: "http://127.0.0.1", timeoutMs: -1 }), {
    code: "bad-request",
  });
  assert.throws(() => new JsonRpcClient({ url: "http://127.0.0.1", maxResponseBytes: 0 }), {
    code: "bad-request",
  });
  const sent: string[] = [];
  const client = new JsonRpcClient({
    url: "http://127.0.0.1:1",
    transport: async (r) => {
      sent.push(r.body);
      return { status: 200, body: "" };
    },
  });
  assert.equal(await code(client.call("x", [1n])), "bad-request");
  assert.equal(await code(client.call("")), "bad-request");
  assert.equal(await code(client.call("x", [], { timeoutMs: 1.5 })), "bad-request");
  assert.deepEqual(sent, []);
});

test("fetchTransport posts through a fetch function and caps the body", async () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const fake: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const body = JSON.parse(String(init.body)) as { id: number };
    return new Response(JSON.stringify({ result: "hi", error: null, id: body.id }), {
      status: 200,
    });
  };
  const client = new JsonRpcClient({
    url: "http://u:p@127.0.0.1:8332",
    wallet: "w",
    transport: fetchTransport(fake),
  });
  assert.equal(await client.call("echo", ["hi"]), "hi");
  assert.equal(calls[0]!.url, "http://127.0.0.1:8332/wallet/w");
  const headers = calls[0]!.init.headers as Record<string, string>;
  assert.equal(headers.authorization, `Basic ${Buffer.from("u:p").toString("base64")}`);
  assert.equal(calls[0]!.init.method, "POST");
  const huge: FetchLike = async () => new Response("x".repeat(5000), { status: 200 });
  assert.equal(
    await code(
      new JsonRpcClient({
        url: "http://127.0.0.1:1",
        maxResponseBytes: 100,
        transport: fetchTransport(huge),
      }).call("x"),
    ),
    "too-large",
  );
  const refused: FetchLike = async () => Promise.reject(new TypeError("fetch failed"));
  assert.equal(
    await code(
      new JsonRpcClient({ url: "http://127.0.0.1:1", transport: fetchTransport(refused) }).call(
        "x",
      ),
    ),
    "network",
  );
});
