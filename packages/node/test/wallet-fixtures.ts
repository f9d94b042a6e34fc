// Shared fixtures of the wallet tests: an in-memory store, deterministic randomness, a toy chain
// that feeds blocks to the wallet, and a consensus verifier for signed transactions.
import assert from "node:assert/strict";
import {
  ALL_VERIFY_FLAGS,
  type Block,
  blockHash,
  checkTransaction,
  coinbaseHeightPrefix,
  concatBytes,
  merkleRoot,
  NULL_VOUT,
  nobleBackend,
  precomputeTxData,
  REGTEST_PARAMS,
  sha256,
  type Transaction,
  TransactionSignatureChecker,
  type TxOut,
  txid,
  verifyScript,
} from "@hashforge/consensus";
import { DevWallet, type DevWalletOptions, type WalletLogger } from "../src/wallet/dev-wallet.js";
import type { WalletStore } from "../src/wallet/wallet-file-store.js";

/** A WalletStore in memory that counts writes. */
export class MemoryStore implements WalletStore {
  text: string | null = null;
  writes = 0;
  async read(): Promise<string | null> {
    return this.text;
  }
  async write(text: string): Promise<void> {
    this.writes++;
    this.text = text;
  }
}

/** A logger that keeps every entry, so tests can check what was (not) logged. */
export class RecordingLogger implements WalletLogger {
  readonly entries: { level: string; obj: object; msg: string }[] = [];
  debug(obj: object, msg: string): void {
    this.entries.push({ level: "debug", obj, msg });
  }
  info(obj: object, msg: string): void {
    this.entries.push({ level: "info", obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.entries.push({ level: "warn", obj, msg });
  }
  error(obj: object, msg: string): void {
    this.entries.push({ level: "error", obj, msg });
  }
  /** Everything logged, as one string. */
  dump(): string {
    return JSON.stringify(this.entries, (_k, v: unknown) =>
      typeof v === "bigint" ? v.toString() : v,
    );
  }
}

/** Deterministic "randomness": SHA-256 of a label and a counter. */
export function deterministicRandom(label: string): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = sha256(new TextEncoder().encode(`${label}/${counter++}`));
      out.set(block.subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

/** Opens a regtest wallet on a memory store with a small look-ahead. */
export async function openTestWallet(
  overrides: Partial<DevWalletOptions> = {},
): Promise<{ wallet: DevWallet; store: MemoryStore; logger: RecordingLogger }> {
  const store = new MemoryStore();
  const logger = new RecordingLogger();
  const wallet = await DevWallet.open({
    params: REGTEST_PARAMS,
    store,
    randomBytes: deterministicRandom("wallet"),
    now: () => 1_700_000_000_000,
    logger,
    backend: nobleBackend,
    lookahead: 10,
    ...overrides,
  });
  return { wallet, store, logger };
}

/** A coinbase transaction of `height` paying `outputs`. */
export function coinbaseTx(height: number, outputs: readonly TxOut[]): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: NULL_VOUT },
        scriptSig: concatBytes(coinbaseHeightPrefix(height), Uint8Array.of(0x51)),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs,
    locktime: 0,
  };
}

/** A transaction spending `prevouts` (any scripts; not signed) into `outputs`. */
export function plainTx(
  prevouts: readonly { txid: Uint8Array; vout: number }[],
  outputs: readonly TxOut[],
): Transaction {
  return {
    version: 2,
    inputs: prevouts.map((p) => ({
      prevout: p,
      scriptSig: new Uint8Array(0),
      sequence: 0,
      witness: [],
    })),
    outputs,
    locktime: 0,
  };
}

/** An output script nobody in the tests owns. */
export const FOREIGN_SCRIPT = Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(0xab));

/**
 * A toy active chain (no proof of work; the wallet does not validate) that reports every
 * connect and disconnect to the wallet, as the node will.
 */
export class ToyChain {
  readonly blocks: Block[] = [];
  constructor(private readonly wallet: DevWallet) {}

  get height(): number {
    return this.blocks.length - 1;
  }

  /** Connects a block at the next height with a coinbase paying `payTo` and extra `txs`. */
  connect(payTo: Uint8Array, txs: readonly Transaction[] = [], reward = 50_0000_0000n): Block {
    const height = this.blocks.length;
    const prev = this.blocks[height - 1];
    const all = [coinbaseTx(height, [{ value: reward, scriptPubKey: payTo }]), ...txs];
    const block: Block = {
      header: {
        version: 0x20000000,
        prevBlock: prev === undefined ? new Uint8Array(32) : blockHash(prev.header),
        merkleRoot: merkleRoot(all.map((t) => txid(t))).root,
        time: 1_700_000_000 + height,
        bits: 0x207fffff,
        nonce: height,
      },
      txs: all,
    };
    this.blocks.push(block);
    this.wallet.blockConnected(block, height);
    return block;
  }

  /** Mines `n` blocks paying `payTo`. */
  mine(n: number, payTo: Uint8Array = FOREIGN_SCRIPT): void {
    for (let i = 0; i < n; i++) this.connect(payTo);
  }

  /** Disconnects the tip. */
  disconnect(): Block {
    const block = this.blocks.pop()!;
    this.wallet.blockDisconnected(block, this.blocks.length);
    return block;
  }
}

/**
 * Asserts `tx` passes consensus CheckTransaction and every input verifies against the output it
 * spends under all script verification flags (TransactionSignatureChecker, noble backend).
 * Returns the number of inputs verified.
 */
export function assertFullyValid(tx: Transaction, spent: readonly TxOut[]): number {
  assert.deepEqual(checkTransaction(tx), { ok: true });
  assert.equal(spent.length, tx.inputs.length);
  const txData = precomputeTxData(tx, spent);
  tx.inputs.forEach((input, i) => {
    const checker = new TransactionSignatureChecker({
      backend: nobleBackend,
      tx,
      inputIndex: i,
      amount: spent[i]!.value,
      txData,
    });
    const result = verifyScript(
      input.scriptSig,
      spent[i]!.scriptPubKey,
      input.witness,
      ALL_VERIFY_FLAGS,
      checker,
    );
    assert.deepEqual(result, { ok: true }, `input ${i}`);
  });
  return tx.inputs.length;
}
