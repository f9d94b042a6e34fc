import { blockSubsidy, difficulty } from "@hashforge/consensus";
import type { HashforgeNode } from "@hashforge/node";
import type { LiveNetwork, NetworkSource } from "./network-source.js";

/** Blocks the fee and interval averages look back over. */
const WINDOW = 144;

/**
 * Live network figures from the node the API runs beside: tip height and time, difficulty,
 * mean fees per block and mean block interval over the last 144 blocks. Fees are each
 * coinbase's outputs less the subsidy (what miners claimed). Cached per tip.
 */
export function nodeNetworkSource(node: HashforgeNode): NetworkSource {
  let cached: { tip: string; network: LiveNetwork } | null = null;
  return {
    async getNetwork() {
      const tip = node.chain.tip;
      if (cached?.tip === tip.hashHex) return cached.network;
      const first = Math.max(1, tip.height - WINDOW + 1);
      let fees = 0n;
      for (let h = first; h <= tip.height; h++) {
        const block = await node.chain.readBlock(node.chain.atHeight(h)!);
        const claimed = block.txs[0]!.outputs.reduce((sum, o) => sum + o.value, 0n);
        const subsidy = blockSubsidy(h, node.params);
        if (claimed > subsidy) fees += claimed - subsidy;
      }
      const blocks = tip.height - first + 1;
      const start = node.chain.atHeight(first - 1)!;
      const network: LiveNetwork = {
        chain: node.params.name,
        difficulty: difficulty(tip.header.bits),
        feesPerBlockBtc: blocks > 0 ? Number(fees) / blocks / 1e8 : 0,
        height: tip.height,
        tipTime: tip.header.time,
        ...(blocks > 0
          ? { blockIntervalSeconds: (tip.header.time - start.header.time) / blocks }
          : {}),
      };
      cached = { tip: tip.hashHex, network };
      return network;
    },
  };
}
