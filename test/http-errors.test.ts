/**
 * Every answer of /graphql carries the GraphQL error shape with a stable code, including the ones the HTTP
 * layer gives before any GraphQL runs (body too large, not JSON, a batch, wrong content type, method or
 * Accept header), with its proper status and nothing internal in `extensions`; and the documentation that
 * clients read names the codes they get.
 */
import { beforeAll, describe, expect, test, vi } from "vitest";
import { useTestDatabase } from "./support/db.ts";
import { useTestServer } from "./support/server.ts";

const db = useTestDatabase();
const api = useTestServer(db);

beforeAll(async () => {
  await db.admin.query("select tests.create_tenant_fixture('tenant_a')");
});

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

async function send(init: RequestInit & { headers?: Record<string, string> }): Promise<Answer> {
  const response = await fetch(`${api.url}/graphql`, init);
  const text = await response.text();
  let body: Answer["body"];
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {
    throw new Error(`not JSON (${response.status} ${response.headers.get("content-type")}): ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

const JSON_TYPE = { "content-type": "application/json" };
const QUERY = JSON.stringify({ query: "{ __typename }" });

describe("answers the HTTP layer gives itself have a status and a code", () => {
  const cases: Array<[string, RequestInit & { headers?: Record<string, string> }, number, string, RegExp]> = [
    [
      "a 1.3 MB body",
      {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ query: "{ __typename }", x: "a".repeat(1_300_000) }),
      },
      413,
      "PAYLOAD_TOO_LARGE",
      /larger than 256,000 bytes/,
    ],
    [
      "a 10 MB body",
      { method: "POST", headers: JSON_TYPE, body: "x".repeat(10_000_000) },
      413,
      "PAYLOAD_TOO_LARGE",
      /larger than 256,000 bytes/,
    ],
    [
      "a batched (array) body",
      { method: "POST", headers: JSON_TYPE, body: JSON.stringify([{ query: "{ __typename }" }]) },
      400,
      "BAD_REQUEST",
      /batched \(array\) requests are not supported/,
    ],
    [
      "a body that is not JSON",
      { method: "POST", headers: JSON_TYPE, body: "{query:" },
      400,
      "BAD_REQUEST",
      /not valid JSON/,
    ],
    ["an empty body", { method: "POST", headers: JSON_TYPE, body: "" }, 400, "BAD_REQUEST", /not valid JSON/],
    ["a raw NaN", { method: "POST", headers: JSON_TYPE, body: "NaN" }, 400, "BAD_REQUEST", /not valid JSON/],
    ["a JSON null", { method: "POST", headers: JSON_TYPE, body: "null" }, 400, "BAD_REQUEST", /body is empty/],
    [
      "a query that is not a string",
      { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: 42 }) },
      400,
      "BAD_REQUEST",
      /query must be a string/,
    ],
    [
      "variables that are not an object",
      { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: "{ __typename }", variables: [1] }) },
      400,
      "BAD_REQUEST",
      /Invalid variables/,
    ],
    [
      "text/plain",
      { method: "POST", headers: { "content-type": "text/plain" }, body: QUERY },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      /text\/plain/,
    ],
    [
      "a form",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "query=%7B__typename%7D",
      },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      /x-www-form-urlencoded/,
    ],
    ["no content type", { method: "POST", body: new Blob([QUERY]) }, 400, "BAD_REQUEST", /Content-Type/],
    ["PUT", { method: "PUT", headers: JSON_TYPE, body: QUERY }, 405, "METHOD_NOT_ALLOWED", /POST/],
    ["GET", { method: "GET", headers: { accept: "application/json" } }, 405, "METHOD_NOT_ALLOWED", /POST/],
    [
      "an Accept header the server cannot satisfy",
      { method: "POST", headers: { ...JSON_TYPE, accept: "image/png" }, body: QUERY },
      406,
      "NOT_ACCEPTABLE",
      /Accept header/,
    ],
    [
      "a malformed Accept header",
      { method: "POST", headers: { ...JSON_TYPE, accept: ";;;" }, body: QUERY },
      406,
      "NOT_ACCEPTABLE",
      /Accept header/,
    ],
    [
      "an Accept weight that is not a number",
      { method: "POST", headers: { ...JSON_TYPE, accept: "application/json;q=abc" }, body: QUERY },
      406,
      "NOT_ACCEPTABLE",
      /Accept header/,
    ],
    [
      "an Accept weight above 1",
      { method: "POST", headers: { ...JSON_TYPE, accept: "application/json;q=2" }, body: QUERY },
      406,
      "NOT_ACCEPTABLE",
      /Accept header/,
    ],
    [
      "an Accept weight of 0 (not acceptable)",
      { method: "POST", headers: { ...JSON_TYPE, accept: "application/json;q=0" }, body: QUERY },
      406,
      "NOT_ACCEPTABLE",
      /Accept header/,
    ],
    [
      "a UTF-16 body",
      { method: "POST", headers: { "content-type": "application/json; charset=utf-16" }, body: QUERY },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      /utf-8/i,
    ],
    [
      "an unknown operationName",
      {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ query: "query A { __typename }", operationName: "B" }),
      },
      400,
      "BAD_REQUEST",
      /operation named "B"/,
    ],
    [
      "a subscription",
      { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ query: "subscription { __typename }" }) },
      400,
      "GRAPHQL_VALIDATION_FAILED",
      /subscription/i,
    ],
  ];

  for (const [name, init, status, code, message] of cases) {
    test(`${name}: ${status} ${code}`, async () => {
      const answer = await send(init);
      expect(answer.status).toBe(status);
      expect(answer.headers.get("content-type")).toMatch(/^application\/(graphql-response\+)?json/);
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors?.[0]?.extensions).toEqual({ code });
      expect(answer.body.errors?.[0]?.message).toMatch(message);
      expect(answer.body.data).toBeUndefined();
    });
  }

  test("405 says which method to use", async () => {
    const answer = await send({ method: "PUT", headers: JSON_TYPE, body: QUERY });
    expect(answer.headers.get("allow")).toBe("POST");
  });

  test("a 150 KB body is read: a batch of 500 items with the longest lot numbers takes about 105 KB", async () => {
    const body = JSON.stringify({ query: `{ __typename } # ${"x".repeat(150_000)}` });
    const answer = await send({ method: "POST", headers: JSON_TYPE, body });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { __typename: "Query" } });
  });

  test("the media type is matched whatever its case", async () => {
    const answer = await send({ method: "POST", headers: { "content-type": "Application/JSON" }, body: QUERY });
    expect(answer).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });
  });

  test("the service answers normally after all of them", async () => {
    const answer = await send({ method: "POST", headers: JSON_TYPE, body: QUERY });
    expect(answer).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });
  });
});

