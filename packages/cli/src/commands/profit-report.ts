import { formatHashrate, formatSi, type ProjectionMonth } from "@hashforge/economics";
import {
  formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
  formatProbability,
  renderTable,
} from "../text-table.js";
import type { ProfitReport } from "./profit.js";

// formatSi for a figure that may be unbounded (a break-even difficulty with no running cost).
function si(value: number): string {
  return Number.isFinite(value) ? formatSi(value) : formatNumber(value);
}

// Up to this many months are listed one per row; longer projections are summarised per year.
const MAX_MONTH_ROWS = 36;

/** Renders the `profit` result as a readable text report. */
export function renderProfitReport(report: ProfitReport): string {
  const { result: r, currency, machine, price, network } = report;
  const money = (n: number, digits = 2) => formatMoney(n, currency, digits);
  const i = r.inputs;
  const out: string[] = [];
  out.push(
    `hashforge profit: ${machine.label} (${formatHashrate(r.miner.hashrate)}, ${formatNumber(r.miner.powerWatts, 0)} W, ${formatNumber(r.miner.efficiencyJPerTH, 1)} J/TH)`,
  );
  out.push("");
  out.push(`verdict      ${verdict(report, money)}`);
  out.push(
    `network      ${i.supply.name}, height ${formatNumber(r.network.height, 0)}, difficulty ${si(r.network.difficulty)} ` +
      `(${formatHashrate(r.network.networkHashrate)}), fees ${formatNumber(r.network.feesPerBlockBtc, 4)} BTC/block, ` +
      `subsidy ${r.network.subsidyBtc} BTC`,
  );
  for (const source of network.sources) out.push(`             ${source}`);
  out.push(`price        ${money(i.btcPrice)} per BTC (${price.source})`);
  out.push(
    `operation    electricity ${money(i.electricityPricePerKwh, 4)}/kWh, uptime ${formatPercent(i.uptimePercent, 1)}, ` +
      `PUE ${formatNumber(i.pue, 2)}, pool ${i.payoutScheme} fee ${formatPercent(i.poolFeePercent, 1)}` +
      (i.fixedCostPerMonth > 0 ? `, fixed ${money(i.fixedCostPerMonth)}/month` : ""),
  );
  out.push(
    `hashprice    ${money(r.hashprice.perPhDay)}/PH/day, ${formatNumber(r.hashprice.satsPerThDay, 2)} sat/TH/day ` +
      `(before pool fee; fees are ${formatPercent(r.hashprice.feeSharePercent)} of the reward)`,
  );
  out.push("");
  const d = r.daily;
  const m = r.monthly;
  out.push(
    renderTable(
      ["", "per day", "per month"],
      [
        ["BTC mined", formatNumber(d.btc, 8), formatNumber(m.btc, 8)],
        ["sats", formatNumber(d.sats, 0), formatNumber(m.sats, 0)],
        ["revenue", money(d.revenue), money(m.revenue)],
        ["electricity", money(d.electricityCost), money(m.electricityCost)],
        ...(d.fixedCost > 0 ? [["fixed costs", money(d.fixedCost), money(m.fixedCost)]] : []),
        ["profit", money(d.profit), money(m.profit)],
        ["energy", `${formatNumber(d.energyKwh, 1)} kWh`, `${formatNumber(m.energyKwh, 0)} kWh`],
      ],
      ["left", "right", "right"],
    ),
  );
  out.push("");
  const margin =
    r.operatingMarginPercent === null ? "n/a" : formatPercent(r.operatingMarginPercent, 1);
  out.push(
    `margin       ${margin} after electricity; cost to mine 1 BTC ${r.costPerBtc === null ? "n/a" : money(r.costPerBtc, 0)}`,
  );
  const be = r.breakEven;
  out.push(
    `break-even   electricity ${money(be.electricityPricePerKwh, 4)}/kWh, BTC price ${money(be.btcPrice, 0)}, ` +
      `difficulty ${si(be.difficulty)}` +
      (be.efficiencyJPerTH === null
        ? ""
        : `, efficiency ${formatNumber(be.efficiencyJPerTH, 1)} J/TH`),
  );
  out.push(
    `             running cost ${money(be.costPerThDay * 1000)}/PH/day vs hashprice ${money(r.hashprice.perPhDay)}/PH/day`,
  );
  if (i.hardwareCost > 0) {
    const fixed = r.paybackDaysAtCurrentConditions;
    const projected = r.projection.paybackDays;
    out.push(
      `payback      ${money(i.hardwareCost, 0)} hardware: ${fixed === null ? "never at today's conditions" : `${formatNumber(fixed, 0)} days at today's conditions`}; ` +
        `${projected === null ? "not within the projection" : `${formatNumber(projected, 0)} days in the projection`}`,
    );
  }
  const e = r.energy;
  out.push(
    `energy       ${e.kWhPerBtc === null ? "n/a" : formatNumber(e.kWhPerBtc, 0)} kWh per BTC` +
      (e.co2KgPerDay === null
        ? ""
        : `; CO2 ${formatNumber(e.co2KgPerDay, 1)} kg/day, ${formatNumber(e.co2TonnesPerBtc ?? 0, 1)} t per BTC`),
  );
  out.push("");
  out.push(renderProjection(report, money));
  out.push("");
  out.push(
    `payout schemes (pool fee ${formatPercent(i.poolFeePercent, 1)}, pool ${formatHashrate(i.poolHashrate)})`,
  );
  out.push(
    renderTable(
      ["scheme", "BTC/day", "30-day spread", "nothing in 30 days"],
      r.payout.comparison.map((c) => [
        c.scheme === i.payoutScheme ? `${c.scheme} *` : c.scheme,
        formatNumber(c.expectedBtcPerDay, 8),
        `±${formatPercent(c.variation30dPercent, 1)}`,
        formatProbability(c.noIncome30dPercent),
      ]),
      ["left", "right", "right", "right"],
    ),
  );
  out.push("");
  const s = r.solo;
  out.push(
    `solo odds    one block per ${formatNumber(s.expectedDaysPerBlock, 0)} days on average (median wait ${formatNumber(s.medianDaysToBlock, 0)} days); ` +
      `P(at least one block): ${s.windows.map((w) => `${w.days} d ${formatProbability(w.probabilityPercent)}`).join(", ")}`,
  );
  if (r.warnings.length > 0) {
    out.push("");
    out.push("warnings");
    for (const w of r.warnings) out.push(`  - ${w}`);
  }
  return `${out.join("\n")}\n`;
}

