/**
 * How much one client may ask for, over HTTP against the real service: queries too deep, too wide (aliases)
 * or too large (nested pages multiply) are refused with QUERY_TOO_COMPLEX before anything runs and the
 * service keeps answering; pages are capped; and each token has its own rate limit, which readiness escapes.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { RateLimiter } from "../src/server/rate-limit.ts";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);
const small = useTestServer(db, { env: { GRAPHQL_MAX_PAGE_SIZE: "2" } });
const limited = useTestServer(db, { env: { RATE_LIMIT_PER_MINUTE: "1", RATE_LIMIT_BURST: "3" } });

const user = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('tenant_a')");
});

type Codes = { status: number; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const code = (result: Codes) => result.errors?.[0]?.extensions?.code;

/** `{ allLocations(first: 60) { nodes { facility { locations(first: 60) { … } } } } }`, `levels` connections deep. */
function nested(levels: number, first = 60): string {
  let inner = "code maxCubicFeet";
  for (let i = 1; i < levels; i++) inner = `facility { locations(first: ${first}) { nodes { ${inner} } } }`;
  return `{ allLocations(first: ${first}) { nodes { ${inner} } } }`;
}

describe("query limits", () => {
  test("four nested pages of 60 (13 million rows) are refused before they run, and the service still answers", async () => {
    const token = await api.token("tenant_a");
    const refused = await api.graphql(nested(4), undefined, token);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.message).toMatch(/could produce about [\d,]+ values; the limit is 50,000/);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ limit: 50_000, cost: expect.any(Number) });
    expect(refused.errors?.[0]?.extensions?.cost as number).toBeGreaterThan(60 ** 4);
    expect(refused.data).toBeUndefined();

    const after = await api.graphql<{ allLocations: { nodes: unknown[] } }>(nested(2, 2), undefined, token);
    expect(after.errors).toBeUndefined();
    expect(after.data?.allLocations.nodes).toHaveLength(2);
  });

  test("1,000 aliases of allLocations are refused, and the service still answers", async () => {
    const token = await api.token("tenant_a");
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: allLocations { nodes { code maxCubicFeet } }`);
    const refused = await api.graphql(`{ ${aliases.join(" ")} }`, undefined, token);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.message).toBe(
      "The query uses 1000 aliases; the limit is 50. Send several requests instead.",
    );
    const fifty = await api.graphql(
      `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: allLocations(first: 10) { nodes { code } }`).join(" ")} }`,
      undefined,
      token,
    );
    expect(fifty.errors).toBeUndefined();
    expect(Object.keys(fifty.data ?? {})).toHaveLength(50);
  });

  test("a query nested deeper than 12 fields is refused however small it is", async () => {
    const token = await api.token("tenant_a");
    // allLocations, nodes, then (facility, locations, nodes) per level, then code: 12 fields at 4 levels.
    expect((await api.graphql(nested(4, 1), undefined, token)).errors).toBeUndefined();
    const deeper = await api.graphql(nested(5, 1), undefined, token);
    expect(code(deeper)).toBe("QUERY_TOO_COMPLEX");
    expect(deeper.errors?.[0]?.message).toMatch(/nested 15 fields deep; the limit is 12/);
  });

  test("aliases and depth count inside fragments too", async () => {
    const token = await api.token("tenant_a");
    const spread = Array.from({ length: 26 }, (_, i) => `x${i}: code`).join(" ");
    const result = await api.graphql(
      `query { a: allLocations(first: 1) { nodes { ...L } } b: allLocations(first: 1) { nodes { ...L } } }
       fragment L on Location { ${spread} }`,
      undefined,
      token,
    );
    expect(code(result)).toBe("QUERY_TOO_COMPLEX");
    expect(result.errors?.[0]?.message).toMatch(/uses 54 aliases/);
  });

  test("fragments that spread fragments are measured once each: 2^30 aliases are counted, not walked", async () => {
    const token = await api.token("tenant_a");
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Location { ...F${i + 1} ...F${i + 1} }`);
    const result = await api.graphql(
      `{ allLocations(first: 1) { nodes { ...F0 } } } ${fragments.join(" ")} fragment F30 on Location { x: code }`,
      undefined,
      token,
    );
    expect(code(result)).toBe("QUERY_TOO_COMPLEX");
    expect(result.errors?.[0]?.message).toMatch(/uses 1073741824 aliases/);
  });

  test("documents nested thousands deep (text or chains of fragments) are refused, not a stack overflow", async () => {
    const token = await api.token("tenant_a");
    const fields = await api.graphql(`${"{a".repeat(30_000)}${"}".repeat(30_000)}`, undefined, token);
    const lists = await api.graphql(
      `{ statDescribe(values: ${"[".repeat(40_000)}${"]".repeat(40_000)}) { n } }`,
      undefined,
      token,
    );
    const chain = Array.from({ length: 2500 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`);
    const fragments = await api.graphql(
      `{ ...F0 } ${chain.join(" ")} fragment F2500 on Query { __typename }`,
      undefined,
      token,
    );
    for (const refused of [fields, lists, fragments]) {
      expect(refused.status).toBe(400);
      expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
      expect(refused.errors?.[0]?.message).toMatch(
        /nests more than 56 levels deep \(brackets or fragments\); the limit is 56/,
      );
    }
    // Brackets inside strings and comments are not nesting.
    const quoted = await api.graphql(
      `{ # ${"{".repeat(100)}\n allLocations(condition: { code: "${"[".repeat(100)}" }) { totalCount } }`,
      undefined,
      token,
    );
    expect(quoted.errors).toBeUndefined();
  });

  test("page sizes given in variables count: the same document passes with small pages and not with large ones", async () => {
    const token = await api.token("tenant_a");
    const query = `query($n: Int) { allLocations(first: $n) { nodes { facility { locations(first: $n) { nodes { code } } } } } }`;
    expect((await api.graphql(query, { n: 2 }, token)).errors).toBeUndefined();
    const large = await api.graphql(query, { n: 1000 }, token);
    expect(code(large)).toBe("QUERY_TOO_COMPLEX");
    expect(large.errors?.[0]?.extensions?.cost as number).toBeGreaterThan(1_000_000);
  });

  test("a list of more than 1,000 values, in a variable or written out, is refused before it runs", async () => {
    const token = await api.token("tenant_a");
    const describe = `query($values: [Float]!) { statDescribe(values: $values) { n } }`;
    const values = (n: number) => Array.from({ length: n }, (_, i) => i % 7);
    const within = await api.graphql<{ statDescribe: { n: number } }>(describe, { values: values(1000) }, token);
    expect(within.errors).toBeUndefined();
    expect(within.data?.statDescribe.n).toBe(1000);

    const refused = await api.graphql(describe, { values: values(1001) }, token);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.message).toBe(
      "A list of 1,001 values is more than the limit of 1,000; send the values in several requests.",
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ listLength: 1001, limit: 1000 });

    const literal = await api.graphql(`{ statDescribe(values: [${values(1001).join(",")}]) { n } }`, undefined, token);
    expect(code(literal)).toBe("QUERY_TOO_COMPLEX");
    const inFragment = await api.graphql(
      `{ ...F } fragment F on Query { statCorrelation(x: [1, 2], y: [${values(1001).join(",")}]) { __typename } }`,
      undefined,
      token,
    );
    expect(code(inFragment)).toBe("QUERY_TOO_COMPLEX");
  });

  test("first: 100000 is refused with the page size limit in the message", async () => {
    const token = await api.token("tenant_a");
    const result = await api.graphql(`{ allLocations(first: 100000) { nodes { code } } }`, undefined, token);
    expect(result.status).toBe(400);
    expect(code(result)).toBe("QUERY_TOO_COMPLEX");
    expect(result.errors?.[0]?.message).toMatch(
      /first: 100000 on Query\.allLocations is more than the page size limit of 1000/,
    );
    const last = await api.graphql(`query($n: Int) { allLocations(last: $n) { nodes { code } } }`, { n: 5000 }, token);
    expect(code(last)).toBe("QUERY_TOO_COMPLEX");
  });
});

