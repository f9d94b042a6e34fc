// The economics package's one door. Pure code only: no I/O, no clock (callers pass `now`).

export { COIN } from "@hashforge/consensus";
export { EconomicsError, type EconomicsErrorCode } from "./errors.js";
export {
  type ChainPosition,
  type HalvingEvent,
  type HalvingScheduleOptions,
  type HalvingStatus,
  halvingSchedule,
  KNOWN_HALVING_TIMES,
  nextHalving,
  tipFromGenesis,
} from "./halving-schedule.js";
export {
  findHardwarePreset,
  MAX_USER_PRESETS,
  mergeHardwarePresets,
  parseHardwarePresetFile,
} from "./hardware.js";
export { type Cooling, HARDWARE_PRESETS, type HardwarePreset } from "./hardware-presets.js";
export {
  expectedBlocksPerDay,
  expectedBtcPerDay,
  HASHES_PER_DIFFICULTY,
  type Hashprice,
  type HashpriceInput,
  hashprice,
  impliedNetworkHashrate,
  SECONDS_PER_DAY,
} from "./hashprice.js";
export { toJsonValue } from "./json.js";
export {
  MAX_MACHINE_UNITS,
  type MachineSpec,
  type MachineSpecInput,
  machineProfitabilityInput,
  resolveMachineSpec,
} from "./machine-spec.js";
export {
  estimateHeightAt,
  MAINNET_SNAPSHOT,
  type NetworkConditions,
  type NetworkSnapshot,
} from "./network-snapshot.js";
export {
  PAYOUT_SCHEMES,
  type PayoutScheme,
  type PayoutSchemeInfo,
  parsePayoutScheme,
  type SchemeIncome,
  type SchemeIncomeInput,
  schemeIncome,
} from "./payout-scheme.js";
export {
  type BreakEven,
  computeProfitability,
  type PeriodFigures,
  type ProfitabilityResult,
} from "./profitability.js";
export {
  DEFAULT_POOL_SHARE_OF_NETWORK,
  MAX_HORIZON_DAYS,
  PROFITABILITY_LIMITS,
  type ProfitabilityInput,
  type ResolvedProfitabilityInput,
  resolveProfitabilityInput,
} from "./profitability-input.js";
export {
  type ProjectedHalving,
  type Projection,
  type ProjectionMonth,
  projectProfitability,
} from "./projection.js";
export { probabilityAtLeastOne, type SoloOdds, type SoloWindow, soloOdds } from "./solo-odds.js";
export {
  annualInflationPercent,
  blockSubsidy,
  formatBtc,
  halvingHeight,
  issuedBetween,
  issuedSupply,
  MAINNET_SUPPLY,
  MAX_BLOCK_HEIGHT,
  MAX_GENESIS_TIME,
  MAX_SCHEDULE_VALUE,
  maxSupply,
  meanSubsidyBtc,
  nextHalvingHeight,
  SUPPLY_PRESETS,
  type SupplyInfo,
  type SupplyParams,
  satsToBtc,
  subsidyEras,
  supplyInfo,
  supplyParamsFor,
  supplyParamsFromChain,
  validateSupplyParams,
} from "./supply.js";
export {
  DAYS_PER_MONTH,
  DAYS_PER_YEAR,
  formatHashrate,
  formatSi,
  type PowerSpec,
  parseAmount,
  parseDifficulty,
  parseEfficiency,
  parseHashrate,
  parseHorizonDays,
  parsePercent,
  parsePower,
  parsePowerSpec,
} from "./units.js";
