import { MAX_MACHINE_UNITS } from "@hashforge/economics";
import { Type } from "typebox";
import {
  NetworkQueryProperties,
  NullableNumber,
  SatsString,
  SupplyParamsSchema,
} from "./common.js";

const NumberOrText = (description: string) =>
  Type.Union([Type.Number(), Type.String({ maxLength: 64 })], { description });

/**
 * Profitability parameters, accepted as a query string (GET) or a JSON body (POST). Unit-bearing
 * values take a number in base units or text with a unit: `hashrate=200TH`, `power=3500W` or
 * `power=17.5J/TH`, `difficulty=152T`; rates are percent (`uptime=95`).
 */
export const ProfitabilityRequest = Type.Object(
  {
    hardware: Type.Optional(
      Type.String({ maxLength: 64, description: "hardware preset id, e.g. s21" }),
    ),
    units: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_MACHINE_UNITS, description: "identical machines" }),
    ),
    hashrate: Type.Optional(NumberOrText("H/s, or text such as 200TH")),
    power: Type.Optional(NumberOrText("W, or text such as 3500W or 17.5J/TH")),
    efficiency: Type.Optional(NumberOrText("J/TH")),
    electricity: NumberOrText("price per kWh"),
    price: NumberOrText("BTC price"),
    currency: Type.Optional(
      Type.String({ pattern: "^[A-Za-z]{3}$", description: "label for money, default USD" }),
    ),
    network: NetworkQueryProperties.network,
    difficulty: Type.Optional(NumberOrText("difficulty, e.g. 152T")),
    fees: Type.Optional(Type.Number({ minimum: 0, description: "mean fees per block, BTC" })),
    height: Type.Optional(Type.Integer({ minimum: 0 })),
    blockTime: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: "observed seconds per block" }),
    ),
    uptime: Type.Optional(NumberOrText("percent, default 100")),
    pue: Type.Optional(Type.Number({ description: "facility power / miner power, default 1" })),
    poolFee: Type.Optional(NumberOrText("percent, default 0")),
    scheme: Type.Optional(
      Type.String({ maxLength: 16, description: "FPPS, PPS+, PPS, PPLNS, PROP, SOLO" }),
    ),
    poolHashrate: Type.Optional(NumberOrText("pool hashrate for PPLNS/PROP variance")),
    hardwareCost: Type.Optional(NumberOrText("price of one machine")),
    fixedCost: Type.Optional(NumberOrText("fixed costs per month")),
    months: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: "projection length in months" }),
    ),
    horizon: Type.Optional(
      Type.String({ maxLength: 32, description: "projection length such as 90d, 24m, 2y" }),
    ),
    difficultyGrowth: Type.Optional(NumberOrText("percent per month")),
    priceGrowth: Type.Optional(NumberOrText("percent per month")),
    co2: Type.Optional(Type.Number({ description: "grid intensity, g CO2 per kWh" })),
    shutdownWhenUnprofitable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Period = Type.Object({
  btc: Type.Number(),
  sats: Type.Number(),
  revenue: Type.Number(),
  electricityCost: Type.Number(),
  fixedCost: Type.Number(),
  profit: Type.Number(),
  energyKwh: Type.Number(),
});

const SchemeIncome = Type.Object({
  scheme: Type.String(),
  expectedBtcPerDay: Type.Number(),
  stdDevBtcPerDay: Type.Number(),
  variation30dPercent: Type.Number(),
  noIncome30dPercent: Type.Number(),
});

const ProjectionMonth = Type.Object({
  month: Type.Integer(),
  startDay: Type.Number(),
  days: Type.Number(),
  startTime: Type.Union([Type.Integer(), Type.Null()]),
  startHeight: Type.Integer(),
  difficulty: Type.Number(),
  btcPrice: Type.Number(),
  subsidyBtc: Type.Number(),
  halving: Type.Boolean(),
  hashpricePerPhDay: Type.Number(),
  mining: Type.Boolean(),
  btc: Type.Number(),
  revenue: Type.Number(),
  electricityCost: Type.Number(),
  fixedCost: Type.Number(),
  profit: Type.Number(),
  cumulativeBtc: Type.Number(),
  cumulativeProfit: Type.Number(),
  netPosition: Type.Number(),
});

