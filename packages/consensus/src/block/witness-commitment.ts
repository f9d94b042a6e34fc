import { bytesEqual, concatBytes } from "../bytes/equal.js";
import { sha256d } from "../hash.js";
import { wtxid } from "../tx/hash.js";
import type { Block } from "./block.js";
import { merkleRoot } from "./merkle.js";

/** The 6-byte prefix of a BIP141 commitment output: OP_RETURN, push 36, 0xaa21a9ed. */
export const WITNESS_COMMITMENT_HEADER = Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed);

/**
 * Index of the coinbase output holding the witness commitment: the last output whose script is
 * at least 38 bytes and starts with the commitment header (Core's GetWitnessCommitmentIndex), or
 * -1 when there is none.
 */
export function witnessCommitmentIndex(block: Block): number {
  const coinbase = block.txs[0];
  if (!coinbase) return -1;
  let index = -1;
  coinbase.outputs.forEach((out, i) => {
    const s = out.scriptPubKey;
    if (s.length >= 38 && bytesEqual(s.subarray(0, 6), WITNESS_COMMITMENT_HEADER)) index = i;
  });
  return index;
}

/**
 * BIP141 witness merkle root: the merkle root of all wtxids with the coinbase's replaced by
 * zeros (Core's BlockWitnessMerkleRoot).
 */
export function witnessMerkleRoot(block: Block): { root: Uint8Array; mutated: boolean } {
  const leaves = block.txs.map((tx, i) => (i === 0 ? new Uint8Array(32) : wtxid(tx)));
  return merkleRoot(leaves);
}

/** The commitment value SHA256d(witness root || witness nonce) placed after the header. */
export function witnessCommitment(witnessRoot: Uint8Array, nonce: Uint8Array): Uint8Array {
  return sha256d(concatBytes(witnessRoot, nonce));
}

/** Builds the 38-byte commitment output script for a coinbase. */
export function witnessCommitmentScript(witnessRoot: Uint8Array, nonce: Uint8Array): Uint8Array {
  return concatBytes(WITNESS_COMMITMENT_HEADER, witnessCommitment(witnessRoot, nonce));
}
