// Work units: contiguous, non-overlapping nonce ranges, header after header from nextHeader().
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeHeader } from "@hashforge/consensus";
import { DEFAULT_UNIT_SIZE, HeaderIterator } from "../src/header-iterator.js";
import { MinerError } from "../src/miner-error.js";
import { createMiningJob, timeRoller, withNonce, withTime } from "../src/mining-job.js";

const header = (fill: number) => new Uint8Array(80).fill(fill);

test("units tile the nonce space of each header, then nextHeader() supplies the next", () => {
  const extra = [header(2), header(3)];
  let calls = 0;
  const job = createMiningJob({
    id: "j",
    header: header(1),
    target: 1n,
    nextHeader: () => {
      calls++;
      return extra.shift() ?? null;
    },
  });
  const it = new HeaderIterator(job, 2 ** 30);
  const seen: string[] = [];
  for (let unit = it.next(); unit !== null; unit = it.next()) {
    seen.push(`${unit.header[0]}:${unit.headerIndex}:${unit.startNonce}+${unit.count}`);
  }
  assert.deepEqual(seen, [
    "1:0:0+1073741824",
    "1:0:1073741824+1073741824",
    "1:0:2147483648+1073741824",
    "1:0:3221225472+1073741824",
    "2:1:0+1073741824",
    "2:1:1073741824+1073741824",
    "2:1:2147483648+1073741824",
    "2:1:3221225472+1073741824",
    "3:2:0+1073741824",
    "3:2:1073741824+1073741824",
    "3:2:2147483648+1073741824",
    "3:2:3221225472+1073741824",
  ]);
  assert.equal(calls, 3);
  assert.equal(it.exhausted, true);
  assert.equal(it.next(), null);
  assert.equal(calls, 3, "nextHeader() is not called again once it returned null");
});

test("a unit size that does not divide 2^32 ends with a short unit", () => {
  const it = new HeaderIterator(createMiningJob({ header: header(0), target: 1n }), 3 * 2 ** 30);
  assert.deepEqual(
    [it.next(), it.next(), it.next()].map((u) => u && [u.startNonce, u.count]),
    [[0, 3 * 2 ** 30], [3 * 2 ** 30, 2 ** 30], null],
  );
});

test("without nextHeader() a job is one header; the default unit is 2^20 nonces", () => {
  const it = new HeaderIterator(createMiningJob({ header: header(0), target: 1n }));
  let units = 0;
  while (it.next() !== null) units++;
  assert.equal(units, 2 ** 32 / DEFAULT_UNIT_SIZE);
});

test("a bad header from nextHeader() ends the job with invalid-argument", () => {
  const job = createMiningJob({
    header: header(0),
    target: 1n,
    nextHeader: () => new Uint8Array(81),
  });
  const it = new HeaderIterator(job, 2 ** 32);
  assert.ok(it.next());
  assert.throws(
    () => it.next(),
    (e: unknown) => e instanceof MinerError && e.code === "invalid-argument",
  );
  assert.equal(it.next(), null);
});

test("jobs and iterators reject invalid arguments", () => {
  const bad = (e: unknown) => e instanceof MinerError && e.code === "invalid-argument";
  assert.throws(() => createMiningJob({ header: new Uint8Array(79), target: 1n }), bad);
  assert.throws(() => createMiningJob({ header: header(0), target: -1n }), bad);
  assert.throws(() => createMiningJob({ header: header(0), target: 1n << 256n }), bad);
  assert.throws(() => createMiningJob({ header: header(0), target: 1 as unknown as bigint }), bad);
  const job = createMiningJob({ header: header(0), target: 1n });
  assert.throws(() => new HeaderIterator(job, 0), bad);
  assert.throws(() => new HeaderIterator(job, 2 ** 32 + 1), bad);
});

test("createMiningJob copies the header; withNonce/withTime set the fields", () => {
  const h = header(0);
  const job = createMiningJob({ header: h, target: 5n });
  h[0] = 9;
  assert.equal(job.header[0], 0);
  assert.equal(decodeHeader(withNonce(h, 0xfffffffe)).nonce, 0xfffffffe);
  assert.equal(decodeHeader(withTime(h, 1_700_000_000)).time, 1_700_000_000);
});

test("timeRoller bumps the time by a second or to now(), and stops past maxTime", () => {
  let clock = 100;
  const roll = timeRoller(withTime(header(0), 50), () => clock, 103);
  const times: (number | null)[] = [];
  for (let i = 0; i < 2; i++) {
    const next = roll();
    times.push(next && decodeHeader(next).time);
  }
  clock = 90; // a clock going backwards never moves the time back
  for (let i = 0; i < 3; i++) {
    const next = roll();
    times.push(next && decodeHeader(next).time);
  }
  assert.deepEqual(times, [100, 101, 102, 103, null]);
});
