// Output descriptors of scripts, as RPC results show them in `desc` (Core's InferDescriptor with
// no signing provider, script/descriptor.cpp).

import {
  type ChainParams,
  encodeAddress,
  parseSecPubkey,
  scriptToAddress,
  solveScript,
  toHex,
} from "@hashforge/consensus";

const INPUT_CHARSET =
  "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
const CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polyMod(c: bigint, value: number): bigint {
  const top = c >> 35n;
  let next = ((c & 0x7ffffffffn) << 5n) ^ BigInt(value);
  for (let i = 0; i < 5; i++) if ((top >> BigInt(i)) & 1n) next ^= GENERATORS[i]!;
  return next;
}

/**
 * The 8-character checksum of a descriptor (BIP380): a BCH code over the descriptor's
 * characters in groups of three. Returns "" when the text has a character outside the
 * descriptor charset.
 */
export function descriptorChecksum(text: string): string {
  let c = 1n;
  let cls = 0;
  let clsCount = 0;
  for (const ch of text) {
    const pos = INPUT_CHARSET.indexOf(ch);
    if (pos < 0) return "";
    c = polyMod(c, pos & 31);
    cls = cls * 3 + (pos >> 5);
    if (++clsCount === 3) {
      c = polyMod(c, cls);
      cls = 0;
      clsCount = 0;
    }
  }
  if (clsCount > 0) c = polyMod(c, cls);
  for (let i = 0; i < 8; i++) c = polyMod(c, 0);
  c ^= 1n;
  let out = "";
  for (let j = 0; j < 8; j++) out += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - j))) & 31n)];
  return out;
}

/** `text#checksum`. */
export function withChecksum(text: string): string {
  return `${text}#${descriptorChecksum(text)}`;
}

/**
 * The descriptor body (no checksum) Core infers for a script it has no keys or scripts for:
 * `pk(KEY)`, `multi(k,KEY,...)`, `rawtr(XONLY)`, `addr(ADDRESS)` for anything with an address,
 * `raw(HEX)` otherwise. `inWitness` applies P2WSH context rules (no uncompressed keys).
 */
function inferBody(script: Uint8Array, params: ChainParams, inWitness: boolean): string | null {
  const { type, solutions } = solveScript(script);
  if (type === "pubkey") {
    const key = solutions[0]!;
    if (!(inWitness && key.length !== 33)) return `pk(${toHex(key)})`;
  } else if (type === "multisig") {
    const keys = solutions.slice(1, -1);
    if (!(inWitness && keys.some((k) => k.length !== 33))) {
      return `multi(${solutions[0]![0]},${keys.map(toHex).join(",")})`;
    }
  } else if (type === "witness_v1_taproot" && !inWitness) {
    const xonly = solutions[0]!;
    if (parseSecPubkey(Uint8Array.of(0x02, ...xonly)) !== null) return `rawtr(${toHex(xonly)})`;
  }
  if (inWitness) return null;
  const address = scriptToAddress(script, params);
  return address !== null ? `addr(${address})` : `raw(${toHex(script)})`;
}

/** The descriptor with checksum that RPC results show for an output script. */
export function inferDescriptor(script: Uint8Array, params: ChainParams): string {
  return withChecksum(inferBody(script, params, false)!);
}

/**
 * The descriptor of a P2WSH output whose witness script is known (decodescript's `segwit`):
 * `wsh(pk(...))` / `wsh(multi(...))` when the inner script has such a form, else `addr(...)`.
 */
export function inferWshDescriptor(
  witnessScript: Uint8Array,
  wshScript: Uint8Array,
  params: ChainParams,
): string {
  const inner = inferBody(witnessScript, params, true);
  if (inner !== null) return withChecksum(`wsh(${inner})`);
  return inferDescriptor(wshScript, params);
}

/** Encodes a P2SH address for a 20-byte script hash. */
export function p2shAddress(hash: Uint8Array, params: ChainParams): string {
  return encodeAddress({ type: "scripthash", hash }, params);
}
