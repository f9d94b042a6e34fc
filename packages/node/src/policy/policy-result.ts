// The outcome of a standardness check.

/** A standardness check that passed. */
export interface PolicyOk {
  readonly ok: true;
}

/** A standardness check that failed, with Core's reject reason and optional detail. */
export interface PolicyFailure {
  readonly ok: false;
  readonly reason: string;
  readonly debug?: string;
}

/** The outcome of a standardness check. */
export type PolicyResult = PolicyOk | PolicyFailure;

/** The shared success value. */
export const POLICY_OK: PolicyOk = Object.freeze({ ok: true });

/** Builds a {@link PolicyFailure}. */
export function policyFailure(reason: string, debug?: string): PolicyFailure {
  return debug === undefined ? { ok: false, reason } : { ok: false, reason, debug };
}
