import type { ChainParams } from "./params/chain-params.js";

/**
 * The block subsidy at `height`: the initial subsidy halved once per halving interval, zero from
 * the 64th halving on (Core's GetBlockSubsidy; the explicit cut-off avoids the undefined shift).
 */
export function blockSubsidy(
  height: number,
  params: Pick<ChainParams, "subsidyHalvingInterval" | "initialSubsidy">,
): bigint {
  const halvings = Math.floor(height / params.subsidyHalvingInterval);
  if (halvings >= 64) return 0n;
  return params.initialSubsidy >> BigInt(halvings);
}

/**
 * Total subsidy issued by blocks 0..height inclusive, computed era by era (exact, in satoshis).
 * Includes the genesis block's subsidy, which on mainnet is unspendable.
 */
export function issuedSupply(
  height: number,
  params: Pick<ChainParams, "subsidyHalvingInterval" | "initialSubsidy">,
): bigint {
  if (height < 0) return 0n;
  const interval = params.subsidyHalvingInterval;
  let total = 0n;
  let eraStart = 0;
  for (let era = 0; era < 64 && eraStart <= height; era++) {
    const eraEnd = Math.min(eraStart + interval - 1, height);
    total += BigInt(eraEnd - eraStart + 1) * (params.initialSubsidy >> BigInt(era));
    eraStart += interval;
  }
  return total;
}
