/**
 * The console's HTTP side without a browser: its files under the Content-Security-Policy, gzip and caching,
 * the one-time sign-in exchange and every refusal it answers, and the size of the real build's first load.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { type Claims, type TokenKeys, verifyToken } from "../../src/auth/jwt.ts";
import {
  acceptsGzip,
  CONSOLE_CSP,
  CONSOLE_DIST,
  ConsoleServer,
  SIGN_IN_CODE_TTL_MS,
  SIGN_IN_PATH,
} from "../../src/server/console.ts";

const SUPERVISOR: Claims = {
  tenantId: "00000000-0000-4000-8000-00000000000a",
  userId: "00000000-0000-4000-8000-00000000000b",
  role: "supervisor",
};
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/main-abc123.js"></script></head></html>';
const SCRIPT = `export const answer = ${"42 + ".repeat(200)}0;\n`;

/** A built console in a temporary folder: index.html, a hashed asset with its .gz copy, and a favicon. */
function fixtureDist(): string {
  const dist = mkdtempSync(path.join(tmpdir(), "console-dist-"));
  mkdirSync(path.join(dist, "assets"));
  writeFileSync(path.join(dist, "index.html"), INDEX);
  writeFileSync(path.join(dist, "assets", "main-abc123.js"), SCRIPT);
  writeFileSync(path.join(dist, "assets", "main-abc123.js.gz"), gzipSync(SCRIPT));
  writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dist;
}

interface Served {
  url: string;
  console: ConsoleServer;
  close(): Promise<void>;
}

