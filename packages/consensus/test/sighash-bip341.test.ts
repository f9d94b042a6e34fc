// BIP341 wallet test vectors, keyPathSpending section: the per-transaction sha_* values, each
// input's signature hash, the tweaked private key and the final Schnorr witness; plus the cases
// where Core's SignatureHashSchnorr refuses to produce a hash.
import assert from "node:assert/strict";
import { test } from "node:test";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { concatBytes } from "../src/bytes/equal.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { ByteWriter } from "../src/bytes/writer.js";
import { nobleBackend } from "../src/crypto/noble-backend.js";
import { hash160, sha256, taggedHash } from "../src/hash.js";
import { legacySighash } from "../src/script/sighash/legacy.js";
import { type PrecomputedTxData, precomputeTxData } from "../src/script/sighash/precomputed.js";
import { segwitV0Sighash } from "../src/script/sighash/segwit-v0.js";
import { type TaprootSighashExt, taprootSighash } from "../src/script/sighash/taproot.js";
import { taprootOutputKey, tapTweakHash } from "../src/script/taproot.js";
import { decodeTx } from "../src/tx/codec.js";
import type { Transaction, TxOut } from "../src/tx/transaction.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface InputSpending {
  given: {
    txinIndex: number;
    internalPrivkey: string;
    merkleRoot: string | null;
    hashType: number;
  };
  intermediary: {
    internalPubkey: string;
    tweak: string;
    tweakedPrivkey: string;
    sigMsg: string;
    precomputedUsed: string[];
    sigHash: string;
  };
  expected: { witness: string[] };
}

interface KeyPathSpending {
  given: { rawUnsignedTx: string; utxosSpent: { scriptPubKey: string; amountSats: number }[] };
  intermediary: {
    hashAmounts: string;
    hashOutputs: string;
    hashPrevouts: string;
    hashScriptPubkeys: string;
    hashSequences: string;
  };
  inputSpending: InputSpending[];
  auxiliary: { fullySignedTx: string };
}

const KEY_PATH: TaprootSighashExt = { annex: null, tapleafHash: null, codesepPos: 0xffffffff };
const N = secp256k1.Point.Fn.ORDER;

/** BIP341's taproot_tweak_seckey: negate d when d·G has odd y, then add the tweak mod n. */
function tweakSecretKey(secret: Uint8Array, tweak: Uint8Array): Uint8Array {
  let d = bytesToNumberBE(secret);
  const { y } = secp256k1.Point.BASE.multiply(d).toAffine();
  if (y & 1n) d = N - d;
  return numberToBytesBE((d + bytesToNumberBE(tweak)) % N, 32);
}

function loadKeyPath(): { spending: KeyPathSpending; tx: Transaction; spent: TxOut[] } {
  const file = readVectorJson<{ keyPathSpending: KeyPathSpending[] }>(
    "bitcoin-core",
    "bip341_wallet_vectors.json",
  );
  assert.equal(file.keyPathSpending.length, 1);
  const spending = file.keyPathSpending[0]!;
  const tx = decodeTx(fromHex(spending.given.rawUnsignedTx));
  const spent = spending.given.utxosSpent.map((u) => ({
    value: BigInt(u.amountSats),
    scriptPubKey: fromHex(u.scriptPubKey),
  }));
  return { spending, tx, spent };
}

