import type { Block } from "../block/block.js";
import { blockBaseSize } from "../block/block.js";
import { type BlockHeader, blockHash } from "../block/header.js";
import { merkleRoot } from "../block/merkle.js";
import { bytesEqual } from "../bytes/equal.js";
import { MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT } from "../constants.js";
import { checkProofOfWork } from "../pow/check-pow.js";
import { transactionLegacySigOpCount } from "../script/sigop-cost.js";
import { txid } from "../tx/hash.js";
import { WITNESS_SCALE_FACTOR } from "../tx/size.js";
import { isCoinbase } from "../tx/transaction.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";
import { checkTransaction } from "./check-transaction.js";

/** The header's proof of work against its own nBits and the network's limit (`high-hash`). */
export function checkBlockHeader(header: BlockHeader, powLimit: bigint): CheckResult {
  if (!checkProofOfWork(blockHash(header), header.bits, powLimit)) {
    return reject("invalid-header", "high-hash", "proof of work failed");
  }
  return VALID;
}

/** Which parts of {@link checkBlock} to run; a template under construction skips PoW and merkle. */
export interface CheckBlockOptions {
  readonly checkPow?: boolean;
  readonly checkMerkleRoot?: boolean;
}

/**
 * Context-free block checks, as Core's CheckBlock: proof of work, the merkle root and its
 * CVE-2012-2459 duplicate-transaction mutation (`bad-txnmrklroot`, `bad-txns-duplicate`), size
 * limits (`bad-blk-length`), exactly one coinbase and first (`bad-cb-missing`,
 * `bad-cb-multiple`), each transaction's context-free checks, and the legacy sigop limit
 * (`bad-blk-sigops`). Witness data is checked contextually (the commitment needs the height).
 */
export function checkBlock(
  block: Block,
  powLimit: bigint,
  options: CheckBlockOptions = {},
): CheckResult {
  if (options.checkPow !== false) {
    const header = checkBlockHeader(block.header, powLimit);
    if (!header.ok) return header;
  }
  if (options.checkMerkleRoot !== false) {
    const { root, mutated } = merkleRoot(block.txs.map(txid));
    if (!bytesEqual(root, block.header.merkleRoot)) {
      return reject("mutated", "bad-txnmrklroot", "hashMerkleRoot mismatch");
    }
    // Two identical transactions at the end of a level give the same root as one: the block
    // as received is not the block the header commits to.
    if (mutated) return reject("mutated", "bad-txns-duplicate", "duplicate transaction");
  }
  const txs = block.txs;
  if (
    txs.length === 0 ||
    txs.length * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
    blockBaseSize(block) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
  ) {
    return reject("consensus", "bad-blk-length", "size limits failed");
  }
  if (!isCoinbase(txs[0]!))
    return reject("consensus", "bad-cb-missing", "first tx is not coinbase");
  for (let i = 1; i < txs.length; i++) {
    if (isCoinbase(txs[i]!))
      return reject("consensus", "bad-cb-multiple", "more than one coinbase");
  }
  let sigops = 0;
  for (const tx of txs) {
    const result = checkTransaction(tx);
    if (!result.ok)
      return reject(
        result.code,
        result.reason,
        `Transaction check failed: ${result.debug ?? result.reason}`,
      );
    sigops += transactionLegacySigOpCount(tx);
  }
  if (sigops * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
    return reject("consensus", "bad-blk-sigops", "out-of-bounds SigOpCount");
  }
  return VALID;
}
