// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996) of messages that pad into one 64-byte block:
// every HASH160 of a public key (33 or 65 bytes hashed by SHA-256 first, so 32 bytes here) runs
// it, and a call into native code costs more than these 160 steps (docs/decisions/0003).
// Longer messages go to the runtime's implementation (hash.ts). Checked against node:crypto
// and @noble/hashes for every length it accepts (hash.test.ts).

/** The longest message that fits one padded block (64 - 1 - 8 bytes). */
export const RIPEMD160_SHORT_MAX = 55;

// Message word order, left and right lines, steps 0..79.
const RL = Uint8Array.from([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2,
  14, 11, 8, 3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12, 1, 9, 11, 10, 0, 8, 12, 4, 13, 3,
  7, 15, 14, 5, 6, 2, 4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
]);
const RR = Uint8Array.from([
  5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4,
  9, 1, 2, 15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13, 8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2,
  13, 9, 7, 10, 14, 12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
]);
// Rotation amounts, left and right lines.
const SL = Uint8Array.from([
  11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8, 7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9,
  11, 7, 13, 12, 11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5, 11, 12, 14, 15, 14, 15, 9,
  8, 9, 14, 5, 6, 8, 6, 5, 12, 9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
]);
const SR = Uint8Array.from([
  8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6, 9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7,
  6, 15, 13, 11, 9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5, 15, 5, 8, 11, 14, 14, 6,
  14, 6, 9, 12, 9, 12, 5, 15, 8, 8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
]);
const KL = Int32Array.from([0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e]);
const KR = Int32Array.from([0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000]);

/** The round function of group `g` (0..4). */
function f(g: number, x: number, y: number, z: number): number {
  switch (g) {
    case 0:
      return x ^ y ^ z;
    case 1:
      return (x & y) | (~x & z);
    case 2:
      return (x | ~y) ^ z;
    case 3:
      return (x & z) | (y & ~z);
    default:
      return x ^ (y | ~z);
  }
}

const X = new Int32Array(16);
const block = new Uint8Array(64);

/** RIPEMD-160 of at most {@link RIPEMD160_SHORT_MAX} bytes, into a new 20-byte array. */
export function ripemd160Short(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n > RIPEMD160_SHORT_MAX) throw new RangeError(`ripemd160Short: ${n} bytes is over the limit`);
  block.fill(0);
  block.set(data);
  block[n] = 0x80;
  const bits = n * 8; // the 64-bit little-endian length; its high word stays zero
  block[56] = bits;
  block[57] = bits >>> 8;
  for (let i = 0; i < 16; i++) {
    const p = i * 4;
    X[i] = block[p]! | (block[p + 1]! << 8) | (block[p + 2]! << 16) | (block[p + 3]! << 24);
  }
  const h0 = 0x67452301;
  const h1 = 0xefcdab89 | 0;
  const h2 = 0x98badcfe | 0;
  const h3 = 0x10325476;
  const h4 = 0xc3d2e1f0 | 0;
  let al = h0;
  let bl = h1;
  let cl = h2;
  let dl = h3;
  let el = h4;
  let ar = h0;
  let br = h1;
  let cr = h2;
  let dr = h3;
  let er = h4;
  for (let j = 0; j < 80; j++) {
    const g = j >> 4;
    let t = (al + f(g, bl, cl, dl) + X[RL[j]!]! + KL[g]!) | 0;
    let s = SL[j]!;
    t = (((t << s) | (t >>> (32 - s))) + el) | 0;
    al = el;
    el = dl;
    dl = (cl << 10) | (cl >>> 22);
    cl = bl;
    bl = t;
    t = (ar + f(4 - g, br, cr, dr) + X[RR[j]!]! + KR[g]!) | 0;
    s = SR[j]!;
    t = (((t << s) | (t >>> (32 - s))) + er) | 0;
    ar = er;
    er = dr;
    dr = (cr << 10) | (cr >>> 22);
    cr = br;
    br = t;
  }
  const out = new Uint8Array(20);
  const words = [
    (h1 + cl + dr) | 0,
    (h2 + dl + er) | 0,
    (h3 + el + ar) | 0,
    (h4 + al + br) | 0,
    (h0 + bl + cr) | 0,
  ];
  for (let i = 0; i < 5; i++) {
    const v = words[i]!;
    out[i * 4] = v;
    out[i * 4 + 1] = v >>> 8;
    out[i * 4 + 2] = v >>> 16;
    out[i * 4 + 3] = v >>> 24;
  }
  return out;
}
