import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../src/command.js";
import type { CommandDeps } from "../src/command-deps.js";
import { buildHalvingReport, createHalvingCommand } from "../src/commands/halving.js";
import { fakeBitcoind } from "./fake-bitcoind.js";
import { type CommandOutcome, commandOutcome } from "./support/command-outcome.js";

const NOW_MS = Date.UTC(2025, 11, 1);

function deps(overrides: Partial<CommandDeps> = {}): CommandDeps & { out: string[] } {
  const out: string[] = [];
  return {
    fetch: async (url) => {
      throw new Error(`unexpected network request to ${url}`);
    },
    now: () => NOW_MS,
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    readFile: () => {
      throw new Error("no files in this test");
    },
    dataDir: "/nonexistent",
    out,
    ...overrides,
  };
}

test("halving prints status and the schedule with actual mainnet dates", async () => {
  const d = deps();
  assert.equal(await createHalvingCommand(d).run(["--height", "925344"]), 0);
  const text = d.out.join("");
  assert.match(text, /^hashforge halving: main \(every 210,000 blocks, first subsidy 50 BTC\)/);
  assert.match(text, /subsidy +3\.125 BTC now \(era 4\), 1\.5625 BTC after the next halving/);
  assert.match(
    text,
    /next +block 1,050,000 in 124,656 blocks, about 2028-04-14 \(866 days at 600 s per block\)/,
  );
  assert.match(text, /issued +19,954,203\.125 of 20,999,999\.9769 BTC \(95\.02 %\)/);
  assert.match(text, /4 +840,000 +2024-04-20 +3\.125 BTC +19,687,500\.00000000/);
  assert.match(text, /5 +1,050,000 +2028-04-14 +est\./);
  assert.match(text, /24 more until block 6,930,000/);
  const all = deps();
  await createHalvingCommand(all).run(["--height", "925344", "--all"]);
  assert.match(all.out.join(""), /33 +6,930,000 .* 0 BTC/);
});

test("halving --json, regtest, custom networks and a node tip", async () => {
  const d = deps();
  await createHalvingCommand(d).run(["--network", "regtest", "--height", "10", "--json"]);
  const json = JSON.parse(d.out.join(""));
  assert.equal(json.network.halvingInterval, 150);
  assert.equal(json.halvings[0].height, 150);
  assert.equal(json.halvings[0].subsidyAfterSats, "2500000000");
  assert.equal(json.status.blocksRemaining, 140);

  const custom = await buildHalvingReport(
    [
      "--halving-interval",
      "1000",
      "--initial-subsidy",
      "100",
      "--target-spacing",
      "60",
      "--genesis-time",
      "2025-01-01",
      "--name",
      "mychain",
      "--height",
      "1500",
    ],
    deps(),
  );
  assert.ok(custom);
  assert.equal(custom.report.network.name, "mychain");
  assert.equal(
    custom.report.supply.issuedSats,
    1000n * 100n * 100_000_000n + 501n * 50n * 100_000_000n,
  );
  assert.equal(custom.report.halvings.length, 34); // 100 BTC = 1e10 sats: 34 halvings reach 0

  const node = fakeBitcoind({
    height: 925_500,
    difficulty: 150e12,
    timeOf: (h) => 1_764_000_000 + (h - 925_000) * 590,
  });
  const fromNode = await buildHalvingReport([], deps({ fetch: node.fetch }));
  const nodeArgs = await buildHalvingReport(
    ["--node", "http://127.0.0.1:8332"],
    deps({ fetch: node.fetch }),
  );
  assert.ok(fromNode && nodeArgs);
  assert.match(fromNode.report.tipSource, /snapshot/, "without --node the tip is estimated");
  assert.equal(nodeArgs.report.tip.height, 925_500);
  assert.equal(nodeArgs.report.blockIntervalSeconds, 590);
  assert.equal(
    nodeArgs.report.status.estimatedTime,
    1_764_000_000 + 500 * 590 + (1_050_000 - 925_500) * 590,
  );
});

