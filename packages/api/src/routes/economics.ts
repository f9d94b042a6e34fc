import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import {
  type ChainPosition,
  computeProfitability,
  DAYS_PER_MONTH,
  EconomicsError,
  estimateHeightAt,
  findHardwarePreset,
  type HardwarePreset,
  halvingSchedule,
  MAINNET_SNAPSHOT,
  machineProfitabilityInput,
  type NetworkConditions,
  nextHalving,
  parseAmount,
  parseDifficulty,
  parseHashrate,
  parseHorizonDays,
  parsePayoutScheme,
  parsePercent,
  resolveMachineSpec,
  type SupplyParams,
  satsToBtc,
  supplyInfo,
  supplyParamsFor,
  tipFromGenesis,
  toJsonValue,
  validateSupplyParams,
} from "@hashforge/economics";
import type { Static } from "typebox";
import { ApiError } from "../errors.js";
import type { LiveNetwork, NetworkSource } from "../network-source.js";
import { ErrorResponse } from "../schemas/common.js";
import {
  HalvingQuery,
  HalvingResponse,
  HardwareListResponse,
  HardwareParams,
  HardwarePresetSchema,
  ProfitabilityRequest,
  ProfitabilityResponse,
  SupplyQuery,
  SupplyResponse,
} from "../schemas/economics.js";

/** What the economics routes need from the server. */
export interface EconomicsRoutesOptions {
  /** Unix milliseconds. */
  readonly clock: () => number;
  readonly hardwarePresets: readonly HardwarePreset[];
  readonly networkSource?: NetworkSource;
  /**
   * The schedule a request without `network` is about: the node's own network when the API runs
   * beside one (default: mainnet).
   */
  readonly defaultSupply?: SupplyParams;
}

/** Economics library field names to this API's parameter names, for error messages. */
export const ECONOMICS_PARAMETER_NAMES: Readonly<Record<string, string>> = {
  powerWatts: "power",
  efficiencyJPerTH: "efficiency",
  electricityPricePerKwh: "electricity",
  btcPrice: "price",
  feesPerBlockBtc: "fees",
  blockIntervalSeconds: "blockTime",
  uptimePercent: "uptime",
  poolFeePercent: "poolFee",
  payoutScheme: "scheme",
  fixedCostPerMonth: "fixedCost",
  horizonDays: "months",
  difficultyGrowthPercentPerMonth: "difficultyGrowth",
  priceGrowthPercentPerMonth: "priceGrowth",
  co2GramsPerKwh: "co2",
  initialSubsidy: "initialSubsidySats",
};

type NetworkQuery = {
  network?: string | undefined;
  halvingInterval?: number | undefined;
  initialSubsidySats?: string | undefined;
  targetSpacing?: number | undefined;
  genesisTime?: number | undefined;
};

function supplyFromQuery(q: NetworkQuery, fallback: SupplyParams | undefined): SupplyParams {
  const base =
    q.network === undefined ? (fallback ?? supplyParamsFor("main")) : supplyParamsFor(q.network);
  if (
    q.halvingInterval === undefined &&
    q.initialSubsidySats === undefined &&
    q.targetSpacing === undefined &&
    q.genesisTime === undefined
  ) {
    return base;
  }
  return validateSupplyParams({
    name: `custom (from ${base.name})`,
    halvingInterval: q.halvingInterval ?? base.halvingInterval,
    initialSubsidy:
      q.initialSubsidySats === undefined ? base.initialSubsidy : BigInt(q.initialSubsidySats),
    targetSpacing: q.targetSpacing ?? base.targetSpacing,
    genesisTime: q.genesisTime ?? base.genesisTime,
  });
}

