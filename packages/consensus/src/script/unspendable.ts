import { OP } from "./opcodes.js";
import { MAX_SCRIPT_SIZE } from "./script-limits.js";

/**
 * True for a script no input can ever satisfy: OP_RETURN-led or over the script size limit
 * (Core's CScript::IsUnspendable). Such outputs never enter the UTXO set.
 */
export function isUnspendable(script: Uint8Array): boolean {
  return (script.length > 0 && script[0] === OP.OP_RETURN) || script.length > MAX_SCRIPT_SIZE;
}
