import {
  computeProfitability,
  DAYS_PER_MONTH,
  EconomicsError,
  estimateHeightAt,
  HARDWARE_PRESETS,
  type HardwarePreset,
  MAINNET_SNAPSHOT,
  MAX_BLOCK_HEIGHT,
  type MachineSpec,
  machineProfitabilityInput,
  mergeHardwarePresets,
  type ProfitabilityResult,
  parseAmount,
  parseDifficulty,
  parseHardwarePresetFile,
  parseHashrate,
  parseHorizonDays,
  parsePayoutScheme,
  parsePercent,
  resolveMachineSpec,
  type SupplyParams,
  supplyParamsFor,
  tipFromGenesis,
  toJsonValue,
} from "@hashforge/economics";
import { parseFlags, wholeNumber } from "../cli-flags.js";
import { type Command, UsageError } from "../command.js";
import { type CommandDeps, defaultDeps } from "../command-deps.js";
import { fetchNodeFromFlags } from "../node-flags.js";
import { MAX_SAMPLE_BLOCKS, type NodeNetworkStats } from "../node-rpc.js";
import { createPriceFeed, filePriceCache, PriceFeedError } from "../price-feed.js";
import { renderProfitReport } from "./profit-report.js";

const USAGE = `usage: hashforge profit [options]

Is mining profitable? Expected BTC, revenue, costs, profit, hashprice, break-even, payback,
a month-by-month projection (difficulty growth, halvings), payout-scheme variance and solo odds.

machine
  --hardware NAME          preset, e.g. s21, s21-pro, s21-xp, s19j-pro, avalon-a16, bitaxe-gamma
  --hardware-file FILE     extra presets (JSON array or {"presets": [...]})
  --hashrate RATE          e.g. 200TH, 1.2PH/s (overrides the preset)
  --power W|J/TH           wall power (3500W, 3.5kW) or efficiency (17.5J/TH)
  --efficiency J/TH        efficiency instead of power
  --units N                identical machines (hashrate, power and --hardware-cost are per machine)
money
  --price AMOUNT           BTC price, e.g. 95000 or 95k           (or --live-price)
  --live-price             fetch the BTC price online (cached 5 minutes)
  --currency CODE          currency of price and costs (default USD)
  --electricity PRICE      per kWh, e.g. 0.06 or 6c                (required)
  --hardware-cost AMOUNT   price of one machine
  --fixed-cost AMOUNT      hosting/maintenance per month
network (default: dated mainnet snapshot)
  --node URL               bitcoind JSON-RPC, e.g. http://user:pass@127.0.0.1:8332
  --rpc-cookie FILE        credentials from bitcoind's .cookie file
  --fee-blocks N           blocks averaged for fees and block time (default 144)
  --network NAME           main, test, testnet4, signet, regtest (default: the node's chain, else main)
  --difficulty D           e.g. 152T
  --fees BTC               mean fees per block, e.g. 0.025
  --height N               tip height
  --block-time SECONDS     observed seconds per block
operation
  --uptime PCT             default 100%
  --pue RATIO              facility overhead, default 1.0
  --pool-fee PCT           default 0%
  --scheme NAME            FPPS (default), PPS+, PPS, PPLNS, PROP, SOLO
  --pool-hashrate RATE     pool size for PPLNS/PROP variance (default 5% of the network)
  --co2 G_PER_KWH          grid carbon intensity
projection
  --months N | --horizon 90d|2y   length (default 12 months)
  --difficulty-growth PCT  per month, compounded (e.g. 3%)
  --price-growth PCT       per month, compounded
  --shutdown-when-unprofitable    switch off in months that lose money on electricity
output
  --json                   machine-readable result
`;

