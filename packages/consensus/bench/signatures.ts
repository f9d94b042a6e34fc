// Measures signature verification throughput of every signature backend available here.
import { pathToFileURL } from "node:url";
import { schnorr, secp256k1 } from "@noble/curves/secp256k1.js";
import { concatBytes } from "../src/bytes/equal.js";
import { loadSignatureBackends } from "../src/crypto/available-backends.js";
import { defaultSignatureBackend } from "../src/crypto/default-backend.js";
import { sha256 } from "../src/hash.js";

/** Throughput of one backend, in operations per second of wall time on one thread. */
export interface BackendThroughput {
  readonly backend: string;
  readonly ecdsaVerifiesPerSecond: number;
  readonly schnorrVerifiesPerSecond: number;
  readonly xonlyTweaksPerSecond: number;
}

/** What `benchSignatures` measured. */
export interface SignatureBenchResult {
  /** Distinct valid signatures per kind (ECDSA and Schnorr) that every backend verified. */
  readonly signatures: number;
  /** One entry per backend that loaded, fastest-preferred first (native, wasm, noble). */
  readonly backends: readonly BackendThroughput[];
  /** Backends that could not be loaded on this machine. */
  readonly unavailable: readonly string[];
  /** Name of the backend `defaultSignatureBackend()` picked. */
  readonly defaultBackend: string;
}

const SIGNATURES = 2000;
const MIN_MEASURE_MS = 750;
const WARMUP_OPS = 200;

interface Corpus {
  readonly msgs: Uint8Array[];
  readonly ecdsaSigs: Uint8Array[];
  readonly pubkeys: Uint8Array[];
  readonly schnorrSigs: Uint8Array[];
  readonly xonlyKeys: Uint8Array[];
}

function indexBytes(i: number): Uint8Array {
  return Uint8Array.of(i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff);
}

/**
 * Deterministic keys and messages (sha256 of a label and the index), signed with noble: DER
 * ECDSA (low-S, compressed keys, as in today's P2WPKH spends) and BIP340 with zero aux data.
 */
function buildCorpus(n: number): Corpus {
  const enc = new TextEncoder();
  const corpus: Corpus = { msgs: [], ecdsaSigs: [], pubkeys: [], schnorrSigs: [], xonlyKeys: [] };
  const aux = new Uint8Array(32);
  for (let i = 0; i < n; i++) {
    const sk = sha256(concatBytes(enc.encode("hashforge/bench/key"), indexBytes(i)));
    const msg = sha256(concatBytes(enc.encode("hashforge/bench/msg"), indexBytes(i)));
    corpus.msgs.push(msg);
    corpus.ecdsaSigs.push(secp256k1.sign(msg, sk, { prehash: false, format: "der" }));
    corpus.pubkeys.push(secp256k1.getPublicKey(sk, true));
    corpus.schnorrSigs.push(schnorr.sign(msg, sk, aux));
    corpus.xonlyKeys.push(schnorr.getPublicKey(sk));
  }
  return corpus;
}

/**
 * Runs `op(i)` over the corpus indices, whole passes at a time, until at least MIN_MEASURE_MS
 * has elapsed after a warm-up; every call must return true (a wrong answer aborts the bench).
 */
function opsPerSecond(label: string, n: number, op: (i: number) => boolean): number {
  for (let i = 0; i < WARMUP_OPS; i++) {
    if (!op(i % n)) throw new Error(`${label}: warm-up case ${i % n} was rejected`);
  }
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < n; i++) {
      if (!op(i)) throw new Error(`${label}: case ${i} was rejected`);
    }
    ops += n;
    elapsed = performance.now() - start;
  } while (elapsed < MIN_MEASURE_MS);
  return (ops * 1000) / elapsed;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function fmt(perSecond: number): string {
  return Math.round(perSecond).toLocaleString("en-US");
}

/**
 * Measures ECDSA verifies/s, Schnorr verifies/s and x-only tweaks/s of each available backend
 * (native, wasm, noble) over a few thousand valid signatures made with deterministic keys,
 * logging one line per step; used by `bench/consensus.bench.ts` and runnable on its own.
 */
export async function benchSignatures(log: (line: string) => void): Promise<SignatureBenchResult> {
  log(`signatures: signing ${SIGNATURES} ECDSA + ${SIGNATURES} Schnorr messages with noble`);
  const c = buildCorpus(SIGNATURES);
  const backends: BackendThroughput[] = [];
  const unavailable: string[] = [];
  for (const { kind, backend } of loadSignatureBackends()) {
    if (backend === null) {
      unavailable.push(kind);
      log(`signatures: ${kind} unavailable on this machine`);
      continue;
    }
    await yieldToEventLoop();
    const name = backend.name;
    const ecdsa = opsPerSecond(`${name} ecdsa`, SIGNATURES, (i) =>
      backend.verifyEcdsa(c.msgs[i]!, c.ecdsaSigs[i]!, c.pubkeys[i]!),
    );
    log(`signatures: ${name} ECDSA verify ${fmt(ecdsa)}/s`);
    await yieldToEventLoop();
    const schnorrRate = opsPerSecond(`${name} schnorr`, SIGNATURES, (i) =>
      backend.verifySchnorr(c.msgs[i]!, c.schnorrSigs[i]!, c.xonlyKeys[i]!),
    );
    log(`signatures: ${name} Schnorr verify ${fmt(schnorrRate)}/s`);
    await yieldToEventLoop();
    const tweaks = opsPerSecond(
      `${name} tweak`,
      SIGNATURES,
      (i) => backend.xonlyTweakAdd(c.xonlyKeys[i]!, c.msgs[i]!) !== null,
    );
    log(`signatures: ${name} x-only tweak ${fmt(tweaks)}/s`);
    backends.push({
      backend: name,
      ecdsaVerifiesPerSecond: ecdsa,
      schnorrVerifiesPerSecond: schnorrRate,
      xonlyTweaksPerSecond: tweaks,
    });
  }
  const defaultBackend = defaultSignatureBackend().name;
  log(`signatures: default backend is ${defaultBackend}`);
  return { signatures: SIGNATURES, backends, unavailable, defaultBackend };
}

// Run directly: node --conditions=source --import tsx packages/consensus/bench/signatures.ts
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSignatures((line) => console.log(line));
  console.log(JSON.stringify(result, null, 2));
}
