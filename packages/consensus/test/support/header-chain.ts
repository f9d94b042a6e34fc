// Reads the shared header files into decoded headers and the pow module's chain entries.
import { readFileSync } from "node:fs";
import { type BlockHeader, blockHash, decodeHeader, HEADER_SIZE } from "../../src/block/header.js";
import { fromHex } from "../../src/bytes/hex.js";
import type { AncestorLookup, ChainEntry } from "../../src/pow/retarget.js";
import { readVector, vectorPath } from "./vectors.js";

/** A header of a known height with its hash (internal byte order). */
export interface HeightHeader {
  readonly height: number;
  readonly header: BlockHeader;
  readonly hash: Uint8Array;
  readonly entry: ChainEntry;
}

function build(raw: Uint8Array[], firstHeight: number): HeightHeader[] {
  return raw.map((bytes, i) => {
    const header = decodeHeader(bytes);
    const height = firstHeight + i;
    return {
      height,
      header,
      hash: blockHash(header),
      entry: { height, bits: header.bits, time: header.time },
    };
  });
}

/** Raw 80-byte headers back to back (`.bin`), the first at `firstHeight`. */
export function readBinHeaders(firstHeight: number, ...parts: string[]): HeightHeader[] {
  const data = readVector(...parts);
  if (data.length % HEADER_SIZE !== 0) {
    throw new Error(`${parts.join("/")}: ${data.length} bytes is not a whole number of headers`);
  }
  const raw: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += HEADER_SIZE) {
    raw.push(data.subarray(off, off + HEADER_SIZE));
  }
  return build(raw, firstHeight);
}

/** One header per line as 160 hex characters (`.txt`), the first at `firstHeight`. */
export function readHexHeaders(firstHeight: number, ...parts: string[]): HeightHeader[] {
  const lines = readFileSync(vectorPath(...parts), "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const raw = lines.map((line, i) => {
    if (!/^[0-9a-f]{160}$/.test(line))
      throw new Error(`${parts.join("/")}:${i + 1} is not a header`);
    return fromHex(line);
  });
  return build(raw, firstHeight);
}

/**
 * An ancestor lookup over the loaded headers only: a height outside them throws, so a rule
 * that reaches for data the file lacks fails loudly instead of reading garbage.
 */
export function lookupIn(headers: readonly HeightHeader[]): AncestorLookup {
  const first = headers[0]?.height ?? 0;
  return (height) => {
    const h = headers[height - first];
    if (h === undefined) throw new Error(`height ${height} is not in the loaded headers`);
    return h.entry;
  };
}
