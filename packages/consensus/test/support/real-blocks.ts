// Loads the real mainnet/testnet3 blocks of the shared vectors together with the outputs their
// inputs spend, so tests and benchmarks can validate them end to end.

import { type Block, readBlock } from "../../src/block/block.js";
import { blockHash } from "../../src/block/header.js";
import { hashToHex } from "../../src/bytes/hex.js";
import { ByteReader } from "../../src/bytes/reader.js";
import type { ConnectContext } from "../../src/checks/connect-block.js";
import { blockScriptFlags } from "../../src/checks/script-flags.js";
import { type Coin, readCompressedCoin } from "../../src/coins/compressed-coin.js";
import type { ChainParams } from "../../src/params/chain-params.js";
import { MAIN_PARAMS } from "../../src/params/main.js";
import { TESTNET3_PARAMS } from "../../src/params/testnet3.js";
import { outpointKey } from "../../src/tx/outpoint-key.js";
import type { TxOut } from "../../src/tx/transaction.js";
import { readVector } from "./vectors.js";

/** A real block with the coins spent by each of its transactions' inputs. */
export interface RealBlock {
  readonly name: string;
  readonly network: "main" | "testnet3";
  readonly height: number;
  readonly bytes: Uint8Array;
  readonly block: Block;
  /** spent[i][j]: the coin spent by input j of transaction i (empty for the coinbase). */
  readonly spent: readonly (readonly Coin[])[];
  /** Whether `spent` carries real creation heights (utxostore) or only outputs (undo files). */
  readonly knowsCoinHeights: boolean;
  /** Figures the vectors README states for the block, where it gives them. */
  readonly expected: { readonly sigopCost?: number; readonly weight?: number };
}

function readUndo(block: Block, undo: Uint8Array, height: number): Coin[][] {
  const r = new ByteReader(undo);
  const spent = block.txs.map((tx, i) =>
    i === 0
      ? []
      : tx.inputs.map((): Coin => {
          const value = r.i64le();
          const output: TxOut = { value, scriptPubKey: r.varBytes() };
          // The undo files carry no creation height; the spending height is a safe stand-in
          // for everything but maturity, which these blocks cannot be used to test.
          return { output, height, coinbase: false };
        }),
  );
  r.expectEnd("undo file");
  return spent;
}

function readUtxoStore(block: Block, store: Uint8Array): Coin[][] {
  const r = new ByteReader(store);
  const byOutpoint = new Map<string, Coin>();
  while (r.remaining > 0) {
    const txid = r.take(32);
    const vout = r.u32le();
    const len = r.u32le();
    const coinReader = new ByteReader(r.bytesView(len));
    byOutpoint.set(`${hashToHex(txid)}:${vout}`, readCompressedCoin(coinReader));
    coinReader.expectEnd("compressed coin");
  }
  return block.txs.map((tx, i) =>
    i === 0
      ? []
      : tx.inputs.map((input) => {
          const key = `${hashToHex(input.prevout.txid)}:${input.prevout.vout}`;
          const coin = byOutpoint.get(key);
          if (!coin) throw new Error(`utxostore lacks ${key}`);
          return coin;
        }),
  );
}

function rawWithUndo(
  name: string,
  network: RealBlock["network"],
  height: number,
  expected: RealBlock["expected"],
): RealBlock {
  const bytes = readVector("blocks", `${name}.raw`);
  const r = new ByteReader(bytes);
  const block = readBlock(r);
  r.expectEnd(name);
  const spent = readUndo(block, readVector("blocks", `${name}.undo`), height);
  return { name, network, height, bytes, block, spent, knowsCoinHeights: false, expected };
}

/** Splits a `[magic][u32 LE length][block]...` file into block byte arrays. */
export function readFramedBlocks(file: Uint8Array): Uint8Array[] {
  const r = new ByteReader(file);
  const out: Uint8Array[] = [];
  while (r.remaining > 0) {
    const magic = r.u32le();
    if (magic !== 0xd9b4bef9) throw new Error(`bad magic ${magic.toString(16)}`);
    out.push(r.take(r.u32le()));
  }
  return out;
}

/** The five real blocks with spent outputs, in a fixed order. */
export function loadRealBlocks(): RealBlock[] {
  const framed = readFramedBlocks(readVector("blocks", "main-277647.dat"));
  const bytes277647 = framed[0]!;
  const block277647 = readBlock(new ByteReader(bytes277647));
  return [
    rawWithUndo("main-300025", "main", 300025, {}),
    {
      name: "main-277647",
      network: "main",
      height: 277647,
      bytes: bytes277647,
      block: block277647,
      spent: readUtxoStore(block277647, readVector("blocks", "main-277647.utxostore")),
      knowsCoinHeights: true,
      expected: {},
    },
    rawWithUndo("testnet3-928816", "testnet3", 928816, { sigopCost: 9109, weight: 3568200 }),
    rawWithUndo("testnet3-928828", "testnet3", 928828, { sigopCost: 23236, weight: 2481560 }),
    rawWithUndo("testnet3-928831", "testnet3", 928831, { sigopCost: 10035, weight: 3992382 }),
  ];
}

/** The network parameters of a real block. */
export function realBlockParams(rb: RealBlock): ChainParams {
  return rb.network === "main" ? MAIN_PARAMS : TESTNET3_PARAMS;
}

/**
 * A ConnectContext for a real block (or a mutation of it) whose UTXO view holds exactly the
 * coins the vectors say its inputs spend. The files carry no ancestor times: no input of these
 * blocks uses a BIP68 time lock, and the block's own time bounds its parent's median time past
 * from above.
 */
export function realBlockContext(rb: RealBlock, block: Block = rb.block): ConnectContext {
  const coins = new Map<string, Coin>();
  rb.block.txs.forEach((tx, t) => {
    if (t === 0) return;
    tx.inputs.forEach((input, i) => {
      coins.set(outpointKey(input.prevout.txid, input.prevout.vout), rb.spent[t]![i]!);
    });
  });
  const params = realBlockParams(rb);
  return {
    height: rb.height,
    params,
    flags: blockScriptFlags(params, rb.height, hashToHex(blockHash(block.header))),
    prevMedianTimePast: block.header.time,
    medianTimePastAt: () => {
      throw new Error("no BIP68 time lock expected in these blocks");
    },
    lookup: (id, vout) => coins.get(outpointKey(id, vout)),
  };
}
