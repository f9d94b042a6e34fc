// OP_SUCCESSx: the tapscript opcodes reserved for soft forks (BIP342).

/**
 * True for the opcodes that make a tapscript succeed unconditionally (BIP342 OP_SUCCESSx, Core's
 * IsOpSuccess): 80, 98, 126-129, 131-134, 137-138, 141-142, 149-153 and 187-254. They include
 * the opcodes disabled in legacy script, so a soft fork can give them any meaning.
 */
export function isOpSuccess(opcode: number): boolean {
  return (
    opcode === 80 ||
    opcode === 98 ||
    (opcode >= 126 && opcode <= 129) ||
    (opcode >= 131 && opcode <= 134) ||
    (opcode >= 137 && opcode <= 138) ||
    (opcode >= 141 && opcode <= 142) ||
    (opcode >= 149 && opcode <= 153) ||
    (opcode >= 187 && opcode <= 254)
  );
}
