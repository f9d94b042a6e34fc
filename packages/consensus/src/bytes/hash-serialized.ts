import { ByteWriter } from "./writer.js";

/** Scratch buffers above this size are dropped after use rather than kept for the next call. */
const KEEP_LIMIT = 1 << 20;

let scratch = new ByteWriter(4096);
let busy = false;

/**
 * Hashes what `write` serializes, in a shared scratch writer: validation hashes many short-lived
 * serializations (txids, signature-hash preimages and parts), and a typed array allocated for
 * each one was a measurable share of block validation. `write` may itself hash serializations
 * (a nested call uses a fresh writer), and the digest is always a new array.
 */
export function hashSerialized(
  write: (w: ByteWriter) => void,
  hash: (bytes: Uint8Array) => Uint8Array,
): Uint8Array {
  if (busy) {
    const w = new ByteWriter();
    write(w);
    return hash(w.finish());
  }
  busy = true;
  try {
    scratch.reset();
    write(scratch);
    return hash(scratch.finish());
  } finally {
    if (scratch.length > KEEP_LIMIT) scratch = new ByteWriter(4096);
    busy = false;
  }
}