describe("the page size cap (GRAPHQL_MAX_PAGE_SIZE=2)", () => {
  test("a connection without first or last returns one capped page and says there is more", async () => {
    const token = await small.token("tenant_a");
    const result = await small.graphql<{
      allLocations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: unknown[] };
    }>(`{ allLocations { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }`, undefined, token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.allLocations.totalCount).toBe(3);
    expect(result.data?.allLocations.nodes).toEqual([{ code: "R-01" }, { code: "R-02" }]);
    expect(result.data?.allLocations.pageInfo.hasNextPage).toBe(true);

    const next = await small.graphql<{ allLocations: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      `query($after: Cursor) { allLocations(after: $after) { pageInfo { hasNextPage } nodes { code } } }`,
      { after: result.data?.allLocations.pageInfo.endCursor },
      token,
    );
    expect(next.data?.allLocations).toEqual({ pageInfo: { hasNextPage: false }, nodes: [{ code: "S-01" }] });
  });

  test("last, an explicit first, a null first and nested connections are all within the cap", async () => {
    const token = await small.token("tenant_a");
    const result = await small.graphql(
      `query($none: Int) {
         last: allLocations(last: 1) { nodes { code } }
         one: allLocations(first: 1) { nodes { code } }
         none: allLocations(first: $none) { nodes { code } }
         nested: allFacilities { nodes { locations { nodes { code } } } }
       }`,
      { none: null },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      last: { nodes: [{ code: "S-01" }] },
      one: { nodes: [{ code: "R-01" }] },
      none: { nodes: [{ code: "R-01" }, { code: "R-02" }] },
      nested: { nodes: [{ locations: { nodes: [{ code: "R-01" }, { code: "R-02" }] } }] },
    });
    const over = await small.graphql(`{ allLocations(first: 3) { nodes { code } } }`, undefined, token);
    expect(code(over)).toBe("QUERY_TOO_COMPLEX");
  });

  test("groupedAggregates with more groups than the cap is refused, not answered with every group", async () => {
    const token = await small.token("tenant_a");
    const refused = await small.graphql(
      `{ allLocations { groupedAggregates(groupBy: [CODE]) { keys sum { maxCubicFeet } } } }`,
      undefined,
      token,
    );
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.message).toMatch(/more than 2 groups/);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ limit: 2 });
    expect(JSON.stringify(refused.data ?? null)).not.toMatch(/R-01|S-01/);
    // Nested under a connection of facilities: refused there too.
    const nested = await small.graphql(
      `{ allFacilities { nodes { locations { groupedAggregates(groupBy: [CODE]) { keys } } } } }`,
      undefined,
      token,
    );
    expect(code(nested)).toBe("QUERY_TOO_COMPLEX");

    // Within the cap (one location, one group) the groups are answered.
    const within = await small.graphql<{ allLocations: { groupedAggregates: Array<{ keys: string[] }> } }>(
      `{ allLocations(condition: { code: "R-01" }) { groupedAggregates(groupBy: [CODE]) { keys } } }`,
      undefined,
      token,
    );
    expect(within.errors).toBeUndefined();
    expect(within.data?.allLocations.groupedAggregates).toEqual([{ keys: ["R-01"] }]);
  });

  test("the estimate counts groupedAggregates as a full page of groups", async () => {
    const token = await api.token("tenant_a");
    const aliases = Array.from(
      { length: 50 },
      (_, i) =>
        `g${i}: allLocations(first: 1) { groupedAggregates(groupBy: [CODE]) { keys sum { maxCubicFeet maxWeightLbs } } }`,
    );
    // first: 1 does not bound the groups: 50 × 1,000 groups × their values.
    const refused = await api.graphql(`{ ${aliases.join(" ")} }`, undefined, token);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.extensions?.cost as number).toBeGreaterThan(50 * 1000 * 3);
    // One such field is within the limit, and a connection's totals do not count once per row.
    const one = await api.graphql<{ allLocations: { totalCount: number; groupedAggregates: unknown[] } }>(
      `{ allLocations { totalCount groupedAggregates(groupBy: [ZONE_ID]) { keys sum { maxCubicFeet } } } }`,
      undefined,
      token,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.allLocations.totalCount).toBe(3);
  });

  test("each group's keys count: a groupBy of 1,000 repeated keys is refused before it runs", async () => {
    const token = await api.token("tenant_a");
    const groupBy = Array.from({ length: 1000 }, () => "CODE").join(", ");
    const refused = await api.graphql(
      `{ allLocations { groupedAggregates(groupBy: [${groupBy}]) { keys } } }`,
      undefined,
      token,
    );
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe("QUERY_TOO_COMPLEX");
    expect(refused.errors?.[0]?.extensions?.cost as number).toBeGreaterThan(1000 * 1000);
  });

  test("the schema documents the cap on first", async () => {
    const result = await small.graphql<{
      __type: { fields: Array<{ name: string; args: Array<{ name: string; description: string }> }> };
    }>(`{ __type(name: "Query") { fields { name args { name description } } } }`);
    const first = result.data?.__type.fields
      .find((f) => f.name === "allLocations")
      ?.args.find((a) => a.name === "first");
    expect(first?.description).toMatch(/At most 2; without `first` or `last`, the first 2\./);
  });
});

