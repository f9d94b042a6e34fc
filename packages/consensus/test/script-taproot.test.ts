// Taproot (BIP341) and tapscript (BIP342) verification, which script_tests.json barely covers:
// key-path and script-path spends signed here with BIP340 keys, each rule checked for the
// exact error Core reports. Also the key-path spends of the BIP341 wallet vectors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { concatBytes } from "../src/bytes/equal.js";
import { fromHex } from "../src/bytes/hex.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { SECP256K1_ORDER } from "../src/crypto/secp256k1-constants.js";
import { hash160, sha256 } from "../src/hash.js";
import { parseAsm } from "../src/script/asm.js";
import { NO_CODESEPARATOR } from "../src/script/execution-data.js";
import { VerifyFlags } from "../src/script/flags.js";
import { OP } from "../src/script/opcodes.js";
import { buildScript } from "../src/script/script.js";
import type { ScriptErrorName } from "../src/script/script-error.js";
import { precomputeTxData } from "../src/script/sighash/precomputed.js";
import { type TaprootSighashExt, taprootSighash } from "../src/script/sighash/taproot.js";
import { TransactionSignatureChecker } from "../src/script/signature-checker.js";
import {
  TAPROOT_LEAF_TAPSCRIPT,
  tapBranchHash,
  tapleafHash,
  taprootOutputKey,
  tapTweakHash,
} from "../src/script/taproot.js";
import { verifyScript } from "../src/script/verify-script.js";
import { decodeTx } from "../src/tx/codec.js";
import type { Transaction, TxOut } from "../src/tx/transaction.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

const backend = defaultSignatureBackend();
const CONSENSUS =
  VerifyFlags.P2SH |
  VerifyFlags.DERSIG |
  VerifyFlags.NULLDUMMY |
  VerifyFlags.CHECKLOCKTIMEVERIFY |
  VerifyFlags.CHECKSEQUENCEVERIFY |
  VerifyFlags.WITNESS |
  VerifyFlags.TAPROOT;
const ZERO_AUX = new Uint8Array(32);

interface Key {
  readonly secret: Uint8Array;
  readonly xonly: Uint8Array;
}

function key(n: number): Key {
  const secret = new Uint8Array(32);
  secret[31] = n;
  secret[0] = 0x42;
  return { secret, xonly: schnorr.getPublicKey(secret) };
}

/** The secret for the output key P + t·G (BIP341 taproot_tweak_seckey). */
function tweakSecret(secret: Uint8Array, tweak: Uint8Array): Uint8Array {
  let d = bytesToNumberBE(secret);
  if (secp256k1.getPublicKey(secret, true)[0] === 0x03) d = SECP256K1_ORDER - d;
  return numberToBytesBE((d + bytesToNumberBE(tweak)) % SECP256K1_ORDER, 32);
}

/** A taproot output and what spending it needs. */
interface Output {
  readonly scriptPubKey: Uint8Array;
  readonly parity: 0 | 1;
}

function taprootOutput(internal: Uint8Array, merkleRoot: Uint8Array | null): Output {
  const q = taprootOutputKey(internal, merkleRoot, backend);
  assert.ok(q !== null);
  return { scriptPubKey: buildScript([OP.OP_1, q.x]), parity: q.parity };
}

const PREVOUT_TXID = fromHex("11".repeat(32));

/** A version-2 transaction spending `spent` (one input each) to one OP_TRUE output. */
function spendingTx(spent: readonly TxOut[], witnesses: Uint8Array[][], outputs = 1): Transaction {
  return {
    version: 2,
    locktime: 0,
    inputs: spent.map((_, i) => ({
      prevout: { txid: PREVOUT_TXID, vout: i },
      scriptSig: new Uint8Array(0),
      sequence: 0xfffffffd,
      witness: witnesses[i] ?? [],
    })),
    outputs: Array.from({ length: outputs }, () => ({
      value: 1000n,
      scriptPubKey: Uint8Array.of(OP.OP_1),
    })),
  };
}

