// Finds the first nonce at which a genesis block meets its target: how DEMO_PARAMS' genesis was
// mined once, offline, and how its test proves the recorded nonce is that first hit.
import { blockHash } from "../../src/block/header.js";
import { hashToHex } from "../../src/bytes/hex.js";
import { createGenesisBlock, type GenesisSpec } from "../../src/params/genesis.js";
import { checkProofOfWork } from "../../src/pow/check-pow.js";

/** The winning nonce and the genesis hash it gives (display hex). */
export interface MinedGenesis {
  readonly nonce: number;
  readonly hash: string;
  readonly merkleRoot: string;
}

/**
 * Tries nonces `spec.nonce`, `spec.nonce + 1`, ... (the merkle root does not depend on them) and
 * returns the first whose header hash meets `spec.bits` under `powLimit`; null after
 * `maxTries`. Meant for easy targets only: it hashes with the plain consensus sha256d.
 */
export function mineGenesis(
  spec: GenesisSpec,
  powLimit: bigint,
  maxTries: number,
): MinedGenesis | null {
  const block = createGenesisBlock(spec);
  for (let i = 0; i < maxTries && spec.nonce + i <= 0xffffffff; i++) {
    const header = { ...block.header, nonce: spec.nonce + i };
    const hash = blockHash(header);
    if (checkProofOfWork(hash, header.bits, powLimit)) {
      return {
        nonce: header.nonce,
        hash: hashToHex(hash),
        merkleRoot: hashToHex(block.header.merkleRoot),
      };
    }
  }
  return null;
}
