// Building blocks of the interpreter: FindAndDelete, signature/key encodings, flags, the
// condition stack and a few EvalScript rules the JSON vectors leave uncovered.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { DecodeError, RangeCheckError } from "../src/errors.js";
import { parseAsm } from "../src/script/asm.js";
import { ConditionStack } from "../src/script/condition-stack.js";
import { evalScript } from "../src/script/eval-script.js";
import { newExecutionData } from "../src/script/execution-data.js";
import { findAndDelete } from "../src/script/find-and-delete.js";
import {
  ALL_VERIFY_FLAGS,
  formatVerifyFlags,
  isValidFlagCombination,
  parseVerifyFlags,
  VerifyFlags,
} from "../src/script/flags.js";
import { isOpSuccess } from "../src/script/op-success.js";
import {
  SCRIPT_ERROR_NAMES,
  type ScriptErrorName,
  scriptErrorMessage,
} from "../src/script/script-error.js";
import { SigVersion } from "../src/script/sig-version.js";
import type { SignatureChecker } from "../src/script/signature-checker.js";
import {
  checkPubKeyEncoding,
  checkSignatureEncoding,
  isDefinedHashtypeSignature,
  isValidSignatureEncoding,
} from "../src/script/signature-encoding.js";
import { verifyScript } from "../src/script/verify-script.js";

test("FindAndDelete matches whole opcodes only, as Core's script_FindAndDelete cases", () => {
  const cases: [string, string, string, number][] = [
    ["0302ff030302ff03", "0302ff03", "", 2],
    ["0302ff030302ff03", "02", "0302ff030302ff03", 0],
    ["0302ff030302ff03", "ff", "0302ff030302ff03", 0],
    // Removing the push prefix leaves the data, which then reads as different opcodes.
    ["0302ff030302ff03", "03", "02ff0302ff03", 2],
    ["02feed5169", "feed51", "02feed5169", 0],
    ["02feed5169", "02feed51", "69", 1],
    ["516902feed5169", "feed51", "516902feed5169", 0],
    ["516902feed5169", "02feed51", "516969", 1],
    // Single pass: what a deletion joins together is not searched again.
    ["00005151", "0051", "0051", 1],
    ["000051005151", "0051", "0051", 2],
    // At a truncated push matching stops; the remaining bytes are kept.
    ["0003feed", "03feed", "00", 1],
    ["0003feed", "00", "03feed", 1],
    ["", "00", "", 0],
  ];
  for (const [script, pattern, expected, found] of cases) {
    const r = findAndDelete(fromHex(script), fromHex(pattern));
    assert.equal(toHex(r.script), expected, `${script} - ${pattern}`);
    assert.equal(r.found, found, `${script} - ${pattern} count`);
  }
  const unchanged = fromHex("51");
  assert.equal(
    findAndDelete(unchanged, fromHex("52")).script,
    unchanged,
    "no copy when nothing matches",
  );
});

const DER =
  "3044022057292e2d4dfe775becdd0a9e6547997c728cdf35390f6a017da56d654d374e4902206b643be2fc53763b4e284845bfea2c597d2dc7759941dce937636c9d341b71ed";

test("strict DER, low S and hash type rules", () => {
  const sig = fromHex(`${DER}01`);
  assert.ok(isValidSignatureEncoding(sig));
  assert.equal(
    checkSignatureEncoding(sig, VerifyFlags.DERSIG | VerifyFlags.LOW_S | VerifyFlags.STRICTENC),
    null,
  );
  // Empty is always acceptable (the compact failing signature).
  assert.equal(checkSignatureEncoding(new Uint8Array(0), ALL_VERIFY_FLAGS), null);
  // Wrong total length, R padding, negative S.
  const badLength = fromHex(`3045${DER.slice(4)}01`);
  const paddedR = fromHex(`3045022100${DER.slice(8, 72)}0220${DER.slice(76)}01`);
  for (const bad of [badLength, paddedR, fromHex("300602010102018101")]) {
    assert.equal(isValidSignatureEncoding(bad), false, toHex(bad));
    assert.equal(checkSignatureEncoding(bad, VerifyFlags.DERSIG), "SIG_DER");
    assert.equal(checkSignatureEncoding(bad, VerifyFlags.NONE), null);
  }
  // S = n - s is high.
  const highS = fromHex(
    "3045022057292e2d4dfe775becdd0a9e6547997c728cdf35390f6a017da56d654d374e49022100949bc41d03ac89c4b1d7b7ba4015d3a53d81056b1566c352888dc1ef9c1aa95401",
  );
  assert.ok(isValidSignatureEncoding(highS));
  assert.equal(checkSignatureEncoding(highS, VerifyFlags.DERSIG), null);
  assert.equal(checkSignatureEncoding(highS, VerifyFlags.LOW_S), "SIG_HIGH_S");
  // Hash types: ALL/NONE/SINGLE with or without ANYONECANPAY.
  for (const [byte, ok] of [
    [0x01, true],
    [0x83, true],
    [0x00, false],
    [0x04, false],
    [0x41, false],
  ] as const) {
    const s = fromHex(`${DER}${byte.toString(16).padStart(2, "0")}`);
    assert.equal(isDefinedHashtypeSignature(s), ok, byte.toString(16));
    assert.equal(checkSignatureEncoding(s, VerifyFlags.STRICTENC), ok ? null : "SIG_HASHTYPE");
    assert.equal(checkSignatureEncoding(s, VerifyFlags.DERSIG), null);
  }
});

