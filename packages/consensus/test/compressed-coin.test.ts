import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { ByteReader } from "../src/bytes/reader.js";
import { ByteWriter } from "../src/bytes/writer.js";
import {
  type Coin,
  compressAmount,
  decompressAmount,
  readCompressedCoin,
  readCoreVarInt,
  writeCompressedCoin,
  writeCoreVarInt,
} from "../src/coins/compressed-coin.js";
import { loadRealBlocks } from "./support/real-blocks.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

test("amount compression matches Core's compressor tests", () => {
  // Core's compress_tests: CompressAmount of 0, 1 sat, 0.01 BTC, 1 BTC, 50 BTC, 21M BTC.
  const cases: [bigint, bigint][] = [
    [0n, 0x0n],
    [1n, 0x1n],
    [1_000_000n, 0x7n],
    [100_000_000n, 0x9n],
    [5_000_000_000n, 0x32n],
    [2_100_000_000_000_000n, 0x1406f40n],
  ];
  for (const [amount, compressed] of cases) {
    assert.equal(compressAmount(amount), compressed, `compress ${amount}`);
    assert.equal(decompressAmount(compressed), amount, `decompress ${compressed}`);
  }
  for (let i = 0n; i < 100_000n; i += 7n) assert.equal(decompressAmount(compressAmount(i)), i);
  for (let i = 0n; i < 100_000n; i += 13n) assert.equal(compressAmount(decompressAmount(i)), i);
});

test("VARINT encodes as Core's serialize_tests", () => {
  const cases: [bigint, string][] = [
    [0n, "00"],
    [0x7fn, "7f"],
    [0x80n, "8000"],
    [0x1234n, "a334"],
    [0xffffn, "82fe7f"],
    [0x123456n, "c7e756"],
    [0x80123456n, "86ffc7e756"],
    [0xffffffffn, "8efefefe7f"],
  ];
  for (const [n, hex] of cases) {
    const w = new ByteWriter();
    writeCoreVarInt(w, n);
    assert.equal(toHex(w.finish()), hex, `write ${n}`);
    assert.equal(readCoreVarInt(new ByteReader(fromHex(hex))), n, `read ${hex}`);
  }
});

test(
  "every spent coin of the real blocks round-trips through the compressed form",
  vectorSuite(),
  (t) => {
    const failures: string[] = [];
    let total = 0;
    for (const rb of loadRealBlocks()) {
      for (const coins of rb.spent) {
        for (const coin of coins) {
          total++;
          const w = new ByteWriter();
          writeCompressedCoin(w, coin);
          const back: Coin = readCompressedCoin(new ByteReader(w.finish()));
          if (
            back.height !== coin.height ||
            back.coinbase !== coin.coinbase ||
            back.output.value !== coin.output.value ||
            toHex(back.output.scriptPubKey) !== toHex(coin.output.scriptPubKey)
          ) {
            failures.push(`${rb.name}: ${toHex(coin.output.scriptPubKey)}`);
          }
        }
      }
    }
    reportCases(t, "compressed coins", total, failures);
  },
);
