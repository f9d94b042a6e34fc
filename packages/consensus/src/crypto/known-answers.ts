// A load-time self-test for accelerated backends: fixed inputs with known answers.
import { bytesEqual } from "../bytes/equal.js";
import { fromHex } from "../bytes/hex.js";
import type { SignatureBackend } from "./backend.js";

// Key and message of BIP340 test vector 1; the ECDSA signature is RFC6979 over that message.
const MSG = "243f6a8885a308d313198a2e03707344a4093822299f31d0082efa98ec4e6c89";
const PUBKEY = "02dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659";
const ECDSA_DER =
  "3045022100b205a970e2fed06001bcd3864ce7a2c63291b531525d693dc2deeb92c91627de" +
  "02205c0cccd156282e5a477cd3541e210f4eb65eb3549b9f63725f92432f084dfed0";
const SCHNORR_SIG =
  "6896bd60eeae296db48a229ff71dfe071bde413e6d43f917dc8dcf8c78de3341" +
  "8906d11ac976abccb20b091292bff4ea897efcb639ea871cfa95f6de339e4b0a";
// x-only key of vector 1 tweaked by MSG (cross-checked against noble in the tests).
const TWEAKED_X = "7a547e7e8a16198b600e9b1605b653224a8652f0179a28877e475f83fcce3aa3";

/**
 * Runs a backend on fixed inputs with known answers (a valid and a tampered ECDSA signature, the
 * same for BIP340 vector 1, and one x-only tweak) and reports whether every answer was right.
 * Loaders call it once so that a module that loads but computes wrongly (a broken build, a
 * silent substitute) is never handed to consensus code.
 */
export function passesKnownAnswers(backend: SignatureBackend): boolean {
  try {
    const msg = fromHex(MSG);
    const pubkey = fromHex(PUBKEY);
    const xonly = pubkey.subarray(1);
    const tampered = Uint8Array.from(msg);
    tampered[31] ^= 1;
    const der = fromHex(ECDSA_DER);
    const sig64 = fromHex(SCHNORR_SIG);
    const tweaked = backend.xonlyTweakAdd(xonly, msg);
    return (
      backend.verifyEcdsa(msg, der, pubkey) &&
      !backend.verifyEcdsa(tampered, der, pubkey) &&
      backend.verifySchnorr(msg, sig64, xonly) &&
      !backend.verifySchnorr(tampered, sig64, xonly) &&
      tweaked !== null &&
      tweaked.parity === 0 &&
      bytesEqual(tweaked.x, fromHex(TWEAKED_X))
    );
  } catch {
    return false;
  }
}
