// Base58 (Core's base58_encode_decode.json) and Base58Check.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  base58CheckDecode,
  base58CheckEncode,
  base58Decode,
  base58Encode,
} from "../src/address/base58.js";
import { fromHex, toHex } from "../src/bytes/hex.js";
import { readVectorJson, reportCases, vectorSuite } from "./support/vectors.js";

test("base58_encode_decode: hex <-> Base58", vectorSuite(), (t) => {
  const cases = readVectorJson<[string, string][]>("bitcoin-core", "base58_encode_decode.json");
  const failures: string[] = [];
  for (const c of cases) {
    try {
      const [hex, text] = c;
      if (typeof hex !== "string" || typeof text !== "string") throw new Error("malformed case");
      assert.equal(base58Encode(fromHex(hex)), text, "encode");
      const decoded = base58Decode(text);
      assert.ok(decoded !== null, "decode failed");
      assert.equal(toHex(decoded), hex.toLowerCase(), "decode");
    } catch (e) {
      failures.push(`${JSON.stringify(c)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  reportCases(t, "base58_encode_decode", cases.length, failures);
});

test("Base58 decoding rejects characters outside the alphabet and oversized input", () => {
  for (const bad of ["0", "O", "I", "l", "3SEo3LWLoPntC!", " 3EFU7m", "3EFU7m\n"]) {
    assert.equal(base58Decode(bad), null, JSON.stringify(bad));
  }
  assert.equal(toHex(base58Decode("1111", 4)!), "00000000");
  assert.equal(base58Decode("11111", 4), null, "five zero bytes exceed a 4-byte limit");
  assert.equal(base58Decode("z".repeat(1000), 25), null, "refused before decoding");
  // "zzzzz" is 0x271f359f: four bytes, so a 3-byte limit refuses it after decoding.
  assert.equal(base58Decode("zzzzz", 3), null);
  assert.equal(toHex(base58Decode("zzzzz", 4)!), "271f359f");
});

test("Base58Check round-trips and rejects a bad checksum, short input and NUL", () => {
  // Core's base58_encode_decode.json holds "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L" as plain Base58:
  // its last four bytes are not the checksum, so Base58Check must refuse it.
  assert.equal(base58CheckDecode("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"), null);
  // A mainnet P2PKH address from key_io_valid.json.
  const payload = fromHex("00a31c06bd463e3923bc1aadbde48b16976c080717");
  const text = base58CheckEncode(payload);
  assert.equal(text, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo");
  assert.equal(toHex(base58CheckDecode(text)!), toHex(payload));
  assert.equal(base58CheckDecode(text, 20), null, "payload longer than the limit");
  assert.equal(toHex(base58CheckDecode(text, 21)!), toHex(payload));
  const typo = `${text.slice(0, -1)}n`;
  assert.equal(base58CheckDecode(typo), null);
  assert.equal(base58CheckDecode("2g"), null, "shorter than a checksum");
  assert.equal(base58CheckDecode(""), null);
  assert.equal(base58CheckDecode(`${text}\0`), null);
});
