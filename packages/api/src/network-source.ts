/** Current chain conditions as a node reports them. */
export interface LiveNetwork {
  /** Core chain name (`main`, `test`, `testnet4`, `signet`, `regtest`). */
  readonly chain: string;
  readonly difficulty: number;
  /** Mean fees per block over recent blocks, BTC. */
  readonly feesPerBlockBtc: number;
  readonly height: number;
  /** Tip header time, unix seconds. */
  readonly tipTime: number;
  /** Observed mean seconds per block, when known. */
  readonly blockIntervalSeconds?: number;
}

/**
 * Where the API gets live network figures when a request does not give them: the node the API
 * runs beside. Optional: without it the API falls back to the dated mainnet snapshot. An
 * implementation should cache (a tip changes every ten minutes, requests may come every second).
 */
export interface NetworkSource {
  getNetwork(): Promise<LiveNetwork>;
}
