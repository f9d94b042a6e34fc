import { expectedBlocksPerDay, SECONDS_PER_DAY } from "./hashprice.js";
import type { ResolvedProfitabilityInput } from "./profitability-input.js";
import { blockSubsidy, meanSubsidyBtc, satsToBtc } from "./supply.js";
import { DAYS_PER_MONTH } from "./units.js";

/** One month of a projection (the last one may be partial). */
export interface ProjectionMonth {
  /** 1 for the first month. */
  readonly month: number;
  /** Days from the start of the projection to the start of this month. */
  readonly startDay: number;
  /** Length of this month in days (30.4375, or less for a final partial month). */
  readonly days: number;
  /** Unix time the month starts, when the projection was given a start time. */
  readonly startTime: number | null;
  /** Estimated tip height at the start of the month. */
  readonly startHeight: number;
  readonly difficulty: number;
  readonly btcPrice: number;
  /** Mean subsidy per block over the month's blocks, BTC (a halving inside the month is pro-rated). */
  readonly subsidyBtc: number;
  /** True when a halving falls inside this month. */
  readonly halving: boolean;
  /** Hashprice before pool fee for the month, per PH/s per day. */
  readonly hashpricePerPhDay: number;
  /** False when the miner was switched off for being unprofitable. */
  readonly mining: boolean;
  readonly btc: number;
  readonly revenue: number;
  readonly electricityCost: number;
  readonly fixedCost: number;
  readonly profit: number;
  readonly cumulativeBtc: number;
  readonly cumulativeProfit: number;
  /** Cumulative profit minus the hardware cost. */
  readonly netPosition: number;
}

/** A halving that falls inside the projection. */
export interface ProjectedHalving {
  readonly height: number;
  /** Days from the start of the projection. */
  readonly day: number;
  readonly month: number;
  readonly subsidyAfterBtc: number;
}

/** Month-by-month estimate over the horizon with its totals. */
export interface Projection {
  readonly months: readonly ProjectionMonth[];
  readonly days: number;
  readonly totalBtc: number;
  readonly totalRevenue: number;
  readonly totalElectricityCost: number;
  readonly totalFixedCost: number;
  /** Revenue minus running costs (electricity and fixed), before the hardware cost. */
  readonly operatingProfit: number;
  /** Operating profit minus the hardware cost. */
  readonly netProfit: number;
  /** Net profit over the hardware cost, percent; null without a hardware cost. */
  readonly roiPercent: number | null;
  /** Day on which cumulative profit first covers the hardware cost, or null if not inside the horizon. */
  readonly paybackDays: number | null;
  /** First month whose profit is negative, or null. */
  readonly unprofitableFromMonth: number | null;
  /** All costs including hardware per BTC mined over the horizon; null when nothing is mined. */
  readonly allInCostPerBtc: number | null;
  readonly endBtcPrice: number;
  /** Value at the final month's price of all BTC mined, had it been held instead of sold. */
  readonly holdValue: number;
  readonly halvings: readonly ProjectedHalving[];
}

/**
 * Projects a miner month by month. Month m (from 0) uses difficulty D·(1+g)^m and price
 * P·(1+p)^m (growth applied in monthly steps, as difficulty moves in two-week steps), a fixed fee
 * per block, and the mean subsidy of the blocks mined that month: height advances from the tip at
 * the observed block interval, so a halving inside the horizon cuts revenue from the right day.
 */
