import {
  type Block,
  blockHash,
  decodeHeader,
  encodeHeader,
  hashToHex,
  targetFromBits,
} from "@hashforge/consensus";
import { createMiningJob, MinerPool, mineBlockHeader } from "@hashforge/miner";
import {
  type BlockTemplate,
  type HashforgeNode,
  updateTemplateForExtranonce,
} from "@hashforge/node";
import type { Logger } from "pino";

/** How the built-in miner runs: N threads of real proof of work, or one block per interval. */
export type MiningMode =
  | { readonly kind: "threads"; readonly threads: number }
  | { readonly kind: "interval"; readonly seconds: number };

/** Parses `-mine=N` or `-mine=interval:10s`. */
export function parseMiningMode(value: string): MiningMode {
  const interval = /^interval:(\d+(?:\.\d+)?)(s|m)?$/.exec(value);
  if (interval) {
    const seconds = Number(interval[1]) * (interval[2] === "m" ? 60 : 1);
    if (seconds <= 0) throw new RangeError("-mine=interval: needs a positive duration");
    return { kind: "interval", seconds };
  }
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new RangeError(`-mine expects a thread count or interval:10s (got "${value}")`);
  return { kind: "threads", threads: Number(value) };
}

/**
 * The node's built-in miner (non-mainnet chains): builds a template on the tip paying
 * `payoutScript`, searches proof of work on worker threads, submits what it finds, and starts
 * over on every new tip. Extranonce rolling gives each template more than 2^32 hashes.
 */
export class BuiltinMiner {
  private pool: MinerPool | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly templates = new Map<string, BlockTemplate>();
  private unsubscribe: (() => void) | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private jobs = 0;

  constructor(
    private readonly node: HashforgeNode,
    private readonly payoutScript: Uint8Array,
    private readonly mode: MiningMode,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Current hashrate in hashes per second (0 in interval mode). */
  hashrate(): number {
    return this.pool?.hashrate() ?? 0;
  }

  /** Starts mining. */
  start(): void {
    if (this.mode.kind === "interval") {
      this.timer = setInterval(() => {
        this.mineOneNow().catch((error: unknown) => {
          this.logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            "Interval mining failed",
          );
        });
      }, this.mode.seconds * 1000);
      return;
    }
    this.pool = new MinerPool({
      onFound: (found) => void this.submit(found.header),
      onError: (error) =>
        this.logger.error({ err: error.message, code: error.code }, "Miner worker error"),
      logger: this.logger,
    });
    this.pool.start(this.mode.threads);
    this.unsubscribe = this.node.events.subscribe((event) => {
      if (event.type === "tip:changed") this.newJobSafely();
    });
    // New transactions reach the template at least every 30 s, as Core's getblocktemplate does.
    this.refresh = setInterval(() => this.newJobSafely(), 30_000);
    this.newJob();
  }

  /** Stops mining and waits for the worker threads to exit. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.refresh) clearInterval(this.refresh);
    this.unsubscribe?.();
    await this.pool?.stop();
    this.pool = null;
  }

  /** Builds a new job, logging (not throwing) a template failure from a timer or an event. */
  private newJobSafely(): void {
    try {
      this.newJob();
    } catch (error: unknown) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "Building a mining template failed",
      );
    }
  }

  private newJob(): void {
    if (!this.pool) return;
    let template = this.node.blockTemplate(this.payoutScript, this.now());
    this.templates.clear();
    let extranonce = 0;
    const remember = (t: BlockTemplate): Uint8Array => {
      const header = encodeHeader(t.block.header);
      this.templates.set(hashToHex(t.block.header.merkleRoot), t);
      return header;
    };
    const target = targetFromBits(template.block.header.bits, this.node.params.pow.powLimit)!;
    const header = remember(template);
    this.pool.setJob(
      createMiningJob({
        id: `${template.height}-${++this.jobs}`,
        header,
        target,
        nextHeader: () => {
          if (template.extranonce.size === 0) return null;
          extranonce++;
          const bytes = new Uint8Array(template.extranonce.size);
          new DataView(bytes.buffer).setUint32(0, extranonce, true);
          template = updateTemplateForExtranonce(template, bytes);
          return remember(template);
        },
      }),
    );
  }

  private async submit(header80: Uint8Array): Promise<void> {
    const header = decodeHeader(header80);
    const template = this.templates.get(hashToHex(header.merkleRoot));
    if (!template) return;
    const block: Block = { header, txs: template.block.txs };
    await this.report(block);
  }

  private async mineOneNow(): Promise<void> {
    const template = this.node.blockTemplate(this.payoutScript, this.now());
    const target = targetFromBits(template.block.header.bits, this.node.params.pow.powLimit)!;
    const solved = mineBlockHeader(encodeHeader(template.block.header), target, {
      maxTries: 50_000_000,
    });
    if (!solved) return;
    await this.report({ header: decodeHeader(solved.header), txs: template.block.txs });
  }

  private async report(block: Block): Promise<void> {
    let result: Awaited<ReturnType<HashforgeNode["submitBlock"]>>;
    try {
      result = await this.node.submitBlock(block);
    } catch (error: unknown) {
      // A storage failure while connecting is the node's to handle; mining must not crash it.
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "Submitting a mined block failed",
      );
      return;
    }
    if (result.ok) {
      this.logger.info(
        {
          height: result.entry.height,
          hash: hashToHex(blockHash(block.header)),
          txs: block.txs.length,
        },
        "Mined block",
      );
    } else {
      this.logger.warn({ reason: result.reason }, "Mined block rejected");
    }
  }
}
