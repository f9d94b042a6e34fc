// Builds PowParams and a few genesis facts straight from the shared chainparams-facts.json, so the
// pow tests do not depend on the in-repo ChainParams objects they are meant to cross-check.
import type { PowParams } from "../../src/params/chain-params.js";
import { readVectorJson } from "./vectors.js";

/** Network keys of chainparams-facts.json. */
export type FactsNetwork = "main" | "testnet3" | "testnet4" | "signet_default" | "regtest";

interface NetworkFacts {
  powLimit: unknown;
  nPowTargetTimespan: unknown;
  nPowTargetSpacing: unknown;
  difficulty_adjustment_interval: unknown;
  fPowAllowMinDifficultyBlocks: unknown;
  fPowNoRetargeting: unknown;
  enforce_BIP94: unknown;
  genesis: { hash: unknown; bits: unknown; time: unknown };
}

function networkFacts(network: FactsNetwork): NetworkFacts {
  const facts = readVectorJson<{ networks: Record<string, NetworkFacts> }>(
    "chainparams-facts.json",
  );
  const n = facts.networks[network];
  if (n === undefined) throw new Error(`chainparams-facts.json has no network ${network}`);
  return n;
}

function flag(value: unknown, what: string): boolean {
  if (typeof value === "boolean") return value;
  // regtest's enforce_BIP94 is a command-line option ("option (-test=bip94), default false").
  if (typeof value === "string" && /^option\b.*\bdefault false$/.test(value)) return false;
  throw new Error(`cannot interpret ${what}: ${JSON.stringify(value)}`);
}

function int(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`cannot interpret ${what}: ${JSON.stringify(value)}`);
  }
  return value;
}

/** PowParams of a network as chainparams-facts.json states them (call inside a vector suite). */
export function powParamsFromFacts(network: FactsNetwork): PowParams {
  const n = networkFacts(network);
  if (typeof n.powLimit !== "string" || !/^[0-9a-f]{64}$/.test(n.powLimit)) {
    throw new Error(`cannot interpret ${network} powLimit: ${JSON.stringify(n.powLimit)}`);
  }
  const pow: PowParams = {
    powLimit: BigInt(`0x${n.powLimit}`),
    targetSpacing: int(n.nPowTargetSpacing, `${network} nPowTargetSpacing`),
    targetTimespan: int(n.nPowTargetTimespan, `${network} nPowTargetTimespan`),
    allowMinDifficultyBlocks: flag(n.fPowAllowMinDifficultyBlocks, `${network} min-difficulty`),
    noRetargeting: flag(n.fPowNoRetargeting, `${network} no-retargeting`),
    enforceBip94: flag(n.enforce_BIP94, `${network} enforce_BIP94`),
  };
  const interval = int(n.difficulty_adjustment_interval, `${network} interval`);
  if (Math.floor(pow.targetTimespan / pow.targetSpacing) !== interval) {
    throw new Error(`${network}: timespan / spacing disagrees with difficulty_adjustment_interval`);
  }
  return pow;
}

/** Genesis hash (display hex), bits and time of a network from chainparams-facts.json. */
export function genesisFacts(network: FactsNetwork): { hash: string; bits: number; time: number } {
  const g = networkFacts(network).genesis;
  if (typeof g.hash !== "string" || typeof g.bits !== "string" || !/^0x[0-9a-f]{8}$/.test(g.bits)) {
    throw new Error(`cannot interpret ${network} genesis: ${JSON.stringify(g)}`);
  }
  return { hash: g.hash, bits: Number(g.bits), time: int(g.time, `${network} genesis time`) };
}
