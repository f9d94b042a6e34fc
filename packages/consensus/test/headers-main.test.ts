import assert from "node:assert/strict";
import { test } from "node:test";
import { blockHash } from "../src/block/header.js";
import { bytesEqual } from "../src/bytes/equal.js";
import { hashToHex } from "../src/bytes/hex.js";
import { checkProofOfWork } from "../src/pow/check-pow.js";
import { decodeCompact, encodeCompact, UINT256_MAX } from "../src/pow/compact.js";
import { medianTimePast } from "../src/pow/median-time.js";
import {
  calculateNextWorkRequired,
  getNextWorkRequired,
  permittedDifficultyTransition,
  retargetInterval,
} from "../src/pow/retarget.js";
import { blockProof } from "../src/pow/work.js";
import { lookupIn, readBinHeaders, readHexHeaders } from "./support/header-chain.js";
import { genesisFacts, powParamsFromFacts } from "./support/pow-params.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

test(
  "mainnet headers 0..10236: linked, PoW-valid, bits as retargeting demands",
  vectorSuite(),
  (t) => {
    const pow = powParamsFromFacts("main");
    const genesis = genesisFacts("main");
    const headers = readBinHeaders(0, "headers", "main-0-10236.bin");
    assert.equal(headers.length, 10237);
    const ancestor = lookupIn(headers);
    const interval = retargetInterval(pow);
    const failures: string[] = [];
    const boundaries: number[] = [];
    let chainWork = 0n;

    for (const { height, header, hash, entry } of headers) {
      const problems: string[] = [];
      if (!checkProofOfWork(hash, header.bits, pow.powLimit)) problems.push("proof of work");
      chainWork += blockProof(header.bits);
      if (height === 0) {
        if (hashToHex(hash) !== genesis.hash) problems.push("genesis hash");
        if (header.bits !== genesis.bits || header.time !== genesis.time) problems.push("genesis");
        if (!header.prevBlock.every((b) => b === 0)) problems.push("genesis prev");
      } else {
        const prev = headers[height - 1]!;
        if (!bytesEqual(header.prevBlock, prev.hash)) problems.push("prev hash link");
        const want = getNextWorkRequired(prev.entry, ancestor, header.time, pow);
        if (header.bits !== want) problems.push(`bits ${header.bits} != required ${want}`);
        if (!permittedDifficultyTransition(pow, height, prev.header.bits, header.bits)) {
          problems.push("difficulty transition");
        }
        // Core's time-too-old rule, a real-data check of medianTimePast.
        const times = headers.slice(Math.max(0, height - 11), height).map((h) => h.entry.time);
        if (entry.time <= medianTimePast(times)) problems.push("time not above median time past");
        if (height % interval === 0) boundaries.push(height);
      }
      if (problems.length > 0) failures.push(`height ${height}: ${problems.join(", ")}`);
    }
    reportCases(t, "main headers 0..10236", headers.length, failures);

    // The file spans five retargets; blocks then came slower than every 10 minutes, so each
    // one computed a target above the limit and was capped back to it.
    assert.deepEqual(boundaries, [2016, 4032, 6048, 8064, 10080]);
    const uncapped = { ...pow, powLimit: UINT256_MAX >> 8n };
    for (const h of boundaries) {
      const last = headers[h - 1]!.entry;
      const first = headers[h - interval]!.entry;
      assert.equal(headers[h]!.header.bits, encodeCompact(pow.powLimit), `retarget ${h} capped`);
      const free = calculateNextWorkRequired(last, first.time, first.bits, uncapped);
      assert.ok(decodeCompact(free).target > pow.powLimit, `retarget ${h} would exceed the limit`);
    }
    // Every header is at difficulty 1: chain work is 10237 x 0x100010001 (Core's chainwork).
    assert.equal(chainWork, 10237n * 0x100010001n);

    // Negative controls: a changed nonce or changed bits off a boundary must be caught.
    for (const h of [1, 5000, 10236]) {
      const { header } = headers[h]!;
      const tampered = blockHash({ ...header, nonce: (header.nonce ^ 1) >>> 0 });
      assert.equal(checkProofOfWork(tampered, header.bits, pow.powLimit), false, `nonce ${h}`);
      assert.equal(permittedDifficultyTransition(pow, h, header.bits, 0x1d00fffe), false);
    }
  },
);

test(
  "mainnet headers 300000..300499: linked, PoW-valid, one retarget at 300384",
  vectorSuite(),
  (t) => {
    const pow = powParamsFromFacts("main");
    const headers = readHexHeaders(300000, "headers", "main-300000-300499.txt");
    assert.equal(headers.length, 500);
    assert.equal(
      hashToHex(headers[0]!.hash),
      "000000000000000082ccf8f1557c5d40b21edabb18d2d691cfbf87118bac7254",
    );
    const ancestor = lookupIn(headers);
    const interval = retargetInterval(pow);
    const failures: string[] = [];
    const boundaries: number[] = [];

    for (let i = 0; i < headers.length; i++) {
      const { height, header, hash } = headers[i]!;
      const problems: string[] = [];
      if (!checkProofOfWork(hash, header.bits, pow.powLimit)) problems.push("proof of work");
      if (i > 0) {
        const prev = headers[i - 1]!;
        if (!bytesEqual(header.prevBlock, prev.hash)) problems.push("prev hash link");
        if (!permittedDifficultyTransition(pow, height, prev.header.bits, header.bits)) {
          problems.push("difficulty transition");
        }
        if (height % interval === 0) {
          // The window start (298368) is not in the file, so only the x4 bounds can be checked.
          boundaries.push(height);
          if (header.bits === prev.header.bits) problems.push("no change at the retarget");
        } else {
          if (header.bits !== prev.header.bits) problems.push("bits changed inside a window");
          const want = getNextWorkRequired(prev.entry, ancestor, header.time, pow);
          if (header.bits !== want) problems.push(`bits != required ${want}`);
        }
      }
      if (problems.length > 0) failures.push(`height ${height}: ${problems.join(", ")}`);
    }
    reportCases(t, "main headers 300000..300499", headers.length, failures);
    assert.deepEqual(boundaries, [300384]);

    // The retarget's bounds really bind: x5 either way would not be permitted.
    const before = headers[383]!.header.bits;
    const target = decodeCompact(before).target;
    assert.equal(
      permittedDifficultyTransition(pow, 300384, before, encodeCompact(target * 5n)),
      false,
    );
    assert.equal(
      permittedDifficultyTransition(pow, 300384, before, encodeCompact(target / 5n)),
      false,
    );
    // And the same change one block later, off the boundary, would not be either.
    assert.equal(
      permittedDifficultyTransition(pow, 300385, before, headers[384]!.header.bits),
      false,
    );
  },
);
