import {
  type ChainPosition,
  COIN,
  EconomicsError,
  estimateHeightAt,
  type HalvingEvent,
  halvingSchedule,
  MAINNET_SNAPSHOT,
  MAINNET_SUPPLY,
  MAX_BLOCK_HEIGHT,
  MAX_SCHEDULE_VALUE,
  nextHalving,
  PROFITABILITY_LIMITS,
  type SupplyParams,
  satsToBtc,
  supplyInfo,
  supplyParamsFor,
  tipFromGenesis,
  toJsonValue,
  validateSupplyParams,
} from "@hashforge/economics";
import { parseFlags, wholeNumber } from "../cli-flags.js";
import { type Command, UsageError } from "../command.js";
import { type CommandDeps, defaultDeps } from "../command-deps.js";
import { fetchNodeFromFlags } from "../node-flags.js";
import { formatDate, formatNumber, formatPercent, formatYear, renderTable } from "../text-table.js";

const USAGE = `usage: hashforge halving [options]

The subsidy schedule: every halving with its height, subsidy, supply issued before it and its
date (actual for past mainnet halvings, estimated otherwise), plus where the chain stands now.

  --network NAME           main (default), test, testnet4, signet, regtest
  --node URL               read the tip from a bitcoind-compatible node (JSON-RPC)
  --rpc-cookie FILE        credentials from bitcoind's .cookie file
  --height N               tip height (default: node, else estimated)
  --block-time SECONDS     seconds per block for date estimates (default: node's recent mean, else target)
  --all                    list every halving (default: up to four after the next)
  --json                   machine-readable output
custom network (override the --network preset)
  --halving-interval N     blocks between halvings
  --initial-subsidy BTC    first-era subsidy, e.g. 50 or 5000000000sat
  --target-spacing SECONDS target seconds per block (whole seconds)
  --genesis-time TIME      genesis unix time or ISO date
  --name NAME              label for the custom network
`;

const OPTIONS = {
  network: { type: "string" },
  node: { type: "string" },
  "rpc-cookie": { type: "string" },
  height: { type: "string" },
  "block-time": { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  "halving-interval": { type: "string" },
  "initial-subsidy": { type: "string" },
  "target-spacing": { type: "string" },
  "genesis-time": { type: "string" },
  name: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse>;

function parse(args: string[]) {
  return parseFlags(args, OPTIONS, "halving");
}

/** Economics input names to the flags a person typed, for error messages. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  network: "--network",
  halvingInterval: "--halving-interval",
  initialSubsidy: "--initial-subsidy",
  targetSpacing: "--target-spacing",
  genesisTime: "--genesis-time",
  height: "--height",
  "tip.height": "--height",
  blockIntervalSeconds: "--block-time",
};

/** Seconds per block the estimates accept: the bounds the profitability calculator uses. */
const BLOCK_TIME = PROFITABILITY_LIMITS.blockIntervalSeconds;

function positiveNumber(text: string, flag: string, max: number): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0 || n > max)
    throw new UsageError(
      `${flag}: expected a positive number of at most ${max} (got ${JSON.stringify(text)})`,
    );
  return n;
}

/** A label for a custom network: printed in the report, so one line of visible characters. */
function networkLabel(text: string): string {
  const name = text.trim();
  if (name === "" || name.length > 64 || /\p{Cc}/u.test(name))
    throw new UsageError(
      `--name: expected 1 to 64 printable characters (got ${JSON.stringify(text)})`,
    );
  return name;
}

function parseSubsidy(text: string): bigint {
  const match = /^\s*(\d+)(?:\.(\d{1,8}))?\s*(btc|sats?)?\s*$/i.exec(text);
  if (!match)
    throw new UsageError(
      `--initial-subsidy: expected BTC (50, 0.5) or satoshis (5000000000sat) (got ${JSON.stringify(text)})`,
    );
  if (match[3]?.toLowerCase().startsWith("sat")) {
    if (match[2] !== undefined) throw new UsageError("--initial-subsidy: satoshis must be whole");
    return BigInt(match[1]!);
  }
  return BigInt(match[1]!) * COIN + BigInt((match[2] ?? "").padEnd(8, "0") || "0");
}

