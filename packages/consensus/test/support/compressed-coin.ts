// Decoder for Bitcoin Core's compressed coin format (src/compressor.cpp, coins.h), used by the
// main-277647.utxostore vector file.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { ByteReader } from "../../src/bytes/reader.js";
import type { Coin } from "../../src/checks/check-tx-inputs.js";
import { OP } from "../../src/script/opcodes.js";
import { buildScript } from "../../src/script/script.js";

/** Core's VARINT: base-128, most significant group first, each continuation adds one. */
export function readCoreVarInt(r: ByteReader): bigint {
  let n = 0n;
  for (;;) {
    const b = r.u8();
    n = (n << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return n;
    n += 1n;
  }
}

/** Core's DecompressAmount. */
export function decompressAmount(x: bigint): bigint {
  if (x === 0n) return 0n;
  x -= 1n;
  let e = x % 10n;
  x /= 10n;
  let n: bigint;
  if (e < 9n) {
    const d = (x % 9n) + 1n;
    x /= 9n;
    n = x * 10n + d;
  } else {
    n = x + 1n;
  }
  while (e > 0n) {
    n *= 10n;
    e -= 1n;
  }
  return n;
}

function decompressScript(r: ByteReader): Uint8Array {
  const size = Number(readCoreVarInt(r));
  switch (size) {
    case 0:
      return buildScript([OP.OP_DUP, OP.OP_HASH160, r.take(20), OP.OP_EQUALVERIFY, OP.OP_CHECKSIG]);
    case 1:
      return buildScript([OP.OP_HASH160, r.take(20), OP.OP_EQUAL]);
    case 2:
    case 3: {
      const key = new Uint8Array(33);
      key[0] = size;
      key.set(r.take(32), 1);
      return buildScript([key, OP.OP_CHECKSIG]);
    }
    case 4:
    case 5: {
      const key = new Uint8Array(33);
      key[0] = size - 2;
      key.set(r.take(32), 1);
      const full = secp256k1.Point.fromBytes(key).toBytes(false);
      return buildScript([full, OP.OP_CHECKSIG]);
    }
    default:
      return r.take(size - 6);
  }
}

/** Reads one compressed coin: VARINT(height*2+coinbase), compressed amount, compressed script. */
export function readCompressedCoin(r: ByteReader): Coin {
  const code = readCoreVarInt(r);
  const value = decompressAmount(readCoreVarInt(r));
  const scriptPubKey = decompressScript(r);
  return {
    output: { value, scriptPubKey },
    height: Number(code >> 1n),
    coinbase: (code & 1n) === 1n,
  };
}
