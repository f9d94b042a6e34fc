import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../src/command.js";
import type { CommandDeps } from "../src/command-deps.js";
import { buildProfitReport, createProfitCommand } from "../src/commands/profit.js";
import type { FetchLike } from "../src/node-rpc.js";
import { fakeBitcoind } from "./fake-bitcoind.js";
import { type CommandOutcome, commandOutcome } from "./support/command-outcome.js";

const NOW_MS = Date.UTC(2025, 11, 1);

function deps(overrides: Partial<CommandDeps> = {}): CommandDeps & { out: string[] } {
  const out: string[] = [];
  const offline: FetchLike = async (url) => {
    throw new Error(`unexpected network request to ${url}`);
  };
  return {
    fetch: offline,
    now: () => NOW_MS,
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    readFile: (path) => {
      throw new Error(`ENOENT: ${path}`);
    },
    dataDir: "/nonexistent/hashforge-test",
    out,
    ...overrides,
  };
}

const HAND = [
  "--hashrate",
  "200TH",
  "--power",
  "3500W",
  "--electricity",
  "0.06",
  "--price",
  "95000",
  "--difficulty",
  "150T",
  "--fees",
  "0",
  "--height",
  "925344",
];

test("profit prints a readable report of the hand-checked case", async () => {
  const d = deps();
  const code = await createProfitCommand(d).run([
    ...HAND,
    "--months",
    "30",
    "--difficulty-growth",
    "3%",
    "--hardware-cost",
    "3000",
  ]);
  assert.equal(code, 0);
  const text = d.out.join("");
  assert.match(text, /^hashforge profit: custom miner \(200\.00 TH\/s, 3,500 W, 17\.5 J\/TH\)/);
  assert.match(text, /verdict +profitable today \(\$2\.92\/day\)/);
  assert.match(text, /BTC mined +0\.00008382 +0\.00255124/);
  assert.match(text, /break-even +electricity \$0\.0948\/kWh, BTC price \$60,130/);
  assert.match(text, /projection +30 months, difficulty \+3\.0 %\/month/);
  // 124,656 blocks to the halving at 4,383 blocks a month: month 29.
  assert.match(text, /^29 H /m, "the halving month is marked");
  assert.match(text, /halving at block 1050000/);
  assert.match(text, /FPPS \*/);
  assert.doesNotMatch(text, /snapshot/, "all network figures were given");
});

test("profit --json prints the full result with bigints as strings", async () => {
  const d = deps();
  await createProfitCommand(d).run([...HAND, "--json", "--months", "2"]);
  const json = JSON.parse(d.out.join(""));
  assert.equal(json.result.daily.btc, 8.381903171539307e-5);
  assert.equal(json.result.projection.months.length, 2);
  assert.equal(json.network.supply.initialSubsidy, "5000000000");
  assert.equal(json.price.source, "given");
});

test("--hardware uses a preset; --units multiplies it; the snapshot fills the network", async () => {
  const request = await buildProfitReport(
    ["--hardware", "s21-xp", "--units", "3", "--electricity", "0.05", "--price", "95k"],
    deps(),
  );
  assert.equal(request.kind, "report");
  if (request.kind !== "report") return;
  const { report } = request;
  assert.equal(report.machine.label, "3 x Antminer S21 XP");
  assert.equal(report.result.miner.hashrate, 810e12);
  assert.equal(report.result.miner.powerWatts, 3 * 3645);
  assert.equal(report.result.inputs.difficulty, 149.3e12);
  assert.equal(report.result.inputs.feesPerBlockBtc, 0.025);
  assert.equal(
    report.result.inputs.height,
    925_344 + Math.floor((NOW_MS / 1000 - 1_764_206_160) / 600),
  );
  assert.ok(report.network.sources.some((s) => s.includes("mainnet snapshot of 2025-11-27")));
});

test("--node reads difficulty, fees, height and block time from a bitcoind", async () => {
  const node = fakeBitcoind({
    height: 930_000,
    difficulty: 152e12,
    timeOf: (h) => 1_760_000_000 + h * 580,
    feeOf: () => 4_000_000,
  });
  const cookieRead: string[] = [];
  const d = deps({
    fetch: node.fetch,
    readFile: (path) => {
      cookieRead.push(path);
      return "__cookie__:abc123\n";
    },
  });
  const request = await buildProfitReport(
    [
      "--hardware",
      "s21",
      "--electricity",
      "0.06",
      "--price",
      "95000",
      "--node",
      "http://127.0.0.1:8332",
      "--rpc-cookie",
      "/data/.cookie",
    ],
    d,
  );
  assert.equal(request.kind, "report");
  if (request.kind !== "report") return;
  const i = request.report.result.inputs;
  assert.deepEqual(
    [i.difficulty, i.feesPerBlockBtc, i.height, i.blockIntervalSeconds],
    [152e12, 0.04, 930_000, 580],
  );
  assert.deepEqual(cookieRead, ["/data/.cookie"]);
  assert.equal(
    node.requests[0]!.headers.authorization,
    `Basic ${Buffer.from("__cookie__:abc123").toString("base64")}`,
  );
});

