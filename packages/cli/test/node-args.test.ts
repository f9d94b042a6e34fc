import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../src/command.js";
import { chainFromArgs, parseNodeArgs } from "../src/node/node-args.js";

/** A readFile serving the given files by path, failing like fs does for any other. */
function files(map: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = map[path];
    if (text === undefined)
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
        code: "ENOENT",
      });
    return text;
  };
}

function withConf(conf: string, args: readonly string[] = []) {
  return parseNodeArgs(["-conf=/h.conf", ...args], files({ "/h.conf": conf }));
}

function usageError(pattern: RegExp) {
  return (e: unknown) => e instanceof UsageError && pattern.test(e.message);
}

test("conf lines are trimmed around names and values; comments and blank lines are skipped", () => {
  const args = withConf(
    "# hashforge.conf\n\n  rpcport = 28443  \n\tdbcache\t=\t600 # MiB\r\nrpcbind = 127.0.0.1\n   \n",
  );
  assert.equal(args.values.get("rpcport"), "28443");
  assert.equal(args.values.get("dbcache"), "600");
  assert.deepEqual(args.repeated.get("rpcbind"), ["127.0.0.1"]);
});

test("a [network] section applies only on that network; the top applies everywhere", () => {
  const conf = [
    "dbcache=100",
    "rpcport=1000",
    "[main]",
    "rpcport=8332",
    "[test]",
    "rpcport=18332",
    "[testnet4]",
    "rpcport=48332",
    "[signet]",
    "rpcport=38332",
    "[regtest]",
    "rpcport=18443",
    "dbcache=50",
    "[demo]",
    "rpcport=28443",
  ].join("\n");
  const port = (...args: string[]) => withConf(conf, args).values.get("rpcport");
  assert.equal(port(), "8332", "no chain option: main");
  assert.equal(port("-chain=main"), "8332");
  assert.equal(port("-testnet"), "18332");
  assert.equal(port("-chain=test"), "18332");
  assert.equal(port("-chain=testnet3"), "18332", "testnet3 is Core's test chain");
  assert.equal(port("-testnet4"), "48332");
  assert.equal(port("-signet"), "38332");
  assert.equal(port("-regtest"), "18443");
  assert.equal(port("-demo"), "28443");
  assert.equal(port("-chain=demo"), "28443");
  assert.equal(withConf(conf, ["-regtest"]).values.get("dbcache"), "50", "section over top");
  assert.equal(withConf(conf, ["-signet"]).values.get("dbcache"), "100", "top applies everywhere");
  assert.equal(port("-regtest", "-rpcport=9"), "9", "the command line wins over the file");
});

test("the top of the file may choose the network, whose section then applies", () => {
  const args = withConf("regtest=1\n[regtest]\nrpcport=18443\n[main]\nrpcport=8332\n");
  assert.equal(chainFromArgs(args, "main"), "regtest");
  assert.equal(args.values.get("rpcport"), "18443");
  const chain = withConf("chain=signet\n[signet]\nmine=1\n");
  assert.equal(chainFromArgs(chain, "main"), "signet");
  assert.equal(chain.values.get("mine"), "1");
  // The command line's choice wins over the file's.
  const overridden = withConf("chain=signet\n[signet]\nmine=1\n[test]\nmine=2\n", ["-chain=test"]);
  assert.equal(chainFromArgs(overridden, "main"), "test");
  assert.equal(overridden.values.get("mine"), "2");
  // A chain chosen in the file conflicts with another chosen on the command line (Core too).
  assert.throws(
    () => withConf("signet=1\n", ["-regtest"]),
    usageError(/^conflicting chains: signet, regtest$|^conflicting chains: regtest, signet$/),
  );
  // As in Core, a chain option inside a section is ignored (it cannot choose its own section).
  const inSection = withConf("[main]\nregtest=1\nrpcport=8332\n");
  assert.equal(chainFromArgs(inSection, "main"), "main");
  assert.equal(inSection.values.get("rpcport"), "8332");
});

test("a custom network's section is the name in its -network file", () => {
  const read = files({
    "/h.conf": "rpcport=1\n[mychain]\nrpcport=19000\n[regtest]\nrpcport=18443\n",
    "/mychain.json": JSON.stringify({ name: "mychain", formatVersion: 1 }),
  });
  const args = parseNodeArgs(["-conf=/h.conf", "-network=/mychain.json"], read);
  assert.equal(args.values.get("network"), "/mychain.json");
  assert.equal(args.values.get("rpcport"), "19000");
  const fromFile = parseNodeArgs(
    ["-conf=/n.conf"],
    files({
      "/n.conf": "network=/mychain.json\n[mychain]\nmine=2\n",
      "/mychain.json": JSON.stringify({ name: "mychain" }),
    }),
  );
  assert.equal(fromFile.values.get("mine"), "2");
  // An unreadable network file selects no section; `hashforge node` reports it when loading.
  const missing = parseNodeArgs(["-conf=/h.conf", "-network=/gone.json"], read);
  assert.equal(missing.values.get("rpcport"), "1");
});

