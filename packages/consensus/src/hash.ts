import { ripemd160 as nobleRipemd160, sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "./bytes/equal.js";
import { RIPEMD160_SHORT_MAX, ripemd160Short } from "./ripemd160-short.js";
import { SHA256_SHORT_MAX, sha256Short } from "./sha256-compress.js";

interface NodeCrypto {
  /** One-shot digest (Node >= 20.12): no Hash object per call. */
  hash?(algorithm: string, data: Uint8Array, outputEncoding: "buffer"): Uint8Array;
}

/**
 * The runtime's native digests (OpenSSL in Node.js), found without a static import so the
 * package still loads where there is none (browsers), with @noble/hashes as the fallback.
 * Native one-shot hashing is 1.5-2x faster than noble on 64-byte inputs and 10x on 5 kB
 * (docs/decisions/0003-sha256-backend.md).
 */
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => NodeCrypto | undefined } }
).process?.getBuiltinModule?.("node:crypto");

/** A native digest function for `algorithm`, or undefined when the runtime lacks it. */
function nativeDigest(algorithm: string): ((data: Uint8Array) => Uint8Array) | undefined {
  const oneShot = nodeCrypto?.hash;
  if (!oneShot) return undefined;
  const digest = (data: Uint8Array): Uint8Array => {
    const out = oneShot(algorithm, data, "buffer");
    // A plain Uint8Array view: a Buffer's slice() would alias instead of copying.
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  try {
    digest(new Uint8Array(0)); // OpenSSL builds may lack an algorithm (e.g. RIPEMD-160)
    return digest;
  } catch {
    return undefined;
  }
}

const longSha256: (data: Uint8Array) => Uint8Array = nativeDigest("sha256") ?? nobleSha256;

/**
 * SHA-256. Inputs of up to two blocks (keys, hashes, outpoints, sighash parts: most calls during
 * validation) run in JavaScript, longer ones natively.
 */
export function sha256(data: Uint8Array): Uint8Array {
  return data.length <= SHA256_SHORT_MAX ? sha256Short(data) : longSha256(data);
}

/** Double SHA-256, Bitcoin's hash for txids, block hashes and checksums. */
export function sha256d(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}

const longRipemd160: (data: Uint8Array) => Uint8Array = nativeDigest("ripemd160") ?? nobleRipemd160;

/** RIPEMD-160 (OP_RIPEMD160); one-block inputs (every HASH160) in JavaScript, longer natively. */
export function ripemd160(data: Uint8Array): Uint8Array {
  return data.length <= RIPEMD160_SHORT_MAX ? ripemd160Short(data) : longRipemd160(data);
}

/** SHA-1 (OP_SHA1). */
export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

/** RIPEMD-160 of SHA-256 (OP_HASH160, P2PKH and P2WPKH key hashes). */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

const tagPrefixes = new Map<string, Uint8Array>();

/**
 * BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data). The 64-byte prefix per tag is
 * computed once and memoized (the set of tags is small and fixed).
 */
export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  let prefix = tagPrefixes.get(tag);
  if (!prefix) {
    const t = sha256(new TextEncoder().encode(tag));
    prefix = concatBytes(t, t);
    tagPrefixes.set(tag, prefix);
  }
  return sha256(concatBytes(prefix, ...parts));
}
