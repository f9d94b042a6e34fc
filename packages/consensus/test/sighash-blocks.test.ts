// Real blocks as a check on the legacy and BIP143 signature hashes: for every input whose spent
// output is a template we can check without a script interpreter (P2PK, P2PKH, P2WPKH,
// P2SH-P2WPKH, and m-of-n CHECKMULTISIG bare, in P2SH, P2WSH or P2SH-P2WSH) the signatures in
// the block must verify over the hash we compute. Inputs of any other kind are counted and
// reported as needing the interpreter. (These blocks hold no taproot spends.)
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { concatBytes } from "../src/bytes/equal.js";
import { fromHex } from "../src/bytes/hex.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { hash160 } from "../src/hash.js";
import { parseScript } from "../src/script/script.js";
import { legacySighash } from "../src/script/sighash/legacy.js";
import { type PrecomputedTxData, precomputeTxData } from "../src/script/sighash/precomputed.js";
import { segwitV0Sighash } from "../src/script/sighash/segwit-v0.js";
import type { Transaction } from "../src/tx/transaction.js";
import { loadRealBlocks } from "./support/real-blocks.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

type Kind =
  | "p2pk"
  | "p2pkh"
  | "p2wpkh"
  | "p2sh-p2wpkh"
  | "bare-multisig"
  | "p2sh-multisig"
  | "p2wsh-multisig"
  | "p2sh-p2wsh-multisig";

const backend = defaultSignatureBackend();
const timing = { legacy: { ms: 0, calls: 0 }, bip143: { ms: 0, calls: 0 } };

/** Runs a signature-hash computation, accumulating the time spent in it per algorithm. */
function timed(algorithm: keyof typeof timing, f: () => Uint8Array): Uint8Array {
  const start = performance.now();
  const r = f();
  timing[algorithm].ms += performance.now() - start;
  timing[algorithm].calls++;
  return r;
}

/** The pushes of a push-only script, or null when it has other opcodes or does not parse. */
function pushes(script: Uint8Array): Uint8Array[] | null {
  const { ops, ok } = parseScript(script);
  if (!ok) return null;
  const out: Uint8Array[] = [];
  for (const op of ops) {
    if (op.opcode === 0) out.push(new Uint8Array(0));
    else if (op.data === undefined) return null;
    else out.push(op.data);
  }
  return out;
}

function p2pkhCode(keyHash: Uint8Array): Uint8Array {
  return concatBytes(fromHex("76a914"), keyHash, fromHex("88ac"));
}

/** Parses `OP_m <key>... OP_n OP_CHECKMULTISIG`; null for any other script. */
function parseMultisig(script: Uint8Array): { m: number; keys: Uint8Array[] } | null {
  const { ops, ok } = parseScript(script);
  if (!ok || ops.length < 4) return null;
  const first = ops[0]!.opcode;
  const nOp = ops[ops.length - 2]!.opcode;
  if (ops[ops.length - 1]!.opcode !== 0xae) return null;
  if (first < 0x51 || first > 0x60 || nOp < 0x51 || nOp > 0x60) return null;
  const keys = ops.slice(1, -2).map((op) => op.data);
  if (keys.length !== nOp - 0x50 || keys.some((k) => k === undefined)) return null;
  return { m: first - 0x50, keys: keys as Uint8Array[] };
}

/** CHECKMULTISIG's matching: signatures in key order, each key tried at most once. */
function multisigVerifies(
  sigs: Uint8Array[],
  keys: Uint8Array[],
  hashFor: (hashType: number) => Uint8Array,
): boolean {
  let k = 0;
  for (const sig of sigs) {
    if (sig.length === 0) return false;
    const hash = hashFor(sig[sig.length - 1]!);
    while (k < keys.length && !backend.verifyEcdsa(hash, sig.subarray(0, -1), keys[k]!)) k++;
    if (k === keys.length) return false;
    k++;
  }
  return true;
}