/** The console behind a plain listener that answers 404 for whatever the console leaves (as the API does). */
async function serve(options: { production?: boolean; dist?: string; keys?: TokenKeys }): Promise<Served> {
  const keys = options.keys ?? { secret: randomBytes(32) };
  const consoleServer = new ConsoleServer({ keys, production: options.production ?? false, dist: options.dist });
  const server = http.createServer((req, res) => {
    if (!consoleServer.handle(req, res, (req.url ?? "/").split("?")[0]!)) res.writeHead(404).end("not the console's");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    console: consoleServer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function signIn(url: string, body: string | undefined, init: RequestInit = {}) {
  const response = await fetch(`${url}${SIGN_IN_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    ...init,
  });
  const json = (await response.json()) as {
    token?: string;
    expiresIn?: number;
    errors?: Array<{ message: string; extensions: { code: string } }>;
  };
  return { status: response.status, headers: response.headers, ...json };
}

const dist = fixtureDist();
const keys: TokenKeys = { secret: randomBytes(32) };
let development: Served;
let production: Served;

beforeAll(async () => {
  development = await serve({ dist, keys });
  production = await serve({ dist, keys, production: true });
});
afterAll(async () => {
  await development.close();
  await production.close();
  rmSync(dist, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("files", () => {
  test("the index is served in both modes under the strict Content-Security-Policy, and asked for again every time", async () => {
    for (const served of [development, production]) {
      const response = await fetch(`${served.url}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toBe(INDEX);
    }
    expect(CONSOLE_CSP).toMatch(/^default-src 'none'/);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  test("hashed assets are immutable and gzipped for clients that accept it; HEAD sends headers only", async () => {
    const asset = `${development.url}/assets/main-abc123.js`;
    const gzipped = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(asset, { headers: { "accept-encoding": "gzip, br" } }, resolve),
    );
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.headers.vary).toBe("accept-encoding");
    expect(gzipped.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipSync(SCRIPT).length);
    gzipped.resume();

    const plain = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(asset, { headers: { "accept-encoding": "identity" } }, resolve),
    );
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(Buffer.byteLength(SCRIPT));
    plain.resume();

    const head = await fetch(asset, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  test("gzip goes to clients that accept it, not to those that refuse it with q=0", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("notgzip")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  test("only GET and HEAD reach the files; other paths are left to the API", async () => {
    const post = await fetch(`${development.url}/`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await fetch(`${development.url}/graphql`)).status).toBe(404);
    expect(await (await fetch(`${development.url}/assets/missing.js`)).text()).toBe("not the console's");
    // The .gz copies and the folder itself are not files of their own.
    expect((await fetch(`${development.url}/assets/main-abc123.js.gz`)).status).toBe(404);
    expect((await fetch(`${development.url}/assets`)).status).toBe(404);
  });

  test("an unbuilt console answers its address with how to build it", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "console-empty-"));
    const unbuilt = await serve({ dist: empty });
    try {
      expect(unbuilt.console.built).toBe(false);
      const response = await fetch(`${unbuilt.url}/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toMatch(/npm run -s build:console/);
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("one-time sign-in", () => {
  test("a code is exchanged once for a token carrying its claims", async () => {
    const code = development.console.issueSignInCode(SUPERVISOR)!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const first = await signIn(development.url, JSON.stringify({ code }));
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await verifyToken(first.token!, keys)).toMatchObject(SUPERVISOR);
    expect(first.expiresIn).toBeGreaterThan(0);

    const again = await signIn(development.url, JSON.stringify({ code }));
    expect(again.status).toBe(401);
    expect(again.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
    expect(again.errors?.[0]?.message).toMatch(/already used or has expired/);
  });

  test("a code lapses after its lifetime", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const code = development.console.issueSignInCode(SUPERVISOR)!;
    vi.setSystemTime(Date.now() + SIGN_IN_CODE_TTL_MS + 1);
    const late = await signIn(development.url, JSON.stringify({ code }));
    expect(late.status).toBe(401);
    expect(development.console.signInCodeLifetime).toBe("15 minutes");
  });

  test("unknown codes, wrong shapes, other methods and large bodies are refused with a code", async () => {
    const unknown = await signIn(development.url, JSON.stringify({ code: "not-a-code" }));
    expect([unknown.status, unknown.errors?.[0]?.extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    for (const shape of [JSON.stringify({ code: 42 }), "{}", "null", "[]"]) {
      const wrong = await signIn(development.url, shape);
      expect([wrong.status, wrong.errors?.[0]?.extensions.code], shape).toEqual([400, "BAD_REQUEST"]);
    }
    const broken = await signIn(development.url, "{code:");
    expect([broken.status, broken.errors?.[0]?.extensions.code]).toEqual([400, "BAD_REQUEST"]);
    const get = await signIn(development.url, undefined, { method: "GET" });
    expect([get.status, get.errors?.[0]?.extensions.code]).toEqual([405, "METHOD_NOT_ALLOWED"]);
    const large = await signIn(development.url, JSON.stringify({ code: "x".repeat(5000) }));
    expect([large.status, large.errors?.[0]?.extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);

    // A large body sent in chunks, without a length, is cut off the same way.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${development.url}${SIGN_IN_PATH}`, { method: "POST" }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      });
      req.on("error", reject);
      for (let i = 0; i < 8; i++) req.write("y".repeat(512));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toMatch(/PAYLOAD_TOO_LARGE/);

    // The service still answers after all of that.
    expect((await fetch(`${development.url}/`)).status).toBe(200);
  });

  test("production issues no code and says where tokens come from", async () => {
    expect(production.console.issueSignInCode(SUPERVISOR)).toBeUndefined();
    const code = development.console.issueSignInCode(SUPERVISOR)!;
    const refused = await signIn(production.url, JSON.stringify({ code }));
    expect([refused.status, refused.errors?.[0]?.extensions.code]).toEqual([404, "NOT_FOUND"]);
    expect(refused.errors?.[0]?.message).toMatch(/identity provider/);
  });

  test("a deployment that only verifies tokens (a public key, no secret) issues no code", async () => {
    const verifyOnly = new ConsoleServer({ keys: {}, production: false, dist });
    expect(verifyOnly.issueSignInCode(SUPERVISOR)).toBeUndefined();
  });
});

describe("the real build", () => {
  test("its first load is at most 300 KB of compressed JavaScript and CSS", () => {
    const indexFile = path.join(CONSOLE_DIST, "index.html");
    let index: string;
    try {
      index = readFileSync(indexFile, "utf8");
    } catch {
      throw new Error(`${indexFile} is missing: npm ci builds the console (npm run -s build:console does it alone)`);
    }
    const loaded = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(loaded.some((asset) => asset.endsWith(".js"))).toBe(true);
    const compressed = loaded.reduce((sum, asset) => sum + statSync(path.join(CONSOLE_DIST, `${asset}.gz`)).size, 0);
    expect(compressed).toBeLessThanOrEqual(300 * 1024);
  });
});
