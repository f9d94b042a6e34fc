import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { FetchLike } from "../src/node-rpc.js";
import { createPriceFeed, filePriceCache, PriceFeedError } from "../src/price-feed.js";

// Answers each host with a canned body, counting calls; `down` hosts fail like an offline machine.
function fakeExchanges(
  prices: { coinbase?: unknown; coingecko?: unknown; kraken?: unknown },
  down: string[] = [],
) {
  const calls: string[] = [];
  const fetch: FetchLike = async (url) => {
    calls.push(url);
    const host = new URL(url).hostname;
    if (down.some((d) => host.includes(d))) throw new TypeError("fetch failed");
    const body = host.includes("coinbase")
      ? prices.coinbase
      : host.includes("coingecko")
        ? prices.coingecko
        : prices.kraken;
    if (body === undefined) return new Response("not found", { status: 404 });
    return new Response(JSON.stringify(body), { status: 200 });
  };
  return { fetch, calls };
}

test("reads each source's format and falls through to the next on failure", async () => {
  const coinbase = { data: { amount: "95123.45", base: "BTC", currency: "USD" } };
  const coingecko = { bitcoin: { usd: 95000 } };
  const kraken = { error: [], result: { XXBTZUSD: { c: ["94999.9", "0.01"] } } };
  const all = fakeExchanges({ coinbase, coingecko, kraken });
  const quote = await createPriceFeed({ fetch: all.fetch, now: () => 1_000 }).getPrice("usd");
  assert.deepEqual(quote, {
    price: 95123.45,
    source: "coinbase",
    fetchedAt: 1_000,
    currency: "USD",
    cached: false,
    stale: false,
  });
  const noCoinbase = fakeExchanges({ coingecko, kraken }, ["coinbase"]);
  assert.equal((await createPriceFeed({ fetch: noCoinbase.fetch }).getPrice()).source, "coingecko");
  const krakenOnly = fakeExchanges({ kraken, coingecko: { bitcoin: {} } }, ["coinbase"]);
  const k = await createPriceFeed({ fetch: krakenOnly.fetch }).getPrice();
  assert.equal(k.source, "kraken");
  assert.equal(k.price, 94999.9);
  assert.equal(krakenOnly.calls.length, 3);
  assert.match(krakenOnly.calls[2]!, /pair=XBTUSD$/);
});

test("caches for the TTL, refetches after it, and serves stale quotes when offline", async () => {
  let now = 0;
  let online = true;
  let calls = 0;
  const fetch: FetchLike = async () => {
    calls += 1;
    if (!online) throw new TypeError("fetch failed");
    return new Response(JSON.stringify({ data: { amount: String(90_000 + calls) } }));
  };
  const feed = createPriceFeed({
    fetch,
    now: () => now,
    ttlMs: 60_000,
    maxStaleMs: 3_600_000,
    sources: ["coinbase"],
  });
  assert.equal((await feed.getPrice()).price, 90_001);
  now = 59_999;
  const cached = await feed.getPrice();
  assert.equal(cached.price, 90_001);
  assert.equal(cached.cached, true);
  assert.equal(calls, 1, "no request within the TTL");
  now = 60_000;
  assert.equal((await feed.getPrice()).price, 90_002, "refetched once the TTL passed");
  online = false;
  now = 200_000;
  const stale = await feed.getPrice();
  assert.deepEqual([stale.price, stale.stale, stale.cached], [90_002, true, true]);
  now = 60_000 + 3_600_000;
  await assert.rejects(
    feed.getPrice(),
    (e: unknown) => e instanceof PriceFeedError && /coinbase: fetch failed/.test(e.message),
  );
});

test("rejects unusable answers and bad currency codes", async () => {
  const silly = fakeExchanges({
    coinbase: { data: { amount: "-1" } },
    coingecko: { bitcoin: { usd: "NaN" } },
    kraken: { result: {} },
  });
  await assert.rejects(
    createPriceFeed({ fetch: silly.fetch }).getPrice(),
    (e: unknown) => e instanceof PriceFeedError && /no usable price/.test(e.message),
  );
  await assert.rejects(createPriceFeed({ fetch: silly.fetch }).getPrice("dollars"), PriceFeedError);
  assert.equal(silly.calls.length, 3, "the bad currency code made no request");
});

test("the file cache survives between feeds and ignores a corrupt file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-price-"));
  const path = join(dir, "sub", "price-cache.json");
  const first = fakeExchanges({ coinbase: { data: { amount: "91000" } } });
  await createPriceFeed({
    fetch: first.fetch,
    now: () => 5_000,
    cache: filePriceCache(path),
  }).getPrice("EUR");
  assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), {
    EUR: { price: 91000, source: "coinbase", fetchedAt: 5_000 },
  });
  const second = fakeExchanges({});
  const quote = await createPriceFeed({
    fetch: second.fetch,
    now: () => 6_000,
    cache: filePriceCache(path),
  }).getPrice("EUR");
  assert.equal(quote.price, 91000);
  assert.equal(quote.cached, true);
  assert.equal(second.calls.length, 0);
  const corrupt = join(dir, "corrupt.json");
  writeFileSync(corrupt, "{not json");
  assert.equal(filePriceCache(corrupt).get("USD"), undefined);
  filePriceCache(corrupt).set("USD", { price: 1, source: "kraken", fetchedAt: 1 });
  assert.equal(
    filePriceCache(corrupt).get("USD")?.price,
    1,
    "a corrupt file is replaced on the next write",
  );
});
