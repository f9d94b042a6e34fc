// The bodies bitcoind's ZMQ notifiers publish (Core's zmqpublishnotifier.cpp).

/** The `sequence` topic's labels: block (C)onnect/(D)isconnect, mempool (A)cceptance/(R)emoval. */
export type ZmqSequenceLabel = "C" | "D" | "A" | "R";

/** A 32-byte hash turned from internal order to display order, as every ZMQ hash is sent. */
export function displayOrder(hash: Uint8Array): Uint8Array {
  return hash.slice().reverse();
}

/** The 4-byte little-endian message counter each notifier appends as the third frame. */
export function encodeSequenceNumber(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

/**
 * A `sequence` body: the hash in display order, the label, and for `A` and `R` the mempool
 * sequence as 8 bytes little-endian (Core's SendSequenceMsg).
 */
export function encodeSequenceBody(
  hash: Uint8Array,
  label: ZmqSequenceLabel,
  mempoolSequence?: bigint,
): Uint8Array {
  const out = new Uint8Array(mempoolSequence === undefined ? 33 : 41);
  out.set(displayOrder(hash));
  out[32] = label.charCodeAt(0);
  if (mempoolSequence !== undefined) {
    new DataView(out.buffer).setBigUint64(33, BigInt.asUintN(64, mempoolSequence), true);
  }
  return out;
}
