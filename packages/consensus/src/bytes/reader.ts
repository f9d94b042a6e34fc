import { DecodeError } from "../errors.js";

/** Largest CompactSize Core accepts when it announces a vector or byte-string length. */
export const MAX_SIZE = 0x02000000;

/**
 * Sequential little-endian reader over a byte array, mirroring Core's stream deserialization.
 * Every read checks bounds and throws {@link DecodeError} on truncation.
 */
export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      throw new DecodeError(
        "truncated",
        `need ${n} bytes at offset ${this.offset}, have ${this.remaining}`,
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  u16le(): number {
    this.need(2);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32le(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32le(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64le(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64le(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** Returns a view (not a copy) of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Returns a copy of the next `n` bytes. */
  take(n: number): Uint8Array {
    return this.bytesView(n).slice();
  }

  /**
   * Reads a CompactSize. Non-canonical encodings (a value that fits a shorter form) are rejected,
   * as Core's ReadCompactSize does; `rangeCheck` also rejects values above {@link MAX_SIZE}.
   */
  compactSize(rangeCheck = true): number {
    const first = this.u8();
    let value: number;
    if (first < 0xfd) {
      value = first;
    } else if (first === 0xfd) {
      value = this.u16le();
      if (value < 0xfd)
        throw new DecodeError("non-canonical-compactsize", "non-canonical ReadCompactSize()");
    } else if (first === 0xfe) {
      value = this.u32le();
      if (value < 0x10000)
        throw new DecodeError("non-canonical-compactsize", "non-canonical ReadCompactSize()");
    } else {
      const big = this.u64le();
      if (big < 0x100000000n)
        throw new DecodeError("non-canonical-compactsize", "non-canonical ReadCompactSize()");
      if (big > BigInt(Number.MAX_SAFE_INTEGER))
        throw new DecodeError("size-too-large", "ReadCompactSize(): size too large");
      value = Number(big);
    }
    if (rangeCheck && value > MAX_SIZE)
      throw new DecodeError("size-too-large", "ReadCompactSize(): size too large");
    return value;
  }

  /** Reads a CompactSize length followed by that many bytes (a copy). */
  varBytes(): Uint8Array {
    const n = this.compactSize();
    return this.take(n);
  }

  /** Throws unless every byte has been consumed. */
  expectEnd(what: string): void {
    if (this.remaining !== 0) {
      throw new DecodeError("trailing-data", `${this.remaining} unexpected bytes after ${what}`);
    }
  }
}
