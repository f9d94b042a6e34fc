import { type Block, hasWitness, witnessCommitmentIndex } from "@hashforge/consensus";
import { zeroWitnessNonce } from "./build-coinbase.js";

/**
 * Adds the 32-byte zero witness reserved value to the coinbase of a submitted block that has a
 * witness commitment output but no coinbase witness, as Core's submitblock does through
 * UpdateUncommittedBlockStructures. getblocktemplate miners (cpuminer and friends) build the
 * coinbase from `default_witness_commitment` and serialize it without witness; the nonce is not
 * covered by the block hash or the merkle root, so adding it changes nothing they committed to.
 * Before segwit (`segwitActive` false), or when nothing is missing, the block is returned as is.
 */
export function finalizeSubmittedBlock(block: Block, segwitActive = true): Block {
  const coinbase = block.txs[0];
  if (!segwitActive || coinbase === undefined || coinbase.inputs.length === 0) return block;
  if (witnessCommitmentIndex(block) < 0 || hasWitness(coinbase)) return block;
  const [first, ...others] = coinbase.inputs;
  return {
    header: block.header,
    txs: [
      { ...coinbase, inputs: [{ ...first!, witness: [zeroWitnessNonce()] }, ...others] },
      ...block.txs.slice(1),
    ],
  };
}
