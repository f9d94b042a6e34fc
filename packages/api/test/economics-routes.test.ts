import assert from "node:assert/strict";
import { test } from "node:test";
import type { HardwarePreset } from "@hashforge/economics";
import type { Static } from "typebox";
import {
  type ApiServer,
  createApiServer,
  type ErrorBody,
  type LiveNetwork,
  listenApiServer,
} from "../src/index.js";
import type {
  HalvingResponse,
  HardwareListResponse,
  HardwarePresetSchema,
  ProfitabilityResponse,
  SupplyResponse,
} from "../src/schemas/economics.js";

type Profitability = Static<typeof ProfitabilityResponse>;
type Violation = { location: string; parameter: string; message: string };

const NOW = Date.UTC(2025, 11, 1); // 2025-12-01, a few days after the mainnet snapshot

async function server(options: Parameters<typeof createApiServer>[0] = {}): Promise<ApiServer> {
  return createApiServer({ clock: () => NOW, ...options });
}

async function get<T = ErrorBody>(
  app: ApiServer,
  url: string,
): Promise<{ status: number; body: T }> {
  const response = await app.inject({ method: "GET", url });
  return { status: response.statusCode, body: response.json() as T };
}

// Error details are either one parameter (a rejected value) or a list of schema violations.
function reasonOf(body: ErrorBody): { parameter: string; reason: string } {
  return body.error.details as { parameter: string; reason: string };
}
function violationsOf(body: ErrorBody): Violation[] {
  return body.error.details as Violation[];
}

const BASE =
  "/api/v1/economics/profitability?hashrate=200TH&power=3500W&electricity=0.06&price=95000";

test("GET /health answers ok with the injected time", async () => {
  const app = await server();
  const { status, body } = await get(app, "/health");
  assert.equal(status, 200);
  assert.deepEqual(body, { status: "ok", time: "2025-12-01T00:00:00.000Z" });
});

test("GET /profitability computes the hand-checked case from request figures", async () => {
  const app = await server();
  const { status, body } = await get<Profitability>(
    app,
    `${BASE}&difficulty=150T&fees=0&height=925344&months=24&difficultyGrowth=3`,
  );
  assert.equal(status, 200);
  assert.equal(body.networkSource, "request");
  const r = body.result;
  assert.ok(Math.abs(r.daily.btc - 8.381903171539307e-5) < 1e-15);
  assert.ok(Math.abs(r.daily.profit - 2.9228080129623413) < 1e-9);
  assert.ok(Math.abs((r.breakEven.electricityPricePerKwh ?? 0) - 0.09479533348764692) < 1e-12);
  assert.equal(r.projection.months.length, 24);
  assert.equal(r.inputs.supply.initialSubsidy, "5000000000", "bigints are decimal strings");
  assert.equal(r.payout.comparison.length, 6);
  assert.equal(body.machine.presetId, null);
});

test("POST /profitability takes a JSON body with numbers or unit text, and presets", async () => {
  const app = await server();
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/economics/profitability",
    payload: {
      hardware: "s21",
      units: 10,
      electricity: "6c",
      price: 95_000,
      difficulty: 150e12,
      fees: 0,
      height: 925_344,
      hardwareCost: "3k",
      scheme: "pplns",
    },
  });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as Profitability;
  assert.equal(body.machine.label, "10 x Antminer S21");
  assert.equal(body.machine.hashrate, 2000e12);
  assert.equal(body.result.inputs.hardwareCost, 30_000);
  assert.equal(body.result.inputs.payoutScheme, "PPLNS");
  assert.ok(Math.abs(body.result.daily.profit - 2.9228080129623413 * 10) < 1e-9);
});

