/**
 * A compact string key for an outpoint, for maps and sets of outpoints without hex encoding:
 * the 32 txid bytes packed two per UTF-16 code unit (16 units, a bijection), then the index.
 * Twice as fast as one character per byte; this runs several times for every input validated.
 */
export function outpointKey(txid: Uint8Array, vout: number): string {
  let key = "";
  for (let i = 0; i < 32; i += 4) {
    key += String.fromCharCode(txid[i]! | (txid[i + 1]! << 8), txid[i + 2]! | (txid[i + 3]! << 8));
  }
  return key + vout;
}
