// FindAndDelete: the legacy rule that removes a signature from the script it signs.
import { ByteWriter } from "../bytes/writer.js";
import { readScriptOp } from "./script.js";

/** The result of {@link findAndDelete}: the new script and how many matches were removed. */
export interface FindAndDeleteResult {
  /** The script without the matches; the input array itself when nothing matched. */
  readonly script: Uint8Array;
  /** Number of occurrences removed. */
  readonly found: number;
}

function matchesAt(script: Uint8Array, offset: number, pattern: Uint8Array): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (script[offset + i] !== pattern[i]) return false;
  }
  return true;
}

/**
 * Removes every occurrence of `pattern` that starts on an opcode boundary of `script`, as
 * Core's FindAndDelete: matches are tested at each boundary (repeatedly, so back-to-back copies
 * all go) and parsing stops at a truncated push, whose bytes are kept as they are. Legacy
 * CHECKSIG/CHECKMULTISIG call it with the push of each signature before hashing (a signature
 * cannot sign itself); its quirks are consensus, e.g. a differently encoded push survives.
 */
export function findAndDelete(script: Uint8Array, pattern: Uint8Array): FindAndDeleteResult {
  const n = pattern.length;
  if (n === 0) return { script, found: 0 };
  let out: ByteWriter | null = null;
  let found = 0;
  let pc = 0;
  let kept = 0;
  for (;;) {
    // Everything from the last kept position up to this boundary survives.
    if (out !== null) out.bytes(script.subarray(kept, pc));
    while (script.length - pc >= n && matchesAt(script, pc, pattern)) {
      // Until the first match the output would equal the input, so it is only built from here.
      out ??= new ByteWriter(script.length).bytes(script.subarray(0, pc));
      pc += n;
      found++;
    }
    kept = pc;
    const op = readScriptOp(script, pc);
    if (op === null) break;
    pc = op.end;
  }
  if (out === null) return { script, found: 0 };
  out.bytes(script.subarray(kept));
  return { script: out.finish(), found };
}