test("without request figures, mainnet answers come from the dated snapshot or the node", async () => {
  const snapshot = await get<Profitability>(await server(), `${BASE}&months=1`);
  assert.equal(snapshot.status, 200);
  assert.equal(snapshot.body.networkSource, "snapshot:2025-11-27");
  assert.equal(snapshot.body.result.inputs.difficulty, 149.3e12);
  const node: LiveNetwork = {
    chain: "main",
    difficulty: 152e12,
    feesPerBlockBtc: 0.04,
    height: 930_000,
    tipTime: 1_767_000_000,
    blockIntervalSeconds: 590,
  };
  const app = await server({ networkSource: { getNetwork: async () => node } });
  const live = await get<Profitability>(app, `${BASE}&months=1`);
  assert.equal(live.body.networkSource, "node");
  assert.equal(live.body.result.inputs.difficulty, 152e12);
  assert.equal(live.body.result.inputs.feesPerBlockBtc, 0.04);
  assert.equal(live.body.result.inputs.blockIntervalSeconds, 590);
  const down = await server({
    networkSource: { getNetwork: async () => Promise.reject(new Error("connection refused")) },
  });
  const failed = await get(down, `${BASE}&months=1`);
  assert.equal(failed.status, 503);
  assert.equal(failed.body.error.code, "network-unavailable");
});

