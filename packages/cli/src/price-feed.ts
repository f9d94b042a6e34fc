// Optional BTC price lookup for online use. Never required: `--price` always works offline, and
// nothing here runs unless `--live-price` asks for it. Fetch, clock and cache are injectable.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { FetchLike } from "@hashforge/rpc-client";

/** Public spot-price endpoints we know how to read. */
export type PriceSource = "coinbase" | "coingecko" | "kraken";

/** A price with where and when it came from. */
export interface PriceQuote {
  readonly price: number;
  /** ISO currency code, upper case. */
  readonly currency: string;
  readonly source: PriceSource;
  /** Unix milliseconds when the source was queried. */
  readonly fetchedAt: number;
  /** True when served from the cache rather than fetched now. */
  readonly cached: boolean;
  /** True when every source failed and an expired cache entry was served instead. */
  readonly stale: boolean;
}

/** What a cache stores per currency. */
export interface CachedPrice {
  readonly price: number;
  readonly source: PriceSource;
  readonly fetchedAt: number;
}

/** Storage for quotes between calls or runs. */
export interface PriceCache {
  get(currency: string): CachedPrice | undefined;
  set(currency: string, value: CachedPrice): void;
}

/** Why no price could be had. */
export class PriceFeedError extends Error {
  override readonly name = "PriceFeedError";
}

/** A cache that lives as long as the process (enough for the API server or a watch loop). */
export function memoryPriceCache(): PriceCache {
  const entries = new Map<string, CachedPrice>();
  return { get: (c) => entries.get(c), set: (c, v) => void entries.set(c, v) };
}

/**
 * A cache in a small JSON file, so separate CLI runs share one quote within the TTL. A missing or
 * corrupt file is treated as empty; writes go through a temporary file and a rename.
 */
export function filePriceCache(path: string): PriceCache {
  const load = (): Record<string, CachedPrice> => {
    try {
      const data: unknown = JSON.parse(readFileSync(path, "utf8"));
      return typeof data === "object" && data !== null ? (data as Record<string, CachedPrice>) : {};
    } catch {
      return {};
    }
  };
  return {
    get(currency) {
      const entry = load()[currency];
      return entry && typeof entry.price === "number" && typeof entry.fetchedAt === "number"
        ? entry
        : undefined;
    },
    set(currency, value) {
      const data = { ...load(), [currency]: value };
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(data));
      renameSync(tmp, path);
    },
  };
}

/** Options for {@link createPriceFeed}. */
export interface PriceFeedOptions {
  readonly fetch?: FetchLike;
  /** Clock in unix milliseconds (default Date.now). */
  readonly now?: () => number;
  /** How long a quote is fresh (default 5 minutes). */
  readonly ttlMs?: number;
  /** How old a quote may be to be served when all sources fail (default 24 hours). */
  readonly maxStaleMs?: number;
  readonly cache?: PriceCache;
  /** Sources in the order tried (default coinbase, coingecko, kraken). */
  readonly sources?: readonly PriceSource[];
  readonly timeoutMs?: number;
}

/** Looks up the BTC price in a currency. */
export interface PriceFeed {
  getPrice(currency?: string): Promise<PriceQuote>;
}

function requestFor(
  source: PriceSource,
  currency: string,
): { url: string; read: (json: unknown) => unknown } {
  switch (source) {
    case "coinbase":
      return {
        url: `https://api.coinbase.com/v2/prices/BTC-${currency}/spot`,
        read: (j) => (j as { data?: { amount?: unknown } })?.data?.amount,
      };
    case "coingecko":
      return {
        url: `https://api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies=${currency.toLowerCase()}`,
        read: (j) =>
          (j as { bitcoin?: Record<string, unknown> })?.bitcoin?.[currency.toLowerCase()],
      };
    case "kraken":
      return {
        url: `https://api.kraken.com/0/public/Ticker?pair=XBT${currency}`,
        // Kraken names the pair XXBTZUSD (or similar): take the only result, field c = last trade.
        read: (j) => {
          const result = (j as { result?: Record<string, { c?: unknown[] }> })?.result;
          const first = result ? Object.values(result)[0] : undefined;
          return first?.c?.[0];
        },
      };
  }
}

/**
 * Creates a price feed that tries each source in turn, caches a good quote for `ttlMs`, and when
 * every source fails serves a cached quote up to `maxStaleMs` old (flagged `stale`) before giving
 * up with a {@link PriceFeedError} that lists each source's failure.
 */
export function createPriceFeed(options: PriceFeedOptions = {}): PriceFeed {
  const doFetch = options.fetch ?? (fetch as FetchLike);
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 5 * 60_000;
  const maxStale = options.maxStaleMs ?? 24 * 3_600_000;
  const cache = options.cache ?? memoryPriceCache();
  const sources = options.sources ?? ["coinbase", "coingecko", "kraken"];
  return {
    async getPrice(currencyInput = "USD") {
      const currency = currencyInput.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency))
        throw new PriceFeedError(
          `currency must be a 3-letter code such as USD (got ${currencyInput})`,
        );
      const cached = cache.get(currency);
      const t = now();
      if (cached && t - cached.fetchedAt < ttl)
        return { ...cached, currency, cached: true, stale: false };
      const failures: string[] = [];
      for (const source of sources) {
        const { url, read } = requestFor(source, currency);
        try {
          const response = await doFetch(url, {
            headers: { accept: "application/json" },
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          const text = await response.text();
          if (text.length > 1_000_000) throw new Error("response too large");
          const raw = read(JSON.parse(text));
          const price = typeof raw === "string" ? Number(raw) : raw;
          if (typeof price !== "number" || !Number.isFinite(price) || price <= 0 || price > 1e9) {
            throw new Error(`no usable price in the response (got ${JSON.stringify(raw)})`);
          }
          const fresh: CachedPrice = { price, source, fetchedAt: t };
          cache.set(currency, fresh);
          return { ...fresh, currency, cached: false, stale: false };
        } catch (err) {
          failures.push(`${source}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (cached && t - cached.fetchedAt < maxStale)
        return { ...cached, currency, cached: true, stale: true };
      throw new PriceFeedError(
        `could not get a BTC/${currency} price (${failures.join("; ")}); pass --price instead`,
      );
    },
  };
}
