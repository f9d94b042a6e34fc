import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { request } from "node:http";
import { connect, createServer as createNetServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { createControlMethods } from "../src/jsonrpc/control-methods.js";
import { RpcAllowListError } from "../src/jsonrpc/rpc-allow-list.js";
import { generateRpcAuth } from "../src/jsonrpc/rpc-auth.js";
import {
  bindFailure,
  DEFAULT_RPC_LOOPBACK_BIND,
  isAddressUnavailable,
  RPCALLOWIP_WITHOUT_RPCBIND_WARNING,
  RPCBIND_IGNORED_WARNING,
  rpcBindPlan,
  splitRpcBind,
} from "../src/jsonrpc/rpc-bind-endpoints.js";
import { RpcError, RpcErrorCode } from "../src/jsonrpc/rpc-error.js";
import {
  RpcHttpServer,
  type RpcHttpServerOptions,
  type RpcLogger,
  RpcServerError,
} from "../src/jsonrpc/rpc-http-server.js";
import { defineRpcMethod } from "../src/jsonrpc/rpc-method.js";
import { RpcTable } from "../src/jsonrpc/rpc-table.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "POST",
        path: options.path ?? "/",
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function rawSocket(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
    socket.write(data);
  });
}

/** Parses every complete HTTP response in `raw` (bodies framed by Content-Length). */
function parseResponses(raw: Buffer): Reply[] {
  const replies: Reply[] = [];
  let rest = raw;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end === -1) return replies;
    const [statusLine = "", ...lines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? "0");
    if (rest.length < end + 4 + length) return replies;
    replies.push({
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: rest.subarray(end + 4, end + 4 + length).toString("utf8"),
    });
    rest = rest.subarray(end + 4 + length);
  }
}

/**
 * Writes `parts` to a raw TCP connection, one write per part (each after the previous was
 * flushed), and resolves with the first `count` responses, or with fewer if the server closes.
 */
function exchange(port: number, parts: readonly string[], count = 1): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = Buffer.alloc(0);
    const finish = () => {
      socket.destroy();
      resolve(parseResponses(received));
    };
    socket.on("data", (c: Buffer) => {
      received = Buffer.concat([received, c]);
      if (parseResponses(received).length >= count) finish();
    });
    socket.on("close", finish);
    socket.on("error", reject);
    const write = (i: number) => {
      if (i < parts.length) socket.write(parts[i]!, () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

/** A request head and body with the given line ending (the head lines joined by `eol`). */
function rawRequest(eol: string, head: readonly string[], body: string): string {
  const lines = [...head, `Content-Length: ${Buffer.byteLength(body)}`];
  return `${lines.join(eol)}${eol}${eol}${body}`;
}

/** A logger that keeps every warning and info line. */
function recordingLogger(): RpcLogger & { lines: { level: string; obj: object; msg: string }[] } {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const keep = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, msg: msg ?? "" });
  };
  return { lines, debug() {}, info: keep("info"), warn: keep("warn"), error: keep("error") };
}

/** Occupies a free 127.0.0.1 port for the test's duration. */
async function occupyPort(t: TestContext): Promise<number> {
  const blocker: NetServer = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as { port: number }).port;
}

