/**
 * Why a getblocktemplate answer could not be turned into a block template:
 * - `bad-options`: our own coinbase options are out of range (`field` names the option);
 * - `missing-field`: a field the template needs is absent (`field` names it);
 * - `bad-field`: a field has the wrong type, is not hex of the right length, or is out of range;
 * - `inconsistent`: fields contradict each other or the network: `target` is not what `bits`
 *   encodes, a txid does not hash its data, `default_witness_commitment` does not commit to the
 *   transactions, `coinbasevalue` exceeds subsidy plus fees, or the assembled block fails
 *   consensus checkBlock (`reason` is Core's reject reason then).
 */
export type GbtTemplateErrorCode = "bad-options" | "missing-field" | "bad-field" | "inconsistent";

/** A malformed getblocktemplate (BIP22/BIP23) answer; `code` and `field` say what is wrong. */
export class GbtTemplateError extends Error {
  override readonly name = "GbtTemplateError";
  readonly code: GbtTemplateErrorCode;
  /** The offending field, as a path into the answer (`transactions[2].txid`), or the option. */
  readonly field: string;
  /** Core's reject reason when the assembled block fails a consensus check. */
  readonly reason: string | undefined;

  constructor(code: GbtTemplateErrorCode, field: string, message: string, reason?: string) {
    super(
      code === "bad-options" ? `${field}: ${message}` : `getblocktemplate ${field}: ${message}`,
    );
    this.code = code;
    this.field = field;
    this.reason = reason;
  }
}
