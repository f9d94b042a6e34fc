import {
  type Block,
  blockHash,
  decodeHeader,
  encodeHeader,
  hashToHex,
  targetFromBits,
} from "@hashforge/consensus";
import { createMiningJob, type MinerLogger, MinerPool, mineBlockHeader } from "@hashforge/miner";
import { type BlockTemplate, updateTemplateForExtranonce } from "@hashforge/node";
import type { WorkSource } from "./work-source.js";

/** How the miner runs: N threads of real proof of work, or one block per interval. */
export type MiningMode =
  | { readonly kind: "threads"; readonly threads: number }
  | { readonly kind: "interval"; readonly seconds: number };

/** Options of {@link BlockMiner}. */
export interface BlockMinerOptions {
  readonly source: WorkSource;
  /** scriptPubKey the coinbase pays. */
  readonly payoutScript: Uint8Array;
  readonly mode: MiningMode;
  readonly logger: MinerLogger;
}

/** Nonce tries per interval block before giving up on that template (2^32 would never end). */
const INTERVAL_MAX_TRIES = 50_000_000;
/** Pause after a failed template or submission before asking again. */
const RETRY_DELAY_MS = 1000;

/**
 * The block miner (`hashforge node -mine`, `hashforge mine`): takes templates from a
 * {@link WorkSource} paying `payoutScript`, searches proof of work on worker threads, submits
 * what it finds, and takes new work whenever the source's long-poll says the template is out of
 * date. Extranonce rolling gives each template more than 2^32 hashes. A service: `start` rejects
 * with a clear error when the workers cannot start, `stop` waits for them to exit.
 */
export class BlockMiner {
  readonly name = "miner";
  private pool: MinerPool | null = null;
  private readonly templates = new Map<string, BlockTemplate>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private jobs = 0;

  constructor(private readonly options: BlockMinerOptions) {}

  /** Current hashrate in hashes per second (0 in interval mode). */
  hashrate(): number {
    return this.pool?.hashrate() ?? 0;
  }

  async start(): Promise<void> {
    const { mode, logger } = this.options;
    if (mode.kind === "threads") {
      const pool = new MinerPool({
        onFound: (found) => void this.submitHeader(found.header),
        onError: (error) =>
          logger.error({ err: error.message, code: error.code }, "Miner worker error"),
        logger,
      });
      await pool.start(mode.threads);
      this.pool = pool;
      this.loop = this.followWork(pool);
    } else {
      this.loop = this.mineIntervals(mode.seconds);
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await this.pool?.stop();
    this.pool = null;
  }

  /** New work for every template the source offers, until stopped. */
  private async followWork(pool: MinerPool): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const template = await this.options.source.template(this.options.payoutScript);
        this.setJob(pool, template);
        await this.options.source.waitForChange(template.templateId, signal);
      } catch (error: unknown) {
        if (signal.aborted) return;
        this.options.logger.error({ err: errorText(error) }, "Getting mining work failed");
        await sleep(RETRY_DELAY_MS, signal);
      }
    }
  }

  private async mineIntervals(seconds: number): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      await sleep(seconds * 1000, signal);
      if (signal.aborted) return;
      try {
        const template = await this.options.source.template(this.options.payoutScript);
        const target = targetOf(template, this.options.source);
        const solved = mineBlockHeader(encodeHeader(template.block.header), target, {
          maxTries: INTERVAL_MAX_TRIES,
        });
        if (solved)
          await this.report({ header: decodeHeader(solved.header), txs: template.block.txs });
      } catch (error: unknown) {
        this.options.logger.error({ err: errorText(error) }, "Interval mining failed");
      }
    }
  }

  private setJob(pool: MinerPool, first: BlockTemplate): void {
    let template = first;
    this.templates.clear();
    let extranonce = 0;
    const remember = (t: BlockTemplate): Uint8Array => {
      this.templates.set(hashToHex(t.block.header.merkleRoot), t);
      return encodeHeader(t.block.header);
    };
    pool.setJob(
      createMiningJob({
        id: `${template.height}-${++this.jobs}`,
        header: remember(template),
        target: targetOf(template, this.options.source),
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

  private async submitHeader(header80: Uint8Array): Promise<void> {
    const header = decodeHeader(header80);
    const template = this.templates.get(hashToHex(header.merkleRoot));
    if (!template) return;
    await this.report({ header, txs: template.block.txs });
  }

  private async report(block: Block): Promise<void> {
    const hash = hashToHex(blockHash(block.header));
    try {
      const outcome = await this.options.source.submitBlock(block);
      if (outcome.accepted) {
        this.options.logger.info({ hash, txs: block.txs.length }, "Mined block");
      } else {
        this.options.logger.warn({ hash, reason: outcome.reason }, "Mined block rejected");
      }
    } catch (error: unknown) {
      // The source (the node, or a remote one) reports its own failure; mining must go on.
      this.options.logger.error({ hash, err: errorText(error) }, "Submitting a mined block failed");
    }
  }
}

function targetOf(template: BlockTemplate, source: WorkSource): bigint {
  return targetFromBits(template.block.header.bits, source.params.pow.powLimit) ?? template.target;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
