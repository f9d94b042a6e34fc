// Keys, signed P2WPKH spends and a proof-of-work loop for the node benchmark. Signing is done
// here, outside the timed sections, and every signature is offered to a bounded sample so the
// benchmark can measure the raw verification rate over the very signatures the chain checks.
import {
  type Block,
  blockHash,
  buildScript,
  type ChainParams,
  checkProofOfWork,
  concatBytes,
  hash160,
  OP,
  precomputeTxData,
  SIGHASH_ALL,
  segwitV0Sighash,
  type Transaction,
  type TxOut,
  txid,
} from "@hashforge/consensus";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { numberToBytesBE } from "@noble/curves/utils.js";
import { p2wpkhScriptCode } from "../src/wallet/signer.js";

/** A key the benchmark controls, with its P2WPKH output script. */
export interface BenchKey {
  readonly secret: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly script: Uint8Array;
  /** BIP143 scriptCode of its P2WPKH outputs, computed once. */
  readonly scriptCode: Uint8Array;
}

/** Derives a deterministic benchmark key from a small number (never a real wallet key). */
export function benchKey(n: number): BenchKey {
  const secret = numberToBytesBE(0x1234_5678n * BigInt(n + 1) + 0xbeefn, 32);
  const pubkey = secp256k1.getPublicKey(secret, true);
  return {
    secret,
    pubkey,
    script: buildScript([OP.OP_0, hash160(pubkey)]),
    scriptCode: p2wpkhScriptCode(pubkey),
  };
}

/** An unspent output the benchmark can sign for. */
export interface Spendable {
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly output: TxOut;
}

/** One ECDSA check as the script interpreter performs it: message, DER signature, key. */
export interface SignatureCheck {
  readonly msg: Uint8Array;
  readonly der: Uint8Array;
  readonly pubkey: Uint8Array;
}

/** Keeps the first `limit` signatures made, for the raw verification measurement. */
export class SignatureSample {
  readonly checks: SignatureCheck[] = [];

  constructor(private readonly limit: number) {}

  /** Records a check unless the sample is full. */
  offer(check: SignatureCheck): void {
    if (this.checks.length < this.limit) this.checks.push(check);
  }
}

/**
 * Builds a version-2 transaction spending `inputs` (all P2WPKH outputs of `key`) to `outputs`
 * and signs every input: BIP143 sighash with SIGHASH_ALL, RFC6979 low-S DER (BIP146).
 */
export function signSpend(
  inputs: readonly Spendable[],
  outputs: readonly TxOut[],
  key: BenchKey,
  sample: SignatureSample,
): Transaction {
  const unsigned: Transaction = {
    version: 2,
    locktime: 0,
    inputs: inputs.map((u) => ({
      prevout: { txid: u.txid, vout: u.vout },
      scriptSig: new Uint8Array(0),
      sequence: 0xfffffffd,
      witness: [],
    })),
    outputs,
  };
  const data = precomputeTxData(
    unsigned,
    inputs.map((u) => u.output),
  );
  return {
    ...unsigned,
    inputs: unsigned.inputs.map((input, index) => {
      const msg = segwitV0Sighash(
        unsigned,
        index,
        key.scriptCode,
        inputs[index]!.output.value,
        SIGHASH_ALL,
        data,
      );
      const der = secp256k1.sign(msg, key.secret, { prehash: false, lowS: true, format: "der" });
      sample.offer({ msg, der, pubkey: key.pubkey });
      return { ...input, witness: [concatBytes(der, Uint8Array.of(SIGHASH_ALL)), key.pubkey] };
    }),
  };
}

/** The output `vout` of `tx` as a {@link Spendable}. */
export function spendableOf(tx: Transaction, vout: number): Spendable {
  return { txid: txid(tx), vout, output: tx.outputs[vout]! };
}

/**
 * Solves a block's proof of work by counting nonces (regtest needs about two tries). The node
 * package sits below the miner package, so it cannot use the miner's kernel.
 */
export function solveBlock(block: Block, params: ChainParams): Block {
  let header = block.header;
  while (!checkProofOfWork(blockHash(header), header.bits, params.pow.powLimit)) {
    if (header.nonce >>> 0 === 0xffffffff) throw new RangeError("nonce space exhausted");
    header = { ...header, nonce: header.nonce + 1 };
  }
  return { header, txs: block.txs };
}
