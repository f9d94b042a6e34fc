// The native signature backend: libsecp256k1 through the `secp256k1` N-API addon.
import { createRequire } from "node:module";
import { dirname, sep } from "node:path";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE, numberToBytesBE } from "@noble/curves/utils.js";
import { taggedHash } from "../hash.js";
import type { SignatureBackend, TweakedKey } from "./backend.js";
import { prepareEcdsaInput } from "./ecdsa-input.js";
import { passesKnownAnswers } from "./known-answers.js";
import { isBelowOrder } from "./secp256k1-constants.js";

/** The part of the `secp256k1` package's API this backend calls (it ships no types). */
interface NativeSecp256k1 {
  ecdsaVerify(sig: Uint8Array, msg32: Uint8Array, pubkey: Uint8Array): boolean;
  publicKeyVerify(pubkey: Uint8Array): boolean;
  publicKeyCreate(seckey: Uint8Array, compressed: boolean): Uint8Array;
  publicKeyTweakAdd(pubkey: Uint8Array, tweak: Uint8Array, compressed: boolean): Uint8Array;
  publicKeyTweakMul(pubkey: Uint8Array, tweak: Uint8Array, compressed: boolean): Uint8Array;
  publicKeyCombine(pubkeys: Uint8Array[], compressed: boolean): Uint8Array;
}

function isNativeSecp256k1(value: unknown): value is NativeSecp256k1 {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.ecdsaVerify === "function" &&
    typeof m.publicKeyVerify === "function" &&
    typeof m.publicKeyCreate === "function" &&
    typeof m.publicKeyTweakAdd === "function" &&
    typeof m.publicKeyTweakMul === "function" &&
    typeof m.publicKeyCombine === "function"
  );
}

/**
 * Loads the addon itself, never the package's entry point: `secp256k1/index.js` silently falls
 * back to a pure-JS `elliptic` implementation when the addon fails to load, whereas
 * `secp256k1/bindings.js` throws. As a second check the loaded module list must hold a `.node`
 * file from inside the package, so a substitute is never reported as native.
 */
function requireNativeAddon(): NativeSecp256k1 | null {
  try {
    const require = createRequire(import.meta.url);
    const mod: unknown = require("secp256k1/bindings.js");
    if (!isNativeSecp256k1(mod)) return null;
    const packageDir = dirname(require.resolve("secp256k1/package.json")) + sep;
    const addonLoaded = Object.keys(require.cache).some(
      (file) => file.startsWith(packageDir) && file.endsWith(".node"),
    );
    return addonLoaded ? mod : null;
  } catch {
    return null;
  }
}

/** 0x02 || x: the SEC encoding of lift_x(x), the even-y point BIP340 gives an x-only key. */
function evenYKey(xonly: Uint8Array): Uint8Array {
  const out = new Uint8Array(33);
  out[0] = 2;
  out.set(xonly, 1);
  return out;
}

function isZero32(bytes: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Whether a compressed SEC point has even y and x equal to `r`, BIP340's final check. */
function hasEvenYAndX(point: Uint8Array, r: Uint8Array): boolean {
  if (point[0] !== 2) return false;
  for (let i = 0; i < 32; i++) if (point[i + 1] !== r[i]) return false;
  return true;
}

/**
 * BIP340 `Verify` composed from the addon's point operations, since it has no Schnorr API:
 * R = s*G + (n - e)*P with P = lift_x(pk), accepted iff R is finite, has even y and x(R) = r.
 * This measured 2.5x as fast as tiny-secp256k1's WASM `verifySchnorr`. Where the
 * addon refuses an argument the BIP's own rule decides: a key off the curve or >= p (parse
 * fails: false), s >= n (false), s = 0 (R = -e*P alone), e = 0 (R = s*G alone, key still
 * checked), R at infinity (the sum fails: false); an r >= p can never equal x(R).
 */
function composeVerifySchnorr(
  addon: NativeSecp256k1,
  msg32: Uint8Array,
  sig64: Uint8Array,
  xonly: Uint8Array,
): boolean {
  if (msg32.length !== 32 || sig64.length !== 64 || xonly.length !== 32) return false;
  const rBytes = sig64.subarray(0, 32);
  const sBytes = sig64.subarray(32, 64);
  if (!isBelowOrder(sBytes)) return false;
  const { Fn } = secp256k1.Point;
  const e = Fn.create(bytesToNumberBE(taggedHash("BIP0340/challenge", rBytes, xonly, msg32)));
  const P = evenYKey(xonly);
  try {
    if (e === 0n) {
      // e is a hash output, so this is unreachable in practice; kept exact all the same.
      if (!addon.publicKeyVerify(P) || isZero32(sBytes)) return false;
      return hasEvenYAndX(addon.publicKeyCreate(sBytes, true), rBytes);
    }
    const minusEP = addon.publicKeyTweakMul(P, numberToBytesBE(Fn.neg(e), 32), true);
    if (isZero32(sBytes)) return hasEvenYAndX(minusEP, rBytes);
    const R = addon.publicKeyCombine([addon.publicKeyCreate(sBytes, true), minusEP], true);
    return hasEvenYAndX(R, rBytes);
  } catch {
    return false; // key not on the curve (or >= p), or R = s*G - e*P at infinity
  }
}

/** Q = lift_x(x) + t*G with the addon's `secp256k1_ec_pubkey_tweak_add`. */
function nativeXonlyTweakAdd(
  addon: NativeSecp256k1,
  xonly: Uint8Array,
  tweak32: Uint8Array,
): TweakedKey | null {
  if (xonly.length !== 32 || tweak32.length !== 32) return null;
  try {
    const q = addon.publicKeyTweakAdd(evenYKey(xonly), tweak32, true);
    return { x: q.slice(1, 33), parity: q[0] === 3 ? 1 : 0 };
  } catch {
    return null; // key not on the curve (or >= p), tweak >= n, or Q at infinity
  }
}

/**
 * Returns the fastest backend measured on this machine: every operation in native libsecp256k1
 * through the `secp256k1` N-API addon — ECDSA with its `ecdsaVerify`, and BIP340 Schnorr and
 * x-only tweaks composed from its point operations (the addon has no Schnorr API). Null when the
 * native addon is not what got loaded (no prebuild for this platform, a failed build, the
 * package's silent pure-JS fallback) or when the backend fails `passesKnownAnswers`.
 */
export function loadNativeBackend(): SignatureBackend | null {
  const addon = requireNativeAddon();
  if (addon === null) return null;
  const backend: SignatureBackend = Object.freeze({
    name: "native-libsecp256k1",
    verifyEcdsa(msg32: Uint8Array, derSig: Uint8Array, pubkey: Uint8Array): boolean {
      const input = prepareEcdsaInput(msg32, derSig, pubkey);
      if (input === null) return false;
      try {
        return addon.ecdsaVerify(input.sig64, input.msg32, input.pubkey);
      } catch {
        return false; // the addon throws when the key is not on the curve
      }
    },
    verifySchnorr: (msg32: Uint8Array, sig64: Uint8Array, xonly: Uint8Array) =>
      composeVerifySchnorr(addon, msg32, sig64, xonly),
    xonlyTweakAdd: (xonly: Uint8Array, tweak32: Uint8Array) =>
      nativeXonlyTweakAdd(addon, xonly, tweak32),
  });
  return passesKnownAnswers(backend) ? backend : null;
}