function sighash(
  tx: Transaction,
  spent: readonly TxOut[],
  index: number,
  hashType: number,
  ext: TaprootSighashExt,
): Uint8Array {
  const h = taprootSighash(tx, index, hashType, precomputeTxData(tx, spent), ext);
  assert.ok(h !== null);
  return h;
}

function verify(
  tx: Transaction,
  spent: readonly TxOut[],
  flags = CONSENSUS,
  index = 0,
  spentKnown = true,
): ScriptErrorName {
  const checker = new TransactionSignatureChecker({
    backend,
    tx,
    inputIndex: index,
    amount: spent[index]!.value,
    txData: precomputeTxData(tx, spentKnown ? spent : null),
  });
  const input = tx.inputs[index]!;
  const r = verifyScript(
    input.scriptSig,
    spent[index]!.scriptPubKey,
    input.witness,
    flags,
    checker,
  );
  return r.ok ? "OK" : r.error;
}

/** Replaces input `index`'s witness. */
function withWitness(tx: Transaction, witness: Uint8Array[], index = 0): Transaction {
  return { ...tx, inputs: tx.inputs.map((inp, i) => (i === index ? { ...inp, witness } : inp)) };
}

const KEY_EXT: TaprootSighashExt = { annex: null, tapleafHash: null, codesepPos: NO_CODESEPARATOR };

test("key path: signatures, hash types, annex and missing data", () => {
  const k = key(1);
  const tweak = tapTweakHash(k.xonly, null);
  const out = taprootOutput(k.xonly, null);
  const spent: TxOut[] = [{ value: 50_000n, scriptPubKey: out.scriptPubKey }];
  const unsigned = spendingTx(spent, []);
  const signer = tweakSecret(k.secret, tweak);
  const sig = schnorr.sign(sighash(unsigned, spent, 0, 0, KEY_EXT), signer, ZERO_AUX);
  assert.equal(verify(withWitness(unsigned, [sig]), spent), "OK");
  const sigAll = schnorr.sign(sighash(unsigned, spent, 0, 1, KEY_EXT), signer, ZERO_AUX);
  assert.equal(verify(withWitness(unsigned, [concatBytes(sigAll, Uint8Array.of(1))]), spent), "OK");
  // An explicit 0x00 byte would be a second encoding of a SIGHASH_DEFAULT signature.
  assert.equal(
    verify(withWitness(unsigned, [concatBytes(sig, Uint8Array.of(0))]), spent),
    "SCHNORR_SIG_HASHTYPE",
  );
  assert.equal(
    verify(withWitness(unsigned, [concatBytes(sig, Uint8Array.of(4))]), spent),
    "SCHNORR_SIG_HASHTYPE",
  );
  // The signature commits to its hash type.
  assert.equal(
    verify(withWitness(unsigned, [concatBytes(sig, Uint8Array.of(1))]), spent),
    "SCHNORR_SIG",
  );
  assert.equal(verify(withWitness(unsigned, [sig.subarray(0, 63)]), spent), "SCHNORR_SIG_SIZE");
  const flipped = sig.slice();
  flipped[5] = flipped[5]! ^ 1;
  assert.equal(verify(withWitness(unsigned, [flipped]), spent), "SCHNORR_SIG");
  assert.equal(verify(withWitness(unsigned, []), spent), "WITNESS_PROGRAM_WITNESS_EMPTY");
  // The annex is dropped before spending but committed to by the signature.
  const annex = Uint8Array.of(0x50, 1, 2, 3);
  const annexSig = schnorr.sign(
    sighash(unsigned, spent, 0, 0, { ...KEY_EXT, annex }),
    signer,
    ZERO_AUX,
  );
  assert.equal(verify(withWitness(unsigned, [annexSig, annex]), spent), "OK");
  assert.equal(verify(withWitness(unsigned, [sig, annex]), spent), "SCHNORR_SIG");
  // Without the spent outputs no BIP341 hash exists.
  assert.equal(verify(withWitness(unsigned, [sig]), spent, CONSENSUS, 0, false), "UNKNOWN_ERROR");
  // Before taproot the program is anyone-can-spend.
  assert.equal(
    verify(withWitness(unsigned, [flipped]), spent, CONSENSUS & ~VerifyFlags.TAPROOT),
    "OK",
  );
  // A scriptSig next to a witness program is malleable.
  const malleated = {
    ...unsigned,
    inputs: [{ ...unsigned.inputs[0]!, scriptSig: Uint8Array.of(OP.OP_1), witness: [sig] }],
  };
  assert.equal(verify(malleated, spent), "WITNESS_MALLEATED");
});

