// Bitcoin Core's tx_valid.json and tx_invalid.json, run as Core's transaction_tests.cpp runs
// them. tx_valid: CheckTransaction passes and every input verifies with all flags except the
// listed (excluded) ones; removing any flag, or a random set, keeps it valid (soft-fork
// compatibility); and adding back any single excluded flag makes it fail (the list is
// minimal). tx_invalid: "BADTX" exactly when CheckTransaction fails; otherwise some input fails
// with the listed flags, still fails with any flags added, and passes when any one is removed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, hexToHash, toHex } from "../src/bytes/hex.js";
import { checkTransaction } from "../src/checks/check-transaction.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { parseAsm } from "../src/script/asm.js";
import {
  ALL_VERIFY_FLAGS,
  isValidFlagCombination,
  parseVerifyFlags,
  VERIFY_FLAG_NAMES,
  VerifyFlags,
} from "../src/script/flags.js";
import type { ScriptErrorName } from "../src/script/script-error.js";
import { type PrecomputedTxData, precomputeTxData } from "../src/script/sighash/precomputed.js";
import { TransactionSignatureChecker } from "../src/script/signature-checker.js";
import { verifyScript } from "../src/script/verify-script.js";
import { decodeTx } from "../src/tx/codec.js";
import type { Transaction, TxOut } from "../src/tx/transaction.js";
import { mulberry32 } from "./support/prng.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

const backend = defaultSignatureBackend();
const FLAG_VALUES = VERIFY_FLAG_NAMES.map((name) => VerifyFlags[name]);

/** Core's TrimFlags: drop flags whose prerequisite is missing (WITNESS needs P2SH, ...). */
function trimFlags(flags: number): number {
  let f = flags;
  if ((f & VerifyFlags.P2SH) === 0) f &= ~VerifyFlags.WITNESS;
  if ((f & VerifyFlags.WITNESS) === 0) f &= ~VerifyFlags.CLEANSTACK;
  assert.ok(isValidFlagCombination(f));
  return f;
}

/** Core's FillFlags: add the prerequisites of the flags present. */
function fillFlags(flags: number): number {
  let f = flags;
  if ((f & VerifyFlags.CLEANSTACK) !== 0) f |= VerifyFlags.WITNESS;
  if ((f & VerifyFlags.WITNESS) !== 0) f |= VerifyFlags.P2SH;
  assert.ok(isValidFlagCombination(f));
  return f;
}

/** Core's ExcludeIndividualFlags: each trimmed set with one flag removed, when it differs. */
function excludeIndividualFlags(flags: number): Set<number> {
  const combos = new Set<number>();
  for (const flag of FLAG_VALUES) {
    const without = trimFlags(flags & ~flag);
    if (without !== flags) combos.add(without);
  }
  return combos;
}

/** Bitwise complement restricted to the defined flags (Core complements all 32 bits). */
function complement(flags: number): number {
  return ~flags & ALL_VERIFY_FLAGS;
}

interface TxCase {
  readonly tx: Transaction;
  readonly spent: TxOut[];
  readonly txData: PrecomputedTxData;
  readonly flagText: string;
}

/** Decodes `[[[prevout_hash, index, scriptPubKey_asm, amount?]...], tx_hex, flags]`. */
function decodeCase(entry: unknown[]): TxCase {
  const [inputs, txHex, flagText] = entry;
  if (entry.length !== 3 || !Array.isArray(inputs) || typeof txHex !== "string") {
    throw new Error("malformed case");
  }
  if (typeof flagText !== "string") throw new Error("flags are not a string");
  const prevouts = new Map<string, TxOut>();
  for (const input of inputs as unknown[]) {
    if (!Array.isArray(input) || input.length < 3 || input.length > 4) {
      throw new Error("malformed prevout");
    }
    const [hash, index, asm, amount] = input as [unknown, unknown, unknown, unknown];
    if (typeof hash !== "string" || typeof index !== "number" || typeof asm !== "string") {
      throw new Error("malformed prevout");
    }
    if (amount !== undefined && typeof amount !== "number") throw new Error("malformed amount");
    const key = `${toHex(hexToHash(hash))}:${index >>> 0}`;
    prevouts.set(key, { value: BigInt(amount ?? 0), scriptPubKey: parseAsm(asm) });
  }
  const tx = decodeTx(fromHex(txHex));
  const spent = tx.inputs.map((input) => {
    const key = `${toHex(input.prevout.txid)}:${input.prevout.vout}`;
    const out = prevouts.get(key);
    if (out === undefined) throw new Error(`no prevout for input ${key}`);
    return out;
  });
  return { tx, spent, txData: precomputeTxData(tx, spent), flagText };
}

/**
 * Core's CheckTxScripts: verifies inputs in order, stopping at the first failure; true when
 * the outcome matches `expectValid` (a failure must carry an error, a success none).
 */
