import { bytesEqual } from "../bytes/equal.js";
import { ByteWriter } from "../bytes/writer.js";
import { OP } from "../script/opcodes.js";
import { writePushData } from "../script/script.js";
import { encodeScriptNum } from "../script/script-num.js";

/**
 * The script prefix BIP34 requires at the start of a coinbase scriptSig: `CScript() << height`,
 * i.e. OP_0 for 0, OP_1..OP_16 for 1..16, otherwise a minimal push of the number.
 */
export function coinbaseHeightPrefix(height: number): Uint8Array {
  if (height === 0) return Uint8Array.of(OP.OP_0);
  if (height >= 1 && height <= 16) return Uint8Array.of(OP.OP_1 + height - 1);
  const w = new ByteWriter(8);
  writePushData(w, encodeScriptNum(height));
  return w.finish();
}

/** True when the coinbase scriptSig starts with the BIP34 encoding of `height`. */
export function hasCoinbaseHeight(scriptSig: Uint8Array, height: number): boolean {
  const expect = coinbaseHeightPrefix(height);
  return (
    scriptSig.length >= expect.length && bytesEqual(scriptSig.subarray(0, expect.length), expect)
  );
}

/**
 * Reads the BIP34 height from a coinbase scriptSig, or null when it does not start with a
 * height push (blocks before BIP34 activation).
 */
export function decodeCoinbaseHeight(scriptSig: Uint8Array): number | null {
  if (scriptSig.length === 0) return null;
  const op = scriptSig[0]!;
  if (op === OP.OP_0) return 0;
  if (op >= OP.OP_1 && op <= OP.OP_16) return op - OP.OP_1 + 1;
  if (op < 1 || op > 8 || scriptSig.length < 1 + op) return null;
  let value = 0;
  for (let i = op; i >= 1; i--) value = value * 256 + scriptSig[i]!;
  const top = scriptSig[op]!;
  if (top & 0x80) return null;
  return value;
}
