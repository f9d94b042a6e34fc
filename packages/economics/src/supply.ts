import {
  BUILTIN_NETWORKS,
  type ChainParams,
  COIN,
  chainParamsByName,
  issuedSupply as consensusIssuedSupply,
  blockSubsidy as consensusSubsidy,
  MAIN_PARAMS,
  MAX_MONEY,
  NETWORK_NAMES,
  UnknownNetworkError,
} from "@hashforge/consensus";
import { EconomicsError } from "./errors.js";
import { DAYS_PER_YEAR } from "./units.js";
import {
  requireInRange,
  requireNonNegative,
  requireNonNegativeInteger,
  requirePositive,
} from "./validate.js";

/**
 * The parameters that fix a network's issuance schedule: the fields of consensus `ChainParams`
 * that matter here, under names of their own so a hypothetical network can be described
 * without a full ChainParams.
 */
export interface SupplyParams {
  /** Network name for display (`main`, `regtest`, or a custom name). */
  readonly name: string;
  /** Blocks between subsidy halvings (mainnet 210,000; regtest 150). */
  readonly halvingInterval: number;
  /** Subsidy of the first era in satoshis (mainnet 50 BTC). */
  readonly initialSubsidy: bigint;
  /** Seconds between blocks the difficulty retarget aims for (mainnet 600). */
  readonly targetSpacing: number;
  /** Unix time of the genesis block header. */
  readonly genesisTime: number;
}

/** The issuance parameters of a consensus network definition (built in or custom). */
export function supplyParamsFromChain(params: ChainParams): SupplyParams {
  return {
    name: params.name,
    halvingInterval: params.subsidyHalvingInterval,
    initialSubsidy: params.initialSubsidy,
    targetSpacing: params.pow.targetSpacing,
    genesisTime: params.genesisHeader.time,
  };
}

/** Bitcoin mainnet issuance parameters. */
export const MAINNET_SUPPLY: SupplyParams = supplyParamsFromChain(MAIN_PARAMS);

/** Issuance parameters of the networks Core ships, keyed by Core's chain name. */
export const SUPPLY_PRESETS: Readonly<Record<string, SupplyParams>> = Object.fromEntries(
  Object.entries(BUILTIN_NETWORKS).map(([name, params]) => [
    name,
    params === MAIN_PARAMS ? MAINNET_SUPPLY : supplyParamsFromChain(params),
  ]),
);

const NETWORK_ALIASES: Readonly<Record<string, string>> = {
  mainnet: "main",
  bitcoin: "main",
};

/** Looks up a built-in network's issuance parameters by Core chain name or a common alias. */
export function supplyParamsFor(network: string): SupplyParams {
  const key = network.trim().toLowerCase();
  try {
    const params = chainParamsByName(NETWORK_ALIASES[key] ?? key);
    return SUPPLY_PRESETS[params.name] ?? supplyParamsFromChain(params);
  } catch (e: unknown) {
    if (!(e instanceof UnknownNetworkError)) throw e;
    const known = [...NETWORK_NAMES, ...Object.keys(NETWORK_ALIASES)].join(", ");
    throw new EconomicsError(
      "unknown-value",
      "network",
      `unknown network ${JSON.stringify(network)}; known: ${known}`,
    );
  }
}

/** Highest block height: Core keeps heights in a signed 32-bit integer, so no chain is taller. */
export const MAX_BLOCK_HEIGHT = 0x7fffffff;

/** Largest halving interval and target spacing: the 32-bit signed bound custom networks have. */
export const MAX_SCHEDULE_VALUE = 0x7fffffff;

/** Latest genesis time: a block header's time is an unsigned 32-bit number of seconds. */
export const MAX_GENESIS_TIME = 0xffffffff;

/**
 * Checks a custom network's parameters and returns them, with the bounds `hashforge network new`
 * applies to a network file: a whole halving interval from 1 to 2^31-1 blocks, a positive
 * subsidy whose schedule issues no more than MAX_MONEY (21 million BTC) in all, a whole target
 * spacing from 1 to 2^31-1 seconds, and a genesis time a block header can hold.
 */
