// Rebuilding (and, for new networks, creating) a chain's genesis block from its parameters.
import type { Block } from "../block/block.js";
import type { BlockHeader } from "../block/header.js";
import { merkleRoot } from "../block/merkle.js";
import { RangeCheckError } from "../errors.js";
import { buildScript } from "../script/script.js";
import { txid } from "../tx/hash.js";
import { NULL_VOUT, type Transaction } from "../tx/transaction.js";
import type { ChainParams } from "./chain-params.js";

/** What a genesis block is made of: header fields and the single coinbase output. */
export interface GenesisSpec {
  readonly version: number;
  readonly time: number;
  readonly bits: number;
  readonly nonce: number;
  /** The coinbase input's scriptSig (see {@link genesisCoinbaseScriptSig}). */
  readonly scriptSig: Uint8Array;
  /** The coinbase output's script. */
  readonly scriptPubKey: Uint8Array;
  /** The coinbase output's value in satoshis. */
  readonly reward: bigint;
}

/** 486604799 = 0x1d00ffff, the nBits of Bitcoin's genesis, which every Core genesis pushes. */
const GENESIS_SCRIPTSIG_BITS = new Uint8Array([0xff, 0xff, 0x00, 0x1d]);

/**
 * The genesis coinbase scriptSig Core builds around a timestamp message (CreateGenesisBlock):
 * `push(486604799) push(4) push(message)`. Core pushes mainnet's nBits and the number 4 on every
 * network (regtest and testnet4 included), whatever the chain's own nBits, so this does too.
 */
export function genesisCoinbaseScriptSig(message: string | Uint8Array): Uint8Array {
  const bytes = typeof message === "string" ? new TextEncoder().encode(message) : message;
  return buildScript([GENESIS_SCRIPTSIG_BITS, new Uint8Array([4]), bytes]);
}

/**
 * The genesis coinbase transaction: version 1, one input spending the null outpoint with
 * `scriptSig` and a final sequence, one output, lock time 0 (Core's CreateGenesisBlock).
 */
export function genesisCoinbaseTx(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  reward: bigint,
): Transaction {
  return {
    version: 1,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: NULL_VOUT },
        scriptSig,
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value: reward, scriptPubKey }],
    locktime: 0,
  };
}

function assertUint32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeCheckError(`genesis ${name} must be an unsigned 32-bit integer, got ${value}`);
  }
}

/**
 * Builds a genesis block from its parts: the coinbase from {@link genesisCoinbaseTx}, a header
 * with an all-zero previous hash and the coinbase's txid as merkle root. Mining a new network's
 * genesis means calling this once and then varying `header.nonce` (and `time` when the nonce
 * space runs out); the merkle root does not depend on either.
 */
export function createGenesisBlock(spec: GenesisSpec): Block {
  assertUint32("time", spec.time);
  assertUint32("bits", spec.bits);
  assertUint32("nonce", spec.nonce);
  if (!Number.isInteger(spec.version) || spec.version < -0x80000000 || spec.version > 0x7fffffff) {
    throw new RangeCheckError(
      `genesis version must be a signed 32-bit integer, got ${spec.version}`,
    );
  }
  const coinbase = genesisCoinbaseTx(spec.scriptSig, spec.scriptPubKey, spec.reward);
  const header: BlockHeader = {
    version: spec.version,
    prevBlock: new Uint8Array(32),
    merkleRoot: merkleRoot([txid(coinbase)]).root,
    time: spec.time,
    bits: spec.bits,
    nonce: spec.nonce,
  };
  return { header, txs: [coinbase] };
}

/**
 * Rebuilds a network's genesis block from its parameters: header fields from
 * `params.genesisHeader`, coinbase from `params.genesisCoinbase`, merkle root recomputed (not
 * copied), so the block hash matching `params.genesisHash` proves the parameters consistent.
 */
export function buildGenesisBlock(params: ChainParams): Block {
  const h = params.genesisHeader;
  const cb = params.genesisCoinbase;
  return createGenesisBlock({
    version: h.version,
    time: h.time,
    bits: h.bits,
    nonce: h.nonce,
    scriptSig: cb.scriptSig,
    scriptPubKey: cb.scriptPubKey,
    reward: cb.reward,
  });
}
