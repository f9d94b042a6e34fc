// Chooses the signature backend consensus code uses when the caller does not pick one.
import type { SignatureBackend } from "./backend.js";
import { loadNativeBackend } from "./native-backend.js";
import { nobleBackend } from "./noble-backend.js";
import { loadWasmBackend } from "./wasm-backend.js";

/**
 * Memoizes the choice in a closure: it is made once, on first use, and nothing outside can read
 * or replace it, so every caller in a process sees the same backend. Loading stops at the first
 * backend that works, so a machine with the native addon never instantiates the WASM module.
 */
const chosenBackend: () => SignatureBackend = (() => {
  let chosen: SignatureBackend | undefined;
  return () => {
    chosen ??= loadNativeBackend() ?? loadWasmBackend() ?? nobleBackend;
    return chosen;
  };
})();

/**
 * Returns the fastest signature backend available here: native libsecp256k1 (`secp256k1` N-API
 * addon) if it loads, else libsecp256k1 compiled to WebAssembly (tiny-secp256k1), else pure
 * TypeScript (noble). On the reference machine (docs/decisions/0001-signature-backend.md) native
 * verified ECDSA about 4x faster than WASM and 28x faster than noble, and Schnorr about 2.5x and
 * 20x faster; ECDSA dominates historical block validation and Schnorr grows with taproot
 * use, so the order is the same for both. The choice changes speed, never answers: every
 * backend shares the `CPubKey::Verify` input preparation, the vector suites run against each, and
 * an accelerated backend is only used after it passes a known-answer self-test at load. The
 * first call loads the module (file I/O); the result is memoized for the life of the process.
 */
export function defaultSignatureBackend(): SignatureBackend {
  return chosenBackend();
}
