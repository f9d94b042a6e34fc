// The proof-of-work search: SHA256d of an 80-byte header for many nonces, reusing everything
// that does not depend on the nonce.
//
// A header is 80 bytes, so the first SHA-256 takes two 64-byte blocks. The first block (version,
// previous hash, 28 bytes of the merkle root) never changes while the nonce does: its output
// (the midstate) is computed once per header. The second block is the header's last 16 bytes
// plus fixed padding; of its 16 words only word 3 (the nonce) varies, so rounds 0..2 and every
// schedule term without the nonce are computed once per scan (here and in the hoisted prologue
// of the generated kernel). The second SHA-256 hashes the 32-byte digest (one block with fixed
// padding); the kernel stops it after round 60, when the register that becomes the last state
// word is known: that word holds the hash's top 32 bits, so almost every nonce is rejected
// without the last three rounds, and the rare candidate is settled here on the full hash.

import {
  bigSigma0,
  bigSigma1,
  readWordsBE,
  SHA256_IV,
  SHA256_K,
  sha256Compress,
  sha256Rounds,
  writeWordsBE,
} from "@hashforge/consensus";
import { checkInteger, MinerError } from "./miner-error.js";
import { sha256dKernel } from "./sha256d-kernel.generated.js";

/** The nonce-independent part of a header: what the kernel needs to scan nonces. */
export interface MiningWork {
  /** SHA-256 state after the header's first 64 bytes (8 words), see {@link midstate}. */
  readonly midstate: Uint32Array;
  /** Header bytes 64..75: the merkle root's last 4 bytes, time and bits. */
  readonly tail: Uint8Array;
}

/** A nonce that met the target, with the header hash it gives (internal byte order). */
export interface NonceHit {
  readonly nonce: number;
  readonly hash: Uint8Array;
}

/** Size of the kernel context ({@link sha256dKernel}'s first argument), in words. */
export const KERNEL_CTX_SIZE = 21;

/** Number of distinct 32-bit nonces. */
export const NONCE_SPACE = 0x1_0000_0000;

const UINT256_MAX = (1n << 256n) - 1n;

/**
 * Computes the SHA-256 midstate of a header: the state after compressing its first 64 bytes.
 * Pass `header80.subarray(0, 64)`; the result is the chaining value the second block starts from.
 */
export function midstate(first64: Uint8Array): Uint32Array {
  if (!(first64 instanceof Uint8Array) || first64.length !== 64) {
    throw new MinerError("invalid-argument", "midstate: needs exactly the header's first 64 bytes");
  }
  const state = Int32Array.from(SHA256_IV);
  const w = new Int32Array(64);
  readWordsBE(first64, w, 16);
  sha256Compress(state, w);
  return new Uint32Array(state.buffer);
}

/** Splits an 80-byte header into the {@link MiningWork} the kernel scans (its nonce is ignored). */
export function workFromHeader(header80: Uint8Array): MiningWork {
  checkHeader80(header80);
  return { midstate: midstate(header80.subarray(0, 64)), tail: header80.slice(64, 76) };
}

/** Throws `invalid-argument` unless `header` is an 80-byte Uint8Array. */
export function checkHeader80(header: unknown): asserts header is Uint8Array {
  if (!(header instanceof Uint8Array) || header.length !== 80) {
    const got = header instanceof Uint8Array ? `${header.length} bytes` : typeof header;
    throw new MinerError("invalid-argument", `header: must be 80 bytes (got ${got})`);
  }
}

/**
 * Converts a 256-bit target into 8 words, least significant first (word 7 holds the top 32
 * bits), the form {@link scanNonces} compares against. Throws unless 0 <= target < 2^256.
 */
export function targetToWords(target: bigint): Uint32Array {
  if (typeof target !== "bigint" || target < 0n || target > UINT256_MAX) {
    throw new MinerError("invalid-argument", "target: must be a bigint from 0 to 2^256-1");
  }
  const words = new Uint32Array(8);
  for (let i = 0; i < 8; i++) words[i] = Number((target >> BigInt(32 * i)) & 0xffffffffn);
  return words;
}

// Scratch space shared by every call: scanning is synchronous, so one set per thread suffices and
// the nonce loop allocates nothing.
const ctx = new Int32Array(KERNEL_CTX_SIZE);
const schedule = new Int32Array(64);
const state = new Int32Array(8);
const targetScratch = new Uint32Array(8);
/** Longest run handed to the kernel in one call, so its counter stays a small integer. */
const KERNEL_CHUNK = 0x4000_0000;

/**
 * Fills the kernel context for `work`: the midstate, the registers after rounds 0..2 of the
 * second block (they do not involve the nonce) with the nonce-free parts of round 3, and the
 * block's first three words. Layout: [0..7] midstate, [8..15] registers a..h after round 2,
 * [16] round 3's T1 without the nonce word, [17] round 3's T2, [18..20] words 0..2.
 */