test("key path: SIGHASH_SINGLE without a matching output fails", () => {
  const k = key(2);
  const out = taprootOutput(k.xonly, null);
  const spent: TxOut[] = [
    { value: 10_000n, scriptPubKey: out.scriptPubKey },
    { value: 20_000n, scriptPubKey: out.scriptPubKey },
  ];
  const unsigned = spendingTx(spent, [], 1);
  const signer = tweakSecret(k.secret, tapTweakHash(k.xonly, null));
  const sig = schnorr.sign(new Uint8Array(32), signer, ZERO_AUX);
  assert.equal(
    verify(withWitness(unsigned, [concatBytes(sig, Uint8Array.of(3))], 1), spent, CONSENSUS, 1),
    "SCHNORR_SIG_HASHTYPE",
  );
  const good = schnorr.sign(sighash(unsigned, spent, 0, 3, KEY_EXT), signer, ZERO_AUX);
  assert.equal(
    verify(withWitness(unsigned, [concatBytes(good, Uint8Array.of(3))], 0), spent, CONSENSUS, 0),
    "OK",
  );
});

test("P2SH-wrapped 32-byte v1 programs are not taproot", () => {
  const program = buildScript([OP.OP_1, new Uint8Array(32).fill(7)]);
  const spk = buildScript([OP.OP_HASH160, hash160(program), OP.OP_EQUAL]);
  const spent: TxOut[] = [{ value: 1n, scriptPubKey: spk }];
  const tx = spendingTx(spent, [[Uint8Array.of(1, 2, 3)]]);
  const wrapped = { ...tx, inputs: [{ ...tx.inputs[0]!, scriptSig: buildScript([program]) }] };
  assert.equal(verify(wrapped, spent), "OK");
  assert.equal(
    verify(wrapped, spent, CONSENSUS | VerifyFlags.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM),
    "DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM",
  );
});

/** A single-leaf (or two-leaf, with `sibling`) tree over `script` and the spend data for it. */
function scriptTree(
  internal: Key,
  script: Uint8Array,
  leafVersion = TAPROOT_LEAF_TAPSCRIPT,
  sibling?: Uint8Array,
) {
  const leaf = tapleafHash(leafVersion, script);
  const root = sibling === undefined ? leaf : tapBranchHash(leaf, sibling);
  const out = taprootOutput(internal.xonly, root);
  const control = concatBytes(
    Uint8Array.of(leafVersion | out.parity),
    internal.xonly,
    sibling ?? new Uint8Array(0),
  );
  const spent: TxOut[] = [{ value: 70_000n, scriptPubKey: out.scriptPubKey }];
  const unsigned = spendingTx(spent, []);
  const ext = (
    codesepPos = NO_CODESEPARATOR,
    annex: Uint8Array | null = null,
  ): TaprootSighashExt => ({
    annex,
    tapleafHash: leaf,
    codesepPos,
  });
  return { leaf, control, spent, unsigned, ext };
}

