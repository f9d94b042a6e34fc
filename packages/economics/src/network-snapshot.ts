/**
 * Network conditions a profitability estimate depends on: how hard blocks are to find, what a
 * block pays beside the subsidy, and where the chain is (for the subsidy and the next halving).
 */
export interface NetworkConditions {
  /** Proof-of-work difficulty (Core's `getdifficulty`). */
  readonly difficulty: number;
  /** Mean transaction fees per block in BTC (e.g. over the last 144 blocks). */
  readonly feesPerBlockBtc: number;
  /** Height of the current tip. */
  readonly height: number;
  /** Observed mean seconds between blocks; defaults to the network's target spacing. */
  readonly blockIntervalSeconds?: number;
}

/**
 * A dated copy of network conditions with its provenance, so output can say where its numbers
 * came from and how old they are.
 */
export interface NetworkSnapshot extends NetworkConditions {
  /** Core chain name the figures belong to. */
  readonly network: string;
  /** Unix time the figures describe. */
  readonly time: number;
  /** Same instant as an ISO date, for people. */
  readonly date: string;
  /** Where each figure comes from. */
  readonly source: string;
}

/**
 * Mainnet on 2025-11-27, right after the difficulty adjustment at block 925,344 (01:16 UTC) that
 * lowered difficulty 1.95 % to 149.30 T (reported rounded to 0.01 T). Fees: the fee-to-reward
 * ratio was 0.78 % over Aug-Oct 2025 (CryptoQuant), i.e. about 0.025 BTC per block at a
 * 3.125 BTC subsidy; 2025 averaged 0.036-0.04 BTC per block. This is a fallback for offline use:
 * pass `--difficulty`/`--fees` or `--node` for current numbers.
 */
export const MAINNET_SNAPSHOT: NetworkSnapshot = {
  network: "main",
  height: 925_344,
  time: 1764206160,
  date: "2025-11-27",
  difficulty: 149.3e12,
  feesPerBlockBtc: 0.025,
  blockIntervalSeconds: 600,
  source:
    "difficulty and height: adjustment at block 925,344 on 2025-11-27 01:16 UTC (-1.95 % to 149.30 T); " +
    "fees: 0.78 % fee-to-reward ratio Aug-Oct 2025 (CryptoQuant via CryptoSlate, 2025-11-04)",
};

/**
 * Estimates the tip height at `now` (unix seconds) by advancing a snapshot at its block interval.
 * Never moves backwards: a `now` before the snapshot returns the snapshot height.
 */
export function estimateHeightAt(
  snapshot: Pick<NetworkSnapshot, "height" | "time" | "blockIntervalSeconds">,
  now: number,
  fallbackIntervalSeconds = 600,
): number {
  const interval = snapshot.blockIntervalSeconds ?? fallbackIntervalSeconds;
  const elapsed = Math.max(0, now - snapshot.time);
  return snapshot.height + Math.floor(elapsed / interval);
}
