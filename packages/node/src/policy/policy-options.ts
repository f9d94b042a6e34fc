// Relay policy settings, with Core's defaults.
import {
  DEFAULT_BYTES_PER_SIGOP,
  DEFAULT_INCREMENTAL_RELAY_FEE,
  DEFAULT_MIN_RELAY_TX_FEE,
  DEFAULT_PERMIT_BAREMULTISIG,
  DUST_RELAY_TX_FEE,
  MAX_OP_RETURN_RELAY,
} from "./policy-constants.js";

/**
 * The relay policy settings Core exposes as command-line options; every field has Core's default
 * (see {@link DEFAULT_POLICY_OPTIONS}). Fee rates are satoshis per 1000 virtual bytes.
 */
export interface PolicyOptions {
  /** `-dustrelayfee`: rate that defines dust outputs. */
  readonly dustRelayFeeRate: bigint;
  /** `-minrelaytxfee`: minimum fee rate to accept and relay. */
  readonly minRelayFeeRate: bigint;
  /** `-incrementalrelayfee`: extra rate replacements pay, and the rolling minimum fee step. */
  readonly incrementalRelayFeeRate: bigint;
  /** `-datacarriersize`: largest standard OP_RETURN script, or null when data carrying is off. */
  readonly maxDatacarrierBytes: number | null;
  /** `-permitbaremultisig`: whether bare (non-P2SH) multisig outputs are standard. */
  readonly permitBareMultisig: boolean;
  /** `-bytespersigop`: virtual bytes charged per sigop. */
  readonly bytesPerSigop: number;
}

/** Core's default relay policy. */
export const DEFAULT_POLICY_OPTIONS: PolicyOptions = Object.freeze({
  dustRelayFeeRate: DUST_RELAY_TX_FEE,
  minRelayFeeRate: DEFAULT_MIN_RELAY_TX_FEE,
  incrementalRelayFeeRate: DEFAULT_INCREMENTAL_RELAY_FEE,
  maxDatacarrierBytes: MAX_OP_RETURN_RELAY,
  permitBareMultisig: DEFAULT_PERMIT_BAREMULTISIG,
  bytesPerSigop: DEFAULT_BYTES_PER_SIGOP,
});

/** Fills the unset fields of `options` with Core's defaults. */
export function resolvePolicyOptions(options: Partial<PolicyOptions> = {}): PolicyOptions {
  return { ...DEFAULT_POLICY_OPTIONS, ...options };
}