describe("authentication answers", () => {
  test("a mutation without a token is 401 UNAUTHENTICATED, with the challenge header, and writes nothing", async () => {
    const before = (await db.admin.query("select count(*) from app_public.materials")).rows[0].count;
    const answer = await send({
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({
        query: `mutation { createMaterial(input: { material: { code: "ANON" } }) { material { code } } }`,
      }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect((await db.admin.query("select count(*) from app_public.materials")).rows[0].count).toBe(before);
  });

  test("a bad token is 401 without statusCode or anything else internal in extensions", async () => {
    const answer = await send({
      method: "POST",
      headers: { ...JSON_TYPE, authorization: "Bearer nonsense" },
      body: QUERY,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]).toEqual({
      message: "The token is invalid",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  test("a malformed Authorization header is 401 too", async () => {
    const answer = await send({ method: "POST", headers: { ...JSON_TYPE, authorization: "Basic abc" }, body: QUERY });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: "UNAUTHENTICATED" });
  });
});

describe("the documentation names client codes", () => {
  test("statDescribe's description names INVALID_INPUT, not the SQLSTATE INVAL", async () => {
    const result = await api.graphql<{ __type: { fields: Array<{ name: string; description: string }> } }>(
      `{ __type(name: "Query") { fields { name description } } }`,
    );
    const fields = result.data?.__type.fields ?? [];
    const describe = fields.find((field) => field.name === "statDescribe");
    expect(describe?.description).toMatch(/raise INVALID_INPUT/);
    for (const field of fields) expect(field.description ?? "").not.toMatch(/'INVAL'|\bINVAL\b/);
  });

  test("no comment of the exposed schema names an internal SQLSTATE", async () => {
    const { rows } = await db.admin.query(`
      select d.description
        from pg_catalog.pg_description d
        join pg_catalog.pg_proc p on p.oid = d.objoid and d.classoid = 'pg_catalog.pg_proc'::regclass
       where p.pronamespace = 'app_public'::regnamespace
         and d.description ~ '''(INVAL|STOCK|CAPAC|DECID|STALE|NOTFD|DENY1)'''`);
    expect(rows).toEqual([]);
  });
});

describe("request ids", () => {
  test("every answer names its request id: the client's X-Request-Id when it is a plain token, a new UUID otherwise", async () => {
    const fresh = await send({ method: "POST", headers: JSON_TYPE, body: QUERY });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const again = await send({ method: "POST", headers: JSON_TYPE, body: QUERY });
    expect(again.headers.get("x-request-id")).not.toBe(fresh.headers.get("x-request-id"));
    const given = await send({
      method: "POST",
      headers: { ...JSON_TYPE, "x-request-id": "rf-gun-7:1234" },
      body: QUERY,
    });
    expect(given.headers.get("x-request-id")).toBe("rf-gun-7:1234");
    const refused = await send({
      method: "PUT",
      headers: { ...JSON_TYPE, "x-request-id": "x".repeat(65) },
      body: QUERY,
    });
    expect(refused.status).toBe(405);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("what a request leaves in the log", () => {
  test("a Node ID that matches no type is not printed (it could be a secret pasted in the wrong place)", async () => {
    const printed = [vi.spyOn(console, "warn"), vi.spyOn(console, "log"), vi.spyOn(console, "error")];
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      const token = await api.token("tenant_a");
      const result = await api.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: "sk_live_SECRET42" }, token);
      expect(result.data).toEqual({ node: null });
      for (const spy of [...printed, stderr]) expect(JSON.stringify(spy.mock.calls)).not.toMatch(/SECRET42/);
    } finally {
      for (const spy of [...printed, stderr]) spy.mockRestore();
    }
  });
});