test("--live-price fetches through the price feed; without --price or --live-price it asks for one", async () => {
  const fetch: FetchLike = async (url) => {
    assert.match(url, /coinbase/);
    return new Response(JSON.stringify({ data: { amount: "91000" } }));
  };
  const dir = mkdtempSync(join(tmpdir(), "hf-cli-"));
  const request = await buildProfitReport(
    [...HAND.slice(0, 6), "--live-price", "--difficulty", "152T"],
    deps({ fetch, dataDir: dir }),
  );
  assert.equal(request.kind === "report" && request.report.price.value, 91000);
  assert.equal(request.kind === "report" && request.report.price.source, "coinbase (live)");
  await assert.rejects(
    buildProfitReport(HAND.slice(0, 6), deps()),
    (e: unknown) => e instanceof UsageError && /--price is required/.test(e.message),
  );
});

test("bad flags are UsageErrors that name the flag", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["--hashrate", "200TB", "--power", "3500W", "--electricity", "0.06", "--price", "95000"],
      /^--hashrate: unknown unit in "200TB"/,
    ],
    [
      ["--hashrate", "0", "--power", "3500W", "--electricity", "0.06", "--price", "95000"],
      /^--hashrate: must be greater than 0/,
    ],
    [[...HAND, "--uptime", "120"], /^--uptime: must be greater than 0 and at most 100 %/],
    [[...HAND, "--pue", "abc"], /^--pue: expected a number/],
    [[...HAND, "--pue", "0.8"], /^--pue: must be at least 1/],
    [[...HAND, "--pool-fee", "100%"], /^--pool-fee: must be at least 0 and less than 100 %/],
    [[...HAND, "--scheme", "magic"], /^--scheme: unknown payout scheme "magic"/],
    [[...HAND, "--months", "0"], /^--months: must be greater than 0/],
    [[...HAND, "--months", "12", "--horizon", "90d"], /--months and --horizon both given/],
    [[...HAND, "--efficiency", "17J/TH"], /^--power: give power or efficiency, not both/],
    [[...HAND, "--electricity=-1"], /^--electricity: must not be negative/],
    [
      ["--power", "3500W", "--electricity", "0.06", "--price", "1"],
      /^--hashrate: a hashrate is required \(or a hardware preset\)/,
    ],
    [
      ["--hashrate", "1TH", "--electricity", "0.06", "--price", "1"],
      /^--power: power \(W or J\/TH\) or efficiency is required \(or a hardware preset\)/,
    ],
    [[...HAND, "--units", "1e3"], /^--units: expected a whole number of machines \(got "1e3"\)/],
    [[...HAND, "--units", "0"], /^--units: must be at least 1 and at most 10000000 \(got 0\)/],
    [
      ["--hardware", "s99", "--electricity", "0.06", "--price", "1"],
      /^--hardware: unknown hardware "s99"/,
    ],
    [
      [
        "--hashrate",
        "1TH",
        "--power",
        "10W",
        "--electricity",
        "0.06",
        "--price",
        "1",
        "--network",
        "signet",
      ],
      /--difficulty is required for network signet/,
    ],
    [[...HAND, "--frobnicate"], /Unknown option '--frobnicate'/],
    [[...HAND, "--node", "not a url"], /^--node: not a URL: not a url$/],
    [[...HAND, "--node", "ftp://127.0.0.1"], /^--node: expected an http:\/\/ or https:\/\/ URL/],
    [[...HAND, "--hardware-file", "/missing.json"], /--hardware-file: cannot read \/missing\.json/],
  ];
  for (const [args, expected] of cases) {
    await assert.rejects(
      buildProfitReport(args, deps()),
      (e: unknown) => e instanceof UsageError && expected.test(e.message),
      `${args.join(" ")} should fail with ${expected}`,
    );
  }
  const regtest = await buildProfitReport([...HAND, "--network", "regtest"], deps());
  assert.equal(
    regtest.kind === "report" && regtest.report.result.network.subsidyBtc,
    0,
    "height 925,344 is far past regtest's last subsidy",
  );
});

test("--hardware-file adds presets from a user file", async () => {
  const file = JSON.stringify([
    { id: "my-s21", name: "My S21", hashrate: "190TH", power: "3300W" },
  ]);
  const request = await buildProfitReport(
    [
      "--hardware-file",
      "presets.json",
      "--hardware",
      "my-s21",
      "--electricity",
      "0.06",
      "--price",
      "95000",
    ],
    deps({ readFile: () => file }),
  );
  assert.equal(request.kind === "report" && request.report.result.miner.powerWatts, 3300);
  await assert.rejects(
    buildProfitReport(
      ["--hardware-file", "p.json", "--hardware", "x"],
      deps({ readFile: () => '[{"id":"x"}]' }),
    ),
    (e: unknown) =>
      e instanceof UsageError &&
      /^--hardware-file presets\[0\]\.name: expected a non-empty string/.test(e.message),
  );
});

/** Runs `profit` to completion: the report it printed, or the error it threw. */
function outcome(args: string[]): Promise<CommandOutcome> {
  const d = deps();
  return commandOutcome(() => createProfitCommand(d).run(args), d.out);
}

