// Backend availability, default choice, cross-backend agreement and malformed-input behaviour.
import assert from "node:assert/strict";
import { test } from "node:test";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { concatBytes } from "../src/bytes/equal.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { loadSignatureBackends } from "../src/crypto/available-backends.js";
import type { SignatureBackend, TweakedKey } from "../src/crypto/backend.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { encodeDerSignature } from "../src/crypto/der.js";
import { passesKnownAnswers } from "../src/crypto/known-answers.js";
import { nobleBackend } from "../src/crypto/noble-backend.js";
import { SECP256K1_FIELD_PRIME, SECP256K1_ORDER } from "../src/crypto/secp256k1-constants.js";
import { sha256 } from "../src/hash.js";

/** Platforms for which the `secp256k1` package ships a prebuilt native addon. */
const PREBUILT = new Set(["linux-x64", "darwin-arm64", "win32-x64"]);

function availableBackends(): SignatureBackend[] {
  return loadSignatureBackends()
    .map((b) => b.backend)
    .filter((b): b is SignatureBackend => b !== null);
}

function hex32(v: bigint): string {
  return v.toString(16).padStart(64, "0");
}

/** Deterministic pseudo-random 32-byte values: sha256 chained from a label. */
function* stream(label: string): Generator<Uint8Array> {
  let h = sha256(new TextEncoder().encode(label));
  for (;;) {
    h = sha256(h);
    yield h;
  }
}

function next(s: Generator<Uint8Array>): Uint8Array {
  return s.next().value as Uint8Array;
}

test("backends load where they should, are frozen and pass their known answers", (t) => {
  const loaded = loadSignatureBackends();
  assert.deepEqual(
    loaded.map((b) => b.kind),
    ["native-libsecp256k1", "wasm-libsecp256k1", "noble"],
  );
  const platform = `${process.platform}-${process.arch}`;
  for (const { kind, backend } of loaded) {
    t.diagnostic(`${kind}: ${backend === null ? "unavailable" : "loaded"}`);
    if (backend === null) continue;
    assert.equal(backend.name, kind);
    assert.ok(Object.isFrozen(backend), `${kind} is frozen`);
    assert.equal(passesKnownAnswers(backend), true, kind);
  }
  assert.equal(loaded[2]!.backend, nobleBackend);
  if (PREBUILT.has(platform)) {
    assert.notEqual(loaded[0]!.backend, null, `the native addon has a prebuild for ${platform}`);
  }
  if ("WebAssembly" in globalThis) assert.notEqual(loaded[1]!.backend, null);
});

test("the default backend is the first that loads, chosen once", () => {
  const first = availableBackends()[0]!;
  const chosen = defaultSignatureBackend();
  assert.equal(chosen.name, first.name);
  assert.equal(defaultSignatureBackend(), chosen, "memoized: the same object every call");
});

test("the known-answer self-test rejects a backend that computes wrongly", () => {
  const liar: SignatureBackend = { ...nobleBackend, name: "liar", verifyEcdsa: () => true };
  assert.equal(passesKnownAnswers(liar), false);
  const thrower: SignatureBackend = {
    ...nobleBackend,
    name: "thrower",
    verifySchnorr: () => {
      throw new Error("boom");
    },
  };
  assert.equal(passesKnownAnswers(thrower), false);
});

test("ECDSA: every backend accepts the same valid, high-S, lax and re-encoded-key signatures", () => {
  const backends = availableBackends();
  const rnd = stream("crypto-backends ecdsa");
  for (let i = 0; i < 40; i++) {
    const sk = next(rnd);
    const msg = next(rnd);
    const otherMsg = next(rnd);
    const compact = secp256k1.sign(msg, sk, { prehash: false });
    const highS = Uint8Array.from(compact);
    highS.set(fromHex(hex32(SECP256K1_ORDER - BigInt(`0x${toHex(compact.subarray(32))}`))), 32);
    const der = encodeDerSignature(compact);
    const derHighS = encodeDerSignature(highS);
    const derLax = concatBytes(Uint8Array.of(0x30, 0x81), der.subarray(1), Uint8Array.of(1));
    const uncompressed = secp256k1.getPublicKey(sk, false);
    const hybrid = Uint8Array.from(uncompressed);
    hybrid[0] = 6 + (uncompressed[64]! & 1);
    const wrongHybrid = Uint8Array.from(hybrid);
    wrongHybrid[0] ^= 1;
    const keys = [secp256k1.getPublicKey(sk, true), uncompressed, hybrid];
    for (const b of backends) {
      for (const key of keys) {
        for (const sig of [der, derHighS, derLax]) {
          assert.equal(b.verifyEcdsa(msg, sig, key), true, `${b.name} #${i}`);
        }
        assert.equal(b.verifyEcdsa(otherMsg, der, key), false, `${b.name} #${i} other message`);
      }
      assert.equal(b.verifyEcdsa(msg, der, wrongHybrid), false, `${b.name} #${i} hybrid parity`);
      const otherKey = secp256k1.getPublicKey(next(rnd), true);
      assert.equal(b.verifyEcdsa(msg, der, otherKey), false, `${b.name} #${i} other key`);
    }
  }
});

