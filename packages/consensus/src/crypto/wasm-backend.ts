// The WebAssembly signature backend: libsecp256k1 compiled to WASM (tiny-secp256k1).
import { createRequire } from "node:module";
import type { SignatureBackend, TweakedKey } from "./backend.js";
import { prepareEcdsaInput } from "./ecdsa-input.js";
import { passesKnownAnswers } from "./known-answers.js";
import { nobleBackend } from "./noble-backend.js";
import { isBelowOrder } from "./secp256k1-constants.js";

/** The part of tiny-secp256k1's API this backend calls (typed here: it is loaded by `require`). */
interface TinySecp256k1 {
  verify(h: Uint8Array, Q: Uint8Array, signature: Uint8Array, strict?: boolean): boolean;
  verifySchnorr(h: Uint8Array, Q: Uint8Array, signature: Uint8Array): boolean;
  xOnlyPointAddTweak(
    p: Uint8Array,
    tweak: Uint8Array,
  ): { parity: 0 | 1; xOnlyPubkey: Uint8Array } | null;
}

function isTinySecp256k1(value: unknown): value is TinySecp256k1 {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.verify === "function" &&
    typeof m.verifySchnorr === "function" &&
    typeof m.xOnlyPointAddTweak === "function"
  );
}

/**
 * Loads tiny-secp256k1 through its CommonJS entry; null when it is missing or WebAssembly cannot
 * instantiate it. Loading reads the .wasm file, so it happens only when asked for, never on import.
 */
function loadTinySecp256k1(): TinySecp256k1 | null {
  try {
    const mod: unknown = createRequire(import.meta.url)("tiny-secp256k1");
    return isTinySecp256k1(mod) ? mod : null;
  } catch {
    return null;
  }
}

function makeWasmBackend(tiny: TinySecp256k1): SignatureBackend {
  return Object.freeze({
    name: "wasm-libsecp256k1",
    verifyEcdsa(msg32: Uint8Array, derSig: Uint8Array, pubkey: Uint8Array): boolean {
      const input = prepareEcdsaInput(msg32, derSig, pubkey);
      if (input === null) return false;
      try {
        return tiny.verify(input.msg32, input.pubkey, input.sig64);
      } catch {
        return false; // tiny throws for keys that are not on the curve
      }
    },
    verifySchnorr(msg32: Uint8Array, sig64: Uint8Array, xonly: Uint8Array): boolean {
      if (msg32.length !== 32 || sig64.length !== 64 || xonly.length !== 32) return false;
      // tiny's argument check wrongly demands r < n; n <= r < p is a valid R.x under BIP340.
      if (!isBelowOrder(sig64, 0)) return nobleBackend.verifySchnorr(msg32, sig64, xonly);
      try {
        return tiny.verifySchnorr(msg32, xonly, sig64);
      } catch {
        return false; // tiny throws for s >= n and for keys that are not on the curve
      }
    },
    xonlyTweakAdd(xonly: Uint8Array, tweak32: Uint8Array): TweakedKey | null {
      if (xonly.length !== 32 || tweak32.length !== 32) return null;
      try {
        const out = tiny.xOnlyPointAddTweak(xonly, tweak32);
        return out === null ? null : { x: out.xOnlyPubkey, parity: out.parity };
      } catch {
        return null; // tiny throws for a tweak >= n and for keys that are not on the curve
      }
    },
  });
}

/**
 * Returns a backend running all three operations in libsecp256k1 compiled to WebAssembly
 * (tiny-secp256k1), or null when that module cannot be loaded or fails `passesKnownAnswers`.
 * ECDSA goes through the same `CPubKey::Verify` preparation as every backend (lax DER, low-S
 * normalization, hybrid keys rewritten); tiny's exceptions on malformed input become false/null.
 * It is the fallback where the native addon does not load (no prebuild for the platform).
 */
export function loadWasmBackend(): SignatureBackend | null {
  const tiny = loadTinySecp256k1();
  if (tiny === null) return null;
  const backend = makeWasmBackend(tiny);
  return passesKnownAnswers(backend) ? backend : null;
}