export function validateSupplyParams(params: SupplyParams): SupplyParams {
  const interval = requireNonNegativeInteger("halvingInterval", params.halvingInterval);
  if (interval === 0)
    throw new EconomicsError("not-positive", "halvingInterval", "must be greater than 0 (got 0)");
  requireInRange("halvingInterval", interval, 1, MAX_SCHEDULE_VALUE, { unit: "blocks" });
  if (typeof params.initialSubsidy !== "bigint" || params.initialSubsidy <= 0n) {
    throw new EconomicsError(
      "not-positive",
      "initialSubsidy",
      `must be a positive amount of satoshis (got ${String(params.initialSubsidy)})`,
    );
  }
  const total = maxSupply(params);
  if (total > MAX_MONEY) {
    throw new EconomicsError(
      "out-of-range",
      "initialSubsidy",
      `the schedule would issue ${formatBtc(total)} BTC in all, more than MAX_MONEY (${formatBtc(MAX_MONEY)} BTC); lower the initial subsidy or the halving interval`,
    );
  }
  requireInRange(
    "targetSpacing",
    requirePositive("targetSpacing", params.targetSpacing),
    1,
    MAX_SCHEDULE_VALUE,
    { unit: "seconds" },
  );
  requireNonNegativeInteger("targetSpacing", params.targetSpacing);
  requireInRange(
    "genesisTime",
    requireNonNegative("genesisTime", params.genesisTime),
    0,
    MAX_GENESIS_TIME,
    { unit: "(unix seconds)" },
  );
  requireNonNegativeInteger("genesisTime", params.genesisTime);
  return params;
}

/**
 * Block subsidy in satoshis at `height`, by the consensus rule (Core's GetBlockSubsidy): the
 * initial subsidy halved once per completed interval, zero from the 64th halving on.
 */
export function blockSubsidy(height: number, params: SupplyParams = MAINNET_SUPPLY): bigint {
  requireNonNegativeInteger("height", height);
  return consensusSubsidy(height, consensusSchedule(params));
}

/**
 * Exact satoshis issued by the subsidy schedule in blocks 0..`height` inclusive, counting the
 * genesis block. This is the protocol's schedule: coins that blocks failed to claim, the
 * unspendable genesis output and burns are not subtracted (a UTXO-set total is lower).
 */
export function issuedSupply(height: number, params: SupplyParams = MAINNET_SUPPLY): bigint {
  requireNonNegativeInteger("height", height);
  return consensusIssuedSupply(height, consensusSchedule(params));
}

/** Total satoshis the schedule will ever issue (mainnet: 2,099,999,997,690,000). */
export function maxSupply(params: SupplyParams = MAINNET_SUPPLY): bigint {
  let total = 0n;
  for (let k = 0; k < 64; k += 1)
    total += BigInt(params.halvingInterval) * (params.initialSubsidy >> BigInt(k));
  return total;
}

/**
 * Number of halving eras that pay a non-zero subsidy (mainnet: 33, eras 0..32; the last pays
 * 1 satoshi). The first block with zero subsidy is `subsidyEras(params) * halvingInterval`.
 */
export function subsidyEras(params: SupplyParams = MAINNET_SUPPLY): number {
  let eras = 0;
  while (eras < 64 && params.initialSubsidy >> BigInt(eras) > 0n) eras += 1;
  return eras;
}

/** Height of the `epoch`-th halving (epoch 1 = the first halving: 210,000 on mainnet). */
export function halvingHeight(epoch: number, params: SupplyParams = MAINNET_SUPPLY): number {
  requireNonNegativeInteger("epoch", epoch);
  return epoch * params.halvingInterval;
}

/** Height of the next halving strictly after `height`. */
export function nextHalvingHeight(height: number, params: SupplyParams = MAINNET_SUPPLY): number {
  requireNonNegativeInteger("height", height);
  return (Math.floor(height / params.halvingInterval) + 1) * params.halvingInterval;
}

/** Satoshis issued by blocks `fromHeight`..`toHeight` inclusive (0 when the range is empty). */
export function issuedBetween(
  fromHeight: number,
  toHeight: number,
  params: SupplyParams = MAINNET_SUPPLY,
): bigint {
  if (toHeight < fromHeight) return 0n;
  const before = fromHeight === 0 ? 0n : issuedSupply(fromHeight - 1, params);
  return issuedSupply(toHeight, params) - before;
}

/**
 * Annualised supply inflation at `height`, in percent: the subsidy of the next year's blocks
 * (a year of `targetSpacing` blocks, or of `blockIntervalSeconds` when given) divided by the supply
 * issued through `height`. Crossing a halving inside that year is accounted for exactly.
 */
