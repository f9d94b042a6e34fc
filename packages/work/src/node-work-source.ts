import type { Block } from "@hashforge/consensus";
import type { BlockTemplate, HashforgeNode } from "@hashforge/node";
import type { SubmitOutcome, WorkSource } from "./work-source.js";

/** Options of {@link NodeWorkSource}. */
export interface NodeWorkSourceOptions {
  /**
   * How long a long-poll waits after a mempool change before new work is due (Core's
   * getblocktemplate: 60 s). The built-in miner keeps Core's rule; tests shorten it.
   */
  readonly mempoolDelayMs?: number;
}

/** The in-process node as a {@link WorkSource}: templates from its mempool, blocks to its chain. */
export class NodeWorkSource implements WorkSource {
  constructor(
    private readonly node: HashforgeNode,
    private readonly options: NodeWorkSourceOptions = {},
  ) {}

  get params() {
    return this.node.params;
  }

  async template(payoutScript: Uint8Array): Promise<BlockTemplate> {
    return this.node.blockTemplate(payoutScript);
  }

  waitForChange(templateId: string, signal: AbortSignal): Promise<void> {
    return this.node.waitForTemplateChange(templateId, signal, this.options.mempoolDelayMs);
  }

  async submitBlock(block: Block): Promise<SubmitOutcome> {
    const result = await this.node.submitBlock(block);
    if (!result.ok) return { accepted: false, reason: result.reason };
    // Core's submitblock answers "duplicate" for a block it already had.
    return result.isNew ? { accepted: true } : { accepted: false, reason: "duplicate" };
  }
}