/** Resolves with the connection error code for 127.0.0.1:`port`, or "connected". */
function probePort(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? String(err)));
  });
}

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString("base64")}`;
const counterBytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

/** A promise with its resolver exposed, to hold a handler mid-call. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

interface Harness {
  server: RpcHttpServer;
  table: RpcTable;
  port: number;
  auth: string;
  cookieFile: string;
  stops: number;
  delays: number;
  holdOutcome: string | undefined;
  post: (
    body: string | Buffer,
    extra?: { path?: string; headers?: Record<string, string> },
  ) => Promise<Reply>;
  hold: { started: ReturnType<typeof gate>; release: ReturnType<typeof gate> };
}

async function start(
  t: TestContext,
  overrides: Partial<RpcHttpServerOptions> = {},
  warmup: string | false = false,
): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "hashforge-rpc-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cookieFile = join(dir, ".cookie");
  const table = new RpcTable({ warmup });
  const h = {
    stops: 0,
    delays: 0,
    hold: { started: gate(), release: gate() },
  } as Harness;
  table.registerAll(createControlMethods({ table, now: () => 0, onStop: () => h.stops++ }));
  table.register(
    defineRpcMethod({
      name: "whoami",
      category: "test",
      description: "Returns the caller's wallet and user.",
      params: [],
      result: { type: "any" },
      handler: (_a, ctx) => ({ wallet: ctx.wallet ?? null, user: ctx.user }),
    }),
  );
  table.register(
    defineRpcMethod({
      name: "walletname",
      category: "wallet",
      description: "Returns the requested wallet name.",
      params: [],
      result: { type: "any" },
      handler: (_a, ctx) => ctx.wallet ?? null,
    }),
  );
  table.register(
    defineRpcMethod({
      name: "hold",
      category: "test",
      description: "Waits until the test releases it.",
      params: [],
      result: { type: "any" },
      handler: async (_a, ctx) => {
        h.hold.started.open();
        await Promise.race([
          h.hold.release.promise,
          new Promise((resolve) => ctx.signal.addEventListener("abort", resolve)),
        ]);
        h.holdOutcome = ctx.signal.aborted ? "aborted" : "released";
        return h.holdOutcome;
      },
    }),
  );
  table.register(
    defineRpcMethod({
      name: "fail",
      category: "test",
      description: "Fails with RPC_VERIFY_REJECTED.",
      params: [{ name: "reason", type: "str", description: "why" }],
      result: { type: "none" },
      handler: ({ reason }) => {
        throw new RpcError(RpcErrorCode.RPC_VERIFY_REJECTED, reason);
      },
    }),
  );
  const server = new RpcHttpServer({
    table,
    port: 0,
    loopbackBind: ["127.0.0.1"],
    auth: { cookieFile, randomBytes: counterBytes },
    authFailureDelay: async () => {
      h.delays++;
    },
    ...overrides,
  });
  await server.start();
  t.after(() => server.stop());
  h.server = server;
  h.table = table;
  h.port = server.port;
  h.cookieFile = cookieFile;
  h.auth = overrides.auth?.password
    ? basic(`${overrides.auth.user}:${overrides.auth.password}`)
    : basic(await readFile(cookieFile, "utf8"));
  h.post = (body, extra = {}) =>
    send(h.port, {
      body,
      ...(extra.path ? { path: extra.path } : {}),
      headers: { authorization: h.auth, "content-type": "application/json", ...extra.headers },
    });
  return h;
}

test("the cookie is written 0600 at start, accepted, and deleted at stop", async (t) => {
  const h = await start(t);
  const cookie = await readFile(h.cookieFile, "utf8");
  assert.equal(cookie, `__cookie__:${Buffer.from(counterBytes(32)).toString("hex")}`);
  assert.equal((await stat(h.cookieFile)).mode & 0o777, 0o600);
  const r = await h.post('{"method":"whoami","id":1}');
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"result":{"wallet":null,"user":"__cookie__"},"error":null,"id":1}\n');
  await h.server.stop();
  await assert.rejects(stat(h.cookieFile), { code: "ENOENT" });
  await h.server.stop(); // idempotent
});

test("authentication failures: 401 with WWW-Authenticate, delayed only for wrong credentials", async (t) => {
  const h = await start(t);
  const noAuth = await send(h.port, { body: '{"method":"uptime"}' });
  assert.equal(noAuth.status, 401);
  assert.equal(noAuth.headers["www-authenticate"], 'Basic realm="jsonrpc"');
  assert.equal(noAuth.body, "");
  assert.equal(h.delays, 0);
  for (const header of [
    basic("__cookie__:wrong"),
    basic("nocolon"),
    "Bearer abc",
    "Basic !!!notbase64",
    `basic ${Buffer.from(await readFile(h.cookieFile, "utf8")).toString("base64")}`,
  ]) {
    const r = await send(h.port, {
      body: '{"method":"uptime"}',
      headers: { authorization: header },
    });
    assert.equal(r.status, 401, header);
    assert.equal(r.headers["www-authenticate"], 'Basic realm="jsonrpc"');
  }
  assert.equal(h.delays, 5);
});

test("rpcuser/rpcpassword replaces the cookie; rpcauth entries work alongside", async (t) => {
  const generated = generateRpcAuth("alice", undefined, counterBytes);
  assert.match(generated.entry, /^alice:[0-9a-f]{32}\$[0-9a-f]{64}$/);
  assert.equal(generated.password, Buffer.from(counterBytes(32)).toString("base64url"));
  const fixed = generateRpcAuth("bob", "hunter2", () => new Uint8Array(16));
  // The salt is the hex text of the 16 random bytes, used as the HMAC key as text (like
  // rpcauth.py); expected value from `openssl dgst -sha256 -hmac <salt>`.
  assert.equal(
    fixed.entry,
    "bob:00000000000000000000000000000000$e34b247d8d254c3c56685ef4d537b5b7c2cbbf09479628835f16401555acccdc",
  );
  const h = await start(t, {
    auth: { user: "root", password: "pw", rpcauth: [generated.entry, fixed.entry] },
  });
  await assert.rejects(stat(h.cookieFile), { code: "ENOENT" }); // no cookie with a password
  const call = (userPass: string) =>
    send(h.port, {
      body: '{"method":"whoami","id":1}',
      headers: { authorization: basic(userPass) },
    });
  assert.equal((await call("root:pw")).status, 200);
  const alice = await call(`alice:${generated.password}`);
  assert.equal(alice.status, 200);
  assert.match(alice.body, /"user":"alice"/);
  assert.equal((await call("bob:hunter2")).status, 200);
  assert.equal((await call("bob:hunter3")).status, 401);
  assert.equal((await call(`bob:${generated.password}`)).status, 401); // another user's password
  assert.equal((await call("root:PW")).status, 401);
  await assert.rejects(
    new RpcHttpServer({ table: h.table, port: 0, auth: { rpcauth: ["bad"] } }).start(),
    /Invalid -rpcauth/,
  );
  await assert.rejects(
    new RpcHttpServer({ table: h.table, port: 0, auth: {} }).start(),
    /no RPC credentials configured/,
  );
});

test("routing: Core's status codes for methods and paths; wallet name from the URI", async (t) => {
  const h = await start(t);
  const get = await send(h.port, { method: "GET", headers: { authorization: h.auth } });
  assert.equal(get.status, 405);
  assert.equal(get.body, "JSONRPC server handles only POST requests");
  const del = await send(h.port, { method: "DELETE", headers: { authorization: h.auth } });
  assert.equal(del.status, 405);
  assert.equal(del.body, "");
  for (const path of ["/foo", "/?x=1", "/wallet", "//"]) {
    const r = await h.post('{"method":"uptime"}', { path });
    assert.equal(r.status, 404, path);
    assert.equal(r.body, "");
  }
  const w = await h.post('{"method":"whoami","id":"w"}', { path: "/wallet/my%20w%C3%A9llet" });
  assert.equal(w.status, 200);
  assert.match(w.body, /"wallet":"my wéllet"/);
  const empty = await h.post('{"method":"whoami","id":"w"}', { path: "/wallet/" });
  assert.match(empty.body, /"wallet":""/);
});

test("JSON-RPC 1.0: errors are HTTP errors with result null, error and id", async (t) => {
  const h = await start(t);
  const ok = await h.post('{"jsonrpc":"1.0","id":1.0,"method":"echo","params":[0.10,"x"]}');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers["content-type"], "application/json");
  assert.equal(ok.body, '{"result":[0.10,"x"],"error":null,"id":1.0}\n'); // numbers echoed verbatim
  const notFound = await h.post('{"id":"a","method":"nope"}');
  assert.equal(notFound.status, 404);
  assert.equal(
    notFound.body,
    '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"a"}\n',
  );
  const rejected = await h.post('{"id":2,"method":"fail","params":["bad-txns"]}');
  assert.equal(rejected.status, 500);
  assert.equal(rejected.body, '{"result":null,"error":{"code":-26,"message":"bad-txns"},"id":2}\n');
  const typeError = await h.post('{"id":3,"method":"fail","params":[1]}');
  assert.equal(typeError.status, 500);
  assert.match(
    typeError.body,
    /"code":-3,"message":"Wrong type passed:\\n\{\\n {4}\\"Position 1 \(reason\)\\"/,
  );
  const parse = await h.post("{not json");
  assert.equal(parse.status, 500);
  assert.equal(
    parse.body,
    '{"result":null,"error":{"code":-32700,"message":"Parse error"},"id":null}\n',
  );
  const scalar = await h.post("42");
  assert.equal(scalar.status, 500);
  assert.match(scalar.body, /"code":-32700,"message":"Top-level object parse error"/);
  const invalid = await h.post('{"id":4}');
  assert.equal(invalid.status, 400);
  assert.equal(
    invalid.body,
    '{"result":null,"error":{"code":-32600,"message":"Missing method"},"id":4}\n',
  );
  for (const [body, message] of [
    ['{"id":5,"method":7}', "Method must be a string"],
    ['{"id":5,"method":"uptime","params":"x"}', "Params must be an array or object"],
    ['{"id":5,"method":"uptime","jsonrpc":1}', "jsonrpc field must be a string"],
    ['{"id":5,"method":"uptime","jsonrpc":"3.0"}', "JSON-RPC version not supported"],
  ] as const) {
    const r = await h.post(body);
    assert.equal(r.status, 400, body);
    assert.match(r.body, new RegExp(`"code":-32600,"message":"${message}"`));
  }
  const noId = await h.post('{"method":"uptime"}'); // 1.0 without id: answered, no id member
  assert.equal(noId.status, 200);
  assert.equal(noId.body, '{"result":0,"error":null}\n');
});

test("JSON-RPC 2.0: HTTP 200 with result or error only; notifications get 204", async (t) => {
  const h = await start(t);
  const ok = await h.post('{"jsonrpc":"2.0","id":"x","method":"uptime"}');
  assert.equal(ok.status, 200);
  assert.equal(ok.body, '{"jsonrpc":"2.0","result":0,"id":"x"}\n');
  const err = await h.post('{"jsonrpc":"2.0","id":"x","method":"nope"}');
  assert.equal(err.status, 200);
  assert.equal(
    err.body,
    '{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"x"}\n',
  );
  const failed = await h.post(
    '{"jsonrpc":"2.0","id":null,"method":"fail","params":{"reason":"r"}}',
  );
  assert.equal(failed.status, 200);
  assert.equal(failed.body, '{"jsonrpc":"2.0","error":{"code":-26,"message":"r"},"id":null}\n');
  const note = await h.post('{"jsonrpc":"2.0","method":"stop"}');
  assert.equal(note.status, 204);
  assert.equal(note.body, "");
  assert.equal(h.stops, 1); // notifications are executed, just not answered
  const bad = await h.post('{"jsonrpc":"2.0","id":1}'); // invalid request is still an HTTP error
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body,
    '{"jsonrpc":"2.0","error":{"code":-32600,"message":"Missing method"},"id":1}\n',
  );
});

test("batches: one reply per non-notification, errors inline, 204 or [] when nothing to say", async (t) => {
  const h = await start(t);
  const r = await h.post(
    '[{"id":1,"method":"uptime"},{"jsonrpc":"2.0","id":2,"method":"nope"},{"jsonrpc":"2.0","method":"uptime"},7,{"id":3,"method":"fail","params":["x"]}]',
  );
  assert.equal(r.status, 200);
  assert.equal(
    r.body,
    '[{"result":0,"error":null,"id":1},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":2},{"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":null},{"result":null,"error":{"code":-26,"message":"x"},"id":3}]\n',
  );
  const notes = await h.post(
    '[{"jsonrpc":"2.0","method":"uptime"},{"jsonrpc":"2.0","method":"uptime"}]',
  );
  assert.equal(notes.status, 204);
  // Core answers an empty batch with an empty array (not an error) for old clients.
  const empty = await h.post("[]");
  assert.equal(empty.status, 200);
  assert.equal(empty.body, "[]\n");
});

test("warm-up answers -28 until the node is ready", async (t) => {
  const h = await start(t, {}, "Loading block index...");
  const r = await h.post('{"id":1,"method":"uptime"}');
  assert.equal(r.status, 500);
  assert.equal(
    r.body,
    '{"result":null,"error":{"code":-28,"message":"Loading block index..."},"id":1}\n',
  );
  h.table.setWarmupFinished();
  assert.equal((await h.post('{"id":1,"method":"uptime"}')).status, 200);
});

test("body limit: 413 for a declared or streamed body over the limit", async (t) => {
  const h = await start(t, { maxBodyBytes: 1024 });
  const big = `{"method":"echo","params":["${"a".repeat(2000)}"]}`;
  assert.equal((await h.post(big)).status, 413);
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: h.port,
        method: "POST",
        path: "/",
        headers: { authorization: h.auth, "transfer-encoding": "chunked" },
        agent: false,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    for (let i = 0; i < 4; i++) req.write("x".repeat(512));
    req.end();
  });
  assert.equal(chunked, 413);
  const fits = `{"method":"echo","params":["${"a".repeat(900)}"]}`;
  assert.equal((await h.post(fits)).status, 200);
});

test("work queue: a full queue answers 503 'Work queue depth exceeded'", async (t) => {
  const h = await start(t, { threads: 1, workQueueDepth: 1 });
  const first = h.post('{"id":1,"method":"hold"}');
  await h.hold.started.promise; // the only worker is busy
  const second = h.post('{"id":2,"method":"uptime"}');
  while (h.server.queueStats().queued < 1) await new Promise((r) => setImmediate(r));
  const third = await h.post('{"id":3,"method":"uptime"}');
  assert.equal(third.status, 503);
  assert.equal(third.body, "Work queue depth exceeded");
  h.hold.release.open();
  assert.equal((await first).body, '{"result":"released","error":null,"id":1}\n');
  assert.equal((await second).status, 200);
  assert.deepEqual(h.server.queueStats(), { queued: 0, running: 0 });
});

test("per-request timeout fails the call with -1 and aborts the handler's signal", async (t) => {
  const h = await start(t, { requestTimeoutMs: 30 });
  const r = await h.post('{"jsonrpc":"2.0","id":1,"method":"hold"}');
  assert.equal(r.status, 200);
  assert.equal(
    r.body,
    '{"jsonrpc":"2.0","error":{"code":-1,"message":"Request timed out after 30 ms"},"id":1}\n',
  );
  while (h.holdOutcome === undefined) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(h.holdOutcome, "aborted");
});

test("allow-list: clients outside it get 403; CIDR and netmask entries", async (t) => {
  const denied = await start(t, { allowLoopback: false, allowIps: ["10.0.0.0/8", "::2"] });
  const r = await denied.post('{"method":"uptime"}');
  assert.equal(r.status, 403);
  assert.equal(r.body, "");
  const byCidr = await start(t, { allowLoopback: false, allowIps: ["127.0.0.0/30"] });
  assert.equal((await byCidr.post('{"method":"uptime"}')).status, 200);
  const byMask = await start(t, { allowLoopback: false, allowIps: ["127.0.0.1/255.255.255.255"] });
  assert.equal((await byMask.post('{"method":"uptime"}')).status, 200);
  for (const bad of ["1.2.3.4/33", "1.2.3.4/255.0.255.0", "nonsense", "1.2.3.4/8/8", ""]) {
    assert.throws(
      () => new RpcHttpServer({ table: byMask.table, port: 0, auth: {}, allowIps: [bad] }),
      (err: unknown) =>
        err instanceof RpcAllowListError &&
        err.message.startsWith(`Invalid -rpcallowip subnet specification: ${bad}. `),
      bad,
    );
  }
});

test("malformed input never crashes the server", async (t) => {
  const h = await start(t);
  const huge = await rawSocket(
    h.port,
    `POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(10_000)}\r\n\r\n`,
  );
  assert.match(huge, /^HTTP\/1\.1 431/);
  const garbage = await rawSocket(h.port, "\x00\x01 NOT HTTP\r\n\r\n");
  assert.match(garbage, /^HTTP\/1\.1 400/);
  const badUtf8 = await h.post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
  assert.equal(badUtf8.status, 500);
  assert.match(badUtf8.body, /-32700/);
  const deep = await h.post("[".repeat(100_000));
  assert.equal(deep.status, 500);
  const proto = await h.post('{"method":"echo","params":{"__proto__":1},"id":1}');
  assert.equal(proto.status, 500);
  assert.match(proto.body, /Unknown named parameter __proto__/);
  assert.equal((await h.post('{"id":1,"method":"uptime"}')).status, 200);
});

test("stop via RPC replies first, then calls the injected shutdown", async (t) => {
  const h = await start(t);
  const r = await h.post('{"id":1,"method":"stop"}');
  assert.equal(r.body, '{"result":"hashforge stopping","error":null,"id":1}\n');
  while (h.stops === 0) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(h.stops, 1);
});

test("bare-LF requests are answered as libevent answers them, keep-alive included", async (t) => {
  const h = await start(t);
  const head = ["POST / HTTP/1.1", "Host: 127.0.0.1", `Authorization: ${h.auth}`];
  const [lf] = await exchange(h.port, [rawRequest("\n", head, '{"id":1,"method":"uptime"}')]);
  assert.equal(lf?.status, 200);
  assert.equal(lf?.body, '{"result":0,"error":null,"id":1}\n');
  // Pool software keeps the connection and sends every request the same way.
  const two = await exchange(
    h.port,
    [
      rawRequest("\n", head, '{"id":1,"method":"uptime"}') +
        rawRequest("\n", head, '{"jsonrpc":"2.0","id":2,"method":"uptime"}'),
    ],
    2,
  );
  assert.deepEqual(
    two.map((r) => [r.status, r.body]),
    [
      [200, '{"result":0,"error":null,"id":1}\n'],
      [200, '{"jsonrpc":"2.0","result":0,"id":2}\n'],
    ],
  );
  // The first line may arrive in pieces.
  const whole = rawRequest("\n", head, '{"id":3,"method":"uptime"}');
  const pieces = await exchange(h.port, [whole.slice(0, 4), whole.slice(4, 15), whole.slice(15)]);
  assert.equal(pieces[0]?.body, '{"result":0,"error":null,"id":3}\n');
  const [crlf] = await exchange(h.port, [rawRequest("\r\n", head, '{"id":4,"method":"uptime"}')]);
  assert.equal(crlf?.body, '{"result":0,"error":null,"id":4}\n');
  // libevent does not insist on Host either.
  const [noHost] = await exchange(h.port, [
    rawRequest(
      "\r\n",
      ["POST / HTTP/1.1", `Authorization: ${h.auth}`],
      '{"id":5,"method":"uptime"}',
    ),
  ]);
  assert.equal(noHost?.status, 200);
});

test("malformed heads still get 400, bare LF or not", async (t) => {
  const h = await start(t);
  const auth = `Authorization: ${h.auth}`;
  const cases: [string, string][] = [
    ["no colon", "POST / HTTP/1.1\nHost: x\nBad Header Line\nContent-Length: 0\n\n"],
    ["space in name", "POST / HTTP/1.1\nHost: x\nBad Name: v\nContent-Length: 0\n\n"],
    ["bad length", "POST / HTTP/1.1\nHost: x\nContent-Length: abc\n\n"],
    ["two lengths", "POST / HTTP/1.1\nHost: x\nContent-Length: 1\nContent-Length: 2\n\nab"],
    // What the lenient parser would let through, refused by the server's own head checks:
    [
      "length and chunked",
      `POST / HTTP/1.1\n${auth}\nContent-Length: 5\nTransfer-Encoding: chunked\n\n0\n\n`,
    ],
    ["other coding", `POST / HTTP/1.1\n${auth}\nTransfer-Encoding: gzip, chunked\n\n0\n\n`],
    ["NUL in value", `POST / HTTP/1.1\n${auth}\nX-Note: a\x00b\nContent-Length: 0\n\n`],
    ["HTTP/7.3", `POST / HTTP/7.3\n${auth}\nContent-Length: 0\n\n`],
    ["garbage", "\x00\x01 NOT HTTP\n\n"],
    // A CRLF first line keeps the strict parser for the whole connection.
    ["mixed", `POST / HTTP/1.1\r\nHost: x\n${auth}\nContent-Length: 0\n\n`],
  ];
  for (const [name, data] of cases) {
    const replies = await exchange(h.port, [data]);
    assert.equal(replies[0]?.status, 400, name);
  }
  assert.equal((await h.post('{"id":1,"method":"uptime"}')).status, 200);
});

// The keep-alive timeout is long, so only stop() itself can close them within the test's time.
test("stop closes idle keep-alive connections of both parsers", { timeout: 10_000 }, async (t) => {
  const h = await start(t, { serverTimeoutMs: 120_000 });
  const head = ["POST / HTTP/1.1", "Host: 127.0.0.1", `Authorization: ${h.auth}`];
  // Resolves once answered (the connection stays open) with a promise of its close.
  const open = (eol: string) =>
    new Promise<{ closed: Promise<void> }>((resolve, reject) => {
      const socket = connect(h.port, "127.0.0.1");
      const closed = new Promise<void>((done) => socket.on("close", () => done()));
      socket.on("error", reject);
      socket.once("data", () => resolve({ closed }));
      socket.write(rawRequest(eol, head, '{"id":1,"method":"uptime"}'));
    });
  const lf = await open("\n");
  const crlf = await open("\r\n");
  await h.server.stop();
  await Promise.all([lf.closed, crlf.closed]);
  assert.deepEqual(h.server.boundAddresses, []);
});

test("a port in use: RpcServerError naming it, and the running server's cookie is kept", async (t) => {
  const h = await start(t);
  const before = await readFile(h.cookieFile, "utf8");
  const second = new RpcHttpServer({
    table: h.table,
    port: h.port,
    loopbackBind: ["127.0.0.1"],
    auth: { cookieFile: h.cookieFile, randomBytes: (n) => new Uint8Array(n).fill(7) },
  });
  await assert.rejects(second.start(), {
    name: "RpcServerError",
    code: "bind-failed",
    address: `127.0.0.1:${h.port}`,
    message: `cannot listen on 127.0.0.1:${h.port}: address in use`,
  });
  assert.deepEqual(second.boundAddresses, []);
  assert.equal(await readFile(h.cookieFile, "utf8"), before);
  assert.equal((await h.post('{"id":1,"method":"uptime"}')).status, 200);
});

test("bind failures: bad address, unresolvable name, bad port; one failure closes the others", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "hashforge-rpc-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cookieFile = join(dir, ".cookie");
  const table = new RpcTable({ warmup: false });
  table.registerAll(createControlMethods({ table, now: () => 0, onStop: () => {} }));
  const looked: string[] = [];
  const make = (bind: string[], extra: Partial<RpcHttpServerOptions> = {}) =>
    new RpcHttpServer({
      table,
      port: 0,
      bind,
      allowIps: ["127.0.0.1"],
      auth: { cookieFile },
      lookup: async (name) => {
        looked.push(name);
        if (name === "rpc.test") return "127.0.0.1";
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      },
      ...extra,
    });
  const fails = async (bind: string[], code: string, message: string) => {
    await assert.rejects(make(bind).start(), (err: unknown) => {
      assert.ok(err instanceof RpcServerError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.message, message);
      return true;
    });
    await assert.rejects(stat(cookieFile), { code: "ENOENT" }, bind.join(","));
  };
  await fails(["999.1.1.1"], "bind-failed", "cannot listen on 999.1.1.1:0: not a valid IP address");
  await fails(
    ["nowhere.invalid"],
    "bind-failed",
    "cannot listen on nowhere.invalid:0: cannot resolve host name",
  );
  assert.deepEqual(looked, ["nowhere.invalid"]); // 999.1.1.1 never reached the resolver
  for (const bad of ["127.0.0.1:http", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:"]) {
    await fails([bad], "invalid-bind", `Invalid port specified in -rpcbind: '${bad}'`);
  }
  await assert.rejects(make(["127.0.0.1"], { port: 65536 }).start(), {
    code: "invalid-bind",
    message: "Invalid port specified in -rpcport: '65536'",
  });
  const taken = await occupyPort(t);
  const logger = recordingLogger();
  const several = make(["127.0.0.1", `127.0.0.1:${taken}`], { logger });
  await assert.rejects(several.start(), {
    message: `cannot listen on 127.0.0.1:${taken}: address in use`,
  });
  const first = logger.lines.find((l) => l.msg === "Binding RPC")?.obj as { port: number };
  assert.ok(first.port > 0 && first.port !== taken);
  assert.equal(await probePort(first.port), "ECONNREFUSED"); // the address that bound is closed
  await assert.rejects(stat(cookieFile), { code: "ENOENT" });
  // A name that resolves binds its address.
  const named = make(["rpc.test"]);
  await named.start();
  t.after(() => named.stop());
  assert.deepEqual(
    named.boundAddresses.map((a) => a.host),
    ["127.0.0.1"],
  );
  assert.match(await readFile(cookieFile, "utf8"), /^__cookie__:[0-9a-f]{64}$/);
  // A cookie that cannot be written fails the start and closes what was bound.
  const badCookie = join(dir, "missing", ".cookie");
  const noCookie = make([], { auth: { cookieFile: badCookie }, loopbackBind: ["127.0.0.1"] });
  await assert.rejects(noCookie.start(), (err: unknown) => {
    assert.ok(err instanceof RpcServerError, String(err));
    assert.equal(err.code, "cookie-failed");
    assert.ok(err.message.startsWith(`cannot write RPC cookie file ${badCookie}: `), err.message);
    return true;
  });
  assert.deepEqual(noCookie.boundAddresses, []);
});

test("-rpcbind without -rpcallowip: loopback only, with Core's warning", async (t) => {
  const logger = recordingLogger();
  const h = await start(t, { bind: ["0.0.0.0", "127.0.0.1:1"], logger });
  assert.deepEqual(h.server.boundAddresses, [{ host: "127.0.0.1", port: h.port }]);
  assert.ok(
    logger.lines.some((l) => l.level === "warn" && l.msg === RPCBIND_IGNORED_WARNING),
    JSON.stringify(logger.lines),
  );
  assert.equal((await h.post('{"id":1,"method":"uptime"}')).status, 200);
  // With both options the addresses are used as given, without a warning.
  const quiet = recordingLogger();
  const both = await start(t, { bind: ["127.0.0.1"], allowIps: ["10.0.0.0/8"], logger: quiet });
  assert.deepEqual(both.server.boundAddresses, [{ host: "127.0.0.1", port: both.port }]);
  assert.deepEqual(
    quiet.lines.filter((l) => l.level === "warn"),
    [],
  );
});

test("rpcBindPlan and splitRpcBind follow Core's HTTPBindAddresses and SplitHostPort", () => {
  const loopback = DEFAULT_RPC_LOOPBACK_BIND.map((host) => ({ host, port: null, implicit: true }));
  assert.deepEqual(DEFAULT_RPC_LOOPBACK_BIND, ["::1", "127.0.0.1"]);
  assert.deepEqual(rpcBindPlan({}), { endpoints: loopback, warnings: [] });
  assert.deepEqual(rpcBindPlan({ bind: ["0.0.0.0"] }), {
    endpoints: loopback,
    warnings: [RPCBIND_IGNORED_WARNING],
  });
  assert.deepEqual(rpcBindPlan({ allowIps: ["10.0.0.0/8"] }), {
    endpoints: loopback,
    warnings: [RPCALLOWIP_WITHOUT_RPCBIND_WARNING],
  });
  assert.deepEqual(
    rpcBindPlan({
      bind: ["0.0.0.0", "[::1]:8332", "::", "node.lan:18443"],
      allowIps: ["10.0.0.1"],
    }),
    {
      endpoints: [
        { host: "0.0.0.0", port: null, implicit: false },
        { host: "::1", port: 8332, implicit: false },
        { host: "::", port: null, implicit: false },
        { host: "node.lan", port: 18443, implicit: false },
      ],
      warnings: [],
    },
  );
  // A bad port is refused even in an ignored -rpcbind, as Core's init refuses it.
  assert.throws(() => rpcBindPlan({ bind: ["0.0.0.0:x"] }), {
    name: "RpcServerError",
    message: "Invalid port specified in -rpcbind: '0.0.0.0:x'",
  });
  assert.deepEqual(splitRpcBind("[::1]"), { host: "::1", port: null });
  assert.deepEqual(splitRpcBind("fe80::1:8332"), { host: "fe80::1:8332", port: null });
  assert.deepEqual(splitRpcBind(":8332"), { host: "", port: 8332 });
  assert.deepEqual(splitRpcBind("127.0.0.1:65535"), { host: "127.0.0.1", port: 65535 });
  assert.throws(() => splitRpcBind("[::1]:0"), /Invalid port specified in -rpcbind: '\[::1\]:0'/);
  // A default loopback address this host lacks (no IPv6) is skipped; anything else fails.
  const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
  assert.equal(isAddressUnavailable(errno("EADDRNOTAVAIL")), true);
  assert.equal(isAddressUnavailable(errno("EAFNOSUPPORT")), true);
  assert.equal(isAddressUnavailable(errno("EADDRINUSE")), false);
  assert.equal(
    bindFailure("[::1]:8332", errno("EACCES")).message,
    "cannot listen on [::1]:8332: permission denied",
  );
  assert.equal(bindFailure("*:1", errno("EWEIRD")).message, "cannot listen on *:1: listen EWEIRD");
});

test("/wallet/<name> for a wallet that is not loaded: -18 from wallet methods, Core's status and shape", async (t) => {
  const loaded = ["", "my wéllet"];
  const h = await start(t, { loadedWallets: () => loaded });
  const notLoaded = '{"code":-18,"message":"Requested wallet does not exist or is not loaded"}';
  const legacy = await h.post('{"id":1,"method":"walletname"}', { path: "/wallet/nosuch" });
  assert.equal(legacy.status, 500);
  assert.equal(legacy.body, `{"result":null,"error":${notLoaded},"id":1}\n`);
  const v2 = await h.post('{"jsonrpc":"2.0","id":1,"method":"walletname"}', {
    path: "/wallet/no%20such",
  });
  assert.equal(v2.status, 200);
  assert.equal(v2.body, `{"jsonrpc":"2.0","error":${notLoaded},"id":1}\n`);
  const batch = await h.post('[{"id":1,"method":"walletname"},{"id":2,"method":"uptime"}]', {
    path: "/wallet/nosuch",
  });
  assert.equal(batch.status, 200);
  assert.equal(
    batch.body,
    `[{"result":null,"error":${notLoaded},"id":1},{"result":0,"error":null,"id":2}]\n`,
  );
  for (const [path, wallet] of [
    ["/wallet/my%20w%C3%A9llet", '"my wéllet"'],
    ["/wallet/", '""'],
    ["/", "null"],
  ] as const) {
    const r = await h.post('{"id":1,"method":"walletname"}', { path });
    assert.equal(r.status, 200, path);
    assert.equal(r.body, `{"result":${wallet},"error":null,"id":1}\n`, path);
  }
  // Non-wallet methods ignore the name, as Core's do.
  const other = await h.post('{"id":1,"method":"uptime"}', { path: "/wallet/nosuch" });
  assert.equal(other.status, 200);
  loaded.push("nosuch"); // asked on every call
  const later = await h.post('{"id":1,"method":"walletname"}', { path: "/wallet/nosuch" });
  assert.equal(later.body, '{"result":"nosuch","error":null,"id":1}\n');
});