/** Checks an m-of-n multisig spend of any wrapping; null when the input is not one. */
function checkMultisigInput(
  tx: Transaction,
  ii: number,
  spk: Uint8Array,
  amount: bigint,
  data: PrecomputedTxData,
): { kind: Kind; ok: boolean } | null {
  const input = tx.inputs[ii]!;
  const legacy = (script: Uint8Array, kind: Kind, items: Uint8Array[]) => {
    const ms = parseMultisig(script);
    if (ms === null || items.length !== ms.m + 1 || items[0]!.length !== 0) return null;
    const ok = multisigVerifies(items.slice(1), ms.keys, (ht) =>
      timed("legacy", () => legacySighash(tx, ii, script, ht)),
    );
    return { kind, ok };
  };
  const witnessV0 = (kind: Kind) => {
    const w = input.witness;
    if (w.length < 2) return null;
    const script = w[w.length - 1]!;
    const ms = parseMultisig(script);
    if (ms === null || w.length !== ms.m + 2 || w[0]!.length !== 0) return null;
    const ok = multisigVerifies(w.slice(1, -1) as Uint8Array[], ms.keys, (ht) =>
      timed("bip143", () => segwitV0Sighash(tx, ii, script, amount, ht, data)),
    );
    return { kind, ok };
  };
  if (parseMultisig(spk) !== null) {
    const items = pushes(input.scriptSig);
    return items === null ? null : legacy(spk, "bare-multisig", items);
  }
  if (spk.length === 34 && spk[0] === 0x00 && spk[1] === 0x20) return witnessV0("p2wsh-multisig");
  if (spk.length === 23 && spk[0] === 0xa9 && spk[22] === 0x87) {
    const items = pushes(input.scriptSig);
    if (items === null || items.length === 0) return null;
    const redeem = items[items.length - 1]!;
    if (redeem.length === 34 && redeem[0] === 0x00 && redeem[1] === 0x20) {
      return witnessV0("p2sh-p2wsh-multisig");
    }
    return legacy(redeem, "p2sh-multisig", items.slice(0, -1));
  }
  return null;
}