test("bad input gets a 400 naming the parameter and the reason", async () => {
  const app = await server();
  const cases: [string, number, string, string | null][] = [
    [
      "/api/v1/economics/profitability?hashrate=200TB&power=3500W&electricity=0.06&price=95000",
      400,
      "invalid-parameter",
      "unknown-unit",
    ],
    [`${BASE}&uptime=120`, 400, "invalid-parameter", "out-of-range"],
    [`${BASE}&pue=0.5`, 400, "invalid-parameter", "out-of-range"],
    [`${BASE}&poolFee=-1`, 400, "invalid-parameter", "out-of-range"],
    [
      "/api/v1/economics/profitability?hashrate=0&power=3500W&electricity=0.06&price=95000",
      400,
      "invalid-parameter",
      "not-positive",
    ],
    [
      "/api/v1/economics/profitability?hashrate=200TH&electricity=0.06&price=95000",
      400,
      "invalid-parameter",
      "missing-input",
    ],
    [`${BASE}&efficiency=17.5`, 400, "invalid-parameter", "conflicting-input"],
    [`${BASE}&scheme=magic`, 400, "invalid-parameter", "unknown-value"],
    [`${BASE}&network=dogecoin`, 400, "invalid-parameter", "unknown-value"],
    [`${BASE}&network=regtest`, 400, "invalid-parameter", "missing-input"],
    [`${BASE}&hardware=s99`, 400, "invalid-parameter", "unknown-value"],
    [
      "/api/v1/economics/profitability?hashrate=200TH&power=3500W&electricity=0.06&price=-5",
      400,
      "invalid-parameter",
      "negative",
    ],
    [`${BASE}&height=-1`, 400, "invalid-request", null],
    [`${BASE}&bogus=1`, 400, "invalid-request", null],
    ["/api/v1/economics/profitability?hashrate=200TH&power=3500W", 400, "invalid-request", null],
  ];
  for (const [url, status, code, reason] of cases) {
    const { status: got, body } = await get(app, url);
    assert.equal(got, status, `${url}: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, code, url);
    assert.equal(typeof body.error.message, "string");
    if (reason !== null)
      assert.equal(reasonOf(body).reason, reason, `${url}: ${JSON.stringify(body)}`);
    else assert.ok(violationsOf(body).length > 0);
  }
  const missing = await get(app, "/api/v1/economics/profitability?hashrate=200TH&power=3500W");
  const names = violationsOf(missing.body)
    .map((d) => d.parameter)
    .sort();
  assert.deepEqual(names, ["electricity", "price"], "every missing parameter is named at once");
  const both = await get(app, `${BASE}&efficiency=17.5`);
  assert.equal(reasonOf(both.body).parameter, "power");
  assert.equal(both.body.error.message, "power: give power or efficiency, not both");
  const noHashrate = await get(
    app,
    "/api/v1/economics/profitability?power=3500W&electricity=0.06&price=95000",
  );
  assert.equal(reasonOf(noHashrate.body).parameter, "hashrate");
  assert.equal(reasonOf(noHashrate.body).reason, "missing-input");
  const uptime = await get(app, `${BASE}&uptime=120`);
  assert.equal(reasonOf(uptime.body).parameter, "uptime");
  assert.match(uptime.body.error.message, /^uptime: must be greater than 0 and at most 100 %/);
  const malformed = await app.inject({
    method: "POST",
    url: "/api/v1/economics/profitability",
    headers: { "content-type": "application/json" },
    payload: "{not json",
  });
  assert.equal(malformed.statusCode, 400);
  assert.equal((malformed.json() as ErrorBody).error.code, "bad-request");
});

test("GET /supply is exact and accepts custom networks", async () => {
  const app = await server();
  const main = await get<Static<typeof SupplyResponse>>(
    app,
    "/api/v1/economics/supply?height=839999",
  );
  assert.equal(main.status, 200);
  assert.equal(main.body.issuedSats, "1968750000000000");
  assert.equal(main.body.subsidySats, "625000000");
  assert.equal(main.body.maxSupplySats, "2099999997690000");
  assert.equal(main.body.nextHalvingHeight, 840_000);
  const estimated = await get<Static<typeof SupplyResponse>>(app, "/api/v1/economics/supply");
  assert.match(estimated.body.heightSource, /^estimated from snapshot:2025-11-27/);
  const custom = await get<Static<typeof SupplyResponse>>(
    app,
    "/api/v1/economics/supply?halvingInterval=1000&initialSubsidySats=1000&height=999",
  );
  assert.equal(custom.body.issuedSats, "1000000");
  assert.equal(custom.body.maxSupplySats, "1994000");
  const bad = await get(app, "/api/v1/economics/supply?halvingInterval=0");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "invalid-request");
});

test("GET /halving lists the schedule with actual and estimated dates", async () => {
  const app = await server();
  const { status, body } = await get<Static<typeof HalvingResponse>>(
    app,
    "/api/v1/economics/halving?height=925344&blockTime=600",
  );
  assert.equal(status, 200);
  assert.equal(body.halvings.length, 33);
  assert.equal(body.halvings[3]!.date, "2024-04-20");
  assert.equal(body.halvings[3]!.timeSource, "actual");
  assert.equal(body.next.height, 1_050_000);
  assert.equal(body.next.blocksRemaining, 124_656);
  assert.equal(body.next.subsidyAfterSats, "156250000");
  assert.equal(body.next.estimatedTime, Math.floor(NOW / 1000) + 124_656 * 600);
  const regtest = await get<Static<typeof HalvingResponse>>(
    app,
    "/api/v1/economics/halving?network=regtest&height=10",
  );
  assert.equal(regtest.body.halvings[0]!.height, 150);
});

test("GET /hardware lists presets, including extra ones, and 404s unknown ids", async () => {
  const extra: HardwarePreset = {
    id: "my-rig",
    name: "My rig",
    manufacturer: "custom",
    hashrateThs: 100,
    powerWatts: 2000,
    efficiencyJPerTH: 20,
    releaseYear: null,
    cooling: "air",
    source: "user presets file",
    origin: "user",
  };
  const app = await server({ extraHardwarePresets: [extra] });
  const list = await get<Static<typeof HardwareListResponse>>(app, "/api/v1/economics/hardware");
  assert.equal(list.status, 200);
  assert.ok(list.body.presets.some((p) => p.id === "s21-xp"));
  assert.ok(list.body.presets.some((p) => p.id === "my-rig"));
  const one = await get<Static<typeof HardwarePresetSchema>>(app, "/api/v1/economics/hardware/s21");
  assert.equal(one.body.efficiencyJPerTH, 17.5);
  const missing = await get(app, "/api/v1/economics/hardware/s99");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "not-found");
  const route = await get(app, "/api/v1/economics/nothing");
  assert.equal(route.status, 404);
  assert.equal(route.body.error.code, "not-found");
});

test("listenApiServer binds to loopback unless told otherwise", async () => {
  const app = await server();
  try {
    const address = await listenApiServer(app, { port: 0 });
    assert.match(address, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${address}/health`);
    assert.equal(response.status, 200);
  } finally {
    await app.close();
  }
});