function parseTime(text: string, flag: string): number {
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new UsageError(
      `${flag}: expected unix seconds or an ISO date (got ${JSON.stringify(text)})`,
    );
  return Math.floor(ms / 1000);
}

function resolveParams(v: Values, nodeChain: string | undefined): SupplyParams {
  const base = supplyParamsFor(v.network ?? nodeChain ?? "main");
  const custom =
    v["halving-interval"] !== undefined ||
    v["initial-subsidy"] !== undefined ||
    v["target-spacing"] !== undefined ||
    v["genesis-time"] !== undefined;
  if (!custom) {
    if (v.name !== undefined)
      throw new UsageError(
        "--name labels a custom network: give it with --halving-interval, --initial-subsidy, --target-spacing or --genesis-time",
      );
    return base;
  }
  return validateSupplyParams({
    name: v.name === undefined ? `custom (from ${base.name})` : networkLabel(v.name),
    halvingInterval:
      v["halving-interval"] === undefined
        ? base.halvingInterval
        : wholeNumber(v["halving-interval"], "--halving-interval", 1, MAX_SCHEDULE_VALUE),
    initialSubsidy:
      v["initial-subsidy"] === undefined ? base.initialSubsidy : parseSubsidy(v["initial-subsidy"]),
    targetSpacing:
      v["target-spacing"] === undefined
        ? base.targetSpacing
        : wholeNumber(v["target-spacing"], "--target-spacing", 1, MAX_SCHEDULE_VALUE),
    genesisTime:
      v["genesis-time"] === undefined
        ? base.genesisTime
        : parseTime(v["genesis-time"], "--genesis-time"),
  });
}

/** What `halving --json` prints. */
export interface HalvingReport {
  readonly network: SupplyParams;
  readonly tip: ChainPosition;
  readonly tipSource: string;
  readonly blockIntervalSeconds: number;
  readonly status: ReturnType<typeof nextHalving>;
  readonly supply: ReturnType<typeof supplyInfo>;
  readonly halvings: readonly HalvingEvent[];
}

/** Resolves flags and node into a {@link HalvingReport}; null for --help. Exported for tests. */
export async function buildHalvingReport(
  args: string[],
  deps: CommandDeps,
): Promise<{ report: HalvingReport; v: Values } | null> {
  const v = parse(args);
  if (v.help) return null;
  if (v["rpc-cookie"] !== undefined && v.node === undefined)
    throw new UsageError("--rpc-cookie needs --node (the node whose credentials it holds)");
  try {
    const nowSeconds = Math.floor(deps.now() / 1000);
    const node = await fetchNodeFromFlags({ node: v.node, rpcCookie: v["rpc-cookie"] }, deps);
    const params = resolveParams(v, node?.chain);
    let tip: ChainPosition;
    let tipSource: string;
    if (v.height !== undefined) {
      tip = { height: wholeNumber(v.height, "--height", 0, MAX_BLOCK_HEIGHT), time: nowSeconds };
      tipSource = "given";
    } else if (node) {
      tip = { height: node.height, time: node.tipTime > 0 ? node.tipTime : nowSeconds };
      tipSource = `node (${node.chain})`;
    } else if (params === MAINNET_SUPPLY) {
      tip = { height: estimateHeightAt(MAINNET_SNAPSHOT, nowSeconds), time: nowSeconds };
      tipSource = `estimated from the ${MAINNET_SNAPSHOT.date} snapshot at ${params.targetSpacing} s per block; pass --node or --height`;
    } else {
      tip = tipFromGenesis(params, nowSeconds);
      tipSource = "estimated from genesis at the target spacing; pass --node or --height";
    }
    const interval =
      v["block-time"] !== undefined
        ? positiveNumber(v["block-time"], "--block-time", BLOCK_TIME.max)
        : (node?.blockIntervalSeconds ?? params.targetSpacing);
    const report: HalvingReport = {
      network: params,
      tip,
      tipSource,
      blockIntervalSeconds: interval,
      status: nextHalving(params, tip, interval),
      supply: supplyInfo(tip.height, params),
      halvings: halvingSchedule(params, { tip, blockIntervalSeconds: interval }),
    };
    return { report, v };
  } catch (err) {
    if (err instanceof EconomicsError) {
      const flag = FLAG_FOR_FIELD[err.field] ?? err.field;
      const prefix = `${err.field}: `;
      const message = err.message.startsWith(prefix)
        ? err.message.slice(prefix.length)
        : err.message;
      throw new UsageError(`${flag}: ${message}`);
    }
    throw err;
  }
}