test("script path: CHECKSIG, commitment, control block and leaf versions", () => {
  const internal = key(3);
  const k = key(4);
  const script = buildScript([k.xonly, OP.OP_CHECKSIG]);
  const sibling = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, Uint8Array.of(OP.OP_RETURN));
  const t = scriptTree(internal, script, TAPROOT_LEAF_TAPSCRIPT, sibling);
  const sig = schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, t.ext()), k.secret, ZERO_AUX);
  const spend = (witness: Uint8Array[]) => verify(withWitness(t.unsigned, witness), t.spent);
  assert.equal(spend([sig, script, t.control]), "OK");
  // A key-path style signature (no leaf commitment) does not sign a script path.
  const keySig = schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, KEY_EXT), k.secret, ZERO_AUX);
  assert.equal(spend([keySig, script, t.control]), "SCHNORR_SIG");
  // An empty signature is a failed check, not an error.
  assert.equal(spend([new Uint8Array(0), script, t.control]), "EVAL_FALSE");
  const annex = Uint8Array.of(0x50);
  const annexSig = schnorr.sign(
    sighash(t.unsigned, t.spent, 0, 0, t.ext(NO_CODESEPARATOR, annex)),
    k.secret,
    ZERO_AUX,
  );
  assert.equal(spend([annexSig, script, t.control, annex]), "OK");
  assert.equal(spend([sig, script, t.control, annex]), "SCHNORR_SIG");
  // Control block: size, parity bit, path, script.
  assert.equal(spend([sig, script, t.control.subarray(0, 64)]), "TAPROOT_WRONG_CONTROL_SIZE");
  assert.equal(
    spend([sig, script, concatBytes(t.control, new Uint8Array(1))]),
    "TAPROOT_WRONG_CONTROL_SIZE",
  );
  const badParity = t.control.slice();
  badParity[0] = badParity[0]! ^ 1;
  assert.equal(spend([sig, script, badParity]), "WITNESS_PROGRAM_MISMATCH");
  assert.equal(spend([sig, script, t.control.subarray(0, 33)]), "WITNESS_PROGRAM_MISMATCH");
  assert.equal(
    spend([sig, buildScript([k.xonly, OP.OP_CHECKSIGVERIFY]), t.control]),
    "WITNESS_PROGRAM_MISMATCH",
  );
});

test("script path: unknown leaf versions are anyone-can-spend unless discouraged", () => {
  const internal = key(5);
  const script = Uint8Array.of(OP.OP_RETURN);
  const t = scriptTree(internal, script, 0xc2);
  const tx = withWitness(t.unsigned, [script, t.control]);
  assert.equal(verify(tx, t.spent), "OK");
  assert.equal(
    verify(tx, t.spent, CONSENSUS | VerifyFlags.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION),
    "DISCOURAGE_UPGRADABLE_TAPROOT_VERSION",
  );
});

test("tapscript: CHECKSIGADD thresholds, CHECKMULTISIG and key types", () => {
  const internal = key(6);
  const [k1, k2, k3] = [key(7), key(8), key(9)];
  const script = buildScript([
    k1.xonly,
    OP.OP_CHECKSIG,
    k2.xonly,
    OP.OP_CHECKSIGADD,
    k3.xonly,
    OP.OP_CHECKSIGADD,
    OP.OP_2,
    OP.OP_NUMEQUAL,
  ]);
  const t = scriptTree(internal, script);
  const msg = sighash(t.unsigned, t.spent, 0, 0, t.ext());
  const [s1, s3] = [schnorr.sign(msg, k1.secret, ZERO_AUX), schnorr.sign(msg, k3.secret, ZERO_AUX)];
  const none = new Uint8Array(0);
  const spend = (witness: Uint8Array[], flags = CONSENSUS) =>
    verify(withWitness(t.unsigned, witness), t.spent, flags);
  // Witness elements bottom-up: k3's signature is consumed last.
  assert.equal(spend([s3, none, s1, script, t.control]), "OK");
  assert.equal(spend([s3, none, none, script, t.control]), "EVAL_FALSE");
  // A non-empty invalid signature fails the script even where a threshold would be met.
  assert.equal(spend([s3, s1, s1, script, t.control]), "SCHNORR_SIG");

  const multisig = buildScript([OP.OP_1, k1.xonly, OP.OP_1, OP.OP_CHECKMULTISIG]);
  const tm = scriptTree(internal, multisig);
  assert.equal(
    verify(withWitness(tm.unsigned, [none, none, multisig, tm.control]), tm.spent),
    "TAPSCRIPT_CHECKMULTISIG",
  );

  const emptyKey = buildScript([OP.OP_0, OP.OP_CHECKSIG]);
  const te = scriptTree(internal, emptyKey);
  assert.equal(
    verify(withWitness(te.unsigned, [none, emptyKey, te.control]), te.spent),
    "TAPSCRIPT_EMPTY_PUBKEY",
  );
  // A 33-byte key is an unknown key type: any non-empty signature passes (future soft forks).
  const unknownKey = buildScript([new Uint8Array(33).fill(2), OP.OP_CHECKSIG]);
  const tu = scriptTree(internal, unknownKey);
  const unknownSpend = withWitness(tu.unsigned, [Uint8Array.of(1), unknownKey, tu.control]);
  assert.equal(verify(unknownSpend, tu.spent), "OK");
  assert.equal(
    verify(unknownSpend, tu.spent, CONSENSUS | VerifyFlags.DISCOURAGE_UPGRADABLE_PUBKEYTYPE),
    "DISCOURAGE_UPGRADABLE_PUBKEYTYPE",
  );
});

