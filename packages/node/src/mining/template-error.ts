/**
 * Why a block template could not be built or rewritten:
 * - `invalid-options`: an option is out of its documented range;
 * - `coinbase-too-large`: the coinbase scriptSig would exceed Core's 100-byte limit (`bad-cb-length`);
 * - `bad-extranonce`: an extranonce of the wrong size, or a template without extranonce room;
 * - `invalid-template`: the assembled block fails a consensus check (a bug or inconsistent input,
 *   e.g. a candidate whose txid does not match its transaction); `reason` carries Core's reject reason.
 */
export type TemplateErrorCode =
  | "invalid-options"
  | "coinbase-too-large"
  | "bad-extranonce"
  | "invalid-template";

/** Thrown when a block template cannot be assembled or rewritten; `code` says why. */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  readonly code: TemplateErrorCode;
  /** Core's reject reason when a consensus check failed (`invalid-template`). */
  readonly reason: string | undefined;

  constructor(code: TemplateErrorCode, message: string, reason?: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}
