// The SHA-256 compression function (FIPS 180-4 section 6.2.2) on 32-bit words, with no
// allocation. Two users: short messages (hash.ts hashes inputs of at most two blocks here,
// where a native call costs more than the rounds), and the miner, whose nonce kernel
// specialises these same rounds.

/** The SHA-256 round constants K0..K63 (FIPS 180-4 section 4.2.2). */
export const SHA256_K: Int32Array = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The SHA-256 initial hash value H(0) (FIPS 180-4 section 5.3.3). */
export const SHA256_IV: Int32Array = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Σ1 of FIPS 180-4 (rotations by 6, 11, 25). */
export function bigSigma1(e: number): number {
  return ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
}

/** Σ0 of FIPS 180-4 (rotations by 2, 13, 22). */
export function bigSigma0(a: number): number {
  return ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
}

/**
 * Runs rounds `from` .. `to - 1` of SHA-256 on the working registers `regs` (a..h, updated in
 * place) with message-schedule words `w`, expanding words 16 and up into `w` as the rounds
 * reach them (FIPS 180-4 section 6.2.2; one loop, about 15 % faster than expanding first). The
 * compression function runs all 64; the nonce kernel's setup runs the first three, which do not
 * involve the nonce.
 */
export function sha256Rounds(regs: Int32Array, w: Int32Array, from: number, to: number): void {
  let a = regs[0]!;
  let b = regs[1]!;
  let c = regs[2]!;
  let d = regs[3]!;
  let e = regs[4]!;
  let f = regs[5]!;
  let g = regs[6]!;
  let h = regs[7]!;
  for (let t = from; t < to; t++) {
    let wt: number;
    if (t < 16) {
      wt = w[t]!;
    } else {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      wt = (s1 + w[t - 7]! + s0 + w[t - 16]!) | 0;
      w[t] = wt;
    }
    const t1 = (h + bigSigma1(e) + (g ^ (e & (f ^ g))) + SHA256_K[t]! + wt) | 0;
    const t2 = (bigSigma0(a) + ((a & b) | (c & (a | b)))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  regs[0] = a;
  regs[1] = b;
  regs[2] = c;
  regs[3] = d;
  regs[4] = e;
  regs[5] = f;
  regs[6] = g;
  regs[7] = h;
}

const registers = new Int32Array(8);

/**
 * Runs the SHA-256 compression function: `state` (8 words) absorbs one 64-byte block given as
 * 16 big-endian words in `w[0..15]`. `w` must have room for 64 words (the schedule is expanded
 * into it), so callers that hash in a loop allocate nothing.
 */
export function sha256Compress(state: Int32Array, w: Int32Array): void {
  registers.set(state);
  sha256Rounds(registers, w, 0, 64);
  for (let i = 0; i < 8; i++) state[i] = (state[i]! + registers[i]!) | 0;
}

/** Reads big-endian 32-bit words from `bytes` into `out` (the byte-to-word step of SHA-256). */
export function readWordsBE(bytes: Uint8Array, out: Int32Array, count: number, offset = 0): void {
  for (let i = 0; i < count; i++) {
    const p = offset + i * 4;
    out[i] = (bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!;
  }
}

/** Writes `words` as big-endian bytes (how SHA-256 serialises its state into a digest). */
export function writeWordsBE(words: ArrayLike<number>, out: Uint8Array, offset = 0): void {
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!;
    const p = offset + i * 4;
    out[p] = v >>> 24;
    out[p + 1] = v >>> 16;
    out[p + 2] = v >>> 8;
    out[p + 3] = v;
  }
}

/** The longest message that pads into two blocks: shorter inputs are hashed in JavaScript. */
export const SHA256_SHORT_MAX = 119;

const shortState = new Int32Array(8);
const shortSchedule = new Int32Array(64);
const shortTail = new Uint8Array(128);

/**
 * SHA-256 of a message of at most {@link SHA256_SHORT_MAX} bytes (one or two blocks after
 * padding), into a new 32-byte array. At this size the rounds cost less than a call into
 * native code (docs/decisions/0003-sha256-backend.md).
 */
export function sha256Short(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n > SHA256_SHORT_MAX) throw new RangeError(`sha256Short: ${n} bytes is over the limit`);
  const blocks = n + 9 > 64 ? 2 : 1;
  const end = blocks * 64;
  shortTail.fill(0, 0, end);
  shortTail.set(data);
  shortTail[n] = 0x80;
  const bits = n * 8; // < 2^32: the length's high word stays zero
  shortTail[end - 4] = bits >>> 24;
  shortTail[end - 3] = bits >>> 16;
  shortTail[end - 2] = bits >>> 8;
  shortTail[end - 1] = bits;
  shortState.set(SHA256_IV);
  for (let b = 0; b < blocks; b++) {
    readWordsBE(shortTail, shortSchedule, 16, b * 64);
    sha256Compress(shortState, shortSchedule);
  }
  const out = new Uint8Array(32);
  writeWordsBE(shortState, out);
  return out;
}