function prepareContext(work: MiningWork): void {
  for (let i = 0; i < 8; i++) ctx[i] = work.midstate[i]! | 0;
  readWordsBE(work.tail, schedule, 3);
  const regs = ctx.subarray(8, 16);
  regs.set(ctx.subarray(0, 8));
  sha256Rounds(regs, schedule, 0, 3);
  const [a, b, c, e, f, g, h] = [
    regs[0]!,
    regs[1]!,
    regs[2]!,
    regs[4]!,
    regs[5]!,
    regs[6]!,
    regs[7]!,
  ];
  ctx[16] = (h + bigSigma1(e) + (g ^ (e & (f ^ g))) + SHA256_K[3]!) | 0;
  ctx[17] = (bigSigma0(a) + ((a & b) | (c & (a | b)))) | 0;
  ctx[18] = schedule[0]!;
  ctx[19] = schedule[1]!;
  ctx[20] = schedule[2]!;
}

/**
 * Computes the header hash (SHA256d, internal byte order) for `work` with `nonce`, the plain
 * way: two compressions for the first hash, one for the second. Used to confirm kernel
 * candidates; `out` receives the 32 bytes.
 */
export function hashWork(work: MiningWork, nonce: number, out = new Uint8Array(32)): Uint8Array {
  checkWork(work);
  checkInteger("nonce", nonce, 0, NONCE_SPACE - 1);
  for (let i = 0; i < 8; i++) state[i] = work.midstate[i]! | 0;
  readWordsBE(work.tail, schedule, 3);
  schedule[3] = bswap(nonce);
  schedule[4] = 0x80000000 | 0;
  schedule.fill(0, 5, 15);
  schedule[15] = 640; // 80 bytes, in bits
  sha256Compress(state, schedule);
  schedule.set(state);
  schedule[8] = 0x80000000 | 0;
  schedule.fill(0, 9, 15);
  schedule[15] = 256; // 32 bytes, in bits
  state.set(SHA256_IV);
  sha256Compress(state, schedule);
  writeWordsBE(state, out);
  return out;
}

/** True when `hash` (internal byte order) read as a little-endian number is <= the target. */
function hashMeetsTarget(hash: Uint8Array, tw: Uint32Array): boolean {
  for (let i = 7; i >= 0; i--) {
    const p = i * 4;
    const hv = (hash[p]! | (hash[p + 1]! << 8) | (hash[p + 2]! << 16) | (hash[p + 3]! << 24)) >>> 0;
    const tv = tw[i]!;
    if (hv !== tv) return hv < tv;
  }
  return true;
}

/**
 * Finds the first nonce in [startNonce, startNonce + count) whose header hash, read as a
 * little-endian 256-bit number, is at or below `target` (Core's CheckProofOfWork comparison;
 * the target is a bigint or the words from {@link targetToWords}). Returns the nonce and the
 * hash (internal byte order), or null when no nonce in the range qualifies. Allocates only on
 * a hit.
 */
export function scanNonces(
  work: MiningWork,
  target: bigint | Uint32Array,
  startNonce: number,
  count: number,
): NonceHit | null {
  checkWork(work);
  checkInteger("startNonce", startNonce, 0, NONCE_SPACE - 1);
  checkInteger("count", count, 0, NONCE_SPACE - startNonce);
  let tw: Uint32Array;
  if (typeof target === "bigint") {
    targetScratch.set(targetToWords(target));
    tw = targetScratch;
  } else if (target instanceof Uint32Array && target.length === 8) {
    tw = target;
  } else {
    throw new MinerError("invalid-argument", "target: must be a bigint or 8 target words");
  }
  prepareContext(work);
  let nonce = startNonce;
  const end = startNonce + count;
  while (nonce < end) {
    const run = Math.min(end - nonce, KERNEL_CHUNK);
    const offset = sha256dKernel(ctx, tw[7]!, nonce | 0, run);
    if (offset < 0) {
      nonce += run;
      continue;
    }
    // The kernel checked the top 32 bits only; settle the rest on the full hash.
    const candidate = nonce + offset;
    const hash = hashWork(work, candidate);
    if (hashMeetsTarget(hash, tw)) return { nonce: candidate, hash };
    nonce = candidate + 1;
  }
  return null;
}

function checkWork(work: MiningWork): void {
  if (!(work.midstate instanceof Uint32Array) || work.midstate.length !== 8) {
    throw new MinerError("invalid-argument", "work.midstate: must be 8 words (a Uint32Array)");
  }
  if (!(work.tail instanceof Uint8Array) || work.tail.length !== 12) {
    throw new MinerError("invalid-argument", "work.tail: must be header bytes 64..75 (12 bytes)");
  }
}

function bswap(x: number): number {
  return (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}