describe("the rate limit (1 a minute, bursts of 3)", () => {
  test("a token past its burst gets 429 RATE_LIMITED with Retry-After; another token goes through", async () => {
    const a = await limited.token("tenant_a", "operator", user(101));
    for (let i = 0; i < 3; i++) expect((await limited.graphql(`{ currentUserId }`, undefined, a)).status).toBe(200);
    const response = await fetch(`${limited.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${a}` },
      body: JSON.stringify({ query: "{ currentUserId }" }),
    });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const body = (await response.json()) as Codes;
    expect(code({ ...body, status: 429 })).toBe("RATE_LIMITED");
    expect(body.errors?.[0]?.message).toMatch(/at most 1 a minute \(bursts of 3\) for one token; retry in \d+ s/);

    const b = await limited.token("tenant_a", "operator", user(102));
    const other = await limited.graphql<{ currentUserId: string }>(`{ currentUserId }`, undefined, b);
    expect(other.status).toBe(200);
    expect(other.data?.currentUserId).toBe(user(102));
  });

  test("an anonymous client is counted by its connection's address: X-Forwarded-For does not give it new buckets", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${limited.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      answers.push(response.status);
    }
    expect(answers.filter((status) => status === 429).length).toBeGreaterThanOrEqual(2);
  });

  test("readiness and liveness are not rate limited", async () => {
    const a = await limited.token("tenant_a", "operator", user(103));
    for (let i = 0; i < 4; i++) await limited.graphql(`{ currentUserId }`, undefined, a);
    for (let i = 0; i < 5; i++) {
      const readiness = await fetch(`${limited.url}/api/wms/optimization/health`);
      expect(readiness.status).toBe(200);
      expect(((await readiness.json()) as { status: string }).status).toMatch(/^(HEALTHY|DEGRADED|UNHEALTHY)$/);
      expect((await fetch(`${limited.url}/health`)).status).toBe(200);
    }
  });
});

