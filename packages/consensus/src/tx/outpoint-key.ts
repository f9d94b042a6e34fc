// String keys for maps and sets of txids and outpoints. An outpoint key is one flat string made
// by a single String.fromCharCode call (built by concatenation, a key was a rope that every map
// lookup had to flatten first, 2.5x slower key-and-get, measured); a txid key is a slice of one,
// which V8 hashes without copying and measured as fast as its own call.

/** Length of {@link txidKey}: the prefix every {@link outpointKey} of that txid starts with. */
export const TXID_KEY_LENGTH = 16;

/**
 * An outpoint's key: its {@link txidKey} followed by the 32-bit index in two code units (18 units,
 * a bijection). This runs several times for every input validated.
 */
export function outpointKey(t: Uint8Array, vout: number): string {
  return String.fromCharCode(
    t[0]! | (t[1]! << 8),
    t[2]! | (t[3]! << 8),
    t[4]! | (t[5]! << 8),
    t[6]! | (t[7]! << 8),
    t[8]! | (t[9]! << 8),
    t[10]! | (t[11]! << 8),
    t[12]! | (t[13]! << 8),
    t[14]! | (t[15]! << 8),
    t[16]! | (t[17]! << 8),
    t[18]! | (t[19]! << 8),
    t[20]! | (t[21]! << 8),
    t[22]! | (t[23]! << 8),
    t[24]! | (t[25]! << 8),
    t[26]! | (t[27]! << 8),
    t[28]! | (t[29]! << 8),
    t[30]! | (t[31]! << 8),
    vout & 0xffff,
    vout >>> 16,
  );
}

/**
 * The 32 txid bytes packed two per UTF-16 code unit (16 units, a bijection): the first
 * {@link TXID_KEY_LENGTH} units of any of its outpoint keys.
 */
export function txidKey(t: Uint8Array): string {
  return outpointKey(t, 0).slice(0, TXID_KEY_LENGTH);
}