const OPTIONS = {
  hardware: { type: "string" },
  "hardware-file": { type: "string" },
  hashrate: { type: "string" },
  power: { type: "string" },
  efficiency: { type: "string" },
  units: { type: "string" },
  price: { type: "string" },
  "live-price": { type: "boolean" },
  currency: { type: "string" },
  electricity: { type: "string" },
  "hardware-cost": { type: "string" },
  "fixed-cost": { type: "string" },
  node: { type: "string" },
  "rpc-cookie": { type: "string" },
  "fee-blocks": { type: "string" },
  network: { type: "string" },
  difficulty: { type: "string" },
  fees: { type: "string" },
  height: { type: "string" },
  "block-time": { type: "string" },
  uptime: { type: "string" },
  pue: { type: "string" },
  "pool-fee": { type: "string" },
  scheme: { type: "string" },
  "pool-hashrate": { type: "string" },
  co2: { type: "string" },
  months: { type: "string" },
  horizon: { type: "string" },
  "difficulty-growth": { type: "string" },
  "price-growth": { type: "string" },
  "shutdown-when-unprofitable": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

// Library field names to the flags a person typed, for error messages. The machine fields and
// the horizon depend on which flags were given: see flagForField.
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  electricityPricePerKwh: "--electricity",
  btcPrice: "--price",
  difficulty: "--difficulty",
  feesPerBlockBtc: "--fees",
  height: "--height",
  blockIntervalSeconds: "--block-time",
  uptimePercent: "--uptime",
  pue: "--pue",
  poolFeePercent: "--pool-fee",
  payoutScheme: "--scheme",
  poolHashrate: "--pool-hashrate",
  hardwareCost: "--hardware-cost",
  fixedCostPerMonth: "--fixed-cost",
  difficultyGrowthPercentPerMonth: "--difficulty-growth",
  priceGrowthPercentPerMonth: "--price-growth",
  co2GramsPerKwh: "--co2",
  hardware: "--hardware",
  units: "--units",
  network: "--network",
};

/** The flag behind an economics input: the one the person gave, else the preset it came from. */
function flagForField(field: string, v: Values): string {
  const given = (...flags: (keyof Values & string)[]) =>
    flags.find((f) => v[f] !== undefined) ?? (v.hardware !== undefined ? "hardware" : flags[0]!);
  switch (field) {
    case "hashrate":
      return `--${given("hashrate")}`;
    case "powerWatts":
    case "power":
      return `--${given("power", "efficiency")}`;
    case "efficiencyJPerTH":
    case "efficiency":
      return `--${given("efficiency", "power")}`;
    case "horizonDays":
      return v.horizon !== undefined ? "--horizon" : "--months";
    default:
      return FLAG_FOR_FIELD[field] ?? field;
  }
}

type Values = ReturnType<typeof parseCommandLine>;

function parseCommandLine(args: string[]) {
  return parseFlags(args, OPTIONS, "profit");
}