describe("RateLimiter", () => {
  test("allows a burst, then one request per refill interval, and says how long to wait", () => {
    const limiter = new RateLimiter(60, 2);
    expect([limiter.take("k", 0), limiter.take("k", 0), limiter.take("k", 0)]).toEqual([0, 0, 1]);
    expect(limiter.take("k", 500)).toBe(1);
    expect(limiter.take("k", 1000)).toBe(0);
    expect(limiter.take("k", 1000)).toBe(1);
    expect(limiter.take("other", 1000)).toBe(0);
  });

  test("a waiting client is told the whole wait, rounded up to seconds", () => {
    const limiter = new RateLimiter(6, 1);
    expect(limiter.take("k", 0)).toBe(0);
    expect(limiter.take("k", 0)).toBe(10);
    expect(limiter.take("k", 9_500)).toBe(1);
    expect(limiter.take("k", 10_000)).toBe(0);
  });

  test("keeps no bucket once it has refilled, and never more than maxKeys", () => {
    const limiter = new RateLimiter(60, 5, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`, 0);
    expect(limiter.size).toBe(100);
    limiter.take("late", 60_000);
    expect(limiter.size).toBe(1);
  });

  test("0 a minute turns it off", () => {
    const limiter = new RateLimiter(0, 1);
    for (let i = 0; i < 100; i++) expect(limiter.take("k", 0)).toBe(0);
    expect(limiter.size).toBe(0);
  });
});

describe("configuration", () => {
  test("the limits have defaults and refuse values out of range", () => {
    expect(loadConfig({}).limits).toEqual({
      maxDepth: 12,
      maxAliases: 50,
      maxCost: 50_000,
      maxPageSize: 1000,
      maxListLength: 1000,
      statementTimeoutMs: 10_000,
      lockTimeoutMs: 5000,
      connectTimeoutMs: 5000,
      rateLimitPerMinute: 1200,
      rateLimitBurst: 120,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
      httpKeepAliveTimeoutMs: 5000,
      httpMaxConnections: 10_000,
    });
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: "0", RATE_LIMIT_PER_MINUTE: "0" }).limits).toMatchObject({
      statementTimeoutMs: 0,
      rateLimitPerMinute: 0,
    });
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHQL_MAX_PAGE_SIZE: "lots" })).toThrow(/GRAPHQL_MAX_PAGE_SIZE must be an integer/);
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ RATE_LIMIT_BURST: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ GRAPHQL_MAX_LIST_LENGTH: "100" })).toThrow(/MAX_BATCH_SIZE \(500\) must not exceed/);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: "60000" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS must not/);
  });
});
