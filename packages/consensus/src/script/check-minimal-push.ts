// The MINIMALDATA rule for push opcodes (BIP62 rule 3).
import { OP } from "./opcodes.js";

/**
 * True when `opcode` is the shortest way to push `data`, as Core's CheckMinimalPush: OP_0 for
 * empty data, OP_1..OP_16 and OP_1NEGATE for those single bytes, a direct push up to 75 bytes,
 * then OP_PUSHDATA1, OP_PUSHDATA2. Non-minimal pushes are a malleability vector.
 */
export function checkMinimalPush(data: Uint8Array, opcode: number): boolean {
  const size = data.length;
  if (size === 0) return opcode === OP.OP_0;
  if (size === 1 && data[0]! >= 1 && data[0]! <= 16) return opcode === OP.OP_1 + data[0]! - 1;
  if (size === 1 && data[0] === 0x81) return opcode === OP.OP_1NEGATE;
  if (size <= 75) return opcode === size;
  if (size <= 255) return opcode === OP.OP_PUSHDATA1;
  if (size <= 65535) return opcode === OP.OP_PUSHDATA2;
  return true;
}
