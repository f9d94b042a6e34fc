// Writes the source of src/sha256d-kernel.generated.ts: the nonce loop of the SHA256d kernel,
// fully unrolled. V8 runs straight-line code on local variables about twice as fast as the same
// rounds in a loop over typed arrays (no bounds checks, no register shuffles, schedule words in
// registers), but 125 hand-written rounds would be unreviewable. So this generator is the
// reviewed source, and test/kernel-source.test.ts fails when the committed file differs from
// its output (HASHFORGE_WRITE_KERNEL=1 rewrites it).
//
// Constant folding is done here, at generation time: message words that are padding are
// numbers, words fixed for a whole scan (the tail of the header) are hoisted before the loop,
// and only what depends on the nonce is computed per nonce.
import { SHA256_IV, SHA256_K } from "@hashforge/consensus";

/** A message-schedule word: known now, fixed per scan (a variable hoisted out of the loop), or per nonce. */
type Word =
  | { readonly kind: "const"; readonly value: number }
  | { readonly kind: "scan"; readonly name: string }
  | { readonly kind: "nonce"; readonly name: string };

const rotr = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;
const smallSigma0 = (x: number): number => (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) >>> 0;
const smallSigma1 = (x: number): number => (rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10)) >>> 0;
const bigSigma0 = (x: number): number => (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22)) >>> 0;
const bigSigma1 = (x: number): number => (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25)) >>> 0;

const rot = (v: string, n: number): string => `((${v} >>> ${n}) | (${v} << ${32 - n}))`;
const exprSigma0 = (v: string): string => `(${rot(v, 7)} ^ ${rot(v, 18)} ^ (${v} >>> 3))`;
const exprSigma1 = (v: string): string => `(${rot(v, 17)} ^ ${rot(v, 19)} ^ (${v} >>> 10))`;
const exprBigSigma0 = (v: string): string => `(${rot(v, 2)} ^ ${rot(v, 13)} ^ ${rot(v, 22)})`;
const exprBigSigma1 = (v: string): string => `(${rot(v, 6)} ^ ${rot(v, 11)} ^ ${rot(v, 25)})`;

/** An int32 literal (the kernel computes in int32, so constants are written signed). */
const lit = (x: number): string => String(x | 0);

const VARS = ["v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7"];
/** The variable holding working register `i` (a=0 .. h=7) at the start of round `t`. */
const reg = (i: number, t: number): string => VARS[(((i - t) % 8) + 8) % 8]!;

class Emitter {
  readonly hoisted: string[] = [];
  readonly body: string[] = [];

  /** Defines schedule word `t` of `w` (prefix names the hash), hoisting what it can. */
  schedule(w: Word[], t: number, prefix: string): void {
    let constant = 0;
    const scanTerms: string[] = [];
    const nonceTerms: string[] = [];
    const add = (word: Word, fn: ((x: number) => number) | null, expr: (v: string) => string) => {
      if (word.kind === "const") constant = (constant + (fn ? fn(word.value) : word.value)) >>> 0;
      else (word.kind === "scan" ? scanTerms : nonceTerms).push(expr(word.name));
    };
    add(w[t - 2]!, smallSigma1, exprSigma1);
    add(w[t - 7]!, null, (v) => v);
    add(w[t - 15]!, smallSigma0, exprSigma0);
    add(w[t - 16]!, null, (v) => v);
    const name = `${prefix}${t}`;
    if (scanTerms.length === 0 && nonceTerms.length === 0) {
      w[t] = { kind: "const", value: constant };
      return;
    }
    if (constant !== 0) scanTerms.push(lit(constant));
    if (nonceTerms.length === 0) {
      this.hoisted.push(`const ${name} = (${scanTerms.join(" + ")}) | 0;`);
      w[t] = { kind: "scan", name };
      return;
    }
    if (scanTerms.length === 1 && /^-?\w+$/.test(scanTerms[0]!)) {
      nonceTerms.push(scanTerms[0]!); // a literal or a variable: nothing to hoist
    } else if (scanTerms.length > 0) {
      this.hoisted.push(`const ${name}p = (${scanTerms.join(" + ")}) | 0;`);
      nonceTerms.push(`${name}p`);
    }
    this.body.push(`const ${name} = (${nonceTerms.join(" + ")}) | 0;`);
    w[t] = { kind: "nonce", name };
  }

  /**
   * One SHA-256 round, written so no register moves: `d += T1; h = T1 + T2`. With `withA`
   * false the new `a` (T1 + T2) is skipped, for rounds whose `a` never reaches the state word
   * the early exit reads.
   */
  round(w: Word[], t: number, prefix: string, withA = true): void {
    if (w[t] === undefined) this.schedule(w, t, prefix);
    const word = w[t]!;
    let kw: string;
    if (word.kind === "const") kw = lit(SHA256_K[t]! + word.value);
    else if (word.kind === "scan") {
      this.hoisted.push(`const ${prefix}k${t} = (${lit(SHA256_K[t]!)} + ${word.name}) | 0;`);
      kw = `${prefix}k${t}`;
    } else kw = `${lit(SHA256_K[t]!)} + ${word.name}`;
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => reg(i, t)) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const t1 = `t1 = (${h} + ${exprBigSigma1(e)} + (${g} ^ (${e} & (${f} ^ ${g}))) + ${kw}) | 0;`;
    const newE = `${d} = (${d} + t1) | 0;`;
    const newA = `${h} = (t1 + ${exprBigSigma0(a)} + ((${a} & ${b}) | (${c} & (${a} | ${b})))) | 0;`;
    this.body.push(withA ? `${t1} ${newE} ${newA}` : `${t1} ${newE}`);
  }
}

