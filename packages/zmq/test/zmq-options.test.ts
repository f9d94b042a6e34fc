import assert from "node:assert/strict";
import { test } from "node:test";
import { ZmqConfigError } from "../src/zmq-config-error.js";
import { parseZmqEndpoint } from "../src/zmq-endpoint.js";
import { zmqEndpointsFromArgs } from "../src/zmq-endpoints-from-args.js";
import { DEFAULT_ZMQ_SNDHWM } from "../src/zmq-publisher.js";

function configError(fn: () => unknown): ZmqConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ZmqConfigError, String(err));
    return err;
  }
  assert.fail("expected a ZmqConfigError");
}

const args = (entries: Record<string, readonly string[]>) => (name: string) => entries[name];

test("tcp endpoints: IPv4, [IPv6], localhost and * bind exactly what they name", () => {
  assert.deepEqual(parseZmqEndpoint("tcp://127.0.0.1:28332"), {
    address: "tcp://127.0.0.1:28332",
    host: "127.0.0.1",
    port: 28332,
    ipv6: false,
  });
  assert.deepEqual(parseZmqEndpoint("tcp://[::1]:28333"), {
    address: "tcp://[::1]:28333",
    host: "::1",
    port: 28333,
    ipv6: true,
  });
  assert.equal(parseZmqEndpoint("tcp://localhost:1").host, "127.0.0.1");
  assert.equal(parseZmqEndpoint("tcp://*:28332").host, "0.0.0.0");
  assert.equal(parseZmqEndpoint("tcp://0.0.0.0:0").port, 0);
});

test("bad addresses are refused with a one-line reason", () => {
  const cases: [string, RegExp][] = [
    ["ipc:///tmp/bitcoind.zmq", /ipc:\/\/ transport is not supported/],
    ["tcp://127.0.0.1", /missing :port/],
    ["tcp://127.0.0.1:65536", /port "65536"/],
    ["tcp://127.0.0.1:-1", /port "-1"/],
    ["tcp://127.0.0.1:", /port ""/],
    ["tcp://::1:28332", /IPv6 address in brackets/],
    ["tcp://[::1]28332", /expected \[ipv6\]:port/],
    ["tcp://[nope]:1", /"nope" is not an IPv6 address/],
    ["tcp://node.example:28332", /"node.example" is not an IP address/],
    ["tcp://eth0:28332", /"eth0" is not an IP address/],
    ["127.0.0.1:28332", /expected tcp:\/\/host:port/],
    ["", /expected tcp:\/\/host:port/],
  ];
  for (const [address, reason] of cases) {
    const err = configError(() => parseZmqEndpoint(address));
    assert.match(err.message, reason, address);
    assert.ok(!err.message.includes("\n"));
  }
});

test("-zmqpub* options become notifiers in Core's type order, repeatable, with their hwm", () => {
  const endpoints = zmqEndpointsFromArgs(
    args({
      zmqpubsequence: ["tcp://127.0.0.1:28336"],
      zmqpubrawtx: ["tcp://127.0.0.1:28333", "tcp://[::1]:28333"],
      zmqpubrawtxhwm: ["5", "7"],
      zmqpubhashblock: ["tcp://127.0.0.1:28332"],
      zmqpubhashtxhwm: ["3"],
    }),
  );
  assert.deepEqual(endpoints, [
    { type: "pubhashblock", address: "tcp://127.0.0.1:28332", hwm: DEFAULT_ZMQ_SNDHWM },
    { type: "pubrawtx", address: "tcp://127.0.0.1:28333", hwm: 7 },
    { type: "pubrawtx", address: "tcp://[::1]:28333", hwm: 7 },
    { type: "pubsequence", address: "tcp://127.0.0.1:28336", hwm: 1000 },
  ]);
  assert.deepEqual(zmqEndpointsFromArgs(args({})), []);
});

test("a bad address or hwm names its option", () => {
  const bad = configError(() => zmqEndpointsFromArgs(args({ zmqpubrawblock: ["ipc:///tmp/z"] })));
  assert.equal(bad.option, "-zmqpubrawblock");
  assert.equal(
    bad.message,
    '-zmqpubrawblock: invalid ZMQ address "ipc:///tmp/z": the ipc:// transport is not supported, use tcp://host:port',
  );
  for (const value of ["0", "-5", "abc", "1.5", "", "2147483648"]) {
    const err = configError(() => zmqEndpointsFromArgs(args({ zmqpubhashtxhwm: [value] })));
    assert.equal(err.option, "-zmqpubhashtxhwm");
    assert.match(err.message, /^-zmqpubhashtxhwm: high-water mark must be a whole number/);
  }
});