/** Q = lift_x(x) + t*G computed directly with noble points: the reference for the tweak check. */
function referenceTweak(xonly: Uint8Array, tweak: Uint8Array): TweakedKey | null {
  let P: ReturnType<typeof schnorr.utils.lift_x>;
  try {
    P = schnorr.utils.lift_x(BigInt(`0x${toHex(xonly)}`));
  } catch {
    return null;
  }
  const t = BigInt(`0x${toHex(tweak)}`);
  if (t >= SECP256K1_ORDER) return null;
  const Q = t === 0n ? P : P.add(secp256k1.Point.BASE.multiply(t));
  if (Q.is0()) return null;
  const { x, y } = Q.toAffine();
  return { x: fromHex(hex32(x)), parity: y % 2n === 0n ? 0 : 1 };
}

function sameTweak(a: TweakedKey | null, b: TweakedKey | null): boolean {
  if (a === null || b === null) return a === b;
  return toHex(a.x) === toHex(b.x) && a.parity === b.parity;
}

test("x-only tweaks: every backend matches direct point arithmetic, edge cases included", (t) => {
  const backends = availableBackends();
  const rnd = stream("crypto-backends tweak");
  const cases: [string, Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < 100; i++) {
    cases.push([`random ${i}`, schnorr.getPublicKey(next(rnd)), next(rnd)]);
  }
  const d = BigInt(`0x${toHex(next(rnd))}`) % SECP256K1_ORDER;
  const dG = secp256k1.Point.BASE.multiply(d);
  const dEven = dG.toAffine().y % 2n === 0n ? d : SECP256K1_ORDER - d; // lift_x(x) = dEven*G
  const x = schnorr.getPublicKey(fromHex(hex32(d)));
  let notOnCurve = 5n;
  while (referenceTweak(fromHex(hex32(notOnCurve)), new Uint8Array(32)) !== null) notOnCurve++;
  cases.push(
    ["zero tweak", x, new Uint8Array(32)],
    ["tweak n - 1", x, fromHex(hex32(SECP256K1_ORDER - 1n))],
    ["tweak n", x, fromHex(hex32(SECP256K1_ORDER))],
    ["tweak 2^256 - 1", x, fromHex("ff".repeat(32))],
    ["result at infinity", x, fromHex(hex32(SECP256K1_ORDER - dEven))],
    ["key x = 0", new Uint8Array(32), fromHex(hex32(1n))],
    ["key off the curve", fromHex(hex32(notOnCurve)), fromHex(hex32(1n))],
    ["key x = p", fromHex(hex32(SECP256K1_FIELD_PRIME)), fromHex(hex32(1n))],
    ["key 31 bytes", x.subarray(1), fromHex(hex32(1n))],
    ["tweak 33 bytes", x, new Uint8Array(33)],
  );
  let nulls = 0;
  for (const [name, key, tweak] of cases) {
    const want = key.length === 32 && tweak.length === 32 ? referenceTweak(key, tweak) : null;
    if (want === null) nulls++;
    for (const b of backends) {
      assert.ok(sameTweak(b.xonlyTweakAdd(key, tweak), want), `${b.name}: ${name}`);
    }
  }
  assert.equal(toHex(referenceTweak(x, new Uint8Array(32))!.x), toHex(x), "zero tweak keeps P");
  assert.equal(nulls, 8, "the eight invalid edge cases give null");
  t.diagnostic(`${cases.length} tweaks compared across ${backends.length} backends`);
});

