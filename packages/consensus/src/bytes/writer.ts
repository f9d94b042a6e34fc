import { RangeCheckError } from "../errors.js";

/** Growable little-endian byte writer, the counterpart of {@link ByteReader}. */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  // No DataView: writers are created for every signature hash and txid, and a DataView per
  // writer showed up in profiles; shifts into the byte array are as fast.
  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16le(v: number): this {
    this.ensure(2);
    const b = this.buf;
    const o = this.length;
    b[o] = v;
    b[o + 1] = v >>> 8;
    this.length = o + 2;
    return this;
  }

  u32le(v: number): this {
    this.ensure(4);
    const b = this.buf;
    const o = this.length;
    b[o] = v;
    b[o + 1] = v >>> 8;
    b[o + 2] = v >>> 16;
    b[o + 3] = v >>> 24;
    this.length = o + 4;
    return this;
  }

  /** Writes a signed 32-bit integer (two's complement; same bytes as u32le of `v >>> 0`). */
  i32le(v: number): this {
    return this.u32le(v >>> 0);
  }

  /** Writes the low 64 bits of `v` (two's complement for negative values). */
  u64le(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    this.u32le(Number(u & 0xffffffffn));
    return this.u32le(Number(u >> 32n));
  }

  /** Writes a signed 64-bit integer (two's complement). */
  i64le(v: bigint): this {
    return this.u64le(v);
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Writes a canonical CompactSize. */
  compactSize(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeCheckError(`invalid CompactSize ${n}`);
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.u8(0xfd).u16le(n);
    if (n <= 0xffffffff) return this.u8(0xfe).u32le(n);
    return this.u8(0xff).u64le(BigInt(n));
  }

  /** Writes a CompactSize length followed by the bytes. */
  varBytes(b: Uint8Array): this {
    return this.compactSize(b.length).bytes(b);
  }

  /** Starts over, keeping the buffer: for a writer reused for many short-lived serializations. */
  reset(): this {
    this.length = 0;
    return this;
  }

  /**
   * The bytes written so far, as a view of the internal buffer (no copy: serialization is on
   * every hot path). Later writes only append past it, so the view's contents never change.
   */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Number of bytes the CompactSize encoding of `n` takes. */
export function compactSizeLength(n: number): number {
  if (n < 0xfd) return 1;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffffff) return 5;
  return 9;
}