/** Renders the schedule as text. */
export function renderHalvingReport(report: HalvingReport, all: boolean): string {
  const { status: s, supply, network: p } = report;
  const btc = (sats: bigint) => formatNumber(satsToBtc(sats), 8).replace(/\.?0+$/, "");
  const out: string[] = [];
  out.push(
    `hashforge halving: ${p.name} (every ${formatNumber(p.halvingInterval, 0)} blocks, first subsidy ${btc(p.initialSubsidy)} BTC)`,
  );
  out.push("");
  out.push(`tip          height ${formatNumber(report.tip.height, 0)}: ${report.tipSource}`);
  out.push(
    `subsidy      ${btc(s.subsidySats)} BTC now (era ${s.epoch}), ${btc(s.subsidyAfterSats)} BTC after the next halving`,
  );
  out.push(
    `next         block ${formatNumber(s.nextHalvingHeight, 0)} in ${formatNumber(s.blocksRemaining, 0)} blocks, ` +
      `about ${formatDate(s.estimatedTime)} (${formatNumber(s.daysRemaining, s.daysRemaining < 10 ? 1 : 0)} days at ${formatNumber(report.blockIntervalSeconds, 0)} s per block)`,
  );
  out.push(
    `issued       ${btc(supply.issuedSats)} of ${btc(supply.maxSupplySats)} BTC (${formatPercent(supply.issuedPercent, 2)}); ` +
      `inflation ${formatPercent(supply.annualInflationPercent, 3)} a year`,
  );
  out.push("");
  const nextIndex = report.halvings.findIndex((h) => h.blocksFromTip > 0);
  const shown = all || nextIndex < 0 ? report.halvings : report.halvings.slice(0, nextIndex + 5);
  out.push(
    renderTable(
      ["#", "height", "date", "", "subsidy after", "issued before (BTC)", "of max"],
      shown.map((h) => [
        String(h.epoch),
        formatNumber(h.height, 0),
        formatDate(h.time),
        h.timeSource === "actual" ? "" : h.blocksFromTip > 0 ? "est." : "est. (past)",
        `${btc(h.subsidyAfterSats)} BTC`,
        formatNumber(satsToBtc(h.issuedBeforeSats), 8),
        formatPercent(h.issuedPercent, 4),
      ]),
      ["right", "right", "left", "left", "right", "right", "right"],
    ),
  );
  if (shown.length < report.halvings.length) {
    const last = report.halvings[report.halvings.length - 1]!;
    out.push(
      `... ${report.halvings.length - shown.length} more until block ${formatNumber(last.height, 0)} (about ${formatYear(last.time)}), when the subsidy reaches 0; --all lists them`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** Builds the `halving` command with its outside world injected (tests pass fakes). */
export function createHalvingCommand(deps: CommandDeps = defaultDeps()): Command {
  return {
    name: "halving",
    summary: "subsidy halvings, supply and inflation, with dates",
    async run(args) {
      const built = await buildHalvingReport(args, deps);
      if (built === null) {
        deps.stdout(USAGE);
        return 0;
      }
      deps.stdout(
        built.v.json
          ? `${JSON.stringify(toJsonValue(built.report), null, 2)}\n`
          : renderHalvingReport(built.report, built.v.all ?? false),
      );
      return 0;
    },
  };
}

/** `hashforge halving`. */
export const halvingCommand: Command = createHalvingCommand();
