// Bitcoin Core's key_io vectors: addresses and WIF keys per chain, valid and invalid.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addressToScript, decodeAddress, scriptToAddress } from "../src/address/address.js";
import { AddressError } from "../src/address/address-error.js";
import { decodeWif, encodeWif } from "../src/address/wif.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { BUILTIN_NETWORKS, chainParamsByName } from "../src/params/registry.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

interface ValidMeta {
  chain: string;
  isPrivkey: boolean;
  isCompressed?: boolean;
  tryCaseFlip?: boolean;
}

type ValidCase = [string, string, ValidMeta];

/** Throws unless `fn` throws an AddressError (any other failure is a harness bug). */
function expectAddressError(fn: () => unknown, what: string): AddressError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AddressError) return e;
    throw new Error(`${what}: threw ${String(e)} instead of an AddressError`);
  }
  throw new Error(`${what}: was accepted`);
}

function flipCase(s: string): string {
  return [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
}

function checkValid([text, payload, meta]: ValidCase): void {
  const params = chainParamsByName(meta.chain);
  if (typeof meta.isPrivkey !== "boolean") throw new Error("metadata without isPrivkey");
  if (meta.isPrivkey) {
    if (typeof meta.isCompressed !== "boolean") throw new Error("private key without isCompressed");
    const key = decodeWif(text, params);
    assert.equal(toHex(key.privateKey), payload);
    assert.equal(key.compressed, meta.isCompressed);
    assert.equal(encodeWif(key.privateKey, key.compressed, params), text);
    // Core: a private key must not decode as an address.
    expectAddressError(() => decodeAddress(text, params), "private key as address");
    return;
  }
  assert.equal(toHex(addressToScript(text, params)), payload);
  assert.equal(scriptToAddress(fromHex(payload), params), text);
  const flipped = flipCase(text);
  if (meta.tryCaseFlip === true) {
    assert.equal(toHex(addressToScript(flipped, params)), payload, "case-flipped");
  } else {
    expectAddressError(() => decodeAddress(flipped, params), "case-flipped Base58");
  }
  // Core: an address must not decode as a private key.
  expectAddressError(() => decodeWif(text, params), "address as private key");
}

test("key_io_valid: addresses and keys decode and re-encode", vectorSuite(), (t) => {
  const cases = readVectorJson<ValidCase[]>("bitcoin-core", "key_io_valid.json");
  const failures: string[] = [];
  for (const c of cases) {
    try {
      checkValid(c);
    } catch (e) {
      failures.push(
        `${c[0]} (${JSON.stringify(c[2])}): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  reportCases(t, "key_io_valid", cases.length, failures);
});

test("key_io_invalid: rejected as address and as key on every chain", vectorSuite(), (t) => {
  const cases = readVectorJson<[string][]>("bitcoin-core", "key_io_invalid.json");
  const failures: string[] = [];
  const codes = new Map<string, number>();
  for (const [text] of cases) {
    try {
      if (typeof text !== "string") throw new Error("case without a string");
      for (const params of Object.values(BUILTIN_NETWORKS)) {
        const a = expectAddressError(
          () => decodeAddress(text, params),
          `address on ${params.name}`,
        );
        const k = expectAddressError(() => decodeWif(text, params), `key on ${params.name}`);
        codes.set(a.code, (codes.get(a.code) ?? 0) + 1);
        codes.set(k.code, (codes.get(k.code) ?? 0) + 1);
      }
    } catch (e) {
      failures.push(`${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  t.diagnostic(`rejection codes: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
  reportCases(t, "key_io_invalid", cases.length, failures);
});
