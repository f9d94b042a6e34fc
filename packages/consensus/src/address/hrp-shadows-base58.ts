// Whether a network's Bech32 prefix would hide some of its own Base58 addresses.

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Size of a P2PKH/P2SH Base58Check payload: version byte, 20-byte hash, 4-byte checksum. */
const PAYLOAD_BITS = 25n * 8n;
const BODY_BITS = 24n * 8n;

function base58Length(value: bigint): number {
  let n = 0;
  for (let v = value; v > 0n; v /= 58n) n++;
  return n;
}

/**
 * True when some Base58Check address with version byte `version` (a 25-byte P2PKH or P2SH
 * payload) starts with `hrp` case-insensitively. Core's DecodeDestination reads any text whose
 * first characters equal the network's Bech32 prefix as Bech32, so such addresses would be
 * undecodable on that network; a custom network must not pick such a prefix.
 *
 * Exact: walks the prefix one character at a time over the numeric range the payloads cover,
 * keeping only candidate prefixes whose value range still meets it.
 */
export function hrpShadowsBase58(hrp: string, version: number): boolean {
  const target = hrp.toLowerCase();
  if (target.length === 0) return true;
  // A zero version byte always encodes as a leading "1" followed by the rest of the payload;
  // treat any prefix starting with "1" as a collision rather than model the rest.
  if (version === 0) return target[0] === "1";
  const lo = BigInt(version) << BODY_BITS;
  const hi = ((BigInt(version) + 1n) << BODY_BITS) - 1n;
  if (hi >= 1n << PAYLOAD_BITS) return false;
  const candidates = [...target].map((h) => [...ALPHABET].filter((c) => c.toLowerCase() === h));
  for (let length = base58Length(lo); length <= base58Length(hi); length++) {
    if (target.length > length) continue;
    const walk = (depth: number, prefixValue: bigint): boolean => {
      if (depth === target.length) return true;
      for (const c of candidates[depth]!) {
        const digit = BigInt(ALPHABET.indexOf(c));
        if (depth === 0 && digit === 0n) continue;
        const value = prefixValue * 58n + digit;
        const scale = 58n ** BigInt(length - depth - 1);
        const min = value * scale;
        const max = (value + 1n) * scale - 1n;
        if (max < lo || min > hi) continue;
        if (walk(depth + 1, value)) return true;
      }
      return false;
    };
    if (walk(0, 0n)) return true;
  }
  return false;
}