test("tapscript: validation weight budget of 50 per signature plus witness size", () => {
  const internal = key(10);
  const k = key(11);
  const repeated = (n: number) =>
    buildScript(Array.from({ length: n }, () => [OP.OP_DUP, k.xonly, OP.OP_CHECKSIGVERIFY]).flat());
  for (const [n, expected] of [
    [10, "OK"],
    [40, "TAPSCRIPT_VALIDATION_WEIGHT"],
  ] as const) {
    const script = repeated(n);
    const t = scriptTree(internal, script);
    const sig = schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, t.ext()), k.secret, ZERO_AUX);
    // The signature stays on the stack as the final true element.
    assert.equal(
      verify(withWitness(t.unsigned, [sig, script, t.control]), t.spent),
      expected,
      `${n} checks`,
    );
  }
  // The edge: the witness [sig, script, control] serializes to 1 + 65 + 3 + 35n + 34 bytes, so
  // the budget 103 + 35n + 50 covers 50n up to n = 10 and falls short from n = 11.
  const script = repeated(11);
  const t = scriptTree(internal, script);
  const sig = schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, t.ext()), k.secret, ZERO_AUX);
  assert.equal(
    verify(withWitness(t.unsigned, [sig, script, t.control]), t.spent),
    "TAPSCRIPT_VALIDATION_WEIGHT",
  );
});

test("tapscript: OP_CODESEPARATOR position is signed", () => {
  const internal = key(12);
  const k = key(13);
  const script = buildScript([OP.OP_NOP, OP.OP_CODESEPARATOR, k.xonly, OP.OP_CHECKSIG]);
  const t = scriptTree(internal, script);
  const spend = (sig: Uint8Array) =>
    verify(withWitness(t.unsigned, [sig, script, t.control]), t.spent);
  assert.equal(
    spend(schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, t.ext(1)), k.secret, ZERO_AUX)),
    "OK",
  );
  assert.equal(
    spend(schnorr.sign(sighash(t.unsigned, t.spent, 0, 0, t.ext()), k.secret, ZERO_AUX)),
    "SCHNORR_SIG",
  );
});

