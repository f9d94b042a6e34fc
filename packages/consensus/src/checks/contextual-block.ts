import type { Block } from "../block/block.js";
import { blockWeight } from "../block/block.js";
import { hasCoinbaseHeight } from "../block/coinbase-height.js";
import {
  witnessCommitment,
  witnessCommitmentIndex,
  witnessMerkleRoot,
} from "../block/witness-commitment.js";
import { bytesEqual } from "../bytes/equal.js";
import { MAX_BLOCK_WEIGHT } from "../constants.js";
import { type ChainParams, isDeploymentActive } from "../params/chain-params.js";
import { isFinalTx } from "../tx/finality.js";
import { hasWitness } from "../tx/transaction.js";
import { type CheckResult, reject, VALID } from "../validation/result.js";

/**
 * BIP141 witness checks, as Core's CheckWitnessMalleation: with segwit active and a commitment
 * present, the coinbase witness must be a single 32-byte nonce and the commitment must match the
 * witness merkle root; otherwise no transaction may carry witness data.
 */
export function checkWitnessCommitment(block: Block, segwitActive: boolean): CheckResult {
  if (segwitActive) {
    const index = witnessCommitmentIndex(block);
    if (index >= 0) {
      const witness = block.txs[0]!.inputs[0]!.witness;
      if (witness.length !== 1 || witness[0]!.length !== 32) {
        return reject(
          "mutated",
          "bad-witness-nonce-size",
          "CheckWitnessMalleation : invalid witness reserved value size",
        );
      }
      const { root } = witnessMerkleRoot(block);
      const expected = witnessCommitment(root, witness[0]!);
      const committed = block.txs[0]!.outputs[index]!.scriptPubKey.subarray(6, 38);
      if (!bytesEqual(expected, committed)) {
        return reject(
          "mutated",
          "bad-witness-merkle-match",
          "CheckWitnessMalleation : witness merkle commitment mismatch",
        );
      }
      return VALID;
    }
  }
  for (const tx of block.txs) {
    if (hasWitness(tx)) {
      return reject(
        "mutated",
        "unexpected-witness",
        "CheckWitnessMalleation : unexpected witness data found",
      );
    }
  }
  return VALID;
}

/**
 * Block checks that need the block's height and its parent, as Core's ContextualCheckBlock:
 * every transaction final (BIP113 uses the parent's median time past once CSV is active:
 * `bad-txns-nonfinal`), the BIP34 height in the coinbase (`bad-cb-height`), the witness
 * commitment, and the block weight (`bad-blk-weight`).
 */
export function contextualCheckBlock(
  block: Block,
  height: number,
  prevMedianTimePast: number,
  params: ChainParams,
): CheckResult {
  const cutoff = isDeploymentActive(params, "csv", height) ? prevMedianTimePast : block.header.time;
  for (const tx of block.txs) {
    if (!isFinalTx(tx, height, cutoff)) {
      return reject("consensus", "bad-txns-nonfinal", "non-final transaction");
    }
  }
  if (isDeploymentActive(params, "bip34", height)) {
    const coinbase = block.txs[0];
    if (!coinbase || !hasCoinbaseHeight(coinbase.inputs[0]!.scriptSig, height)) {
      return reject("consensus", "bad-cb-height", "block height mismatch in coinbase");
    }
  }
  const witness = checkWitnessCommitment(block, isDeploymentActive(params, "segwit", height));
  if (!witness.ok) return witness;
  if (blockWeight(block) > MAX_BLOCK_WEIGHT) {
    return reject("consensus", "bad-blk-weight", "ContextualCheckBlock : weight limit failed");
  }
  return VALID;
}
