// Settings of the mempool, with Core's defaults.
import type { SignatureBackend } from "@hashforge/consensus";
import type { PolicyOptions } from "../policy/policy-options.js";
import type { AncestorLimits } from "./ancestor-limits.js";
import type { MempoolChain } from "./mempool-chain.js";
import type { MempoolEvent, MempoolLogger } from "./mempool-events.js";

/** Core's -maxmempool default, 300 MB of (estimated) memory usage. */
export const DEFAULT_MAX_MEMPOOL_BYTES = 300_000_000;
/** Core's -mempoolexpiry default: transactions leave after two weeks. */
export const DEFAULT_MEMPOOL_EXPIRY_HOURS = 336;

/** Constructor options of {@link Mempool}. Only `chain` and `backend` are required. */
export interface MempoolOptions {
  /** The active chain the mempool validates against. */
  readonly chain: MempoolChain;
  /** secp256k1 implementation for script checks. */
  readonly backend: SignatureBackend;
  /** Current time in milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
  /** Uniform random number in [0, 1) for orphan eviction (default Math.random). */
  readonly random?: () => number;
  /** Receives tx:accepted and tx:removed events. */
  readonly onEvent?: (event: MempoolEvent) => void;
  /** Structured logger (default: silent). */
  readonly logger?: MempoolLogger;
  /** Relay policy settings; unset fields take Core's defaults. */
  readonly policy?: Partial<PolicyOptions>;
  /** Chain limits; unset fields take Core's defaults (25 txs, 101 kvB). */
  readonly limits?: Partial<AncestorLimits>;
  /** -maxmempool in bytes of estimated memory usage (default 300 MB). */
  readonly maxMempoolBytes?: number;
  /** -mempoolexpiry in hours (default 336). */
  readonly expiryHours?: number;
  /** -mempoolfullrbf: replace without BIP125 signalling (default true, as Core 28). */
  readonly fullRbf?: boolean;
  /** Apply standardness rules (default true; Core's -acceptnonstdtxn=0). */
  readonly requireStandard?: boolean;
  /** Orphan pool bounds. */
  readonly orphans?: {
    readonly maxCount?: number;
    readonly maxWeight?: number;
    readonly expirySeconds?: number;
  };
}

/** Options of one {@link Mempool.accept} call. */
export interface AcceptOptions {
  /** Skip fee floors and size limiting (reorg re-adds, as Core's bypass_limits). */
  readonly bypassLimits?: boolean;
  /** Run every check but leave the mempool unchanged (testmempoolaccept). */
  readonly testOnly?: boolean;
  /** Entry time in Unix seconds instead of now (reloading mempool.dat). */
  readonly acceptTime?: number;
  /** Whether it may replace mempool transactions (default true; package tests: false). */
  readonly allowReplacement?: boolean;
}
