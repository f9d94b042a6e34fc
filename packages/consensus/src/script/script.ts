import { ByteWriter } from "../bytes/writer.js";
import { OP } from "./opcodes.js";

/** One parsed script element: an opcode and, for push opcodes, the pushed bytes. */
export interface ScriptOp {
  readonly opcode: number;
  /** Pushed data for push opcodes (0x00..0x4e); undefined for other opcodes. */
  readonly data: Uint8Array | undefined;
  /** Byte offset of the opcode inside the script. */
  readonly offset: number;
  /** Byte offset just past this element. */
  readonly end: number;
}

/**
 * Reads the element at `offset`, mirroring Core's GetScriptOp: returns null when a push runs
 * past the end of the script (a parse failure, which Core reports as BAD_OPCODE when executing).
 */
export function readScriptOp(script: Uint8Array, offset: number): ScriptOp | null {
  if (offset >= script.length) return null;
  const opcode = script[offset]!;
  let pos = offset + 1;
  if (opcode > OP.OP_PUSHDATA4) return { opcode, data: undefined, offset, end: pos };
  let size: number;
  if (opcode < OP.OP_PUSHDATA1) {
    size = opcode;
  } else if (opcode === OP.OP_PUSHDATA1) {
    if (pos + 1 > script.length) return null;
    size = script[pos]!;
    pos += 1;
  } else if (opcode === OP.OP_PUSHDATA2) {
    if (pos + 2 > script.length) return null;
    size = script[pos]! | (script[pos + 1]! << 8);
    pos += 2;
  } else {
    if (pos + 4 > script.length) return null;
    size =
      (script[pos]! |
        (script[pos + 1]! << 8) |
        (script[pos + 2]! << 16) |
        (script[pos + 3]! << 24)) >>>
      0;
    pos += 4;
  }
  if (pos + size > script.length) return null;
  return { opcode, data: script.subarray(pos, pos + size), offset, end: pos + size };
}

/**
 * Parses a whole script into elements. `ok` is false when the script ends in a truncated push;
 * `ops` then holds the elements before it.
 */
export function parseScript(script: Uint8Array): { ops: ScriptOp[]; ok: boolean } {
  const ops: ScriptOp[] = [];
  let offset = 0;
  while (offset < script.length) {
    const op = readScriptOp(script, offset);
    if (!op) return { ops, ok: false };
    ops.push(op);
    offset = op.end;
  }
  return { ops, ok: true };
}

/** True when the script parses and contains only push opcodes (OP_0..OP_16, OP_1NEGATE). */
export function isPushOnly(script: Uint8Array): boolean {
  const { ops, ok } = parseScript(script);
  return ok && ops.every((op) => op.opcode <= OP.OP_16);
}

/** Appends the minimal push of `data` (Core's CScript << vector). */
export function writePushData(w: ByteWriter, data: Uint8Array): void {
  const n = data.length;
  if (n < OP.OP_PUSHDATA1) w.u8(n);
  else if (n <= 0xff) w.u8(OP.OP_PUSHDATA1).u8(n);
  else if (n <= 0xffff) w.u8(OP.OP_PUSHDATA2).u16le(n);
  else w.u8(OP.OP_PUSHDATA4).u32le(n);
  w.bytes(data);
}

/** A script element for {@link buildScript}: an opcode byte or bytes to push. */
export type ScriptChunk = number | Uint8Array;

/** Builds a script from opcodes and pushes (pushes use the shortest PUSHDATA form). */
export function buildScript(chunks: readonly ScriptChunk[]): Uint8Array {
  const w = new ByteWriter(64);
  for (const c of chunks) {
    if (typeof c === "number") w.u8(c);
    else writePushData(w, c);
  }
  return w.finish();
}