// Reads --hardware-file (the I/O stays here) and resolves the machine flags with the library.
function resolveMachine(v: Values, deps: CommandDeps): MachineSpec {
  let presets: readonly HardwarePreset[] = HARDWARE_PRESETS;
  if (v["hardware-file"] !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(deps.readFile(v["hardware-file"]));
    } catch (err) {
      throw new UsageError(
        `--hardware-file: cannot read ${v["hardware-file"]}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    presets = mergeHardwarePresets(HARDWARE_PRESETS, parseHardwarePresetFile(json));
  }
  return resolveMachineSpec(v, presets);
}

/** Where the BTC price came from. */
export interface PriceInfo {
  readonly value: number;
  readonly source: string;
}

async function resolvePrice(v: Values, currency: string, deps: CommandDeps): Promise<PriceInfo> {
  if (v.price !== undefined && v["live-price"])
    throw new UsageError("--price and --live-price both given; use one");
  if (v.price !== undefined) return { value: parseAmount(v.price, "--price"), source: "given" };
  if (!v["live-price"])
    throw new UsageError("--price is required (or --live-price to fetch it online)");
  const feed = createPriceFeed({
    fetch: deps.fetch,
    now: deps.now,
    cache: filePriceCache(`${deps.dataDir}/price-cache.json`),
  });
  try {
    const quote = await feed.getPrice(currency);
    const age = Math.round((deps.now() - quote.fetchedAt) / 60_000);
    const when = quote.cached
      ? `cached ${age} min ago${quote.stale ? ", STALE: sources unreachable" : ""}`
      : "live";
    return { value: quote.price, source: `${quote.source} (${when})` };
  } catch (err) {
    if (err instanceof PriceFeedError) throw new UsageError(`--live-price: ${err.message}`);
    throw err;
  }
}

/** Network conditions with a note saying where each came from. */
export interface NetworkInfo {
  readonly supply: SupplyParams;
  readonly difficulty: number;
  readonly feesPerBlockBtc: number;
  readonly height: number;
  readonly blockIntervalSeconds: number;
  readonly sources: readonly string[];
  readonly node: NodeNetworkStats | null;
}

async function resolveNetwork(v: Values, deps: CommandDeps): Promise<NetworkInfo> {
  const nowSeconds = Math.floor(deps.now() / 1000);
  const sample =
    v["fee-blocks"] === undefined
      ? 144
      : wholeNumber(v["fee-blocks"], "--fee-blocks", 1, MAX_SAMPLE_BLOCKS);
  const node = await fetchNodeFromFlags({ node: v.node, rpcCookie: v["rpc-cookie"] }, deps, sample);
  const supply = supplyParamsFor(v.network ?? node?.chain ?? "main");
  if (node && v.network !== undefined && supplyParamsFor(node.chain).name !== supply.name) {
    throw new UsageError(`--network ${v.network} does not match the node's chain (${node.chain})`);
  }
  const snapshot = supply.name === MAINNET_SNAPSHOT.network && !node ? MAINNET_SNAPSHOT : null;
  const sources: string[] = [];
  let difficulty: number;
  if (v.difficulty !== undefined) {
    difficulty = parseDifficulty(v.difficulty, "--difficulty");
    sources.push("difficulty: given");
  } else if (node) {
    difficulty = node.difficulty;
    sources.push(`difficulty, height: node (${node.chain})`);
  } else if (snapshot) {
    difficulty = snapshot.difficulty;
    const ageDays = Math.floor((nowSeconds - snapshot.time) / 86_400);
    sources.push(
      `difficulty and fees: mainnet snapshot of ${snapshot.date}${ageDays > 30 ? ` (${ageDays} days old)` : ""}; pass --difficulty/--fees or --node for current figures`,
    );
  } else {
    throw new UsageError(`--difficulty is required for network ${supply.name} (or --node URL)`);
  }
  let fees: number;
  if (v.fees !== undefined) {
    fees = parseFees(v.fees);
    sources.push("fees: given");
  } else if (node && node.feesPerBlockBtc !== null) {
    fees = node.feesPerBlockBtc;
    sources.push(`fees and block time: mean of the last ${node.sampleBlocks} blocks`);
  } else if (snapshot) {
    fees = snapshot.feesPerBlockBtc;
    if (v.difficulty !== undefined)
      sources.push(`fees: ${fees} BTC/block from the mainnet snapshot of ${snapshot.date}`);
  } else {
    fees = 0;
    sources.push(node?.note ?? "fees: none assumed (pass --fees)");
  }
  let height: number;
  if (v.height !== undefined) {
    height = wholeNumber(v.height, "--height", 0, MAX_BLOCK_HEIGHT);
  } else if (node) {
    height = node.height;
  } else if (snapshot) {
    height = estimateHeightAt(snapshot, nowSeconds, supply.targetSpacing);
    sources.push(
      `height: ${height.toLocaleString("en-US")} estimated from the snapshot at ${supply.targetSpacing} s per block`,
    );
  } else {
    height = tipFromGenesis(supply, nowSeconds).height;
    sources.push(
      `height: ${height.toLocaleString("en-US")} estimated from genesis (pass --height or --node)`,
    );
  }
  const blockTime =
    v["block-time"] !== undefined
      ? numberFlag(v["block-time"], "--block-time")
      : (node?.blockIntervalSeconds ?? supply.targetSpacing);
  if (blockTime <= 0)
    throw new UsageError(`--block-time: expected seconds per block (got ${v["block-time"]})`);
  return {
    supply,
    difficulty,
    feesPerBlockBtc: fees,
    height,
    blockIntervalSeconds: blockTime,
    sources,
    node,
  };
}

function parseFees(text: string): number {
  const match = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(btc|sats?)?\s*$/i.exec(text);
  if (!match)
    throw new UsageError(
      `--fees: expected BTC per block such as 0.025 or 2500000sat (got ${JSON.stringify(text)})`,
    );
  const value = Number(match[1]);
  return match[2]?.toLowerCase().startsWith("sat") ? value / 1e8 : value;
}

// --months is a count of months; units belong to --horizon.
function monthsFlag(text: string): string {
  if (!/^\s*\d*\.?\d+\s*$/.test(text))
    throw new UsageError(
      `--months: expected a number of months such as 24 (or --horizon 90d) (got ${JSON.stringify(text)})`,
    );
  return `${text.trim()}m`;
}

function numberFlag(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value))
    throw new UsageError(`${flag}: expected a number (got ${JSON.stringify(text)})`);
  return value;
}

function percentFlag(v: Values, key: keyof Values & string): number | undefined {
  const raw = v[key];
  return typeof raw === "string" ? parsePercent(raw, `--${key}`) : undefined;
}

/** Everything `profit` computed and where its inputs came from; what `--json` prints. */
export interface ProfitReport {
  readonly machine: MachineSpec;
  readonly currency: string;
  readonly price: PriceInfo;
  readonly network: NetworkInfo;
  readonly result: ProfitabilityResult;
}

/** What the command line asked for: help, or a report (as text or JSON). */
export type ProfitRequest =
  | { readonly kind: "help" }
  | { readonly kind: "report"; readonly report: ProfitReport; readonly json: boolean };

