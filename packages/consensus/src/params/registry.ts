// The built-in networks and lookup by Core's chain names.
import type { ChainParams } from "./chain-params.js";
import { DEMO_PARAMS } from "./demo.js";
import { MAIN_PARAMS } from "./main.js";
import { REGTEST_PARAMS } from "./regtest.js";
import { SIGNET_PARAMS } from "./signet.js";
import { TESTNET3_PARAMS } from "./testnet3.js";
import { TESTNET4_PARAMS } from "./testnet4.js";

/**
 * The networks hashforge ships, keyed by Core's chain name (`-chain=<name>`), plus hashforge's
 * own `demo` network (not in Core).
 */
export const BUILTIN_NETWORKS: Readonly<Record<BuiltinNetworkName, ChainParams>> = {
  main: MAIN_PARAMS,
  test: TESTNET3_PARAMS,
  testnet4: TESTNET4_PARAMS,
  signet: SIGNET_PARAMS,
  regtest: REGTEST_PARAMS,
  demo: DEMO_PARAMS,
};

/** Names of the built-in networks: Core's chain names and hashforge's `demo`. */
export type BuiltinNetworkName = "main" | "test" | "testnet4" | "signet" | "regtest" | "demo";

/**
 * Names {@link chainParamsByName} accepts: Core's chain names, `testnet3` for `test`, and `demo`.
 */
export const NETWORK_NAMES: readonly string[] = [
  "main",
  "test",
  "testnet3",
  "testnet4",
  "signet",
  "regtest",
  "demo",
];

/** Thrown by {@link chainParamsByName} for a name that is not a built-in network. */
export class UnknownNetworkError extends Error {
  override readonly name = "UnknownNetworkError";
  /** Always `unknown-network`. */
  readonly code = "unknown-network";
  /** The name that was asked for. */
  readonly requested: string;
  /** The names that would have been accepted. */
  readonly validNames: readonly string[];

  constructor(requested: string) {
    super(`unknown network "${requested}"; valid names: ${NETWORK_NAMES.join(", ")}`);
    this.requested = requested;
    this.validNames = NETWORK_NAMES;
  }
}

/**
 * The parameters of a built-in network by Core's chain name (`main`, `test`, `testnet4`,
 * `signet`, `regtest`; `testnet3` is accepted for `test`) or `demo` (hashforge's own watchable
 * network, {@link DEMO_PARAMS}). Names are case-sensitive, as in Core.
 * Throws {@link UnknownNetworkError} listing the valid names otherwise.
 */
export function chainParamsByName(name: string): ChainParams {
  if (name === "testnet3") return TESTNET3_PARAMS;
  if (Object.hasOwn(BUILTIN_NETWORKS, name)) return BUILTIN_NETWORKS[name as BuiltinNetworkName];
  throw new UnknownNetworkError(name);
}