test("real blocks: signatures verify over our legacy and BIP143 hashes", vectorSuite(), (t) => {
  const failures: string[] = [];
  const counts = new Map<Kind | "needs-interpreter", number>();
  const bump = (k: Kind | "needs-interpreter"): void => {
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  let total = 0;
  for (const rb of loadRealBlocks()) {
    for (const [ti, tx] of rb.block.txs.entries()) {
      if (ti === 0) continue;
      const spentOutputs = rb.spent[ti]!.map((c) => c.output);
      const data = precomputeTxData(tx, spentOutputs);
      for (const [ii, input] of tx.inputs.entries()) {
        const where = `${rb.name} tx ${ti} input ${ii}`;
        const spk = spentOutputs[ii]!.scriptPubKey;
        const amount = spentOutputs[ii]!.value;
        const check = (kind: Kind, ok: boolean): void => {
          bump(kind);
          total++;
          if (!ok) failures.push(`${where}: ${kind} signature rejected`);
        };
        // Legacy P2PKH: <sig> <pubkey>.
        if (spk.length === 25 && spk[0] === 0x76 && spk[1] === 0xa9 && spk[23] === 0x88) {
          const p = pushes(input.scriptSig);
          if (p?.length === 2 && p[0]!.length > 0) {
            const sig = p[0]!;
            const hash = timed("legacy", () => legacySighash(tx, ii, spk, sig[sig.length - 1]!));
            check("p2pkh", backend.verifyEcdsa(hash, sig.subarray(0, -1), p[1]!));
            continue;
          }
        }
        // Legacy P2PK: <pubkey> OP_CHECKSIG spent with <sig>.
        if ((spk.length === 35 || spk.length === 67) && spk[spk.length - 1] === 0xac) {
          const p = pushes(input.scriptSig);
          if (p?.length === 1 && p[0]!.length > 0) {
            const sig = p[0]!;
            const hash = timed("legacy", () => legacySighash(tx, ii, spk, sig[sig.length - 1]!));
            check("p2pk", backend.verifyEcdsa(hash, sig.subarray(0, -1), spk.subarray(1, -1)));
            continue;
          }
        }
        // P2WPKH, native or nested in P2SH.
        let program: Uint8Array | null = null;
        let kind: Kind = "p2wpkh";
        if (spk.length === 22 && spk[0] === 0x00 && spk[1] === 0x14) program = spk.subarray(2);
        if (spk.length === 23 && spk[0] === 0xa9 && spk[22] === 0x87) {
          const p = pushes(input.scriptSig);
          const redeem = p?.length === 1 ? p[0]! : null;
          if (redeem?.length === 22 && redeem[0] === 0x00 && redeem[1] === 0x14) {
            program = redeem.subarray(2);
            kind = "p2sh-p2wpkh";
          }
        }
        if (program !== null && input.witness.length === 2 && input.witness[0]!.length > 0) {
          const [sig, pubkey] = input.witness as [Uint8Array, Uint8Array];
          const code = p2pkhCode(program);
          const hash = timed("bip143", () =>
            segwitV0Sighash(tx, ii, code, amount, sig[sig.length - 1]!, data),
          );
          check(kind, backend.verifyEcdsa(hash, sig.subarray(0, -1), pubkey));
          continue;
        }
        // m-of-n CHECKMULTISIG: bare, P2SH, P2SH-P2WSH or P2WSH.
        const multi = checkMultisigInput(tx, ii, spk, amount, data);
        if (multi !== null) {
          check(multi.kind, multi.ok);
          continue;
        }
        bump("needs-interpreter");
      }
    }
  }
  const summary = [...counts.entries()].map(([k, v]) => `${k}=${v}`).join(" ");
  t.diagnostic(summary);
  console.log(`real-block inputs by kind (backend ${backend.name}): ${summary}`);
  for (const [name, { ms, calls }] of Object.entries(timing)) {
    const each = calls === 0 ? 0 : (ms * 1000) / calls;
    console.log(
      `${name} sighash: ${calls} hashes in ${ms.toFixed(1)} ms (${each.toFixed(1)} µs each)`,
    );
  }
  reportCases(t, "real-block signatures", total, failures);
  // Each template the blocks are known to contain must actually have been exercised.
  for (const k of ["p2pkh", "p2wpkh", "p2sh-p2wpkh", "bare-multisig", "p2sh-multisig"] as const) {
    assert.ok((counts.get(k) ?? 0) > 0, `no ${k} inputs checked`);
  }
});

test(
  "real blocks: a wrong hash type or amount breaks the signature (the check can fail)",
  vectorSuite(),
  () => {
    const rb = loadRealBlocks().find((b) => b.name === "testnet3-928816")!;
    for (const [ti, tx] of rb.block.txs.entries()) {
      if (ti === 0) continue;
      const spent = rb.spent[ti]!.map((c) => c.output);
      for (const [ii, input] of tx.inputs.entries()) {
        const spk = spent[ii]!.scriptPubKey;
        if (!(spk.length === 22 && spk[0] === 0 && input.witness.length === 2)) continue;
        const [sig, pubkey] = input.witness as [Uint8Array, Uint8Array];
        const data = precomputeTxData(tx, spent);
        const code = p2pkhCode(hash160(pubkey));
        const ht = sig[sig.length - 1]!;
        const der = sig.subarray(0, -1);
        const verify = (amount: bigint, hashType: number): boolean =>
          backend.verifyEcdsa(segwitV0Sighash(tx, ii, code, amount, hashType, data), der, pubkey);
        assert.equal(verify(spent[ii]!.value, ht), true);
        assert.equal(verify(spent[ii]!.value + 1n, ht), false);
        assert.equal(verify(spent[ii]!.value, ht ^ 0x80), false);
        return;
      }
    }
    assert.fail("no P2WPKH input found in testnet3-928816");
  },
);