/** The computed result, mirroring the economics package's `ProfitabilityResult`. */
export const ProfitabilityResultSchema = Type.Object({
  inputs: Type.Object({
    hashrate: Type.Number(),
    powerWatts: Type.Number(),
    efficiencyJPerTH: Type.Number(),
    electricityPricePerKwh: Type.Number(),
    btcPrice: Type.Number(),
    difficulty: Type.Number(),
    feesPerBlockBtc: Type.Number(),
    height: Type.Integer(),
    blockIntervalSeconds: Type.Number(),
    networkHashrate: Type.Number(),
    uptimePercent: Type.Number(),
    pue: Type.Number(),
    poolFeePercent: Type.Number(),
    payoutScheme: Type.String(),
    poolHashrate: Type.Number(),
    hardwareCost: Type.Number(),
    fixedCostPerMonth: Type.Number(),
    horizonDays: Type.Number(),
    difficultyGrowthPercentPerMonth: Type.Number(),
    priceGrowthPercentPerMonth: Type.Number(),
    co2GramsPerKwh: NullableNumber,
    shutdownWhenUnprofitable: Type.Boolean(),
    supply: SupplyParamsSchema,
    startTime: Type.Union([Type.Integer(), Type.Null()]),
  }),
  network: Type.Object({
    difficulty: Type.Number(),
    height: Type.Integer(),
    networkHashrate: Type.Number(),
    blockIntervalSeconds: Type.Number(),
    subsidyBtc: Type.Number(),
    feesPerBlockBtc: Type.Number(),
    blockRewardBtc: Type.Number(),
  }),
  miner: Type.Object({
    hashrate: Type.Number(),
    effectiveHashrate: Type.Number(),
    powerWatts: Type.Number(),
    facilityPowerWatts: Type.Number(),
    efficiencyJPerTH: Type.Number(),
    shareOfNetworkPercent: Type.Number(),
  }),
  hashprice: Type.Object({
    perThDay: Type.Number(),
    perPhDay: Type.Number(),
    satsPerThDay: Type.Number(),
    satsPerPhDay: Type.Number(),
    subsidyOnlyPerPhDay: Type.Number(),
    feeSharePercent: Type.Number(),
  }),
  daily: Period,
  monthly: Period,
  operatingMarginPercent: NullableNumber,
  costPerBtc: NullableNumber,
  breakEven: Type.Object({
    electricityPricePerKwh: NullableNumber,
    btcPrice: NullableNumber,
    difficulty: NullableNumber,
    efficiencyJPerTH: NullableNumber,
    costPerThDay: NullableNumber,
  }),
  paybackDaysAtCurrentConditions: NullableNumber,
  energy: Type.Object({
    kWhPerDay: Type.Number(),
    kWhPerBtc: NullableNumber,
    co2KgPerDay: NullableNumber,
    co2TonnesPerBtc: NullableNumber,
  }),
  solo: Type.Object({
    blocksPerDay: Type.Number(),
    expectedDaysPerBlock: NullableNumber,
    medianDaysToBlock: NullableNumber,
    shareOfBlocksPercent: Type.Number(),
    windows: Type.Array(
      Type.Object({
        days: Type.Number(),
        expectedBlocks: Type.Number(),
        probabilityPercent: Type.Number(),
      }),
    ),
  }),
  payout: Type.Object({ selected: SchemeIncome, comparison: Type.Array(SchemeIncome) }),
  projection: Type.Object({
    months: Type.Array(ProjectionMonth),
    days: Type.Number(),
    totalBtc: Type.Number(),
    totalRevenue: Type.Number(),
    totalElectricityCost: Type.Number(),
    totalFixedCost: Type.Number(),
    operatingProfit: Type.Number(),
    netProfit: Type.Number(),
    roiPercent: NullableNumber,
    paybackDays: NullableNumber,
    unprofitableFromMonth: Type.Union([Type.Integer(), Type.Null()]),
    allInCostPerBtc: NullableNumber,
    endBtcPrice: Type.Number(),
    holdValue: Type.Number(),
    halvings: Type.Array(
      Type.Object({
        height: Type.Integer(),
        day: Type.Number(),
        month: Type.Integer(),
        subsidyAfterBtc: Type.Number(),
      }),
    ),
  }),
  warnings: Type.Array(Type.String()),
});

