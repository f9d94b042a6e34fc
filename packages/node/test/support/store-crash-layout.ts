// Key layout shared by the crash test and its child writer (store-crash-writer.ts).

/** Key of the i-th data key. */
export function crashKey(i: number): Uint8Array {
  return Uint8Array.of(0x4b, i >> 8, i & 0xff);
}

/** Marker key holding the number of the last batch. */
export const CRASH_MARKER = Uint8Array.of(0x4d);

/** Key present exactly when the last batch number is even. */
export const CRASH_PARITY = Uint8Array.of(0x50);

/** The 64-byte value every data key holds after batch n: n (u32 LE) repeated. */
export function crashValue(n: number): Uint8Array {
  const out = new Uint8Array(64);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 64; i += 4) view.setUint32(i, n, true);
  return out;
}

/** Decodes the marker value (u32 LE). */
export function readMarker(value: Uint8Array): number {
  return new DataView(value.buffer, value.byteOffset, value.byteLength).getUint32(0, true);
}
