// Every input of five real blocks (mainnet 277647 and 300025, testnet3 928816/928828/928831)
// must verify with the flags Core's GetBlockScriptFlags gives their height, and tampering with
// a signature must make an input fail. Prints the throughput with the default backend.
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { type ChainParams, isDeploymentActive } from "../src/params/chain-params.js";
import { MAIN_PARAMS } from "../src/params/main.js";
import { TESTNET3_PARAMS } from "../src/params/testnet3.js";
import { formatVerifyFlags, VerifyFlags } from "../src/script/flags.js";
import { precomputeTxData } from "../src/script/sighash/precomputed.js";
import { TransactionSignatureChecker } from "../src/script/signature-checker.js";
import { verifyScript } from "../src/script/verify-script.js";
import { extractWitnessProgram, isPayToScriptHash } from "../src/script/witness-program.js";
import type { Transaction, TxOut } from "../src/tx/transaction.js";
import { loadRealBlocks } from "./support/real-blocks.js";
import { reportCases, vectorSuite } from "./support/vectors.js";

const backend = defaultSignatureBackend();

/** Core's GetBlockScriptFlags for a block that is not one of the listed exceptions. */
function blockScriptFlags(params: ChainParams, height: number): number {
  let flags = VerifyFlags.P2SH | VerifyFlags.WITNESS | VerifyFlags.TAPROOT;
  if (isDeploymentActive(params, "bip66", height)) flags |= VerifyFlags.DERSIG;
  if (isDeploymentActive(params, "bip65", height)) flags |= VerifyFlags.CHECKLOCKTIMEVERIFY;
  if (isDeploymentActive(params, "csv", height)) flags |= VerifyFlags.CHECKSEQUENCEVERIFY;
  if (isDeploymentActive(params, "segwit", height)) flags |= VerifyFlags.NULLDUMMY;
  return flags;
}

function kind(spk: Uint8Array): string {
  const program = extractWitnessProgram(spk);
  if (program !== null) return `witness-v${program.version}-${program.program.length}`;
  if (isPayToScriptHash(spk)) return "p2sh";
  return "legacy";
}

function verifyInput(
  tx: Transaction,
  spent: readonly TxOut[],
  index: number,
  flags: number,
  txData: ReturnType<typeof precomputeTxData>,
): string | null {
  const input = tx.inputs[index]!;
  const checker = new TransactionSignatureChecker({
    backend,
    tx,
    inputIndex: index,
    amount: spent[index]!.value,
    txData,
  });
  const result = verifyScript(
    input.scriptSig,
    spent[index]!.scriptPubKey,
    input.witness,
    flags,
    checker,
  );
  return result.ok ? null : result.error;
}

test("real blocks: every input verifies under its height's consensus flags", vectorSuite(), (t) => {
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  let total = 0;
  let ms = 0;
  for (const rb of loadRealBlocks()) {
    const params = rb.network === "main" ? MAIN_PARAMS : TESTNET3_PARAMS;
    const flags = blockScriptFlags(params, rb.height);
    t.diagnostic(`${rb.name}: flags ${formatVerifyFlags(flags)}`);
    for (const [ti, tx] of rb.block.txs.entries()) {
      if (ti === 0) continue;
      const spent = rb.spent[ti]!.map((coin) => coin.output);
      const start = performance.now();
      // One precomputation per transaction, shared by its inputs, as block validation does.
      const txData = precomputeTxData(tx, spent);
      for (let i = 0; i < tx.inputs.length; i++) {
        total++;
        const k = kind(spent[i]!.scriptPubKey);
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
        const error = verifyInput(tx, spent, i, flags, txData);
        if (error !== null) failures.push(`${rb.name} tx ${ti} input ${i} (${k}): ${error}`);
      }
      ms += performance.now() - start;
    }
  }
  const line = `${total} inputs in ${ms.toFixed(0)} ms (${Math.round((total / ms) * 1000)} inputs/s, backend ${backend.name}); ${JSON.stringify([...kinds])}`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(total > 5000, `expected thousands of inputs, got ${total}`);
  reportCases(t, "real block inputs", total, failures);
});

test("real blocks: a flipped signature bit fails the input", vectorSuite(), () => {
  const blocks = loadRealBlocks();
  let witnessChecked = 0;
  let legacyChecked = 0;
  for (const name of ["testnet3-928816", "testnet3-928828"]) {
    const rb = blocks.find((b) => b.name === name)!;
    const flags = blockScriptFlags(TESTNET3_PARAMS, rb.height);
    for (const [ti, tx] of rb.block.txs.entries()) {
      if (ti === 0) continue;
      const spent = rb.spent[ti]!.map((coin) => coin.output);
      const input = tx.inputs[0]!;
      // Flip a bit inside the signature: the first long witness element, else the scriptSig's
      // first push (byte 10 lies in its R value for P2PKH and P2SH multisig alike).
      const witness = input.witness.map((w) => w.slice());
      const target = witness.find((w) => w.length >= 64);
      const scriptSig = input.scriptSig.slice();
      if (target !== undefined) {
        if (witnessChecked >= 25) continue;
        target[10] = target[10]! ^ 1;
        witnessChecked++;
      } else if (scriptSig.length > 64) {
        if (legacyChecked >= 25) continue;
        scriptSig[10] = scriptSig[10]! ^ 1;
        legacyChecked++;
      } else {
        continue;
      }
      const tampered: Transaction = {
        ...tx,
        inputs: tx.inputs.map((inp, i) => (i === 0 ? { ...inp, witness, scriptSig } : inp)),
      };
      const error = verifyInput(tampered, spent, 0, flags, precomputeTxData(tampered, spent));
      assert.notEqual(error, null, `${rb.name} tx ${ti}: tampered input still verifies`);
    }
  }
  assert.ok(
    witnessChecked >= 20 && legacyChecked >= 20,
    `${witnessChecked}/${legacyChecked} tampered`,
  );
});