/** Returns the TypeScript source of the unrolled SHA256d nonce kernel. */
export function kernelSource(): string {
  const em = new Emitter();
  const iv = Array.from(SHA256_IV, (x) => x >>> 0);

  // First hash, second block: words 0..2 fixed per scan, 3 the nonce, then padding (80 bytes).
  const w1: Word[] = [
    { kind: "scan", name: "x0" },
    { kind: "scan", name: "x1" },
    { kind: "scan", name: "x2" },
    { kind: "nonce", name: "w3" },
    { kind: "const", value: 0x80000000 },
  ];
  for (let i = 5; i < 15; i++) w1.push({ kind: "const", value: 0 });
  w1.push({ kind: "const", value: 640 });
  em.body.push(
    "const w3 = (nonce << 24) | ((nonce & 0xff00) << 8) | ((nonce >>> 8) & 0xff00) | (nonce >>> 24);",
  );
  // Rounds 0..2 ran before the loop (ctx holds their result); round 3 adds the nonce word.
  for (let i = 0; i < 8; i++)
    if (i !== 3 && i !== 7) em.body.push(`${reg(i, 3)} = r3${"abcdefgh"[i]};`);
  em.body.push(
    `t1 = (r3t1 + w3) | 0; ${reg(3, 3)} = (r3d + t1) | 0; ${reg(7, 3)} = (t1 + r3t2) | 0;`,
  );
  for (let t = 4; t < 64; t++) em.round(w1, t, "a");
  // Feed-forward: the digest of the first hash is the message of the second.
  const w2: Word[] = [];
  for (let i = 0; i < 8; i++) {
    em.body.push(`const y${i} = (m${i} + ${reg(i, 64)}) | 0;`);
    w2.push({ kind: "nonce", name: `y${i}` });
  }
  w2.push({ kind: "const", value: 0x80000000 });
  for (let i = 9; i < 15; i++) w2.push({ kind: "const", value: 0 });
  w2.push({ kind: "const", value: 256 });
  // Second hash round 0 starts from the IV: everything but the message word is a constant.
  const r0t1 = iv[7]! + bigSigma1(iv[4]!) + (iv[6]! ^ (iv[4]! & (iv[5]! ^ iv[6]!))) + SHA256_K[0]!;
  const r0t2 = bigSigma0(iv[0]!) + ((iv[0]! & iv[1]!) | (iv[2]! & (iv[0]! | iv[1]!)));
  em.body.push(
    `t1 = (${lit(r0t1)} + y0) | 0; ${reg(3, 0)} = (${lit(iv[3]!)} + t1) | 0; ` +
      `${reg(7, 0)} = (t1 + ${lit(r0t2)}) | 0;`,
  );
  for (const i of [0, 1, 2, 4, 5, 6]) em.body.push(`${reg(i, 0)} = ${lit(iv[i]!)};`);
  // The early exit reads `e` after round 60, which is d + T1 with d = the `a` made in round 56:
  // the `a` of rounds 57..60 is never needed.
  for (let t = 1; t < 61; t++) em.round(w2, t, "b", t < 57);
  // After round 60 the register that will be `h` is final: state word 7 = IV7 + it. Its bytes,
  // reversed, are the top 32 bits of the hash as a little-endian number.
  const e = reg(4, 61);
  em.body.push(
    `const top = (${lit(iv[7]!)} + ${e}) | 0;`,
    "const topLE = (top << 24) | ((top & 0xff00) << 8) | ((top >>> 8) & 0xff00) | (top >>> 24);",
    "if ((topLE ^ 0x80000000) <= limit) return i;",
    "nonce = (nonce + 1) | 0;",
  );

  const header = [
    "// GENERATED by packages/miner/test/support/kernel-source.ts: do not edit by hand.",
    "// Regenerate: HASHFORGE_WRITE_KERNEL=1 node --conditions=source --import tsx --test \\",
    "//   packages/miner/test/kernel-source.test.ts",
    "// biome-ignore-all format: generated straight-line code, one SHA-256 round per line",
    "",
    "/**",
    " * Scans `count` nonces from `start` (int32 bits of the uint32 nonce) with the precomputed",
    " * context `ctx` (see KERNEL_CTX_SIZE in sha256-midstate.ts) and returns the offset of the",
    " * first nonce whose hash's top 32 bits (little-endian) are at or below `topTarget`, or -1.",
    " * A returned nonce is only a candidate: the caller completes the 256-bit comparison.",
    " */",
    "export function sha256dKernel(ctx: Int32Array, topTarget: number, start: number, count: number): number {",
  ];
  const prologue = [
    "const m0 = ctx[0]!, m1 = ctx[1]!, m2 = ctx[2]!, m3 = ctx[3]!, m4 = ctx[4]!, m5 = ctx[5]!, m6 = ctx[6]!, m7 = ctx[7]!;",
    "const r3a = ctx[8]!, r3b = ctx[9]!, r3c = ctx[10]!, r3d = ctx[11]!, r3e = ctx[12]!, r3f = ctx[13]!, r3g = ctx[14]!;",
    "const r3t1 = ctx[16]!, r3t2 = ctx[17]!;",
    "const x0 = ctx[18]!, x1 = ctx[19]!, x2 = ctx[20]!;",
    "const limit = (topTarget ^ 0x80000000) | 0;",
    "let t1 = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0, v6 = 0, v7 = 0;",
  ];
  const indent = (lines: string[], n: number) => lines.map((l) => `${" ".repeat(n)}${l}`);
  return [
    ...header,
    ...indent(prologue, 2),
    ...indent(em.hoisted, 2),
    "  let nonce = start | 0;",
    "  for (let i = 0; i < count; i++) {",
    ...indent(em.body, 4),
    "  }",
    "  return -1;",
    "}",
    "",
  ].join("\n");
}
