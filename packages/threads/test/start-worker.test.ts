import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { siblingScriptUrl, startWorker } from "../src/index.js";

test("siblingScriptUrl picks .ts beside a source module and .js beside a compiled one", () => {
  assert.equal(siblingScriptUrl("file:///p/src/pool.ts", "worker").href, "file:///p/src/worker.ts");
  assert.equal(
    siblingScriptUrl("file:///p/dist/src/pool.js", "worker").href,
    "file:///p/dist/src/worker.js",
  );
});

test("a TypeScript worker starts under tsx and receives its workerData", async () => {
  const url = siblingScriptUrl(import.meta.url, "echo-worker");
  assert.ok(url.pathname.endsWith(".ts"), "the tests run from source");
  const worker = startWorker(url, "echo", { answer: 42 });
  try {
    worker.postMessage("ping");
    const [reply] = await once(worker, "message");
    assert.deepEqual(reply, { workerData: { answer: 42 }, msg: "ping" });
  } finally {
    await worker.terminate();
  }
});

test("a worker whose script fails to load reports the error instead of hanging", async () => {
  const worker = startWorker(new URL("./missing-worker.ts", import.meta.url), "missing");
  const [err] = await once(worker, "error");
  assert.match(String(err), /missing-worker/);
});
