import assert from "node:assert/strict";
import { test } from "node:test";
import { type Service, ServiceGroup } from "../src/service/service.js";
import { RecordingLogger } from "./wallet-fixtures.js";

/** A service that records its starts and stops in `log`; `start` waits for `gate` when given. */
function service(
  name: string,
  log: string[],
  options: { failStart?: boolean; failStop?: boolean; gate?: Promise<void> } = {},
): Service {
  return {
    name,
    async start() {
      await options.gate;
      if (options.failStart) throw new Error(`${name} cannot start`);
      log.push(`start ${name}`);
    },
    async stop() {
      log.push(`stop ${name}`);
      if (options.failStop) throw new Error(`${name} cannot stop`);
    },
  };
}

test("services start in order and stop in reverse, each even when another fails to stop", async () => {
  const log: string[] = [];
  const logger = new RecordingLogger();
  const group = new ServiceGroup(logger)
    .add(service("a", log))
    .add(service("b", log, { failStop: true }))
    .add(service("c", log));
  await group.start();
  await group.stop();
  await group.stop();
  assert.deepEqual(log, ["start a", "start b", "start c", "stop c", "stop b", "stop a"]);
  assert.deepEqual(
    logger.entries.map((e) => [e.msg, (e.obj as { service: string }).service]),
    [["Stopping failed", "b"]],
  );
});

test("a service that fails to start stops the started ones and rethrows", async () => {
  const log: string[] = [];
  const group = new ServiceGroup(new RecordingLogger())
    .add(service("a", log))
    .add(service("b", log, { failStart: true }))
    .add(service("c", log));
  await assert.rejects(group.start(), /b cannot start/);
  assert.deepEqual(log, ["start a", "stop a"]);
});

test("a stop during start-up stops the starting service once it is up and starts no more", async () => {
  const log: string[] = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const group = new ServiceGroup(new RecordingLogger())
    .add(service("a", log))
    .add(service("b", log, { gate }))
    .add(service("c", log));
  const started = group.start();
  await new Promise((r) => setImmediate(r));
  const stopped = group.stop();
  open();
  await started;
  await stopped;
  assert.deepEqual(log, ["start a", "stop a", "start b", "stop b"]);
});