test("tapscript: MINIMALIF is consensus, OP_SUCCESSx overrides everything", () => {
  const internal = key(14);
  const ifScript = parseAsm("IF 1 ELSE 1 ENDIF");
  const ti = scriptTree(internal, ifScript);
  const ifSpend = (arg: Uint8Array) =>
    verify(withWitness(ti.unsigned, [arg, ifScript, ti.control]), ti.spent);
  assert.equal(ifSpend(Uint8Array.of(1)), "OK");
  assert.equal(ifSpend(new Uint8Array(0)), "OK");
  assert.equal(ifSpend(Uint8Array.of(2)), "TAPSCRIPT_MINIMALIF");
  assert.equal(ifSpend(Uint8Array.of(1, 0)), "TAPSCRIPT_MINIMALIF");

  // OP_RESERVED (80) is OP_SUCCESS80: valid even after OP_RETURN and with oversized elements.
  const success = Uint8Array.of(OP.OP_RETURN, 80);
  const ts = scriptTree(internal, success);
  const big = new Uint8Array(521);
  assert.equal(verify(withWitness(ts.unsigned, [big, success, ts.control]), ts.spent), "OK");
  assert.equal(
    verify(
      withWitness(ts.unsigned, [success, ts.control]),
      ts.spent,
      CONSENSUS | VerifyFlags.DISCOURAGE_OP_SUCCESS,
    ),
    "DISCOURAGE_OP_SUCCESS",
  );
  // A truncated push before any OP_SUCCESSx makes the script unparsable.
  const truncated = Uint8Array.of(OP.OP_PUSHDATA1, 5, 1, 80);
  const tt = scriptTree(internal, truncated);
  assert.equal(verify(withWitness(tt.unsigned, [truncated, tt.control]), tt.spent), "BAD_OPCODE");
  // Without OP_SUCCESSx, element size and initial stack limits apply.
  const plain = Uint8Array.of(OP.OP_DROP, OP.OP_1);
  const tp = scriptTree(internal, plain);
  assert.equal(verify(withWitness(tp.unsigned, [big, plain, tp.control]), tp.spent), "PUSH_SIZE");
  const many = Array.from({ length: 1001 }, () => new Uint8Array(0));
  const dropAll = new Uint8Array(1001).fill(OP.OP_DROP);
  const tm = scriptTree(internal, concatBytes(Uint8Array.of(OP.OP_1), dropAll));
  const manyScript = concatBytes(Uint8Array.of(OP.OP_1), dropAll);
  assert.equal(
    verify(withWitness(tm.unsigned, [...many, manyScript, tm.control]), tm.spent),
    "STACK_SIZE",
  );
});

test("tapscript has no script size or opcode count limit, witness v0 has both", () => {
  const internal = key(15);
  const script = concatBytes(new Uint8Array(10_500).fill(OP.OP_NOP), Uint8Array.of(OP.OP_1));
  const t = scriptTree(internal, script);
  assert.equal(verify(withWitness(t.unsigned, [script, t.control]), t.spent), "OK");
  const v0 = (witnessScript: Uint8Array) => {
    const spent: TxOut[] = [
      { value: 1n, scriptPubKey: buildScript([OP.OP_0, sha256(witnessScript)]) },
    ];
    return verify(spendingTx(spent, [[witnessScript]]), spent);
  };
  assert.equal(v0(script), "SCRIPT_SIZE");
  assert.equal(
    v0(concatBytes(new Uint8Array(202).fill(OP.OP_NOP), Uint8Array.of(OP.OP_1))),
    "OP_COUNT",
  );
  assert.equal(v0(concatBytes(new Uint8Array(201).fill(OP.OP_NOP), Uint8Array.of(OP.OP_1))), "OK");
});

test("bip341_wallet_vectors.json: key-path spends verify", vectorSuite(), (t) => {
  interface Vectors {
    keyPathSpending: {
      given: { rawUnsignedTx: string; utxosSpent: { scriptPubKey: string; amountSats: number }[] };
      inputSpending: { given: { txinIndex: number }; expected: { witness: string[] } }[];
    }[];
  }
  const vectors = readVectorJson<Vectors>("bitcoin-core", "bip341_wallet_vectors.json");
  const failures: string[] = [];
  let total = 0;
  for (const group of vectors.keyPathSpending) {
    const unsigned = decodeTx(fromHex(group.given.rawUnsignedTx));
    const spent: TxOut[] = group.given.utxosSpent.map((u) => ({
      value: BigInt(u.amountSats),
      scriptPubKey: fromHex(u.scriptPubKey),
    }));
    let tx = unsigned;
    for (const input of group.inputSpending) {
      tx = withWitness(tx, input.expected.witness.map(fromHex), input.given.txinIndex);
    }
    for (const input of group.inputSpending) {
      total++;
      const index = input.given.txinIndex;
      const got = verify(tx, spent, CONSENSUS, index);
      if (got !== "OK") failures.push(`input ${index}: ${got}`);
      // The spent amount is signed under every hash type (BIP341 fixes BIP143's blind spot).
      const altered = spent.map((o, i) => (i === index ? { ...o, value: o.value + 1n } : o));
      if (verify(tx, altered, CONSENSUS, index) !== "SCHNORR_SIG")
        failures.push(`input ${index}: amounts not committed`);
    }
  }
  assert.equal(total, 7);
  reportCases(t, "bip341 key-path spends", total, failures);
});
