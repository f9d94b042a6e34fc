// The pure TypeScript signature backend, built on @noble/curves; available everywhere.
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { taggedHash } from "../hash.js";
import type { SignatureBackend, TweakedKey } from "./backend.js";
import { prepareEcdsaInput } from "./ecdsa-input.js";
import { SECP256K1_FIELD_PRIME, SECP256K1_ORDER } from "./secp256k1-constants.js";

const { Point } = secp256k1;

function nobleVerifyEcdsa(msg32: Uint8Array, derSig: Uint8Array, pubkey: Uint8Array): boolean {
  const input = prepareEcdsaInput(msg32, derSig, pubkey);
  if (input === null) return false;
  try {
    // The message is already the sighash (no prehash); S is already low.
    return secp256k1.verify(input.sig64, input.msg32, input.pubkey, {
      prehash: false,
      lowS: true,
      format: "compact",
    });
  } catch {
    return false;
  }
}

/**
 * BIP340 `Verify` written out on noble's point arithmetic rather than calling `schnorr.verify`,
 * because noble deliberately rejects s = 0, which BIP340 and libsecp256k1 do not: consensus must
 * follow the BIP even where a stricter rule is harmless in practice.
 */
function nobleVerifySchnorr(msg32: Uint8Array, sig64: Uint8Array, xonly: Uint8Array): boolean {
  if (msg32.length !== 32 || sig64.length !== 64 || xonly.length !== 32) return false;
  try {
    const P = schnorr.utils.lift_x(bytesToNumberBE(xonly)); // throws unless x < p is on the curve
    const rBytes = sig64.subarray(0, 32);
    const r = bytesToNumberBE(rBytes);
    const s = bytesToNumberBE(sig64.subarray(32, 64));
    if (r >= SECP256K1_FIELD_PRIME || s >= SECP256K1_ORDER) return false;
    const e = Point.Fn.create(
      bytesToNumberBE(taggedHash("BIP0340/challenge", rBytes, xonly, msg32)),
    );
    // R = s*G - e*P
    const R = Point.BASE.mulAddUnsafe(s, P, Point.Fn.neg(e));
    if (R.is0()) return false;
    const { x, y } = R.toAffine();
    return (y & 1n) === 0n && x === r;
  } catch {
    return false;
  }
}

function nobleXonlyTweakAdd(xonly: Uint8Array, tweak32: Uint8Array): TweakedKey | null {
  if (xonly.length !== 32 || tweak32.length !== 32) return null;
  try {
    const P = schnorr.utils.lift_x(bytesToNumberBE(xonly));
    const t = bytesToNumberBE(tweak32);
    if (t >= SECP256K1_ORDER) return null;
    // The tweak is public (a hash of the key and script tree), so variable time is fine.
    const Q = P.add(Point.BASE.multiplyUnsafe(t));
    if (Q.is0()) return null;
    const { x, y } = Q.toAffine();
    return { x: numberToBytesBE(x, 32), parity: (y & 1n) === 0n ? 0 : 1 };
  } catch {
    return null;
  }
}

/**
 * The pure TypeScript backend (@noble/curves): slowest, but needs no native code or WebAssembly,
 * so it is the fallback every other backend is checked against and falls back to.
 */
export const nobleBackend: SignatureBackend = Object.freeze({
  name: "noble",
  verifyEcdsa: nobleVerifyEcdsa,
  verifySchnorr: nobleVerifySchnorr,
  xonlyTweakAdd: nobleXonlyTweakAdd,
});