test("public key encodings: STRICTENC and WITNESS_PUBKEYTYPE", () => {
  const compressed = fromHex(`02${"11".repeat(32)}`);
  const uncompressed = fromHex(`04${"11".repeat(64)}`);
  const hybrid = fromHex(`06${"11".repeat(64)}`);
  const { STRICTENC, WITNESS_PUBKEYTYPE } = VerifyFlags;
  assert.equal(
    checkPubKeyEncoding(compressed, STRICTENC | WITNESS_PUBKEYTYPE, SigVersion.WITNESS_V0),
    null,
  );
  assert.equal(checkPubKeyEncoding(uncompressed, STRICTENC, SigVersion.BASE), null);
  assert.equal(checkPubKeyEncoding(hybrid, STRICTENC, SigVersion.BASE), "PUBKEYTYPE");
  assert.equal(checkPubKeyEncoding(hybrid, VerifyFlags.NONE, SigVersion.BASE), null);
  assert.equal(
    checkPubKeyEncoding(compressed.subarray(0, 32), STRICTENC, SigVersion.BASE),
    "PUBKEYTYPE",
  );
  assert.equal(
    checkPubKeyEncoding(uncompressed, WITNESS_PUBKEYTYPE, SigVersion.WITNESS_V0),
    "WITNESS_PUBKEYTYPE",
  );
  assert.equal(checkPubKeyEncoding(uncompressed, WITNESS_PUBKEYTYPE, SigVersion.BASE), null);
});

test("verification flags parse, format and combine like Core's", () => {
  assert.equal(parseVerifyFlags(""), 0);
  assert.equal(parseVerifyFlags("NONE"), 0);
  assert.equal(parseVerifyFlags("P2SH,WITNESS"), (1 << 0) | (1 << 11));
  assert.equal(parseVerifyFlags("DISCOURAGE_UPGRADABLE_PUBKEYTYPE"), 1 << 20);
  assert.equal(formatVerifyFlags(parseVerifyFlags("WITNESS,P2SH,TAPROOT")), "P2SH,WITNESS,TAPROOT");
  assert.equal(parseVerifyFlags(formatVerifyFlags(ALL_VERIFY_FLAGS)), ALL_VERIFY_FLAGS);
  assert.equal(ALL_VERIFY_FLAGS, (1 << 21) - 1);
  for (const bad of ["P2SH,", "p2sh", "BADTX", "P2SH,NONE"])
    assert.throws(() => parseVerifyFlags(bad), DecodeError, bad);
  assert.ok(isValidFlagCombination(parseVerifyFlags("P2SH,WITNESS,CLEANSTACK")));
  assert.ok(!isValidFlagCombination(parseVerifyFlags("WITNESS")));
  assert.ok(!isValidFlagCombination(parseVerifyFlags("P2SH,CLEANSTACK")));
});

test("error names cover Core's ScriptError list, each with a message", () => {
  assert.equal(new Set(SCRIPT_ERROR_NAMES).size, SCRIPT_ERROR_NAMES.length);
  for (const name of ["OK", "NULLFAIL", "SIG_FINDANDDELETE", "TAPSCRIPT_EMPTY_PUBKEY"] as const) {
    assert.ok(SCRIPT_ERROR_NAMES.includes(name));
  }
  assert.equal(
    scriptErrorMessage("EVAL_FALSE"),
    "Script evaluated without error but finished with a false/empty top stack element",
  );
  for (const name of SCRIPT_ERROR_NAMES) assert.ok(scriptErrorMessage(name).length > 0);
});

test("condition stack tracks whether every open branch executes", () => {
  const c = new ConditionStack();
  assert.ok(c.isEmpty() && c.allTrue());
  c.push(true);
  c.push(false);
  c.push(true);
  assert.ok(!c.allTrue());
  c.toggleTop(); // true -> false below an earlier false: still not executing
  assert.ok(!c.allTrue());
  c.pop();
  c.toggleTop(); // the first false becomes true
  assert.ok(c.allTrue());
  c.toggleTop();
  assert.ok(!c.allTrue());
  c.pop();
  assert.ok(c.allTrue() && !c.isEmpty());
  c.pop();
  assert.ok(c.isEmpty());
});

