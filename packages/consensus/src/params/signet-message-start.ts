// The P2P message start of a signet, derived from its block challenge.
import { ByteWriter } from "../bytes/writer.js";
import { sha256d } from "../hash.js";

/**
 * The message start (magic) bytes of a signet with this challenge: the first four bytes of
 * SHA256d(CompactSize(len) || challenge), as Core's SigNetParams derives them, so that signets
 * with different challenges never accept each other's peers.
 */
export function signetMessageStart(challenge: Uint8Array): Uint8Array {
  const w = new ByteWriter(challenge.length + 9);
  w.varBytes(challenge);
  return sha256d(w.finish()).slice(0, 4);
}
