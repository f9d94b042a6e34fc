import { ripemd160 as nobleRipemd160, sha1 as nobleSha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

/** SHA-256. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** Double SHA-256, Bitcoin's hash for txids, block hashes and checksums. */
export function sha256d(data: Uint8Array): Uint8Array {
  return nobleSha256(nobleSha256(data));
}

/** RIPEMD-160 (OP_RIPEMD160). */
export function ripemd160(data: Uint8Array): Uint8Array {
  return nobleRipemd160(data);
}

/** SHA-1 (OP_SHA1). */
export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

/** RIPEMD-160 of SHA-256 (OP_HASH160, P2PKH and P2WPKH key hashes). */
export function hash160(data: Uint8Array): Uint8Array {
  return nobleRipemd160(nobleSha256(data));
}

const tagPrefixes = new Map<string, Uint8Array>();

/**
 * BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data). The 64-byte prefix per tag is
 * computed once and cached (the set of tags is small and fixed).
 */
export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  let prefix = tagPrefixes.get(tag);
  if (!prefix) {
    const t = nobleSha256(new TextEncoder().encode(tag));
    prefix = new Uint8Array(64);
    prefix.set(t, 0);
    prefix.set(t, 32);
    tagPrefixes.set(tag, prefix);
  }
  const h = nobleSha256.create();
  h.update(prefix);
  for (const p of parts) h.update(p);
  return h.digest();
}