test("BIP341 wallet vectors: key-path signature hashes and signatures", vectorSuite(), (t) => {
  const { spending, tx, spent } = loadKeyPath();
  const data = precomputeTxData(tx, spent);
  const failures: string[] = [];

  // Transaction-wide single-SHA256 values.
  const im = spending.intermediary;
  const shaChecks: [string, Uint8Array | null, string][] = [
    ["hashPrevouts", data.shaPrevouts, im.hashPrevouts],
    ["hashAmounts", data.shaAmounts, im.hashAmounts],
    ["hashScriptPubkeys", data.shaScriptPubkeys, im.hashScriptPubkeys],
    ["hashSequences", data.shaSequences, im.hashSequences],
    ["hashOutputs", data.shaOutputs, im.hashOutputs],
  ];
  for (const [name, got, want] of shaChecks) {
    if (got === null || toHex(got) !== want) failures.push(`${name}: got ${got && toHex(got)}`);
  }
  reportCases(t, "bip341_wallet_vectors keyPathSpending sha_*", shaChecks.length, failures);

  const signed = decodeTx(fromHex(spending.auxiliary.fullySignedTx));
  const signedData = precomputeTxData(signed, spent);
  const inputFailures: string[] = [];
  for (const input of spending.inputSpending) {
    const g = input.given;
    const problems: string[] = [];
    try {
      const internalPubkey = schnorr.getPublicKey(fromHex(g.internalPrivkey));
      if (toHex(internalPubkey) !== input.intermediary.internalPubkey)
        problems.push("internalPubkey");
      const merkleRoot = g.merkleRoot === null ? null : fromHex(g.merkleRoot);
      const tweak = tapTweakHash(internalPubkey, merkleRoot);
      if (toHex(tweak) !== input.intermediary.tweak) problems.push("tweak");
      const tweakedSecret = tweakSecretKey(fromHex(g.internalPrivkey), tweak);
      if (toHex(tweakedSecret) !== input.intermediary.tweakedPrivkey)
        problems.push("tweakedPrivkey");
      // The spent output must be the tweaked internal key.
      const output = taprootOutputKey(internalPubkey, merkleRoot, nobleBackend);
      const spk = spent[g.txinIndex]!.scriptPubKey;
      if (output === null || toHex(spk) !== `5120${toHex(output.x)}`) problems.push("output key");

      const sigHash = taprootSighash(tx, g.txinIndex, g.hashType, data, KEY_PATH);
      if (sigHash === null || toHex(sigHash) !== input.intermediary.sigHash) {
        problems.push(`sigHash ${sigHash && toHex(sigHash)}`);
      }
      // The vectors' sigMsg is consistent with their sigHash (guards our reading of the file).
      if (
        toHex(taggedHash("TapSighash", fromHex(input.intermediary.sigMsg))) !==
        input.intermediary.sigHash
      ) {
        problems.push("vector sigMsg/sigHash mismatch");
      }
      // Witness data does not enter the hash: the signed transaction gives the same hash.
      const again = taprootSighash(signed, g.txinIndex, g.hashType, signedData, KEY_PATH);
      if (again === null || toHex(again) !== input.intermediary.sigHash)
        problems.push("signed tx sigHash");

      if (sigHash !== null) {
        // The file gives no aux randomness: the vectors were signed with 32 zero bytes.
        const sig = schnorr.sign(sigHash, tweakedSecret, new Uint8Array(32));
        const witness = g.hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(g.hashType));
        if (input.expected.witness.length !== 1 || toHex(witness) !== input.expected.witness[0]) {
          problems.push(`witness ${toHex(witness)}`);
        }
        const inSigned = signed.inputs[g.txinIndex]!.witness;
        if (inSigned.length !== 1 || toHex(inSigned[0]!) !== input.expected.witness[0]) {
          problems.push("fullySignedTx witness");
        }
        if (output !== null && !nobleBackend.verifySchnorr(sigHash, sig, output.x)) {
          problems.push("signature does not verify");
        }
      }
    } catch (e) {
      problems.push(`threw ${String(e)}`);
    }
    if (problems.length > 0) inputFailures.push(`input ${g.txinIndex}: ${problems.join(", ")}`);
  }
  reportCases(
    t,
    "bip341_wallet_vectors keyPathSpending inputs",
    spending.inputSpending.length,
    inputFailures,
  );
  assert.equal(spending.inputSpending.length, 7);
});