function renderProjection(
  report: ProfitReport,
  money: (n: number, digits?: number) => string,
): string {
  const { result: r } = report;
  const p = r.projection;
  const i = r.inputs;
  const lines: string[] = [];
  lines.push(
    `projection   ${formatNumber(p.days / 30.4375, p.days % 30.4375 === 0 ? 0 : 1)} months, difficulty ${signed(i.difficultyGrowthPercentPerMonth)} %/month, ` +
      `price ${signed(i.priceGrowthPercentPerMonth)} %/month${i.shutdownWhenUnprofitable ? ", off when unprofitable" : ""}`,
  );
  const rows =
    p.months.length <= MAX_MONTH_ROWS
      ? p.months.map((mo) => monthRow(mo, money))
      : yearRows(p.months, money);
  lines.push(
    renderTable(
      [
        p.months.length <= MAX_MONTH_ROWS ? "month" : "year",
        "starts",
        "height",
        "difficulty",
        "subsidy",
        "BTC",
        "revenue",
        "costs",
        "profit",
        "net",
      ],
      rows,
      ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right"],
    ),
  );
  lines.push(
    `totals       ${formatNumber(p.totalBtc, 8)} BTC, revenue ${money(p.totalRevenue, 0)}, costs ${money(p.totalElectricityCost + p.totalFixedCost, 0)}, ` +
      `net ${money(p.netProfit, 0)}${p.roiPercent === null ? "" : ` (ROI ${formatPercent(p.roiPercent, 1)})`}; ` +
      `held instead of sold: ${money(p.holdValue, 0)} at ${money(p.endBtcPrice, 0)}`,
  );
  return lines.join("\n");
}

function monthRow(mo: ProjectionMonth, money: (n: number, digits?: number) => string): string[] {
  return [
    `${mo.month}${mo.halving ? " H" : ""}${mo.mining ? "" : " off"}`,
    mo.startTime === null ? `day ${Math.round(mo.startDay)}` : formatDate(mo.startTime),
    formatNumber(mo.startHeight, 0),
    si(mo.difficulty),
    formatNumber(mo.subsidyBtc, 4),
    formatNumber(mo.btc, 6),
    money(mo.revenue, 0),
    money(mo.electricityCost + mo.fixedCost, 0),
    money(mo.profit, 0),
    money(mo.netPosition, 0),
  ];
}

function yearRows(
  months: readonly ProjectionMonth[],
  money: (n: number, digits?: number) => string,
): string[][] {
  const rows: string[][] = [];
  for (let start = 0; start < months.length; start += 12) {
    const year = months.slice(start, start + 12);
    const first = year[0]!;
    const last = year[year.length - 1]!;
    const sum = (f: (mo: ProjectionMonth) => number) => year.reduce((acc, mo) => acc + f(mo), 0);
    rows.push([
      `${start / 12 + 1}${year.some((mo) => mo.halving) ? " H" : ""}`,
      first.startTime === null ? `day ${Math.round(first.startDay)}` : formatDate(first.startTime),
      formatNumber(first.startHeight, 0),
      si(first.difficulty),
      formatNumber(first.subsidyBtc, 4),
      formatNumber(
        sum((mo) => mo.btc),
        6,
      ),
      money(
        sum((mo) => mo.revenue),
        0,
      ),
      money(
        sum((mo) => mo.electricityCost + mo.fixedCost),
        0,
      ),
      money(
        sum((mo) => mo.profit),
        0,
      ),
      money(last.netPosition, 0),
    ]);
  }
  return rows;
}

// The answer to "is it profitable?" in one line: today, over the projection, and for the hardware.
function verdict(report: ProfitReport, money: (n: number, digits?: number) => string): string {
  const r = report.result;
  const p = r.projection;
  const parts = [
    r.daily.profit >= 0
      ? `profitable today (${money(r.daily.profit)}/day)`
      : `LOSING money today (${money(r.daily.profit)}/day)`,
  ];
  if (r.daily.profit >= 0 && p.unprofitableFromMonth !== null)
    parts.push(`unprofitable from month ${p.unprofitableFromMonth}`);
  if (r.inputs.hardwareCost > 0) {
    parts.push(
      p.paybackDays === null
        ? `hardware not paid back within ${formatNumber(p.days / 30.4375, 0)} months (ROI ${formatPercent(p.roiPercent ?? 0, 1)})`
        : `hardware paid back in ${formatNumber(p.paybackDays, 0)} days (ROI ${formatPercent(p.roiPercent ?? 0, 1)} over the horizon)`,
    );
  }
  return parts.join("; ");
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${formatNumber(value, 1)}`;
}
