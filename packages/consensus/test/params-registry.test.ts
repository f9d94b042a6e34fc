// chainParamsByName: Core's chain names, the testnet3 alias, and the typed error otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesEqual } from "../src/bytes/equal.js";
import {
  BUILTIN_NETWORKS,
  chainParamsByName,
  NETWORK_NAMES,
  UnknownNetworkError,
} from "../src/params/registry.js";

test("Core's chain names resolve to their networks", () => {
  assert.equal(chainParamsByName("main").genesisHash, BUILTIN_NETWORKS.main.genesisHash);
  assert.equal(chainParamsByName("test"), BUILTIN_NETWORKS.test);
  assert.equal(chainParamsByName("testnet3"), BUILTIN_NETWORKS.test);
  assert.equal(chainParamsByName("testnet4"), BUILTIN_NETWORKS.testnet4);
  assert.equal(chainParamsByName("signet"), BUILTIN_NETWORKS.signet);
  assert.equal(chainParamsByName("regtest"), BUILTIN_NETWORKS.regtest);
  assert.equal(chainParamsByName("demo"), BUILTIN_NETWORKS.demo);
  assert.deepEqual(Object.keys(BUILTIN_NETWORKS), [
    "main",
    "test",
    "testnet4",
    "signet",
    "regtest",
    "demo",
  ]);
  for (const [name, params] of Object.entries(BUILTIN_NETWORKS)) assert.equal(params.name, name);
});

test("built-in networks have distinct magics and genesis blocks", () => {
  const all = Object.values(BUILTIN_NETWORKS);
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      assert.ok(!bytesEqual(all[i]!.messageStart, all[j]!.messageStart));
      assert.notEqual(all[i]!.genesisHash, all[j]!.genesisHash);
    }
  }
});

test("an unknown name throws UnknownNetworkError listing the valid names", () => {
  for (const bad of ["mainnet", "Main", "testnet", "", "signet ", "toString", "__proto__"]) {
    assert.throws(
      () => chainParamsByName(bad),
      (e: unknown) => {
        assert.ok(e instanceof UnknownNetworkError, `${bad}: ${String(e)}`);
        assert.equal(e.code, "unknown-network");
        assert.equal(e.requested, bad);
        assert.deepEqual(e.validNames, NETWORK_NAMES);
        assert.match(
          e.message,
          /valid names: main, test, testnet3, testnet4, signet, regtest, demo$/,
        );
        return true;
      },
    );
  }
});