export function annualInflationPercent(
  height: number,
  params: SupplyParams = MAINNET_SUPPLY,
  blockIntervalSeconds: number = params.targetSpacing,
): number {
  requirePositive("blockIntervalSeconds", blockIntervalSeconds);
  const blocksPerYear = Math.round((DAYS_PER_YEAR * 86_400) / blockIntervalSeconds);
  const supply = issuedSupply(height, params);
  const issued = issuedBetween(height + 1, height + blocksPerYear, params);
  return ratioPercent(issued, supply);
}

/** Everything about the supply at one height, for the `/supply` API and the halving command. */
export interface SupplyInfo {
  readonly network: string;
  readonly height: number;
  /** Halving era of `height` (0 before the first halving). */
  readonly epoch: number;
  readonly subsidySats: bigint;
  /** Satoshis issued through `height`, inclusive. */
  readonly issuedSats: bigint;
  readonly maxSupplySats: bigint;
  /** Share of the eventual supply already issued, percent. */
  readonly issuedPercent: number;
  readonly nextHalvingHeight: number;
  readonly blocksToNextHalving: number;
  readonly subsidyAfterNextHalvingSats: bigint;
  readonly annualInflationPercent: number;
}

/** Summarises the supply schedule at `height`. */
export function supplyInfo(height: number, params: SupplyParams = MAINNET_SUPPLY): SupplyInfo {
  requireNonNegativeInteger("height", height);
  const issued = issuedSupply(height, params);
  const max = maxSupply(params);
  const next = nextHalvingHeight(height, params);
  return {
    network: params.name,
    height,
    epoch: Math.floor(height / params.halvingInterval),
    subsidySats: blockSubsidy(height, params),
    issuedSats: issued,
    maxSupplySats: max,
    issuedPercent: ratioPercent(issued, max),
    nextHalvingHeight: next,
    blocksToNextHalving: next - height,
    subsidyAfterNextHalvingSats: blockSubsidy(next, params),
    annualInflationPercent: annualInflationPercent(height, params),
  };
}

/**
 * Mean subsidy in BTC per block over the block positions [`startHeight`, `startHeight + blocks`),
 * where heights may be fractional (a projection advances height at the observed block rate).
 * Used to apply a halving that falls inside a projected month pro rata.
 */
export function meanSubsidyBtc(
  startHeight: number,
  blocks: number,
  params: SupplyParams = MAINNET_SUPPLY,
): number {
  if (blocks <= 0) return satsToBtc(blockSubsidy(Math.max(0, Math.floor(startHeight)), params));
  const end = startHeight + blocks;
  let weighted = 0;
  let position = startHeight;
  while (position < end) {
    const era = Math.floor(position / params.halvingInterval);
    const subsidy = era >= 64 ? 0 : satsToBtc(params.initialSubsidy >> BigInt(era));
    // The subsidy never grows again once it is zero: stop rather than step through the empty
    // eras, which a fast block rate over a long horizon makes millions.
    if (subsidy === 0) break;
    const eraEnd = Math.min(end, (era + 1) * params.halvingInterval);
    weighted += (eraEnd - position) * subsidy;
    position = eraEnd;
  }
  return weighted / blocks;
}

/** Converts satoshis to a bitcoin amount as a float (for display and money estimates only). */
export function satsToBtc(sats: bigint): number {
  const whole = sats / COIN;
  const frac = sats % COIN;
  return Number(whole) + Number(frac) / 1e8;
}

/** Formats satoshis as an exact decimal BTC string with 8 places: `3.12500000`. */
export function formatBtc(sats: bigint): string {
  const negative = sats < 0n;
  const abs = negative ? -sats : sats;
  const frac = (abs % COIN).toString().padStart(8, "0");
  return `${negative ? "-" : ""}${abs / COIN}.${frac}`;
}

// a / b * 100 for bigints, to ~15 significant digits, without overflowing a double first.
function ratioPercent(a: bigint, b: bigint): number {
  if (b === 0n) return 0;
  const scale = 10n ** 15n;
  return Number((a * scale * 100n) / b) / Number(scale);
}

function consensusSchedule(params: SupplyParams) {
  return { subsidyHalvingInterval: params.halvingInterval, initialSubsidy: params.initialSubsidy };
}
