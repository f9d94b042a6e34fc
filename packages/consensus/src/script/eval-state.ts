// The mutable state of one EvalScript run, shared by the opcode implementations.
import type { ScriptExecutionData } from "./execution-data.js";
import type { SigVersion } from "./sig-version.js";
import type { SignatureChecker } from "./signature-checker.js";

/**
 * Everything the opcodes of one script execution read or update (the locals of Core's
 * EvalScript). One object per execution, so opcode handlers take a single argument.
 */
export interface EvalState {
  /** The main stack; the caller's array, modified in place. */
  readonly stack: Uint8Array[];
  /** The alternate stack (OP_TOALTSTACK/OP_FROMALTSTACK). */
  readonly altstack: Uint8Array[];
  /** The script being executed. */
  readonly script: Uint8Array;
  /** Verification flags (see VerifyFlags). */
  readonly flags: number;
  /** Signature and lock-time checks against the spending transaction. */
  readonly checker: SignatureChecker;
  /** The rules this script runs under. */
  readonly sigVersion: SigVersion;
  /** Taproot data: annex, tapleaf hash, code separator position, validation weight. */
  readonly execData: ScriptExecutionData;
  /** MINIMALDATA: pushes and script numbers must be minimally encoded. */
  readonly requireMinimal: boolean;
  /** Offset where the signed script code starts: just past the last OP_CODESEPARATOR. */
  codeHashStart: number;
  /** Non-push opcodes (plus CHECKMULTISIG keys) counted against MAX_OPS_PER_SCRIPT. */
  opCount: number;
}
