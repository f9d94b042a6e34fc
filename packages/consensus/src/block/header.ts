import { ByteReader } from "../bytes/reader.js";
import { ByteWriter } from "../bytes/writer.js";
import { sha256d } from "../hash.js";

/** Serialized size of a block header. */
export const HEADER_SIZE = 80;

/** An 80-byte block header. Hashes are in internal byte order. */
export interface BlockHeader {
  readonly version: number;
  readonly prevBlock: Uint8Array;
  readonly merkleRoot: Uint8Array;
  readonly time: number;
  readonly bits: number;
  readonly nonce: number;
}

/** Reads an 80-byte header; `version` is a signed 32-bit integer as in Core. */
export function readHeader(r: ByteReader): BlockHeader {
  return {
    version: r.i32le(),
    prevBlock: r.take(32),
    merkleRoot: r.take(32),
    time: r.u32le(),
    bits: r.u32le(),
    nonce: r.u32le(),
  };
}

/** Decodes exactly 80 bytes as a header. */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  const r = new ByteReader(bytes);
  const h = readHeader(r);
  r.expectEnd("block header");
  return h;
}

/** Writes the 80-byte header. */
export function writeHeader(w: ByteWriter, h: BlockHeader): void {
  w.i32le(h.version)
    .bytes(h.prevBlock)
    .bytes(h.merkleRoot)
    .u32le(h.time)
    .u32le(h.bits)
    .u32le(h.nonce);
}

/** Serializes the header into 80 bytes. */
export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE);
  writeHeader(w, h);
  return w.finish();
}

/** The block hash: SHA256d of the 80-byte header (internal byte order). */
export function blockHash(h: BlockHeader): Uint8Array {
  return sha256d(encodeHeader(h));
}