test("errors name the flag given, never an internal input (poolShare, blocksPerDay)", async () => {
  const cases: [string[], RegExp][] = [
    // Each of these leaked an internal name or crashed before.
    [[...HAND, "--hashrate", "1e308"], /^--hashrate: must be at least 1 and at most 1e\+30 H\/s/],
    [[...HAND, "--hashrate", "5e-324"], /^--hashrate: must be at least 1 and at most 1e\+30 H\/s/],
    [[...HAND, "--difficulty", "1e-300"], /^--difficulty: must be at least 2\.3\d*e-10/],
    [
      [...HAND, "--difficulty", "1e300"],
      /^--difficulty: must be at least .* and at most 2\.69\d*e\+67/,
    ],
    [[...HAND, "--block-time", "1e-300"], /^--block-time: must be at least 0\.0001/],
    [
      [...HAND, "--height", "99999999999999"],
      /^--height: expected a whole number from 0 to 2147483647/,
    ],
    [
      [...HAND, "--height", ""],
      /^--height: expected a whole number from 0 to 2147483647 \(got ""\)/,
    ],
    [
      [...HAND, "--horizon", "99999999999999"],
      /^--horizon: must be at least 1 and at most 36525 days/,
    ],
    [[...HAND, "--horizon", "1e-300"], /^--horizon: must be at least 1 and at most 36525 days/],
    [
      [...HAND, "--months", "abc"],
      /^--months: expected a number of months such as 24 .*\(got "abc"\)$/,
    ],
    [[...HAND, "--uptime", "5e-324"], /^--uptime: must be at least 0\.000001 %/],
    [
      [...HAND, "--difficulty-growth", "1000", "--months", "1200"],
      /^--difficulty-growth: compounded over 1199 months it takes the difficulty from 150000000000000 to Infinity/,
    ],
    [
      [...HAND, "--price-growth=-99.9", "--months", "1200"],
      /^--price-growth: compounded over 1199 months it takes the BTC price from 95000 to 0/,
    ],
    [
      [...HAND.filter((_, i) => i !== 2 && i !== 3), "--efficiency", "1e-300"],
      /^--efficiency: must be at least 0\.000001/,
    ],
    [["--hardware", "s21", "--electricity", "0.06", "--price", "1e300"], /^--price: must be/],
    [[...HAND, "--fee-blocks", "10"], /^--fee-blocks needs --node/],
    [[...HAND, "--rpc-cookie", "/data/.cookie"], /^--rpc-cookie needs --node/],
    [
      [...HAND, "--node", "http://127.0.0.1:8332", "--fee-blocks", "0"],
      /^--fee-blocks: expected a whole number from 1 to 2016 \(got "0"\)$/,
    ],
    [
      [...HAND, "--height", "-1"],
      /^Option '--height' argument is ambiguous\. .* use '--height=-XYZ'\./,
    ],
  ];
  for (const [args, expected] of cases) {
    const got = await outcome(args);
    assert.ok(
      "error" in got && got.error instanceof UsageError && expected.test(got.error.message),
      `${args.join(" ")} should fail with ${expected}, got ${"error" in got ? got.error : "a report"}`,
    );
  }
});

test("every error a profit flag can provoke is one line naming that flag", async () => {
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
  const withoutPower = HAND.filter((_, i) => i !== 2 && i !== 3);
  const flags = [
    "--hashrate",
    "--power",
    "--efficiency",
    "--units",
    "--price",
    "--currency",
    "--electricity",
    "--hardware-cost",
    "--fixed-cost",
    "--network",
    "--difficulty",
    "--fees",
    "--height",
    "--block-time",
    "--uptime",
    "--pue",
    "--pool-fee",
    "--scheme",
    "--pool-hashrate",
    "--co2",
    "--months",
    "--horizon",
    "--difficulty-growth",
    "--price-growth",
    "--hardware",
    "--hardware-file",
    "--node",
  ];
  for (const flag of flags) {
    const base = flag === "--efficiency" ? withoutPower : HAND;
    for (const value of values) {
      for (const args of [
        [...base, flag, value],
        [...base, `${flag}=${value}`, "--months", "1200", "--difficulty-growth", "1"],
      ]) {
        if (flag === "--months" && args.length > base.length + 2) args.splice(-4, 2);
        const got = await outcome(args);
        const what = args.slice(base.length).join(" ");
        if ("error" in got) {
          assert.ok(got.error instanceof UsageError, `${what}: ${got.error}`);
          const { message } = got.error;
          assert.ok(!message.includes("\n"), `${what}: one line, got ${JSON.stringify(message)}`);
          const named =
            message.startsWith(flag) ||
            message.startsWith(`Option '${flag}'`) ||
            (flag === "--horizon" && message.startsWith("--months and --horizon both given"));
          assert.ok(named, `${what}: should name ${flag}, got ${JSON.stringify(message)}`);
        } else {
          assert.doesNotMatch(got.text, /NaN|Infinity|Invalid|undefined/, what);
        }
      }
    }
  }
});
