// Validates the real vector blocks end to end and measures it against the raw cost of their
// signature checks, the figure the consensus benchmark's goal is stated in.

import { checkBlock } from "../src/checks/check-block.js";
import {
  type ConnectContext,
  connectBlock,
  type TxScriptJob,
} from "../src/checks/connect-block.js";
import { checkWitnessCommitment } from "../src/checks/contextual-block.js";
import { verifyBlockScripts } from "../src/checks/verify-scripts.js";
import type { SignatureBackend } from "../src/crypto/backend.js";
import { type RealBlock, realBlockContext, realBlockParams } from "../test/support/real-blocks.js";

/** The script work of one real block, ready to verify. */
export interface PreparedBlock {
  readonly rb: RealBlock;
  readonly flags: number;
  readonly jobs: readonly TxScriptJob[];
  readonly inputs: number;
}

/**
 * Runs every non-script check of a real block and returns its script jobs. `ctx` holds the UTXO
 * view the block spends from; the benchmark builds it once, outside its timer, as a node's UTXO
 * set exists before the block arrives (the lookups themselves are timed).
 */
export function prepareBlock(
  rb: RealBlock,
  ctx: ConnectContext = realBlockContext(rb),
): PreparedBlock {
  const params = realBlockParams(rb);
  const checked = checkBlock(rb.block, params.pow.powLimit);
  if (!checked.ok) throw new Error(`${rb.name}: ${checked.reason}`);
  const witness = checkWitnessCommitment(rb.block, true);
  if (!witness.ok) throw new Error(`${rb.name}: ${witness.reason}`);
  const connected = connectBlock(rb.block, ctx);
  if (!connected.ok) throw new Error(`${rb.name}: ${connected.reason}`);
  const inputs = connected.scriptJobs.reduce((n, j) => n + j.tx.inputs.length, 0);
  return { rb, flags: ctx.flags, jobs: connected.scriptJobs, inputs };
}

/** Verifies all scripts of the prepared blocks, throwing on the first failure. */
export function verifyPrepared(blocks: readonly PreparedBlock[], backend: SignatureBackend): void {
  for (const b of blocks) {
    const result = verifyBlockScripts(b.jobs, b.flags, backend);
    if (!result.ok) throw new Error(`${b.rb.name}: ${result.reason} ${result.debug ?? ""}`);
  }
}

/** Every signature verification a validation pass asked the backend for, in order. */
export interface RecordedSignatures {
  readonly ecdsa: [Uint8Array, Uint8Array, Uint8Array][];
  readonly schnorr: [Uint8Array, Uint8Array, Uint8Array][];
}

/** Wraps a backend so that each verification's arguments are recorded. */
export function recordingBackend(
  inner: SignatureBackend,
  into: RecordedSignatures,
): SignatureBackend {
  return {
    name: `${inner.name}+recording`,
    verifyEcdsa(msg, sig, pub) {
      into.ecdsa.push([msg, sig, pub]);
      return inner.verifyEcdsa(msg, sig, pub);
    },
    verifySchnorr(msg, sig, pub) {
      into.schnorr.push([msg, sig, pub]);
      return inner.verifySchnorr(msg, sig, pub);
    },
    xonlyTweakAdd: (key, tweak) => inner.xonlyTweakAdd(key, tweak),
  };
}

/** Replays recorded verifications: the raw signature cost of the validated blocks. */
export function replaySignatures(recorded: RecordedSignatures, backend: SignatureBackend): number {
  let valid = 0;
  for (const [m, s, p] of recorded.ecdsa) if (backend.verifyEcdsa(m, s, p)) valid++;
  for (const [m, s, p] of recorded.schnorr) if (backend.verifySchnorr(m, s, p)) valid++;
  return valid;
}
