import assert from "node:assert/strict";
import { test } from "node:test";
import { RangeCheckError } from "../src/errors.js";
import {
  MAX_FUTURE_BLOCK_TIME,
  MAX_TIMEWARP,
  MEDIAN_TIME_SPAN,
  medianTimePast,
} from "../src/pow/median-time.js";

test("consensus time constants match Core", () => {
  assert.equal(MEDIAN_TIME_SPAN, 11);
  assert.equal(MAX_FUTURE_BLOCK_TIME, 7200);
  assert.equal(MAX_TIMEWARP, 600);
});

test("medianTimePast takes the middle of up to 11 times, unsorted input allowed", () => {
  // Odd counts: the middle element.
  assert.equal(medianTimePast([1231006505]), 1231006505);
  assert.equal(medianTimePast([30, 10, 20]), 20);
  assert.equal(medianTimePast([11, 3, 7, 1, 9, 5, 2, 10, 4, 8, 6]), 6);
  // Even counts (near genesis): Core takes index n/2 of the sorted list, the upper middle.
  assert.equal(medianTimePast([10, 20]), 20);
  assert.equal(medianTimePast([40, 10, 30, 20]), 30);
  assert.equal(medianTimePast([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 6);
  // Duplicates count separately.
  assert.equal(medianTimePast([5, 5, 1, 9]), 5);
});

test("medianTimePast uses only the last 11 times and numeric (not string) order", () => {
  const times = Array.from({ length: 20 }, (_, i) => 1000 + i);
  assert.equal(medianTimePast(times), 1014); // median of 1009..1019
  // Older times, however extreme, are outside the window.
  assert.equal(medianTimePast([0, 0, 0, ...times.slice(-11)]), 1014);
  assert.equal(medianTimePast([9, 10, 100, 1000, 20000]), 100);
  assert.throws(() => medianTimePast([]), RangeCheckError);
});
