import {
  ByteReader,
  ByteWriter,
  type Coin,
  readCompressedCoin,
  writeCompressedCoin,
} from "@hashforge/consensus";

/**
 * Serializes a block's undo data: the coins each non-coinbase transaction spent, in block order
 * (Core's CBlockUndo: a count of transactions, then per transaction a count and its coins).
 * `spent[0]` (the coinbase) is skipped.
 */
export function encodeBlockUndo(spent: readonly (readonly Coin[])[]): Uint8Array {
  const w = new ByteWriter(64 + spent.length * 64);
  w.compactSize(Math.max(spent.length - 1, 0));
  for (let t = 1; t < spent.length; t++) {
    const coins = spent[t]!;
    w.compactSize(coins.length);
    for (const coin of coins) writeCompressedCoin(w, coin);
  }
  return w.finish();
}

/** Reads undo data written by {@link encodeBlockUndo}, with an empty entry for the coinbase. */
export function decodeBlockUndo(bytes: Uint8Array): Coin[][] {
  const r = new ByteReader(bytes);
  const txCount = r.compactSize();
  const spent: Coin[][] = [[]];
  for (let t = 0; t < txCount; t++) {
    const n = r.compactSize();
    const coins: Coin[] = [];
    for (let i = 0; i < n; i++) coins.push(readCompressedCoin(r));
    spent.push(coins);
  }
  r.expectEnd("block undo data");
  return spent;
}