async function live(
  source: NetworkSource | undefined,
  supply: SupplyParams,
  own: SupplyParams | undefined,
): Promise<LiveNetwork | null> {
  if (!source) return null;
  let network: LiveNetwork;
  try {
    network = await source.getNetwork();
  } catch (err) {
    throw new ApiError(
      503,
      "network-unavailable",
      `the node behind this API did not answer: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  // A node on another chain says nothing about this one.
  if (own !== undefined && network.chain === own.name) {
    return supply.name === own.name ? network : null;
  }
  return supplyParamsFor(network.chain).name === supply.name ? network : null;
}

// The tip to measure from: the request's height, else the node's, else an estimate.
async function resolveTip(
  height: number | undefined,
  supply: SupplyParams,
  source: NetworkSource | undefined,
  own: SupplyParams | undefined,
  nowSeconds: number,
): Promise<{ tip: ChainPosition; tipSource: string; node: LiveNetwork | null }> {
  if (height !== undefined)
    return { tip: { height, time: nowSeconds }, tipSource: "request", node: null };
  const node = await live(source, supply, own);
  if (node) return { tip: { height: node.height, time: node.tipTime }, tipSource: "node", node };
  if (supply.name === MAINNET_SNAPSHOT.network && supply.halvingInterval === 210_000) {
    return {
      tip: { height: estimateHeightAt(MAINNET_SNAPSHOT, nowSeconds), time: nowSeconds },
      tipSource: `estimated from snapshot:${MAINNET_SNAPSHOT.date}`,
      node: null,
    };
  }
  return {
    tip: tipFromGenesis(supply, nowSeconds),
    tipSource: "estimated from genesis",
    node: null,
  };
}

type ProfitabilityParams = Static<typeof ProfitabilityRequest>;

/**
 * The economics routes, mounted under `/api/v1/economics`: `profitability` (GET query or POST
 * body), `supply`, `halving`, `hardware` and `hardware/:id`.
 */
export const economicsRoutes: FastifyPluginAsyncTypebox<EconomicsRoutesOptions> = async (
  app,
  options,
) => {
  const errors = { 400: ErrorResponse, 404: ErrorResponse, 503: ErrorResponse };

  const profitability = async (p: ProfitabilityParams) => {
    const nowSeconds = Math.floor(options.clock() / 1000);
    const supply = supplyFromQuery({ network: p.network }, options.defaultSupply);
    const machine = resolveMachineSpec(p, options.hardwarePresets);
    let networkSource: string;
    let conditions: NetworkConditions;
    const requestNetwork = (
      difficulty: number,
      fallback: LiveNetwork | null,
      fallbackHeight: number,
      fees: number,
    ) => ({
      difficulty,
      feesPerBlockBtc: p.fees ?? fees,
      height: p.height ?? fallback?.height ?? fallbackHeight,
      blockIntervalSeconds: p.blockTime ?? fallback?.blockIntervalSeconds ?? supply.targetSpacing,
    });
    if (p.difficulty !== undefined) {
      const fallbackHeight =
        supply.name === "main"
          ? estimateHeightAt(MAINNET_SNAPSHOT, nowSeconds)
          : tipFromGenesis(supply, nowSeconds).height;
      conditions = requestNetwork(
        parseDifficulty(p.difficulty, "difficulty"),
        null,
        fallbackHeight,
        supply.name === "main" ? MAINNET_SNAPSHOT.feesPerBlockBtc : 0,
      );
      networkSource =
        p.fees === undefined && supply.name === MAINNET_SNAPSHOT.network
          ? `request; fees from snapshot:${MAINNET_SNAPSHOT.date}`
          : "request";
    } else {
      const node = await live(options.networkSource, supply, options.defaultSupply);
      if (node) {
        conditions = requestNetwork(node.difficulty, node, node.height, node.feesPerBlockBtc);
        networkSource = "node";
      } else if (supply.name === MAINNET_SNAPSHOT.network) {
        conditions = requestNetwork(
          MAINNET_SNAPSHOT.difficulty,
          null,
          estimateHeightAt(MAINNET_SNAPSHOT, nowSeconds),
          MAINNET_SNAPSHOT.feesPerBlockBtc,
        );
        networkSource = `snapshot:${MAINNET_SNAPSHOT.date}`;
      } else {
        throw new EconomicsError(
          "missing-input",
          "difficulty",
          `difficulty is required for network ${supply.name}`,
        );
      }
    }
    const horizonDays =
      p.horizon !== undefined
        ? parseHorizonDays(p.horizon, "horizon")
        : p.months !== undefined
          ? p.months * DAYS_PER_MONTH
          : 12 * DAYS_PER_MONTH;
    const result = computeProfitability({
      ...machineProfitabilityInput(machine),
      electricityPricePerKwh: parseAmount(p.electricity, "electricity", { perKwh: true }),
      btcPrice: parseAmount(p.price, "price"),
      network: conditions,
      supply,
      horizonDays,
      startTime: nowSeconds,
      ...(p.uptime !== undefined ? { uptimePercent: parsePercent(p.uptime, "uptime") } : {}),
      ...(p.pue !== undefined ? { pue: p.pue } : {}),
      ...(p.poolFee !== undefined ? { poolFeePercent: parsePercent(p.poolFee, "poolFee") } : {}),
      ...(p.scheme !== undefined ? { payoutScheme: parsePayoutScheme(p.scheme, "scheme") } : {}),
      ...(p.poolHashrate !== undefined
        ? { poolHashrate: parseHashrate(p.poolHashrate, "poolHashrate") }
        : {}),
      ...(p.hardwareCost !== undefined
        ? { hardwareCost: parseAmount(p.hardwareCost, "hardwareCost") * machine.units }
        : {}),
      ...(p.fixedCost !== undefined
        ? { fixedCostPerMonth: parseAmount(p.fixedCost, "fixedCost") }
        : {}),
      ...(p.difficultyGrowth !== undefined
        ? { difficultyGrowthPercentPerMonth: parsePercent(p.difficultyGrowth, "difficultyGrowth") }
        : {}),
      ...(p.priceGrowth !== undefined
        ? { priceGrowthPercentPerMonth: parsePercent(p.priceGrowth, "priceGrowth") }
        : {}),
      ...(p.co2 !== undefined ? { co2GramsPerKwh: p.co2 } : {}),
      ...(p.shutdownWhenUnprofitable !== undefined
        ? { shutdownWhenUnprofitable: p.shutdownWhenUnprofitable }
        : {}),
    });
    return toJsonValue({
      machine: {
        label: machine.label,
        presetId: machine.preset?.id ?? null,
        units: machine.units,
        hashrate: result.miner.hashrate,
        powerWatts: result.miner.powerWatts,
        efficiencyJPerTH: result.miner.efficiencyJPerTH,
      },
      currency: (p.currency ?? "USD").toUpperCase(),
      networkSource,
      result,
    }) as Static<typeof ProfitabilityResponse>;
  };

  app.get(
    "/profitability",
    {
      schema: {
        querystring: ProfitabilityRequest,
        response: { 200: ProfitabilityResponse, ...errors },
      },
    },
    async (request) => profitability(request.query),
  );
  app.post(
    "/profitability",
    { schema: { body: ProfitabilityRequest, response: { 200: ProfitabilityResponse, ...errors } } },
    async (request) => profitability(request.body),
  );

  app.get(
    "/supply",
    { schema: { querystring: SupplyQuery, response: { 200: SupplyResponse, ...errors } } },
    async (request) => {
      const supply = supplyFromQuery(request.query, options.defaultSupply);
      const nowSeconds = Math.floor(options.clock() / 1000);
      const { tip, tipSource } = await resolveTip(
        request.query.height,
        supply,
        options.networkSource,
        options.defaultSupply,
        nowSeconds,
      );
      const info = supplyInfo(tip.height, supply);
      return toJsonValue({
        network: supply,
        height: info.height,
        heightSource: tipSource,
        epoch: info.epoch,
        subsidySats: info.subsidySats,
        subsidyBtc: satsToBtc(info.subsidySats),
        issuedSats: info.issuedSats,
        issuedBtc: satsToBtc(info.issuedSats),
        maxSupplySats: info.maxSupplySats,
        issuedPercent: info.issuedPercent,
        nextHalvingHeight: info.nextHalvingHeight,
        blocksToNextHalving: info.blocksToNextHalving,
        subsidyAfterNextHalvingSats: info.subsidyAfterNextHalvingSats,
        annualInflationPercent: info.annualInflationPercent,
      }) as Static<typeof SupplyResponse>;
    },
  );

  app.get(
    "/halving",
    { schema: { querystring: HalvingQuery, response: { 200: HalvingResponse, ...errors } } },
    async (request) => {
      const supply = supplyFromQuery(request.query, options.defaultSupply);
      const nowSeconds = Math.floor(options.clock() / 1000);
      const { tip, tipSource, node } = await resolveTip(
        request.query.height,
        supply,
        options.networkSource,
        options.defaultSupply,
        nowSeconds,
      );
      const interval =
        request.query.blockTime ?? node?.blockIntervalSeconds ?? supply.targetSpacing;
      const status = nextHalving(supply, tip, interval);
      const isoDate = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
      return toJsonValue({
        network: supply,
        tip,
        tipSource,
        blockIntervalSeconds: interval,
        next: {
          height: status.nextHalvingHeight,
          blocksRemaining: status.blocksRemaining,
          subsidySats: status.subsidySats,
          subsidyAfterSats: status.subsidyAfterSats,
          estimatedTime: status.estimatedTime,
          estimatedDate: isoDate(status.estimatedTime),
          daysRemaining: status.daysRemaining,
        },
        halvings: halvingSchedule(supply, { tip, blockIntervalSeconds: interval }).map((h) => ({
          ...h,
          date: isoDate(h.time),
        })),
      }) as Static<typeof HalvingResponse>;
    },
  );

  app.get("/hardware", { schema: { response: { 200: HardwareListResponse } } }, async () => ({
    presets: options.hardwarePresets.map((p) => ({ ...p })),
  }));

  app.get(
    "/hardware/:id",
    { schema: { params: HardwareParams, response: { 200: HardwarePresetSchema, ...errors } } },
    async (request) => {
      try {
        return { ...findHardwarePreset(request.params.id, options.hardwarePresets) };
      } catch (err) {
        if (err instanceof EconomicsError)
          throw new ApiError(404, "not-found", err.message.replace(/^hardware: /, ""));
        throw err;
      }
    },
  );
};
