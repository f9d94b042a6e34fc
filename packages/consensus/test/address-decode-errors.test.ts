// Address decoding errors: each AddressError code with Core's DecodeDestination wording, built
// from well-formed encodings so each case breaks exactly one rule (BIP173, BIP350, BIP141).
import assert from "node:assert/strict";
import { test } from "node:test";
import { bech32, bech32m } from "@scure/base";
import {
  addressToScript,
  decodeAddress,
  encodeAddress,
  isValidAddress,
  scriptToAddress,
} from "../src/address/address.js";
import { AddressError, type AddressErrorCode } from "../src/address/address-error.js";
import { base58CheckEncode } from "../src/address/base58.js";
import { decodeBech32, encodeSegwitAddress } from "../src/address/bech32.js";
import { classifyScript } from "../src/address/solver.js";
import { toHex } from "../src/bytes/hex.js";
import { BUILTIN_NETWORKS } from "../src/params/registry.js";

const MAIN = BUILTIN_NETWORKS.main;
const REGTEST = BUILTIN_NETWORKS.regtest;
const bytes = (n: number, fill = 0x11): Uint8Array => new Uint8Array(n).fill(fill);
const v = (version: number, program: Uint8Array): number[] => [version, ...bech32.toWords(program)];

const P2WPKH = encodeSegwitAddress("bc", 0, bytes(20));
const P2PKH = base58CheckEncode(new Uint8Array([0, ...bytes(20)]));

/** Each case: text, network, expected code and exact reason. */
const CASES: [string, string, typeof MAIN, AddressErrorCode, string][] = [
  ["too long", `bc1${"q".repeat(88)}`, MAIN, "bech32-too-long", "Bech32 string too long"],
  [
    "mixed case",
    `bc1Q${P2WPKH.slice(4)}`,
    MAIN,
    "bech32-character",
    "Invalid character or mixed case",
  ],
  [
    "space inside",
    `bc1 ${P2WPKH.slice(4)}`,
    MAIN,
    "bech32-character",
    "Invalid character or mixed case",
  ],
  ["no separator", "bcqqqqqqqqqq", MAIN, "bech32-separator", "Missing separator"],
  [
    "separator too late",
    "bc1qqqqq",
    MAIN,
    "bech32-separator-position",
    "Invalid separator position",
  ],
  [
    "b outside the charset",
    `bc1b${P2WPKH.slice(4)}`,
    MAIN,
    "bech32-base32-character",
    "Invalid Base 32 character",
  ],
  [
    "one character changed",
    `${P2WPKH.slice(0, -1)}${P2WPKH.endsWith("q") ? "p" : "q"}`,
    MAIN,
    "bech32-checksum",
    "Invalid checksum",
  ],
  ["no data", bech32.encode("bc", []), MAIN, "bech32-empty-data", "Empty Bech32 data section"],
  [
    "regtest address on main",
    encodeSegwitAddress("bcrt", 0, bytes(20)),
    MAIN,
    "bech32-hrp",
    "Invalid or unsupported prefix for Segwit (Bech32) address (expected bc, got bcrt).",
  ],
  [
    "v0 with bech32m",
    bech32m.encode("bc", v(0, bytes(20))),
    MAIN,
    "bech32-v0-checksum",
    "Version 0 witness address must use Bech32 checksum",
  ],
  [
    "v1 with bech32",
    bech32.encode("bc", v(1, bytes(32))),
    MAIN,
    "bech32-v1-checksum",
    "Version 1+ witness address must use Bech32m checksum",
  ],
  [
    "5 bits of padding",
    bech32.encode("bc", [...v(0, bytes(20)), 0]),
    MAIN,
    "bech32-padding",
    "Invalid padding in Bech32 data section",
  ],
  [
    "non-zero padding",
    bech32m.encode("bc", [1, 0, 0, 0, 1]),
    MAIN,
    "bech32-padding",
    "Invalid padding in Bech32 data section",
  ],
  [
    "v0 with 21 bytes",
    bech32.encode("bc", v(0, bytes(21))),
    MAIN,
    "bech32-v0-program-size",
    "Invalid Bech32 v0 address program size (21 bytes), per BIP141",
  ],
  [
    "v0 with 1 byte",
    bech32.encode("bc", v(0, bytes(1))),
    MAIN,
    "bech32-v0-program-size",
    "Invalid Bech32 v0 address program size (1 byte), per BIP141",
  ],
  [
    "version 17",
    bech32m.encode("bc", v(17, bytes(32))),
    MAIN,
    "bech32-version",
    "Invalid Bech32 address witness version",
  ],
  [
    "v2 with 1 byte",
    bech32m.encode("bc", v(2, bytes(1))),
    MAIN,
    "bech32-program-size",
    "Invalid Bech32 address program size (1 byte)",
  ],
  [
    "v2 with 41 bytes",
    bech32m.encode("bc", v(2, bytes(41))),
    MAIN,
    "bech32-program-size",
    "Invalid Bech32 address program size (41 bytes)",
  ],
  [
    "not Base58",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT0",
    MAIN,
    "base58-encoding",
    "Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
  ],
  [
    "main bech32 with 0 and l on regtest is read as Base58",
    "bc1qyucykdlhp62tezs0hagqury402qwhk589q80tqs5myh3rxq34nwqhkdhv7",
    REGTEST,
    "base58-encoding",
    "Invalid or unsupported Segwit (Bech32) or Base58 encoding.",
  ],
  [
    "main bech32 in Base58 characters on regtest",
    P2WPKH,
    REGTEST,
    "base58-checksum",
    "Invalid checksum or length of Base58 address (P2PKH or P2SH)",
  ],
  [
    "Base58 typo",
    `${P2PKH.slice(0, -1)}${P2PKH.endsWith("z") ? "y" : "z"}`,
    MAIN,
    "base58-checksum",
    "Invalid checksum or length of Base58 address (P2PKH or P2SH)",
  ],
  [
    "Base58 payload too long for an address",
    base58CheckEncode(new Uint8Array([0, ...bytes(21)])),
    MAIN,
    "base58-checksum",
    "Invalid checksum or length of Base58 address (P2PKH or P2SH)",
  ],
  [
    "P2PKH prefix, 19-byte hash",
    base58CheckEncode(new Uint8Array([0, ...bytes(19)])),
    MAIN,
    "base58-length",
    "Invalid length for Base58 address (P2PKH or P2SH)",
  ],
  [
    "testnet P2PKH on main",
    base58CheckEncode(new Uint8Array([111, ...bytes(20)])),
    MAIN,
    "base58-prefix",
    "Invalid or unsupported Base58-encoded address.",
  ],
  [
    "mainnet P2SH on regtest",
    base58CheckEncode(new Uint8Array([5, ...bytes(20)])),
    REGTEST,
    "base58-prefix",
    "Invalid or unsupported Base58-encoded address.",
  ],
];