/** Resolves flags, node and price into a {@link ProfitReport}. Exported for tests. */
export async function buildProfitReport(args: string[], deps: CommandDeps): Promise<ProfitRequest> {
  const v = parseCommandLine(args);
  if (v.help) return { kind: "help" };
  for (const flag of ["rpc-cookie", "fee-blocks"] as const) {
    if (v[flag] !== undefined && v.node === undefined)
      throw new UsageError(
        `--${flag} needs --node (it is about the node's blocks and credentials)`,
      );
  }
  try {
    const machine = resolveMachine(v, deps);
    const currency = (v.currency ?? "USD").trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency))
      throw new UsageError(`--currency: expected a 3-letter code such as USD (got ${v.currency})`);
    if (v.electricity === undefined)
      throw new UsageError("--electricity is required (price per kWh, e.g. 0.06)");
    const electricity = parseAmount(v.electricity, "--electricity", { perKwh: true });
    if (v.months !== undefined && v.horizon !== undefined)
      throw new UsageError("--months and --horizon both given; use one");
    const horizonDays =
      v.horizon !== undefined
        ? parseHorizonDays(v.horizon, "--horizon")
        : v.months !== undefined
          ? parseHorizonDays(monthsFlag(v.months), "--months")
          : 12 * DAYS_PER_MONTH;
    const network = await resolveNetwork(v, deps);
    const price = await resolvePrice(v, currency, deps);
    const optional = {
      ...(v.uptime !== undefined ? { uptimePercent: percentFlag(v, "uptime")! } : {}),
      ...(v.pue !== undefined ? { pue: numberFlag(v.pue, "--pue") } : {}),
      ...(v["pool-fee"] !== undefined ? { poolFeePercent: percentFlag(v, "pool-fee")! } : {}),
      ...(v.scheme !== undefined ? { payoutScheme: parsePayoutScheme(v.scheme, "--scheme") } : {}),
      ...(v["pool-hashrate"] !== undefined
        ? { poolHashrate: parseHashrate(v["pool-hashrate"], "--pool-hashrate") }
        : {}),
      ...(v["hardware-cost"] !== undefined
        ? { hardwareCost: parseAmount(v["hardware-cost"], "--hardware-cost") * machine.units }
        : {}),
      ...(v["fixed-cost"] !== undefined
        ? { fixedCostPerMonth: parseAmount(v["fixed-cost"], "--fixed-cost") }
        : {}),
      ...(v["difficulty-growth"] !== undefined
        ? { difficultyGrowthPercentPerMonth: percentFlag(v, "difficulty-growth")! }
        : {}),
      ...(v["price-growth"] !== undefined
        ? { priceGrowthPercentPerMonth: percentFlag(v, "price-growth")! }
        : {}),
      ...(v.co2 !== undefined
        ? { co2GramsPerKwh: numberFlag(v.co2.replace(/\s*g\/kwh$/i, ""), "--co2") }
        : {}),
    };
    const result = computeProfitability({
      ...machineProfitabilityInput(machine),
      electricityPricePerKwh: electricity,
      btcPrice: price.value,
      network: {
        difficulty: network.difficulty,
        feesPerBlockBtc: network.feesPerBlockBtc,
        height: network.height,
        blockIntervalSeconds: network.blockIntervalSeconds,
      },
      supply: network.supply,
      horizonDays,
      shutdownWhenUnprofitable: v["shutdown-when-unprofitable"] ?? false,
      startTime: Math.floor(deps.now() / 1000),
      ...optional,
    });
    return {
      kind: "report",
      report: { machine, currency, price, network, result },
      json: v.json ?? false,
    };
  } catch (err) {
    if (err instanceof EconomicsError) {
      const flag = err.field.startsWith("presets")
        ? `--hardware-file ${err.field}`
        : flagForField(err.field, v);
      const message = err.message.startsWith(`${err.field}: `)
        ? err.message.slice(err.field.length + 2)
        : err.message;
      throw new UsageError(`${flag}: ${message}`);
    }
    throw err;
  }
}

/** Builds the `profit` command with its outside world injected (tests pass fakes). */
export function createProfitCommand(deps: CommandDeps = defaultDeps()): Command {
  return {
    name: "profit",
    summary: "mining profitability: revenue, costs, break-even, payback, projection",
    async run(args) {
      const request = await buildProfitReport(args, deps);
      if (request.kind === "help") {
        deps.stdout(USAGE);
      } else if (request.json) {
        deps.stdout(`${JSON.stringify(toJsonValue(request.report), null, 2)}\n`);
      } else {
        deps.stdout(renderProfitReport(request.report));
      }
      return 0;
    },
  };
}

/** `hashforge profit`. */
export const profitCommand: Command = createProfitCommand();