function checkTxScripts(c: TxCase, flags: number, expectValid: boolean): boolean {
  let firstError: ScriptErrorName = "OK";
  for (let i = 0; i < c.tx.inputs.length; i++) {
    const input = c.tx.inputs[i]!;
    const checker = new TransactionSignatureChecker({
      backend,
      tx: c.tx,
      inputIndex: i,
      amount: c.spent[i]!.value,
      txData: c.txData,
    });
    const result = verifyScript(
      input.scriptSig,
      c.spent[i]!.scriptPubKey,
      input.witness,
      flags,
      checker,
    );
    if (!result.ok) {
      firstError = result.error;
      break;
    }
  }
  return (firstError === "OK") === expectValid;
}

function cases(file: string): { index: number; entry: unknown[] }[] {
  const all = readVectorJson<unknown[][]>("bitcoin-core", file);
  return all
    .map((entry, index) => ({ index, entry }))
    .filter(({ entry }) => Array.isArray(entry[0]));
}

/** Runs every check Core's tx_valid runs on one case; returns the failures found. */
function validCase(c: TxCase, random: () => number): string[] {
  const problems: string[] = [];
  const check = checkTransaction(c.tx);
  if (!check.ok) problems.push(`CheckTransaction failed: ${check.reason}`);
  const excluded = parseVerifyFlags(c.flagText);
  if (complement(excluded) !== fillFlags(complement(excluded))) problems.push("bad test flags");
  if (!checkTxScripts(c, complement(excluded), true)) problems.push("unexpectedly failed");
  for (const [n, flag] of FLAG_VALUES.entries()) {
    const without = trimFlags(complement(excluded | flag));
    if (!checkTxScripts(c, without, true))
      problems.push(`failed with ${VERIFY_FLAG_NAMES[n]} unset`);
    const randomSet = trimFlags(
      complement(excluded | (random() & ((1 << FLAG_VALUES.length) - 1))),
    );
    if (!checkTxScripts(c, randomSet, true))
      problems.push(`failed with flags ${randomSet.toString(16)}`);
  }
  for (const combo of excludeIndividualFlags(excluded)) {
    if (!checkTxScripts(c, complement(combo), false))
      problems.push(`passes with flags ${complement(combo).toString(16)}: too many flags excluded`);
  }
  return problems;
}

/** Runs every check Core's tx_invalid runs on one case; returns the failures found. */
function invalidCase(c: TxCase, random: () => number): string[] {
  const check = checkTransaction(c.tx);
  if (!check.ok || c.flagText === "BADTX") {
    return !check.ok && c.flagText === "BADTX"
      ? []
      : [
          check.ok
            ? "BADTX but CheckTransaction passes"
            : `CheckTransaction failed: ${check.reason}`,
        ];
  }
  const problems: string[] = [];
  const flags = parseVerifyFlags(c.flagText);
  if (flags !== fillFlags(flags)) problems.push("bad test flags");
  if (!checkTxScripts(c, flags, false)) problems.push("unexpectedly passed");
  for (const [n, flag] of FLAG_VALUES.entries()) {
    if (!checkTxScripts(c, fillFlags(flags | flag), false))
      problems.push(`passed with ${VERIFY_FLAG_NAMES[n]} set`);
    const randomSet = fillFlags(flags | (random() & ((1 << FLAG_VALUES.length) - 1)));
    if (!checkTxScripts(c, randomSet, false))
      problems.push(`passed with flags ${randomSet.toString(16)}`);
  }
  for (const combo of excludeIndividualFlags(flags)) {
    if (!checkTxScripts(c, combo, true))
      problems.push(`fails with flags ${combo.toString(16)}: too many flags set`);
  }
  return problems;
}

function runFile(
  t: test.TestContext,
  file: string,
  name: string,
  expectedTotal: number,
  valid: boolean,
): void {
  const random = mulberry32(valid ? 1 : 2);
  const failures: string[] = [];
  const all = cases(file);
  for (const { index, entry } of all) {
    const label = `#${index} ${JSON.stringify(entry).slice(0, 160)}`;
    let c: TxCase;
    try {
      c = decodeCase(entry);
    } catch (e) {
      failures.push(`${label}: cannot interpret: ${(e as Error).message}`);
      continue;
    }
    const problems = valid ? validCase(c, random) : invalidCase(c, random);
    if (problems.length > 0) failures.push(`${label}: ${problems.slice(0, 3).join("; ")}`);
  }
  assert.equal(all.length, expectedTotal, `${file} case count`);
  reportCases(t, name, all.length, failures);
}

test(
  "tx_valid.json: valid with all but the excluded flags, and the exclusions are minimal",
  vectorSuite(),
  (t) => {
    runFile(t, "tx_valid.json", "tx_valid", 121, true);
  },
);

test(
  "tx_invalid.json: invalid with the listed flags, and the list is minimal",
  vectorSuite(),
  (t) => {
    runFile(t, "tx_invalid.json", "tx_invalid", 93, false);
  },
);