/** `/profitability` answer: the machine, where the network figures came from, and the result. */
export const ProfitabilityResponse = Type.Object({
  machine: Type.Object({
    label: Type.String(),
    presetId: Type.Union([Type.String(), Type.Null()]),
    units: Type.Integer(),
    hashrate: Type.Number(),
    powerWatts: Type.Number(),
    efficiencyJPerTH: Type.Number(),
  }),
  currency: Type.String(),
  networkSource: Type.String({ description: "request, node, or snapshot:<date>" }),
  result: ProfitabilityResultSchema,
});

/** `/supply` query. */
export const SupplyQuery = Type.Object(
  {
    ...NetworkQueryProperties,
    height: Type.Optional(Type.Integer({ minimum: 0, description: "default: current tip" })),
  },
  { additionalProperties: false },
);

/** `/supply` answer. */
export const SupplyResponse = Type.Object({
  network: SupplyParamsSchema,
  height: Type.Integer(),
  heightSource: Type.String(),
  epoch: Type.Integer(),
  subsidySats: SatsString,
  subsidyBtc: Type.Number(),
  issuedSats: SatsString,
  issuedBtc: Type.Number(),
  maxSupplySats: SatsString,
  issuedPercent: Type.Number(),
  nextHalvingHeight: Type.Integer(),
  blocksToNextHalving: Type.Integer(),
  subsidyAfterNextHalvingSats: SatsString,
  annualInflationPercent: Type.Number(),
});

/** `/halving` query. */
export const HalvingQuery = Type.Object(
  {
    ...NetworkQueryProperties,
    height: Type.Optional(
      Type.Integer({ minimum: 0, description: "tip height (default: current tip)" }),
    ),
    blockTime: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: "seconds per block for estimates" }),
    ),
  },
  { additionalProperties: false },
);

/** `/halving` answer. */
export const HalvingResponse = Type.Object({
  network: SupplyParamsSchema,
  tip: Type.Object({ height: Type.Integer(), time: Type.Integer() }),
  tipSource: Type.String(),
  blockIntervalSeconds: Type.Number(),
  next: Type.Object({
    height: Type.Integer(),
    blocksRemaining: Type.Integer(),
    subsidySats: SatsString,
    subsidyAfterSats: SatsString,
    estimatedTime: Type.Integer(),
    estimatedDate: Type.String(),
    daysRemaining: Type.Number(),
  }),
  halvings: Type.Array(
    Type.Object({
      epoch: Type.Integer(),
      height: Type.Integer(),
      subsidyBeforeSats: SatsString,
      subsidyAfterSats: SatsString,
      issuedBeforeSats: SatsString,
      issuedPercent: Type.Number(),
      time: Type.Integer(),
      date: Type.String(),
      timeSource: Type.Union([Type.Literal("actual"), Type.Literal("estimated")]),
      blocksFromTip: Type.Integer(),
    }),
  ),
});

/** One hardware preset. */
export const HardwarePresetSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  manufacturer: Type.String(),
  hashrateThs: Type.Number(),
  powerWatts: Type.Number(),
  efficiencyJPerTH: Type.Number(),
  releaseYear: Type.Union([Type.Integer(), Type.Null()]),
  cooling: Type.String(),
  source: Type.String(),
  note: Type.Optional(Type.String()),
  origin: Type.String(),
});

/** `/hardware` answer. */
export const HardwareListResponse = Type.Object({ presets: Type.Array(HardwarePresetSchema) });

/** `/hardware/:id` path. */
export const HardwareParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
