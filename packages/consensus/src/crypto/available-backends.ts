// Every signature backend this package ships, loaded in order of preference.
import type { SignatureBackend } from "./backend.js";
import { loadNativeBackend } from "./native-backend.js";
import { nobleBackend } from "./noble-backend.js";
import { loadWasmBackend } from "./wasm-backend.js";

/** The backends this package ships, fastest first. */
export type SignatureBackendKind = "native-libsecp256k1" | "wasm-libsecp256k1" | "noble";

/** One shipped backend and whether it loaded here (null: unavailable on this machine). */
export interface SignatureBackendAvailability {
  readonly kind: SignatureBackendKind;
  readonly backend: SignatureBackend | null;
}

/**
 * Tries to load every backend this package ships, in order of preference (native, WASM, noble),
 * for benchmarks, tests and a node's choice of backend. Native and WASM come back null where
 * their module cannot be loaded or fails its known-answer self-test; noble is always present.
 * Each call loads afresh (modules themselves are cached by Node), so this reads files.
 */
export function loadSignatureBackends(): SignatureBackendAvailability[] {
  return [
    { kind: "native-libsecp256k1", backend: loadNativeBackend() },
    { kind: "wasm-libsecp256k1", backend: loadWasmBackend() },
    { kind: "noble", backend: nobleBackend },
  ];
}