test(
  "BIP341 wallet vectors: the fully signed tx's ECDSA inputs verify over legacy and BIP143 hashes",
  vectorSuite(),
  (t) => {
    const { spending, spent } = loadKeyPath();
    const signed = decodeTx(fromHex(spending.auxiliary.fullySignedTx));
    const data = precomputeTxData(signed, spent);
    const failures: string[] = [];
    let total = 0;
    for (const [i, input] of signed.inputs.entries()) {
      const spk = spent[i]!.scriptPubKey;
      if (spk[0] === 0x51) continue; // taproot inputs: checked above
      total++;
      let sig: Uint8Array;
      let pubkey: Uint8Array;
      let hash: Uint8Array;
      if (spk.length === 25 && spk[0] === 0x76) {
        // P2PKH: scriptSig = <sig> <pubkey>; scriptCode is the scriptPubKey.
        const sigLen = input.scriptSig[0]!;
        sig = input.scriptSig.subarray(1, 1 + sigLen);
        pubkey = input.scriptSig.subarray(2 + sigLen);
        hash = legacySighash(signed, i, spk, sig[sig.length - 1]!);
      } else if (spk.length === 22 && spk[0] === 0x00) {
        // P2WPKH: witness = <sig> <pubkey>; scriptCode is the P2PKH script of the key hash.
        sig = input.witness[0]!;
        pubkey = input.witness[1]!;
        const code = concatBytes(fromHex("76a914"), hash160(pubkey), fromHex("88ac"));
        hash = segwitV0Sighash(signed, i, code, spent[i]!.value, sig[sig.length - 1]!, data);
      } else {
        failures.push(`input ${i}: cannot interpret scriptPubKey ${toHex(spk)}`);
        continue;
      }
      const der = sig.subarray(0, sig.length - 1);
      if (!nobleBackend.verifyEcdsa(hash, der, pubkey)) failures.push(`input ${i}: ECDSA rejected`);
    }
    reportCases(t, "bip341_wallet_vectors fullySignedTx ECDSA inputs", total, failures);
    assert.equal(total, 2);
  },
);

test(
  "taproot sighash: hash types outside {0,1,2,3,0x81,0x82,0x83} give null",
  vectorSuite(),
  () => {
    const { tx, spent } = loadKeyPath();
    const data = precomputeTxData(tx, spent);
    for (const ht of [0, 1, 2, 3, 0x81, 0x82, 0x83]) {
      assert.notEqual(taprootSighash(tx, 0, ht, data, KEY_PATH), null, `type ${ht}`);
    }
    for (const ht of [4, 0x04, 0x20, 0x40, 0x41, 0x7f, 0x80, 0x84, 0xc1, 0xff, 0x101, -1]) {
      assert.equal(taprootSighash(tx, 0, ht, data, KEY_PATH), null, `type ${ht}`);
    }
    // SIGHASH_DEFAULT and SIGHASH_ALL sign the same data but are different messages.
    assert.notEqual(
      toHex(taprootSighash(tx, 0, 0, data, KEY_PATH)!),
      toHex(taprootSighash(tx, 0, 1, data, KEY_PATH)!),
    );
  },
);

test(
  "taproot sighash: SIGHASH_SINGLE without an output at the index gives null",
  vectorSuite(),
  () => {
    const { tx, spent } = loadKeyPath();
    assert.equal(tx.outputs.length, 2);
    const data = precomputeTxData(tx, spent);
    for (const ht of [3, 0x83]) {
      assert.notEqual(taprootSighash(tx, 1, ht, data, KEY_PATH), null);
      assert.equal(taprootSighash(tx, 2, ht, data, KEY_PATH), null);
      assert.equal(taprootSighash(tx, 8, ht, data, KEY_PATH), null);
    }
    // Other types do not need an output at the index.
    for (const ht of [0, 1, 2, 0x81, 0x82])
      assert.notEqual(taprootSighash(tx, 8, ht, data, KEY_PATH), null);
  },
);

test(
  "taproot sighash: missing spent outputs give null; a bad index or count throws",
  vectorSuite(),
  () => {
    const { tx, spent } = loadKeyPath();
    const without = precomputeTxData(tx, null);
    assert.equal(without.spentOutputsReady, false);
    assert.equal(without.shaAmounts, null);
    assert.equal(taprootSighash(tx, 0, 0, without, KEY_PATH), null);
    assert.equal(taprootSighash(tx, 0, 0, precomputeTxData(tx, []), KEY_PATH), null);
    const data = precomputeTxData(tx, spent);
    assert.throws(() => taprootSighash(tx, 9, 0, data, KEY_PATH), { name: "RangeCheckError" });
    assert.throws(() => precomputeTxData(tx, spent.slice(1)), { name: "RangeCheckError" });
  },
);

