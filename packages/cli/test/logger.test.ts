import assert from "node:assert/strict";
import { test } from "node:test";
import { HumanLogWriter, humanLine, progressBar } from "../src/node/logger.js";

const at = Date.UTC(2026, 0, 2, 12, 0, 1);
const json = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: at, pid: 1, hostname: "h", ...fields });

test("human log lines: time, level, message, then fields; pid and hostname dropped", () => {
  assert.equal(
    humanLine(json({ msg: "Connected block", height: 5, hash: "00ab" })),
    "12:00:01 INFO  Connected block height=5 hash=00ab\n",
  );
  assert.equal(
    humanLine(JSON.stringify({ level: 50, time: at, msg: "Bad", err: { code: 1 } })),
    '12:00:01 ERROR Bad err={"code":1}\n',
  );
  assert.equal(humanLine("not json"), "not json", "anything else passes through");
  assert.equal(
    humanLine(json({ msg: "odd", progress: 7 })),
    "12:00:01 INFO  odd progress=7\n",
    "a progress outside 0..1 is an ordinary field",
  );
});

test("progress bars fill with the fraction done", () => {
  assert.equal(progressBar(0), `[${"-".repeat(24)}]   0%`);
  assert.equal(progressBar(0.5), `[${"#".repeat(12)}${"-".repeat(12)}]  50%`);
  assert.equal(progressBar(1), `[${"#".repeat(24)}] 100%`);
});

test("consecutive progress records redraw one terminal line; others close it first", () => {
  const w = new HumanLogWriter();
  const first = w.format(json({ msg: "Verification progress", progress: 0.1 }));
  assert.ok(first.startsWith("12:00:01 INFO  Verification progress ["));
  assert.ok(!first.endsWith("\n"), "the bar's line stays open");
  const second = w.format(json({ msg: "Verification progress", progress: 0.2 }));
  assert.ok(second.startsWith("\r\x1b[2K12:00:01 INFO  Verification progress ["), second);
  assert.ok(second.includes(" 20%"));
  const other = w.format(json({ msg: "Connected block", height: 6 }));
  assert.equal(other, "\n12:00:01 INFO  Connected block height=6\n");
  w.format(json({ msg: "Verification progress", progress: 0.3 }));
  const done = w.format(json({ msg: "Verification progress", progress: 1 }));
  assert.ok(done.startsWith("\r\x1b[2K") && done.endsWith("100%\n"), done);
  assert.equal(w.format(json({ msg: "After" })), "12:00:01 INFO  After\n", "nothing left open");
});