test("network.option=value in the file is scoped to that network", () => {
  const conf =
    "regtest.rpcport=18443\nmain.rpcport=8332\nrpcport=1\nregtest.rpcallowip=10.0.0.0/8\n";
  assert.equal(withConf(conf, ["-regtest"]).values.get("rpcport"), "18443");
  assert.equal(withConf(conf).values.get("rpcport"), "8332");
  assert.equal(withConf(conf, ["-signet"]).values.get("rpcport"), "1");
  assert.deepEqual(withConf(conf, ["-regtest"]).repeated.get("rpcallowip"), ["10.0.0.0/8"]);
  assert.equal(withConf(conf, ["-signet"]).repeated.get("rpcallowip"), undefined);
});

test("network-scoped options on the command line are rejected, as Core does since 0.20", () => {
  assert.throws(
    () => parseNodeArgs(["-regtest.rpcport=1"]),
    usageError(/^invalid option -regtest\.rpcport=1: .* on the command line write -rpcport=1$/),
  );
});

test("repeatable options collect the command line's, the section's and the top's values", () => {
  const conf = "rpcallowip=10.0.0.0/8\n[regtest]\nrpcallowip=192.168.0.0/16\n";
  const args = withConf(conf, ["-regtest", "-rpcallowip=172.16.0.0/12"]);
  assert.deepEqual(args.repeated.get("rpcallowip"), [
    "172.16.0.0/12",
    "192.168.0.0/16",
    "10.0.0.0/8",
  ]);
});

test("in the file the first value of an option wins, on the command line the last (Core)", () => {
  assert.equal(withConf("rpcport=1\nrpcport=2\n").values.get("rpcport"), "1");
  assert.equal(parseNodeArgs(["-rpcport=1", "-rpcport=2"], files({})).values.get("rpcport"), "2");
  assert.equal(withConf("wallet=0\nwallet=1\n").flags.get("wallet"), false);
  assert.equal(withConf("nowallet=1\n").flags.get("wallet"), false);
});

test("a conf file that is missing or a directory is one clear error", () => {
  assert.throws(
    () => parseNodeArgs(["-conf=/missing.conf"], files({})),
    usageError(/^-conf: cannot read \/missing\.conf: no such file$/),
  );
  const dir = mkdtempSync(join(tmpdir(), "hf-conf-"));
  try {
    assert.throws(
      () => parseNodeArgs([`-conf=${dir}`]),
      usageError(new RegExp(`^-conf: cannot read ${dir}: it is a directory$`)),
    );
    const file = join(dir, "h.conf");
    writeFileSync(file, "rpcport = 28443\n");
    assert.equal(parseNodeArgs([`-conf=${file}`]).values.get("rpcport"), "28443");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("malformed conf lines are errors naming the file and line", () => {
  const cases: [string, RegExp][] = [
    ["rpcport=1\nrpcport\n", /^\/h\.conf line 2: expected name=value \(got "rpcport"\)$/],
    [
      "nowallet\n",
      /^\/h\.conf line 1: expected name=value \(got "nowallet"\); to negate an option write nowallet=1$/,
    ],
    ["-rpcport=1\n", /^\/h\.conf line 1: options in a conf file are written without a leading "-"/],
    ["\n\nfrobnicate=1\n", /^\/h\.conf line 3: unknown option frobnicate$/],
    ["[regtest]\nfrobnicate=1\n", /^\/h\.conf line 2: unknown option regtest\.frobnicate$/],
    ["conf=/other.conf\n", /^\/h\.conf line 1: conf cannot be set in a conf file$/],
    ["rpcpassword=ab#cd\n", /^\/h\.conf line 1: a "#" in rpcpassword is ambiguous/],
    ["rpcport=\n", /^\/h\.conf line 1: rpcport needs a value$/],
    ["wallet=yes\n", /^\/h\.conf line 1: wallet: expected 0 or 1 \(got "yes"\)$/],
    ["[regtest\nrpcport=1\n", /^\/h\.conf line 1: expected name=value \(got "\[regtest"\)$/],
  ];
  for (const [conf, expected] of cases) {
    assert.throws(() => withConf(conf), usageError(expected), JSON.stringify(conf));
  }
});

test("command-line errors keep their messages", () => {
  assert.throws(() => parseNodeArgs(["-frobnicate=1"]), usageError(/^unknown option -frobnicate$/));
  assert.throws(() => parseNodeArgs(["-rpcport"]), usageError(/^-rpcport needs a value$/));
  assert.throws(() => parseNodeArgs(["regtest"]), usageError(/^unexpected argument "regtest"/));
});
