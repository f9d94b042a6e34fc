/**
 * Deep-copies a result into plain JSON data: bigints (satoshi amounts) become decimal strings so
 * no precision is lost, non-finite numbers become null, and everything else is kept. Edges (CLI
 * `--json`, the HTTP API) use it before serialising.
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toJsonValue(item);
    }
    return out;
  }
  return value;
}
