// JSON output in the exact layout of Core's UniValue::write, compact or pretty.

import { JsonNumber, type RpcResultValue } from "./json-value.js";

/**
 * Serialises a result the way Core's `UniValue::write(indent)` does: compact when `indent` is 0;
 * otherwise one member per line, `"key": value`, and empty containers as `[\n]` / `{\n}` (which
 * is what `bitcoin-cli` prints). {@link JsonNumber}s are written as their text, bigints as
 * integers, non-finite numbers as `null`, and `undefined` object members are left out.
 */
export function writeJson(value: RpcResultValue, indent = 0): string {
  const parts: string[] = [];
  write(value, indent, 1, parts);
  return parts.join("");
}

function pad(indent: number, level: number, parts: string[]): void {
  if (indent > 0 && level > 0) parts.push(" ".repeat(indent * level));
}

function write(value: RpcResultValue, indent: number, level: number, parts: string[]): void {
  if (value === null) {
    parts.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      parts.push(value ? "true" : "false");
      return;
    case "string":
      parts.push(JSON.stringify(value));
      return;
    case "number":
      parts.push(Number.isFinite(value) ? JSON.stringify(value) : "null");
      return;
    case "bigint":
      parts.push(value.toString());
      return;
    default:
      break;
  }
  if (value instanceof JsonNumber) {
    parts.push(value.text);
    return;
  }
  if (Array.isArray(value)) {
    const items = value as readonly RpcResultValue[];
    parts.push("[");
    if (indent > 0) parts.push("\n");
    items.forEach((item, i) => {
      pad(indent, level, parts);
      write(item, indent, level + 1, parts);
      if (i !== items.length - 1) parts.push(",");
      if (indent > 0) parts.push("\n");
    });
    pad(indent, level - 1, parts);
    parts.push("]");
    return;
  }
  const entries = Object.entries(value as { readonly [k: string]: RpcResultValue | undefined });
  const present = entries.filter((e): e is [string, RpcResultValue] => e[1] !== undefined);
  parts.push("{");
  if (indent > 0) parts.push("\n");
  present.forEach(([key, item], i) => {
    pad(indent, level, parts);
    parts.push(JSON.stringify(key), indent > 0 ? ": " : ":");
    write(item, indent, level + 1, parts);
    if (i !== present.length - 1) parts.push(",");
    if (indent > 0) parts.push("\n");
  });
  pad(indent, level - 1, parts);
  parts.push("}");
}