test("halving rejects bad flags with UsageErrors", async () => {
  const cases: [string[], RegExp][] = [
    [["--network", "dogecoin"], /^--network: unknown network "dogecoin"/],
    [["--height=-5"], /^--height: expected a whole number/],
    [
      ["--halving-interval", "0"],
      /^--halving-interval: expected a whole number from 1 to 2147483647/,
    ],
    [["--initial-subsidy", "fifty"], /^--initial-subsidy: expected BTC/],
    [["--genesis-time", "yesterday-ish"], /^--genesis-time: expected unix seconds or an ISO date/],
    [["--block-time", "0"], /^--block-time: expected a positive number/],
    [["--node", "http://127.0.0.1:8332"], /^--node: cannot reach node/],
    [
      ["--node", "http://127.0.0.1:8332", "--rpc-cookie", "/data/.cookie"],
      /^--rpc-cookie: cannot read \/data\/\.cookie: no files in this test/,
    ],
    [["--bogus"], /Unknown option '--bogus'/],
  ];
  for (const [args, expected] of cases) {
    await assert.rejects(
      buildHalvingReport(
        args,
        deps({ fetch: async () => Promise.reject(new TypeError("fetch failed")) }),
      ),
      (e: unknown) => e instanceof UsageError && expected.test(e.message),
      `${args.join(" ")} should fail with ${expected}`,
    );
  }
});

/** Runs `halving` to completion: the report it printed, or the error it threw. */
function outcome(args: string[]): Promise<CommandOutcome> {
  const d = deps();
  return commandOutcome(() => createHalvingCommand(d).run(args), d.out);
}

test("bounds: a height past any chain, a far-off date and the 21M cap are clear errors or output", async () => {
  const cases: [string[], RegExp][] = [
    // Once "Invalid time value", a RangeError from Date.
    [["--height", "99999999999999"], /^--height: expected a whole number from 0 to 2147483647/],
    [["--height", ""], /^--height: expected a whole number/],
    // network new rejects a schedule over MAX_MONEY; so does halving now.
    [
      ["--initial-subsidy", "22000000"],
      /^--initial-subsidy: the schedule would issue 9239999999999\.9622 ?0* BTC in all, more than MAX_MONEY/,
    ],
    [
      ["--halving-interval", "420000"],
      /^--initial-subsidy: the schedule would issue 41999999\.9538 ?0* BTC/,
    ],
    [["--target-spacing", "1e-300"], /^--target-spacing: expected a whole number from 1/],
    [
      ["--genesis-time", "99999999999999"],
      /^--genesis-time: must be at least 0 and at most 4294967295/,
    ],
    [["--rpc-cookie", "/data/.cookie"], /^--rpc-cookie needs --node/],
    [["--name", "x"], /^--name labels a custom network/],
    [["--name", "a\u001b[2Jb", "--halving-interval", "5"], /^--name: expected 1 to 64 printable/],
  ];
  for (const [args, expected] of cases) {
    const got = await outcome(args);
    assert.ok(
      "error" in got && got.error instanceof UsageError && expected.test(got.error.message),
      `${args.join(" ")} should fail with ${expected}, got ${"error" in got ? got.error : "a report"}`,
    );
  }
  // Estimates past year 9999 (and past what a Date holds) print a year instead of crashing.
  const far = await outcome(["--height", "0", "--block-time", "2147483647", "--all"]);
  assert.ok("text" in far, `${"error" in far ? far.error : ""}`);
  assert.match(far.text, /next +block 210,000 in 210,000 blocks, about year 14,2\d\d,\d{3}/);
  assert.match(far.text, /^33 +6,930,000 +year 47\d,\d{3},\d{3} /m);
  // The mainnet schedule is exactly at the cap and still accepted.
  const main = await outcome(["--initial-subsidy", "50", "--height", "1"]);
  assert.ok("text" in main);
});

test("every error a halving flag can provoke is one line naming that flag", async () => {
  const flags = [
    "--height",
    "--block-time",
    "--halving-interval",
    "--initial-subsidy",
    "--target-spacing",
    "--genesis-time",
    "--network",
    "--name",
  ];
  const values = [
    "-1",
    "0",
    "1e-300",
    "5e-324",
    "99999999999999",
    "1e300",
    "1e400",
    "NaN",
    "abc",
    "",
  ];
  for (const flag of flags) {
    for (const value of values) {
      for (const args of [
        [flag, value],
        [`${flag}=${value}`, "--halving-interval", "1000", "--all"],
      ]) {
        const got = await outcome(args);
        const what = `${args.join(" ")}`;
        if ("error" in got) {
          assert.ok(got.error instanceof UsageError, `${what}: ${got.error}`);
          const { message } = got.error;
          assert.ok(!message.includes("\n"), `${what}: one line, got ${JSON.stringify(message)}`);
          assert.ok(
            message.startsWith(`${flag}`) || message.startsWith(`Option '${flag}'`),
            `${what}: should name ${flag}, got ${JSON.stringify(message)}`,
          );
        } else {
          // (--name NaN is a fine label: the report prints it.)
          const junk =
            flag === "--name" ? /Infinity|Invalid|undefined/ : /NaN|Infinity|Invalid|undefined/;
          assert.doesNotMatch(got.text, junk, what);
        }
      }
    }
  }
});
