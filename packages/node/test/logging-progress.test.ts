import assert from "node:assert/strict";
import { test } from "node:test";
import { progressReporter } from "../src/logging/progress.js";

test("progress is logged once per step and once at the end, as a fraction", () => {
  const lines: [object, string][] = [];
  const log = { info: (obj: object, msg: string) => lines.push([obj, msg]) };
  const report = progressReporter(log, "Rescanning", 1000);
  for (let done = 1; done <= 1000; done++) report(done);
  assert.deepEqual(
    lines.map(([obj]) => (obj as { progress: number }).progress),
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  );
  assert.ok(lines.every(([, msg]) => msg === "Rescanning"));
  report(1000);
  assert.equal(lines.length, 10, "nothing after the end");
});

test("big jumps log once; empty work is done at once", () => {
  const seen: number[] = [];
  const log = { info: (obj: object) => seen.push((obj as { progress: number }).progress) };
  const report = progressReporter(log, "x", 10);
  report(3);
  report(3);
  report(10);
  assert.deepEqual(seen, [0.3, 1]);
  progressReporter(log, "empty", 0)(0);
  assert.deepEqual(seen, [0.3, 1, 1]);
});