/**
 * BIP341 SigMsg + BIP342 extension assembled piece by piece from the BIP's field list, as an
 * independent reference for the parts the wallet vectors do not exercise (annex, tapscript).
 */
function referenceSigMsg(
  tx: Transaction,
  spent: TxOut[],
  index: number,
  hashType: number,
  d: PrecomputedTxData,
  ext: TaprootSighashExt,
): Uint8Array {
  const w = new ByteWriter();
  w.u8(0).u8(hashType).u32le(tx.version).u32le(tx.locktime);
  const acp = (hashType & 0x80) !== 0;
  const out = hashType & 3;
  if (!acp)
    w.bytes(d.shaPrevouts).bytes(d.shaAmounts!).bytes(d.shaScriptPubkeys!).bytes(d.shaSequences);
  if (out === 0 || out === 1) w.bytes(d.shaOutputs);
  w.u8((ext.tapleafHash ? 2 : 0) + (ext.annex ? 1 : 0));
  const input = tx.inputs[index]!;
  if (acp) {
    w.bytes(input.prevout.txid).u32le(input.prevout.vout);
    w.i64le(spent[index]!.value).varBytes(spent[index]!.scriptPubKey);
    w.u32le(input.sequence);
  } else {
    w.u32le(index);
  }
  if (ext.annex) w.bytes(sha256(new ByteWriter().varBytes(ext.annex).finish()));
  if (out === 3) {
    const o = tx.outputs[index]!;
    w.bytes(sha256(new ByteWriter().i64le(o.value).varBytes(o.scriptPubKey).finish()));
  }
  if (ext.tapleafHash) w.bytes(ext.tapleafHash).u8(0).u32le(ext.codesepPos);
  return w.finish();
}

test(
  "taproot sighash: annex and tapscript extension match the BIP's SigMsg layout",
  vectorSuite(),
  () => {
    const { tx, spent } = loadKeyPath();
    const data = precomputeTxData(tx, spent);
    const leaf = sha256(fromHex("01"));
    const annexLong = concatBytes(Uint8Array.of(0x50), new Uint8Array(300).fill(7));
    const exts: TaprootSighashExt[] = [
      KEY_PATH,
      { annex: fromHex("50"), tapleafHash: null, codesepPos: 0xffffffff },
      { annex: annexLong, tapleafHash: null, codesepPos: 0xffffffff },
      { annex: null, tapleafHash: leaf, codesepPos: 0xffffffff },
      { annex: null, tapleafHash: leaf, codesepPos: 7 },
      { annex: fromHex("50aa"), tapleafHash: leaf, codesepPos: 0 },
    ];
    let checked = 0;
    for (const ext of exts) {
      for (const ht of [0, 1, 2, 3, 0x81, 0x82, 0x83]) {
        for (const index of [0, 1]) {
          const want = taggedHash("TapSighash", referenceSigMsg(tx, spent, index, ht, data, ext));
          assert.equal(toHex(taprootSighash(tx, index, ht, data, ext)!), toHex(want));
          checked++;
        }
      }
    }
    assert.equal(checked, 84);
    // The annex, leaf and codeseparator position each change the hash.
    const base = toHex(taprootSighash(tx, 0, 0, data, exts[3]!)!);
    assert.notEqual(toHex(taprootSighash(tx, 0, 0, data, exts[4]!)!), base);
    assert.notEqual(toHex(taprootSighash(tx, 0, 0, data, KEY_PATH)!), base);
    assert.notEqual(
      toHex(taprootSighash(tx, 0, 0, data, exts[1]!)!),
      toHex(taprootSighash(tx, 0, 0, data, KEY_PATH)!),
    );
  },
);
