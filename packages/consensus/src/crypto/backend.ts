/** The result of tweaking an x-only public key: the output key's x coordinate and y parity. */
export interface TweakedKey {
  readonly x: Uint8Array;
  readonly parity: 0 | 1;
}

/**
 * The secp256k1 operations consensus needs, behind one small interface so that a pure
 * TypeScript backend and accelerated (native or WASM libsecp256k1) backends are interchangeable.
 * Every method returns false/null on malformed input instead of throwing.
 */
export interface SignatureBackend {
  /** Short identifier printed by benchmarks and logs, e.g. `noble`, `native-libsecp256k1`. */
  readonly name: string;
  /**
   * Verifies an ECDSA signature as Core's CPubKey::Verify: `derSig` (no sighash byte) parsed
   * with libsecp256k1's lax DER parser, S normalized to its low form, `pubkey` a 33-byte
   * compressed, 65-byte uncompressed or 65-byte hybrid SEC key.
   */
  verifyEcdsa(msg32: Uint8Array, derSig: Uint8Array, pubkey: Uint8Array): boolean;
  /** Verifies a 64-byte BIP340 Schnorr signature against a 32-byte x-only key. */
  verifySchnorr(msg32: Uint8Array, sig64: Uint8Array, xonlyPubkey: Uint8Array): boolean;
  /**
   * Computes Q = P + t·G for the x-only key P (even y) and 32-byte tweak t, as BIP341's taproot
   * commitment check needs. Null when P is not on the curve, t >= n, or Q is infinity.
   */
  xonlyTweakAdd(xonlyPubkey: Uint8Array, tweak32: Uint8Array): TweakedKey | null;
}
