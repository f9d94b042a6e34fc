// A strict JSON parser that keeps number text and notices duplicate keys, as Core's UniValue does.

import { JsonNumber, type JsonObject, type JsonValue } from "./json-value.js";

/** Deepest nesting accepted; Core's UniValue refuses more than 512 levels. */
export const MAX_JSON_DEPTH = 512;

/** Input that is not one JSON value (RFC 8259) or nests too deep. */
export class JsonParseError extends Error {
  override readonly name = "JsonParseError";
  /** Offset (in UTF-16 code units) where parsing stopped. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.position = position;
  }
}

const duplicateKeys = new WeakMap<JsonObject, string[]>();

/**
 * Keys that appeared more than once in `object` when it was parsed. The object itself keeps the
 * first value (UniValue's `find_value` does the same); the RPC layer rejects duplicated named
 * parameters with Core's "Parameter X specified multiple times".
 */
export function duplicateKeysOf(object: JsonObject): readonly string[] {
  return duplicateKeys.get(object) ?? [];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Parses one JSON text into a {@link JsonValue}. Bytes are decoded as strict UTF-8; numbers keep
 * their source text ({@link JsonNumber}); lone surrogate escapes, control characters in strings,
 * trailing garbage and nesting beyond {@link MAX_JSON_DEPTH} are rejected.
 */
export function parseJson(input: string | Uint8Array): JsonValue {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new JsonParseError("invalid UTF-8", 0);
    }
  }
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos !== text.length) throw new JsonParseError("unexpected trailing data", parser.pos);
  return value;
}

class Parser {
  pos = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(message: string): never {
    throw new JsonParseError(message, this.pos);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(depth: number): JsonValue {
    if (depth >= MAX_JSON_DEPTH) this.fail("nesting too deep");
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal("true", true);
      case 0x66: // f
        return this.literal("false", false);
      case 0x6e: // n
        return this.literal("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail(Number.isNaN(c) ? "unexpected end of input" : "unexpected character");
    }
  }

  literal<T extends JsonValue>(word: string, result: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail("invalid literal");
    this.pos += word.length;
    return result;
  }

  number(): JsonNumber {
    const t = this.text;
    const start = this.pos;
    if (t.charCodeAt(this.pos) === 0x2d) this.pos++;
    const first = t.charCodeAt(this.pos);
    if (first === 0x30) this.pos++;
    else if (first >= 0x31 && first <= 0x39) this.digits();
    else this.fail("invalid number");
    if (t.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      if (this.digits() === 0) this.fail("invalid number");
    }
    const e = t.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = t.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (this.digits() === 0) this.fail("invalid number");
    }
    return new JsonNumber(t.slice(start, this.pos));
  }

  digits(): number {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos - start;
  }

  string(): string {
    const t = this.text;
    this.pos++; // opening quote
    let out = "";
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail("unterminated string");
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail("control character in string");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      this.pos++;
      out += this.escape();
      chunk = this.pos;
    }
  }

  escape(): string {
    const c = this.text[this.pos];
    this.pos++;
    switch (c) {
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "/":
        return "/";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u": {
        const unit = this.hex4();
        if (unit >= 0xdc00 && unit <= 0xdfff) this.fail("unpaired surrogate escape");
        if (unit < 0xd800 || unit > 0xdbff) return String.fromCharCode(unit);
        // A high surrogate must be followed by an escaped low surrogate (UniValue rejects
        // anything else as invalid UTF-16).
        if (this.text[this.pos] !== "\\" || this.text[this.pos + 1] !== "u") {
          this.fail("unpaired surrogate escape");
        }
        this.pos += 2;
        const low = this.hex4();
        if (low < 0xdc00 || low > 0xdfff) this.fail("unpaired surrogate escape");
        return String.fromCharCode(unit, low);
      }
      default:
        return this.fail("invalid escape");
    }
  }

  hex4(): number {
    const h = this.text.slice(this.pos, this.pos + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail("invalid \\u escape");
    this.pos += 4;
    return Number.parseInt(h, 16);
  }

  array(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) this.fail("expected ',' or ']'");
    }
  }

  object(depth: number): JsonObject {
    this.pos++;
    const out: Record<string, JsonValue> = {};
    let dups: string[] | undefined;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail("expected a string key");
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      this.skipSpace();
      const value = this.value(depth + 1);
      if (Object.hasOwn(out, key)) {
        dups ??= [];
        dups.push(key);
      } else if (key === "__proto__") {
        // Plain assignment would replace the prototype; keep it as an ordinary member.
        Object.defineProperty(out, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = value;
      }
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) break;
      if (c !== 0x2c) this.fail("expected ',' or '}'");
    }
    if (dups) duplicateKeys.set(out, dups);
    return out;
  }
}