test("malformed inputs give false/null on every backend and never throw", () => {
  const backends = availableBackends();
  const sk = fromHex("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef");
  const msg = sha256(new TextEncoder().encode("malformed"));
  const der = secp256k1.sign(msg, sk, { prehash: false, format: "der" });
  const pub = secp256k1.getPublicKey(sk, true);
  const uncompressed = secp256k1.getPublicKey(sk, false);
  const sig64 = schnorr.sign(msg, sk, new Uint8Array(32));
  const xonly = schnorr.getPublicKey(sk);
  const wrongParity = Uint8Array.from(uncompressed);
  wrongParity[0] = 7 - (uncompressed[64]! & 1); // 07 for an even y, 06 for an odd y

  const ecdsa: [string, Uint8Array, Uint8Array, Uint8Array][] = [
    ["msg 0 bytes", new Uint8Array(0), der, pub],
    ["msg 31 bytes", msg.subarray(1), der, pub],
    ["msg 33 bytes", concatBytes(msg, Uint8Array.of(0)), der, pub],
    ["empty signature", msg, new Uint8Array(0), pub],
    ["signature of one byte", msg, Uint8Array.of(0x30), pub],
    ["truncated DER", msg, der.subarray(0, der.length - 1), pub],
    ["garbage signature", msg, next(stream("garbage")), pub],
    ["compact instead of DER", msg, secp256k1.sign(msg, sk, { prehash: false }), pub],
    ["r = s = 0", msg, fromHex("3006020100020100"), pub],
    ["overflowing r", msg, fromHex(`3026022100${"ff".repeat(32)}020101`), pub],
    ["empty key", msg, der, new Uint8Array(0)],
    ["x-only key", msg, der, pub.subarray(1)],
    ["34-byte key", msg, der, concatBytes(pub, Uint8Array.of(0))],
    ["64-byte key", msg, der, uncompressed.subarray(1)],
    ["prefix 05", msg, der, Uint8Array.of(5, ...uncompressed.subarray(1))],
    ["prefix ff", msg, der, Uint8Array.of(0xff, ...pub.subarray(1))],
    ["hybrid with wrong parity", msg, der, wrongParity],
    ["key x = p", msg, der, fromHex(`02${hex32(SECP256K1_FIELD_PRIME)}`)],
    ["key off the curve", msg, der, fromHex(`04${"00".repeat(64)}`)],
  ];
  const schnorrCases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
    ["msg 31 bytes", msg.subarray(1), sig64, xonly],
    ["msg 0 bytes", new Uint8Array(0), sig64, xonly],
    ["sig 63 bytes", msg, sig64.subarray(1), xonly],
    ["sig 65 bytes", msg, concatBytes(sig64, Uint8Array.of(1)), xonly],
    ["key 33 bytes", msg, sig64, pub],
    ["key 31 bytes", msg, sig64, xonly.subarray(1)],
    ["key x = p", msg, sig64, fromHex(hex32(SECP256K1_FIELD_PRIME))],
    ["key x = 0", msg, sig64, new Uint8Array(32)],
    ["s = n", msg, concatBytes(sig64.subarray(0, 32), fromHex(hex32(SECP256K1_ORDER))), xonly],
    ["r = p", msg, concatBytes(fromHex(hex32(SECP256K1_FIELD_PRIME)), sig64.subarray(32)), xonly],
    ["all zero", msg, new Uint8Array(64), xonly],
    ["all ff", msg, new Uint8Array(64).fill(0xff), xonly],
  ];
  for (const b of backends) {
    assert.equal(b.verifyEcdsa(msg, der, pub), true, `${b.name}: positive control`);
    assert.equal(b.verifySchnorr(msg, sig64, xonly), true, `${b.name}: positive control`);
    for (const [name, m, s, k] of ecdsa) {
      let got: boolean | undefined;
      assert.doesNotThrow(() => {
        got = b.verifyEcdsa(m, s, k);
      }, `${b.name} ecdsa: ${name}`);
      assert.equal(got, false, `${b.name} ecdsa: ${name}`);
    }
    for (const [name, m, s, k] of schnorrCases) {
      let got: boolean | undefined;
      assert.doesNotThrow(() => {
        got = b.verifySchnorr(m, s, k);
      }, `${b.name} schnorr: ${name}`);
      assert.equal(got, false, `${b.name} schnorr: ${name}`);
    }
  }
});

test("random corruption of signatures and keys: backends agree and never throw", (t) => {
  const backends = availableBackends();
  const rnd = stream("crypto-backends fuzz");
  const sk = next(rnd);
  const msg = next(rnd);
  const der = secp256k1.sign(msg, sk, { prehash: false, format: "der" });
  const keys = [secp256k1.getPublicKey(sk, true), secp256k1.getPublicKey(sk, false)];
  const sig64 = schnorr.sign(msg, sk, new Uint8Array(32));
  const xonly = schnorr.getPublicKey(sk);
  let accepted = 0;
  let cases = 0;
  for (let i = 0; i < 300; i++) {
    const r = next(rnd);
    const sig = Uint8Array.from(der);
    const key = Uint8Array.from(keys[i % 2]!);
    // Corrupt one or two positions; DER header bytes (tags, lengths) are hit often.
    sig[r[0]! % (i % 3 === 0 ? 8 : sig.length)] = r[1]!;
    if (i % 4 === 0) key[r[2]! % key.length] = r[3]!;
    const cut = i % 5 === 0 ? sig.subarray(0, r[4]! % sig.length) : sig;
    const ecdsaAnswers = new Set(backends.map((b) => b.verifyEcdsa(msg, cut, key)));
    assert.equal(ecdsaAnswers.size, 1, `ecdsa case ${i}: ${toHex(cut)} ${toHex(key)}`);
    if (ecdsaAnswers.has(true)) accepted++;

    const s = Uint8Array.from(sig64);
    s[r[5]! % 64] ^= r[6]! | 1;
    const k = i % 3 === 0 ? r.subarray(0, 32) : xonly;
    const schnorrAnswers = new Set(backends.map((b) => b.verifySchnorr(msg, s, k)));
    assert.deepEqual([...schnorrAnswers], [false], `schnorr case ${i}`);
    cases += 2;
  }
  t.diagnostic(`${cases} corrupted inputs, ${accepted} ECDSA corruptions still verified (lax DER)`);
});