test("OP_SUCCESSx set is BIP342's", () => {
  const expected = [
    80,
    98,
    ...range(126, 129),
    ...range(131, 134),
    137,
    138,
    141,
    142,
    ...range(149, 153),
    ...range(187, 254),
  ];
  const got = range(0, 255).filter(isOpSuccess);
  assert.deepEqual(got, expected);
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** A checker for scripts without signatures or lock times: every check fails. */
const NO_TX: SignatureChecker = {
  checkEcdsaSignature: () => false,
  checkSchnorrSignature: () => "SCHNORR_SIG",
  checkTaprootCommitment: () => false,
  checkLockTime: () => false,
  checkSequence: () => false,
};

function evalAsm(
  asm: string,
  flags: number,
  sigVersion: SigVersion = SigVersion.BASE,
): ScriptErrorName {
  return evalScript([], parseAsm(asm), flags, NO_TX, sigVersion, newExecutionData()) ?? "OK";
}

test("EvalScript rules outside the JSON vectors", () => {
  // OP_CHECKSIGADD is undefined before tapscript.
  assert.equal(evalAsm("0 0 0 0xba", 0), "BAD_OPCODE");
  // CONST_SCRIPTCODE forbids OP_CODESEPARATOR in legacy scripts, even unexecuted...
  assert.equal(
    evalAsm("0 IF CODESEPARATOR ENDIF", VerifyFlags.CONST_SCRIPTCODE),
    "OP_CODESEPARATOR",
  );
  assert.equal(evalAsm("0 IF CODESEPARATOR ENDIF", 0), "OK");
  // ...but not in witness v0 ones.
  assert.equal(evalAsm("CODESEPARATOR", VerifyFlags.CONST_SCRIPTCODE, SigVersion.WITNESS_V0), "OK");
  // FindAndDelete of the (empty) signature push, OP_0, from the script code is an error then.
  assert.equal(evalAsm("0 0 CHECKSIG", VerifyFlags.CONST_SCRIPTCODE), "SIG_FINDANDDELETE");
  assert.equal(evalAsm("0 0 CHECKSIG NOT", 0), "OK");
  // MINIMALIF applies to witness v0 only (policy); tapscript has its own error.
  assert.equal(evalAsm("2 IF ENDIF", VerifyFlags.MINIMALIF), "OK");
  assert.equal(evalAsm("2 IF ENDIF", VerifyFlags.MINIMALIF, SigVersion.WITNESS_V0), "MINIMALIF");
  assert.equal(evalAsm("2 IF ENDIF", 0, SigVersion.TAPSCRIPT), "TAPSCRIPT_MINIMALIF");
  // CSV with the disable bit is a NOP; 5-byte operands are allowed, 6-byte ones are not.
  assert.equal(
    evalAsm("0x05 0x0000008000 CHECKSEQUENCEVERIFY", VerifyFlags.CHECKSEQUENCEVERIFY),
    "OK",
  );
  assert.equal(
    evalAsm("0x05 0x0000000100 CHECKSEQUENCEVERIFY", VerifyFlags.CHECKSEQUENCEVERIFY),
    "UNSATISFIED_LOCKTIME",
  );
  assert.equal(
    evalAsm("0x06 0x000000000001 CHECKLOCKTIMEVERIFY", VerifyFlags.CHECKLOCKTIMEVERIFY),
    "SCRIPTNUM",
  );
  // NOP2/NOP3 without their soft forks are NOPs even when upgradable NOPs are discouraged.
  assert.equal(
    evalAsm("CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY", VerifyFlags.DISCOURAGE_UPGRADABLE_NOPS),
    "OK",
  );
});

test("verifyScript refuses flag sets Core asserts on", () => {
  const one = Uint8Array.of(0x51);
  assert.throws(
    () => verifyScript(new Uint8Array(0), one, [], VerifyFlags.WITNESS, NO_TX),
    RangeCheckError,
  );
  assert.throws(
    () =>
      verifyScript(new Uint8Array(0), one, [], VerifyFlags.CLEANSTACK | VerifyFlags.P2SH, NO_TX),
    RangeCheckError,
  );
  assert.deepEqual(verifyScript(new Uint8Array(0), one, null, VerifyFlags.P2SH, NO_TX), {
    ok: true,
  });
  assert.deepEqual(
    verifyScript(new Uint8Array(0), new Uint8Array(0), null, VerifyFlags.P2SH, NO_TX),
    { ok: false, error: "EVAL_FALSE" },
  );
});