export function projectProfitability(input: ResolvedProfitabilityInput): Projection {
  const uptime = input.uptimePercent / 100;
  const effectiveHashrate = input.hashrate * uptime;
  const keep = 1 - input.poolFeePercent / 100;
  const kWhPerDay = (input.powerWatts * input.pue * 24 * uptime) / 1000;
  const blocksPerNetworkDay = SECONDS_PER_DAY / input.blockIntervalSeconds;
  const feesPaid = input.payoutScheme === "PPS" ? 0 : input.feesPerBlockBtc;
  const months: ProjectionMonth[] = [];
  let cumulativeBtc = 0;
  let cumulativeProfit = 0;
  let paybackDays: number | null = null;
  let unprofitableFromMonth: number | null = null;
  const totals = { revenue: 0, electricity: 0, fixed: 0 };
  for (let index = 0; index * DAYS_PER_MONTH < input.horizonDays - 1e-9; index += 1) {
    const startDay = index * DAYS_PER_MONTH;
    const days = Math.min(DAYS_PER_MONTH, input.horizonDays - startDay);
    const difficulty =
      input.difficulty * (1 + input.difficultyGrowthPercentPerMonth / 100) ** index;
    const btcPrice = input.btcPrice * (1 + input.priceGrowthPercentPerMonth / 100) ** index;
    const startHeight = input.height + startDay * blocksPerNetworkDay;
    const blocks = days * blocksPerNetworkDay;
    const subsidy = meanSubsidyBtc(startHeight, blocks, input.supply);
    const halving =
      Math.floor(startHeight / input.supply.halvingInterval) !==
      Math.floor((startHeight + blocks) / input.supply.halvingInterval);
    const grossBtcPerPhDay =
      expectedBlocksPerDay(1e15, difficulty) * (subsidy + input.feesPerBlockBtc);
    const wouldMine =
      expectedBlocksPerDay(effectiveHashrate, difficulty) * days * (subsidy + feesPaid) * keep;
    const wouldPayPower = kWhPerDay * days * input.electricityPricePerKwh;
    const mining = !(input.shutdownWhenUnprofitable && wouldMine * btcPrice < wouldPayPower);
    const btc = mining ? wouldMine : 0;
    const revenue = btc * btcPrice;
    const electricityCost = mining ? wouldPayPower : 0;
    const fixedCost = (input.fixedCostPerMonth * days) / DAYS_PER_MONTH;
    const profit = revenue - electricityCost - fixedCost;
    const before = cumulativeProfit - input.hardwareCost;
    cumulativeBtc += btc;
    cumulativeProfit += profit;
    const after = cumulativeProfit - input.hardwareCost;
    if (paybackDays === null && input.hardwareCost > 0 && before < 0 && after >= 0 && profit > 0) {
      paybackDays = startDay + days * (-before / profit);
    }
    if (unprofitableFromMonth === null && profit < 0) unprofitableFromMonth = index + 1;
    totals.revenue += revenue;
    totals.electricity += electricityCost;
    totals.fixed += fixedCost;
    months.push({
      month: index + 1,
      startDay,
      days,
      startTime:
        input.startTime === null ? null : Math.round(input.startTime + startDay * SECONDS_PER_DAY),
      startHeight: Math.floor(startHeight),
      difficulty,
      btcPrice,
      subsidyBtc: subsidy,
      halving,
      hashpricePerPhDay: grossBtcPerPhDay * btcPrice,
      mining,
      btc,
      revenue,
      electricityCost,
      fixedCost,
      profit,
      cumulativeBtc,
      cumulativeProfit,
      netPosition: after,
    });
  }
  const last = months[months.length - 1]!;
  const operatingProfit = totals.revenue - totals.electricity - totals.fixed;
  const netProfit = operatingProfit - input.hardwareCost;
  return {
    months,
    days: input.horizonDays,
    totalBtc: cumulativeBtc,
    totalRevenue: totals.revenue,
    totalElectricityCost: totals.electricity,
    totalFixedCost: totals.fixed,
    operatingProfit,
    netProfit,
    roiPercent: input.hardwareCost > 0 ? (netProfit / input.hardwareCost) * 100 : null,
    paybackDays,
    unprofitableFromMonth,
    allInCostPerBtc:
      cumulativeBtc > 0
        ? (totals.electricity + totals.fixed + input.hardwareCost) / cumulativeBtc
        : null,
    endBtcPrice: last.btcPrice,
    holdValue: cumulativeBtc * last.btcPrice,
    halvings: halvingsInHorizon(input, blocksPerNetworkDay),
  };
}

function halvingsInHorizon(
  input: ResolvedProfitabilityInput,
  blocksPerDay: number,
): ProjectedHalving[] {
  const interval = input.supply.halvingInterval;
  const endHeight = input.height + input.horizonDays * blocksPerDay;
  const found: ProjectedHalving[] = [];
  for (
    let h = (Math.floor(input.height / interval) + 1) * interval;
    h <= endHeight;
    h += interval
  ) {
    const day = (h - input.height) / blocksPerDay;
    found.push({
      height: h,
      day,
      month: Math.floor(day / DAYS_PER_MONTH) + 1,
      subsidyAfterBtc: satsToBtc(blockSubsidy(h, input.supply)),
    });
    if (found.length >= 64) break;
  }
  return found;
}
