// Test helpers for policy and mempool tests: keys, a fake chain view, signed transactions.
import {
  buildScript,
  type Coin,
  concatBytes,
  defaultSignatureBackend,
  hash160,
  NO_CODESEPARATOR,
  OP,
  outpointKey,
  precomputeTxData,
  SECP256K1_ORDER,
  SEQUENCE_FINAL,
  SIGHASH_ALL,
  segwitV0Sighash,
  sha256,
  type Transaction,
  type TxIn,
  type TxOut,
  taprootOutputKey,
  taprootSighash,
  tapTweakHash,
  txid,
} from "@hashforge/consensus";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { Mempool } from "../../src/mempool/mempool.js";
import type { MempoolChain } from "../../src/mempool/mempool-chain.js";
import type { MempoolEvent } from "../../src/mempool/mempool-events.js";
import type { MempoolOptions } from "../../src/mempool/mempool-options.js";

export const backend = defaultSignatureBackend();

/** A test key able to receive to P2WPKH and P2TR (key path) and to sign for both. */
export interface Key {
  readonly secret: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly p2wpkh: Uint8Array;
  readonly p2tr: Uint8Array;
  /** Secret of the taproot output key (BIP341 taproot_tweak_seckey with no script tree). */
  readonly tweakedSecret: Uint8Array;
}

/** A deterministic key from a small number. */
export function makeKey(n: number): Key {
  const secret = numberToBytesBE(BigInt(n) * 7919n + 12345n, 32);
  const pubkey = secp256k1.getPublicKey(secret, true);
  const xonly = schnorr.getPublicKey(secret);
  const q = taprootOutputKey(xonly, null, backend);
  if (q === null) throw new RangeError("bad taproot key");
  let d = bytesToNumberBE(secret);
  if (pubkey[0] === 0x03) d = SECP256K1_ORDER - d;
  const t = bytesToNumberBE(tapTweakHash(xonly, null));
  return {
    secret,
    pubkey,
    p2wpkh: buildScript([OP.OP_0, hash160(pubkey)]),
    p2tr: buildScript([OP.OP_1, q.x]),
    tweakedSecret: numberToBytesBE((d + t) % SECP256K1_ORDER, 32),
  };
}

/** P2WSH output script for a witness script. */
export function p2wsh(script: Uint8Array): Uint8Array {
  return buildScript([OP.OP_0, sha256(script)]);
}

/** The chain view tests control: a tip height, median times and a UTXO set. */
export class FakeChain implements MempoolChain {
  tip = 200;
  private readonly coins = new Map<string, Coin>();
  private counter = 0;

  height(): number {
    return this.tip;
  }

  medianTimePast(): number {
    return this.medianTimePastAt(this.tip);
  }

  medianTimePastAt(height: number): number {
    return 1_700_000_000 + height * 600;
  }

  getCoin(txidBytes: Uint8Array, vout: number): Coin | undefined {
    return this.coins.get(outpointKey(txidBytes, vout));
  }

  /** Adds a confirmed coin; returns its outpoint. */
  addCoin(
    txidBytes: Uint8Array,
    vout: number,
    output: TxOut,
    height = 100,
    coinbase = false,
  ): Utxo {
    this.coins.set(outpointKey(txidBytes, vout), { output, height, coinbase });
    return { txid: txidBytes, vout, output };
  }

  /** Creates a confirmed coin paying `value` to `script` in a fresh fake transaction. */
  fund(script: Uint8Array, value: bigint, height = 100, coinbase = false): Utxo {
    this.counter++;
    const id = sha256(new Uint8Array([0xf0, this.counter & 0xff, this.counter >> 8]));
    return this.addCoin(id, 0, { value, scriptPubKey: script }, height, coinbase);
  }

  /** Removes a coin (spent by a block). */
  spendCoin(txidBytes: Uint8Array, vout: number): void {
    this.coins.delete(outpointKey(txidBytes, vout));
  }

  /** Connects a block: spends its inputs, adds its outputs, moves the tip. */
  connect(txs: readonly Transaction[]): void {
    this.tip++;
    for (const tx of txs) {
      for (const input of tx.inputs) this.spendCoin(input.prevout.txid, input.prevout.vout);
      const id = txid(tx);
      tx.outputs.forEach((output, vout) => {
        this.coins.set(outpointKey(id, vout), { output, height: this.tip, coinbase: false });
      });
    }
  }

