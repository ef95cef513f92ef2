/**
 * The web console, served by the API's own listener: its built files (console/dist, made by
 * scripts/build-console.ts) under a strict Content-Security-Policy, and the exchange of one-time sign-in codes
 * for tokens. The console is a client like any other: it reads and writes through /graphql with a bearer token,
 * so the API's authorization and row-level security decide what it shows.
 *
 * One-time codes exist outside production only: `npm start` prints a link carrying one (in the address's
 * fragment, which browsers never send to a server, so it reaches no log) that signs the demo supervisor in.
 * A code is spent by its first exchange and lapses after SIGN_IN_CODE_TTL_MS; the token it yields is returned in
 * a response body, never in a URL.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type http from "node:http";
import path from "node:path";
import { type Claims, describeSeconds, developmentTokenSeconds, signToken, type TokenKeys } from "../auth/jwt.ts";
import { PROJECT_ROOT } from "../db/migrate.ts";
import { weightAllows } from "./http-errors.ts";

export const CONSOLE_DIST = path.join(PROJECT_ROOT, "console", "dist");
export const SIGN_IN_PATH = "/console/sign-in";
/** How long a one-time sign-in code may wait for its exchange. */
export const SIGN_IN_CODE_TTL_MS = 15 * 60_000;
/** Largest sign-in request body read, in bytes. */
const MAX_SIGN_IN_BODY = 1024;

/**
 * The console's Content-Security-Policy: scripts, styles, images and requests from the service itself only;
 * no inline script or style element, no plugin, no framing.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = {
  "content-security-policy": CONSOLE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** The sign-in exchange's answers: JSON that no cache keeps and no browser sniffs as something else. */
const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** Whether an Accept-Encoding header accepts gzip (`gzip;q=0` refuses it; `*` accepts it unless refused). */
export function acceptsGzip(header: string | undefined): boolean {
  let star = false;
  for (const element of (header ?? "").toLowerCase().split(",")) {
    const coding = element.split(";")[0]!.trim();
    if (coding === "gzip" || coding === "x-gzip") return weightAllows(element);
    if (coding === "*") star = weightAllows(element);
  }
  return star;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

interface StaticFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  /** Hashed assets never change under their name; index.html is asked for again every time. */
  immutable: boolean;
}

/** The built files, read once: the console is small (a few hundred kilobytes) and never changes while serving. */
function readBuild(dist: string): Map<string, StaticFile> | undefined {
  const index = path.join(dist, "index.html");
  if (!existsSync(index)) return undefined;
  const files = new Map<string, StaticFile>();
  const add = (urlPath: string, file: string, immutable: boolean) => {
    const gz = `${file}.gz`;
    files.set(urlPath, {
      body: readFileSync(file),
      gzipped: existsSync(gz) ? readFileSync(gz) : undefined,
      type: TYPES[path.extname(file)] ?? "application/octet-stream",
      immutable,
    });
  };
  add("/", index, false);
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const urlPath = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(full, urlPath);
      else if (!entry.name.endsWith(".gz") && !entry.name.startsWith(".") && entry.name !== "index.html") {
        add(urlPath, full, prefix === "/assets");
      }
    }
  };
  walk(dist, "");
  return files;
}

interface PendingCode {
  claims: Claims;
  expiresAt: number;
}

export interface ConsoleOptions {
  keys: TokenKeys;
  production: boolean;
  /** Where the built console is (console/dist unless a test says otherwise). */
  dist?: string;
}

/** The console's requests: its files and the one-time code exchange. */
export class ConsoleServer {
  readonly #keys: TokenKeys;
  readonly #production: boolean;
  readonly #files: Map<string, StaticFile> | undefined;
  readonly #codes = new Map<string, PendingCode>();

  constructor(options: ConsoleOptions) {
    this.#keys = options.keys;
    this.#production = options.production;
    this.#files = readBuild(options.dist ?? CONSOLE_DIST);
  }

