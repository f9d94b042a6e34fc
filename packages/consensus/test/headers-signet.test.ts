import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesEqual } from "../src/bytes/equal.js";
import { hashToHex } from "../src/bytes/hex.js";
import { checkProofOfWork } from "../src/pow/check-pow.js";
import { encodeCompact } from "../src/pow/compact.js";
import { medianTimePast } from "../src/pow/median-time.js";
import {
  getNextWorkRequired,
  permittedDifficultyTransition,
  retargetInterval,
} from "../src/pow/retarget.js";
import { lookupIn, readBinHeaders } from "./support/header-chain.js";
import { genesisFacts, powParamsFromFacts } from "./support/pow-params.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

test("default signet headers 0..2015: linked, PoW-valid, bits as required", vectorSuite(), (t) => {
  const pow = powParamsFromFacts("signet_default");
  const genesis = genesisFacts("signet_default");
  const headers = readBinHeaders(0, "signet", "signet-headers-0-2015.bin");
  assert.equal(headers.length, 2016);
  const ancestor = lookupIn(headers);
  const interval = retargetInterval(pow);
  // The whole file is signet's first window: no retarget boundary apart from genesis.
  assert.equal(interval, 2016);
  assert.deepEqual(
    headers.filter((h) => h.height % interval === 0).map((h) => h.height),
    [0],
  );
  // Signet has no min-difficulty exception, so bits stay at the limit through the window.
  assert.equal(pow.allowMinDifficultyBlocks, false);

  const failures: string[] = [];
  for (const { height, header, hash, entry } of headers) {
    const problems: string[] = [];
    // Signet blocks carry ordinary proof of work (the BIP325 solution is separate).
    if (!checkProofOfWork(hash, header.bits, pow.powLimit)) problems.push("proof of work");
    if (height === 0) {
      if (hashToHex(hash) !== genesis.hash) problems.push("genesis hash");
      if (header.bits !== genesis.bits || header.bits !== encodeCompact(pow.powLimit)) {
        problems.push("genesis bits");
      }
    } else {
      const prev = headers[height - 1]!;
      if (!bytesEqual(header.prevBlock, prev.hash)) problems.push("prev hash link");
      const want = getNextWorkRequired(prev.entry, ancestor, header.time, pow);
      if (header.bits !== want) problems.push(`bits != required ${want}`);
      if (!permittedDifficultyTransition(pow, height, prev.header.bits, header.bits)) {
        problems.push("difficulty transition");
      }
      const times = headers.slice(Math.max(0, height - 11), height).map((h) => h.entry.time);
      if (entry.time <= medianTimePast(times)) problems.push("time not above median time past");
    }
    if (problems.length > 0) failures.push(`height ${height}: ${problems.join(", ")}`);
  }
  reportCases(t, "signet headers 0..2015", headers.length, failures);

  // The pow limit here is signet's, not mainnet's: the headers fail mainnet's stricter limit.
  const main = powParamsFromFacts("main");
  assert.equal(checkProofOfWork(headers[1]!.hash, headers[1]!.header.bits, main.powLimit), false);
  // Block 2016 retargets: it needs the whole window, which the file holds.
  const tip = headers[2015]!.entry;
  const next = getNextWorkRequired(tip, ancestor, tip.time + 600, pow);
  t.diagnostic(`signet block 2016 would require bits 0x${next.toString(16)}`);
  assert.ok(permittedDifficultyTransition(pow, 2016, tip.bits, next));
});
