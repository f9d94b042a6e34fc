// Bitcoin Core's compact coin serialization (src/compressor.cpp, coins.h): the format of
// chainstate databases and UTXO snapshots, also used for our own UTXO set.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { ByteReader } from "../bytes/reader.js";
import type { ByteWriter } from "../bytes/writer.js";
import { DecodeError } from "../errors.js";
import { OP } from "../script/opcodes.js";
import { buildScript } from "../script/script.js";
import type { TxOut } from "../tx/transaction.js";

/** An unspent output with where it was created, as the UTXO set stores it. */
export interface Coin {
  readonly output: TxOut;
  /** Height of the block that created it. */
  readonly height: number;
  readonly coinbase: boolean;
}

/** Scripts above this size are stored as an unspendable placeholder (Core's MAX_SCRIPT_SIZE). */
const MAX_SCRIPT_SIZE = 10_000;

/** Number of special script encodings (P2PKH, P2SH, four P2PK forms) before raw scripts. */
const SPECIAL_SCRIPTS = 6;

/** Reads Core's VARINT: base-128, most significant group first, each continuation adds one. */
export function readCoreVarInt(r: ByteReader): bigint {
  let n = 0n;
  for (let i = 0; ; i++) {
    if (i > 9) throw new DecodeError("varint-too-large", "ReadVarInt(): size too large");
    const b = r.u8();
    n = (n << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return n;
    n += 1n;
  }
}

/** Writes Core's VARINT. */
export function writeCoreVarInt(w: ByteWriter, value: bigint): void {
  const bytes: number[] = [];
  let n = value;
  for (;;) {
    bytes.push(Number(n & 0x7fn) | (bytes.length > 0 ? 0x80 : 0));
    if (n <= 0x7fn) break;
    n = (n >> 7n) - 1n;
  }
  for (let i = bytes.length - 1; i >= 0; i--) w.u8(bytes[i]!);
}

/** Core's CompressAmount: strips trailing decimal zeros so round amounts take few bytes. */
export function compressAmount(n: bigint): bigint {
  if (n === 0n) return 0n;
  let e = 0n;
  while (n % 10n === 0n && e < 9n) {
    n /= 10n;
    e++;
  }
  if (e < 9n) {
    const d = n % 10n;
    n /= 10n;
    return 1n + (n * 9n + d - 1n) * 10n + e;
  }
  return 1n + (n - 1n) * 10n + 9n;
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
    e--;
  }
  return n;
}

function isP2pkh(s: Uint8Array): boolean {
  return (
    s.length === 25 &&
    s[0] === OP.OP_DUP &&
    s[1] === OP.OP_HASH160 &&
    s[2] === 20 &&
    s[23] === OP.OP_EQUALVERIFY &&
    s[24] === OP.OP_CHECKSIG
  );
}

function isP2sh(s: Uint8Array): boolean {
  return s.length === 23 && s[0] === OP.OP_HASH160 && s[1] === 20 && s[22] === OP.OP_EQUAL;
}

/** Writes a script in Core's compressed form (special cases for P2PKH, P2SH and P2PK). */
export function writeCompressedScript(w: ByteWriter, script: Uint8Array): void {
  if (isP2pkh(script)) {
    w.u8(0).bytes(script.subarray(3, 23));
    return;
  }
  if (isP2sh(script)) {
    w.u8(1).bytes(script.subarray(2, 22));
    return;
  }
  if (
    script.length === 35 &&
    script[0] === 33 &&
    script[34] === OP.OP_CHECKSIG &&
    (script[1] === 2 || script[1] === 3)
  ) {
    w.u8(script[1]!).bytes(script.subarray(2, 34));
    return;
  }
  if (
    script.length === 67 &&
    script[0] === 65 &&
    script[66] === OP.OP_CHECKSIG &&
    script[1] === 4
  ) {
    const key = script.subarray(1, 66);
    // Only keys on the curve can be rebuilt from x and the parity of y (Core's IsFullyValid).
    let onCurve = true;
    try {
      secp256k1.Point.fromBytes(key);
    } catch {
      onCurve = false;
    }
    if (onCurve) {
      w.u8(4 + (key[64]! & 1)).bytes(key.subarray(1, 33));
      return;
    }
  }
  writeCoreVarInt(w, BigInt(script.length + SPECIAL_SCRIPTS));
  w.bytes(script);
}

/** Reads a script written by {@link writeCompressedScript}. */
export function readCompressedScript(r: ByteReader): Uint8Array {
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
      let full: Uint8Array;
      try {
        full = secp256k1.Point.fromBytes(key).toBytes(false);
      } catch {
        throw new DecodeError("bad-compressed-pubkey", "compressed P2PK key is not on the curve");
      }
      return buildScript([full, OP.OP_CHECKSIG]);
    }
    default: {
      const length = size - SPECIAL_SCRIPTS;
      if (length > MAX_SCRIPT_SIZE) {
        // Core skips oversized scripts and stores OP_RETURN: they can never be spent.
        r.take(length);
        return Uint8Array.of(OP.OP_RETURN);
      }
      return r.take(length);
    }
  }
}

/** Writes a coin: VARINT(height*2+coinbase), compressed amount, compressed script. */
export function writeCompressedCoin(w: ByteWriter, coin: Coin): void {
  writeCoreVarInt(w, BigInt(coin.height) * 2n + (coin.coinbase ? 1n : 0n));
  writeCoreVarInt(w, compressAmount(coin.output.value));
  writeCompressedScript(w, coin.output.scriptPubKey);
}

/** Reads a coin written by {@link writeCompressedCoin}. */
export function readCompressedCoin(r: ByteReader): Coin {
  const code = readCoreVarInt(r);
  const value = decompressAmount(readCoreVarInt(r));
  const scriptPubKey = readCompressedScript(r);
  return {
    output: { value, scriptPubKey },
    height: Number(code >> 1n),
    coinbase: (code & 1n) === 1n,
  };
}