  /** Disconnects the tip block `txs` whose spent coins were `restored`. */
  disconnect(txs: readonly Transaction[], restored: readonly (Utxo & { height?: number })[]): void {
    for (const tx of txs) {
      const id = txid(tx);
      for (let vout = 0; vout < tx.outputs.length; vout++) this.spendCoin(id, vout);
    }
    for (const u of restored) this.addCoin(u.txid, u.vout, u.output, u.height ?? 100);
    this.tip--;
  }
}

/** An output that can be spent, with what the signer needs. */
export interface Utxo {
  readonly txid: Uint8Array;
  readonly vout: number;
  readonly output: TxOut;
}

/** How to spend one input. */
export interface SpendInput {
  readonly utxo: Utxo;
  /** Signing key (P2WPKH or P2TR key path, chosen by the output script); null: set witness. */
  readonly key: Key | null;
  readonly sequence?: number;
  readonly scriptSig?: Uint8Array;
  readonly witness?: readonly Uint8Array[];
}

/** What {@link spend} builds. */
export interface SpendSpec {
  readonly inputs: readonly SpendInput[];
  readonly outputs: readonly TxOut[];
  readonly version?: number;
  readonly locktime?: number;
  /** Extra entropy for ECDSA signing, to make a second valid signature. */
  readonly entropy?: Uint8Array;
}

/** Builds and signs a transaction spending P2WPKH/P2TR outputs (or with given witnesses). */
export function spend(spec: SpendSpec): Transaction {
  const unsigned: Transaction = {
    version: spec.version ?? 2,
    locktime: spec.locktime ?? 0,
    inputs: spec.inputs.map((i) => ({
      prevout: { txid: i.utxo.txid, vout: i.utxo.vout },
      scriptSig: i.scriptSig ?? new Uint8Array(0),
      sequence: i.sequence ?? 0xfffffffd,
      witness: [],
    })),
    outputs: spec.outputs,
  };
  const spent = spec.inputs.map((i) => i.utxo.output);
  const data = precomputeTxData(unsigned, spent);
  const inputs: TxIn[] = unsigned.inputs.map((input, index) => {
    const s = spec.inputs[index]!;
    if (s.key === null) return { ...input, witness: s.witness ?? [] };
    const spk = s.utxo.output.scriptPubKey;
    if (spk[0] === OP.OP_1) {
      const msg = taprootSighash(unsigned, index, 0, data, {
        annex: null,
        tapleafHash: null,
        codesepPos: NO_CODESEPARATOR,
      });
      if (msg === null) throw new RangeError("no taproot sighash");
      return { ...input, witness: [schnorr.sign(msg, s.key.tweakedSecret, new Uint8Array(32))] };
    }
    const scriptCode = concatBytes(
      new Uint8Array([0x76, 0xa9, 0x14]),
      hash160(s.key.pubkey),
      new Uint8Array([0x88, 0xac]),
    );
    const msg = segwitV0Sighash(
      unsigned,
      index,
      scriptCode,
      s.utxo.output.value,
      SIGHASH_ALL,
      data,
    );
    const der = secp256k1.sign(msg, s.key.secret, {
      prehash: false,
      format: "der",
      ...(spec.entropy ? { extraEntropy: spec.entropy } : {}),
    });
    return { ...input, witness: [concatBytes(der, new Uint8Array([SIGHASH_ALL])), s.key.pubkey] };
  });
  return { ...unsigned, inputs };
}

/** The output `vout` of `tx` as a spendable {@link Utxo}. */
export function outputOf(tx: Transaction, vout = 0): Utxo {
  return { txid: txid(tx), vout, output: tx.outputs[vout]! };
}

/** A mempool over a fake chain with a controllable clock, recording events. */
export interface Harness {
  readonly chain: FakeChain;
  readonly pool: Mempool;
  readonly events: MempoolEvent[];
  readonly key: Key;
  /** Clock in milliseconds; tests advance it. */
  clock: { ms: number };
}

/** Creates a mempool over a fresh {@link FakeChain}. */
export function harness(options: Partial<Omit<MempoolOptions, "chain" | "backend">> = {}): Harness {
  const chain = new FakeChain();
  const events: MempoolEvent[] = [];
  const clock = { ms: 1_800_000_000_000 };
  const pool = new Mempool({
    chain,
    backend,
    now: () => clock.ms,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { chain, pool, events, key: makeKey(1), clock };
}

/** A one-input one-output P2WPKH spend of `utxo` paying `fee`. */
export function simpleSpend(
  utxo: Utxo,
  key: Key,
  fee: bigint,
  extra: Partial<SpendSpec> = {},
): Transaction {
  return spend({
    inputs: [{ utxo, key }],
    outputs: [{ value: utxo.output.value - fee, scriptPubKey: key.p2wpkh }],
    ...extra,
  });
}

export { SEQUENCE_FINAL };
