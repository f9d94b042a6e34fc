import { type Block, txid as computeTxid, encodeTx, type Transaction } from "@hashforge/consensus";
import type { BlockTemplate } from "./block-template.js";
import { merkleRootFromBranch } from "./coinbase-merkle-branch.js";
import { TemplateError } from "./template-error.js";

/**
 * Returns a copy of `template` whose coinbase carries `extranonce` in its extranonce room and
 * whose header has the matching merkle root (what Core's IncrementExtraNonce does for the
 * built-in miner). Only the coinbase txid changes: the witness commitment hashes the coinbase as
 * zeros, so it stays valid, and the merkle root is refolded from the coinbase branch instead of
 * rehashing every transaction. Throws TemplateError `bad-extranonce` when the size differs from
 * the template's room (or the template has none).
 */
export function updateTemplateForExtranonce(
  template: BlockTemplate,
  extranonce: Uint8Array,
): BlockTemplate {
  const { offset, size } = template.extranonce;
  if (size === 0 || extranonce.length !== size) {
    throw new TemplateError(
      "bad-extranonce",
      `extranonce must be ${size} bytes, got ${extranonce.length}`,
    );
  }
  const old = template.block.txs[0]!;
  const input = old.inputs[0]!;
  const scriptSig = input.scriptSig.slice();
  scriptSig.set(extranonce, offset);
  const coinbase: Transaction = { ...old, inputs: [{ ...input, scriptSig }] };
  const merkleRoot = merkleRootFromBranch(computeTxid(coinbase), template.coinbaseMerkleBranch);
  const block: Block = {
    header: { ...template.block.header, merkleRoot },
    txs: [coinbase, ...template.block.txs.slice(1)],
  };
  const serialized = encodeTx(coinbase, false);
  const start = template.coinbaseParts.prefix.length;
  return {
    ...template,
    block,
    coinbaseParts: {
      prefix: serialized.slice(0, start),
      suffix: serialized.slice(start + size),
    },
  };
}