  /** True when the console was built and is served. */
  get built(): boolean {
    return this.#files !== undefined;
  }

  /**
   * A one-time code that signs `claims` in, valid SIGN_IN_CODE_TTL_MS; undefined in production or without a
   * signing secret (tokens come from an identity provider there).
   */
  issueSignInCode(claims: Claims): string | undefined {
    if (this.#production || this.#keys.secret === undefined) return undefined;
    const now = Date.now();
    for (const [code, pending] of this.#codes) if (pending.expiresAt <= now) this.#codes.delete(code);
    const code = randomBytes(24).toString("base64url");
    this.#codes.set(code, { claims, expiresAt: now + SIGN_IN_CODE_TTL_MS });
    return code;
  }

  /** How long a one-time code lives, in words. */
  get signInCodeLifetime(): string {
    return describeSeconds(SIGN_IN_CODE_TTL_MS / 1000);
  }

  /** Answers the request when it is the console's; false when it is not (GraphQL, health, … take it). */
  handle(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): boolean {
    if (urlPath === SIGN_IN_PATH) {
      this.#signIn(req, res);
      return true;
    }
    const file = this.#files?.get(urlPath === "/index.html" ? "/" : urlPath);
    if (urlPath === "/" && this.#files === undefined) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      res.end(
        "The console is not built: npm run -s build:console builds it (npm ci and npm start do it on their own).\n",
      );
      return true;
    }
    if (file === undefined) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("GET only\n");
      return true;
    }
    const gzip = file.gzipped !== undefined && acceptsGzip(req.headers["accept-encoding"]);
    const body = gzip ? file.gzipped! : file.body;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      "content-type": file.type,
      "content-length": body.length,
      "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      vary: "accept-encoding",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }

  #signIn(req: http.IncomingMessage, res: http.ServerResponse): void {
    const refuse = (status: number, code: string, message: string) => {
      res.writeHead(status, JSON_HEADERS);
      res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
    };
    if (req.method !== "POST") {
      refuse(405, "METHOD_NOT_ALLOWED", "POST a one-time code here");
      return;
    }
    if (this.#production) {
      refuse(
        404,
        "NOT_FOUND",
        "One-time sign-in links exist in development only: sign in with a token from your identity provider",
      );
      return;
    }
    const tooLarge = () => {
      res.setHeader("connection", "close");
      refuse(413, "PAYLOAD_TOO_LARGE", `A sign-in request is at most ${MAX_SIGN_IN_BODY} bytes`);
    };
    if (Number(req.headers["content-length"] ?? 0) > MAX_SIGN_IN_BODY) {
      tooLarge();
      req.resume();
      return;
    }
    let body = "";
    let refused = false;
    // A client that goes away mid-body leaves nothing to answer.
    req.on("error", () => {});
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      if (refused) return;
      body += chunk;
      if (body.length > MAX_SIGN_IN_BODY) {
        refused = true;
        body = "";
        tooLarge();
      }
    });
    req.on("end", () => {
      if (refused) return;
      let code: unknown;
      try {
        code = (JSON.parse(body) as { code?: unknown } | null)?.code;
      } catch {
        code = undefined;
      }
      if (typeof code !== "string") {
        refuse(400, "BAD_REQUEST", 'Send {"code": "<the one-time code>"} as JSON');
        return;
      }
      const pending = this.#codes.get(code);
      this.#codes.delete(code);
      if (pending === undefined || pending.expiresAt <= Date.now()) {
        refuse(
          401,
          "UNAUTHENTICATED",
          "This sign-in link was already used or has expired: start the service again for a new one, or paste a token",
        );
        return;
      }
      const seconds = developmentTokenSeconds(this.#keys);
      signToken(pending.claims, this.#keys, seconds).then(
        (token) => {
          res.writeHead(200, JSON_HEADERS);
          res.end(JSON.stringify({ token, expiresIn: seconds }));
        },
        () => refuse(500, "INTERNAL", "The token could not be signed"),
      );
    });
  }
}