test("each malformed address fails with its code and Core's reason", () => {
  for (const [label, text, params, code, reason] of CASES) {
    assert.throws(
      () => decodeAddress(text, params),
      (e: unknown) => {
        assert.ok(e instanceof AddressError, `${label}: ${String(e)}`);
        assert.equal(e.code, code, `${label}: ${e.reason}`);
        assert.equal(e.reason, reason, label);
        assert.equal(e.message, reason, label);
        return true;
      },
      label,
    );
    assert.equal(isValidAddress(text, params), false, label);
  }
});

test("witness destinations are typed as Core types them", () => {
  const cases: [number, Uint8Array, string, string][] = [
    [0, bytes(20), "witness_v0_keyhash", `0014${"11".repeat(20)}`],
    [0, bytes(32), "witness_v0_scripthash", `0020${"11".repeat(32)}`],
    [1, bytes(32), "witness_v1_taproot", `5120${"11".repeat(32)}`],
    [1, new Uint8Array([0x4e, 0x73]), "anchor", "51024e73"],
    [1, bytes(20), "witness_unknown", `5114${"11".repeat(20)}`],
    [16, bytes(40), "witness_unknown", `6028${"11".repeat(40)}`],
    [2, bytes(2), "witness_unknown", "52021111"],
  ];
  for (const [version, program, type, spk] of cases) {
    const text = encodeSegwitAddress("bc", version, program);
    assert.equal(decodeBech32(text).encoding, version === 0 ? "bech32" : "bech32m");
    const dest = decodeAddress(text, MAIN);
    assert.equal(dest.type, type, text);
    assert.equal(toHex(addressToScript(text, MAIN)), spk);
    assert.equal(classifyScript(addressToScript(text, MAIN)), type);
    assert.equal(scriptToAddress(addressToScript(text, MAIN), MAIN), text);
    assert.equal(decodeAddress(text.toUpperCase(), MAIN).type, type, "all-uppercase is valid");
  }
});

test("destinations without an address are refused when encoding", () => {
  const bad: [string, () => string][] = [
    ["19-byte P2PKH", () => encodeAddress({ type: "pubkeyhash", hash: bytes(19) }, MAIN)],
    ["21-byte P2SH", () => encodeAddress({ type: "scripthash", hash: bytes(21) }, MAIN)],
    ["v0 21 bytes", () => encodeSegwitAddress("bc", 0, bytes(21))],
    ["v1 1 byte", () => encodeSegwitAddress("bc", 1, bytes(1))],
    ["v1 41 bytes", () => encodeSegwitAddress("bc", 1, bytes(41))],
    ["v17", () => encodeSegwitAddress("bc", 17, bytes(32))],
    ["over 90 characters", () => encodeSegwitAddress("x".repeat(30), 1, bytes(40))],
  ];
  for (const [label, fn] of bad) {
    assert.throws(
      fn,
      (e: unknown) => e instanceof AddressError && e.code === "invalid-destination",
      label,
    );
  }
  // A network whose prefix cannot carry a 40-byte program simply has no address for it.
  const longHrp = { ...MAIN, bech32Hrp: "x".repeat(30) };
  assert.equal(
    scriptToAddress(addressToScript(encodeSegwitAddress("bc", 16, bytes(40)), MAIN), longHrp),
    null,
  );
});
