// The error a custom network definition fails with.

/** One problem in a custom network definition: where, and what is wrong. */
export interface NetworkConfigIssue {
  /** Dotted path of the offending field, e.g. `network.pow.targetSpacing`. */
  readonly path: string;
  /** A full sentence naming the field, e.g. `network.pow.targetSpacing must be ...`. */
  readonly message: string;
}

/**
 * Thrown by `parseCustomNetwork` when a definition is invalid. It lists every problem found,
 * not just the first, so a person can fix a file in one pass.
 */
export class NetworkConfigError extends Error {
  override readonly name = "NetworkConfigError";
  /** Always `invalid-network-config`. */
  readonly code = "invalid-network-config";
  /** All problems found, in field order. */
  readonly issues: readonly NetworkConfigIssue[];

  constructor(issues: readonly NetworkConfigIssue[]) {
    const n = issues.length;
    super(
      `invalid network definition (${n} problem${n === 1 ? "" : "s"}):\n${issues.map((i) => `  - ${i.message}`).join("\n")}`,
    );
    this.issues = issues;
  }
}
