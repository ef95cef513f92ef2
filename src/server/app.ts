/**
 * The HTTP side of the service: GraphQL (and GraphiQL outside production) through grafserv, the web console
 * (console.ts), liveness and readiness, and a separate metrics listener for Prometheus. Everything is started and stopped together;
 * stopping drains both listeners (drain.ts) within a bounded time.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type pg from "pg";
import { postgraphile } from "postgraphile";
import { grafserv } from "postgraphile/grafserv/node";
import client from "prom-client";
import type { TokenKeys } from "../auth/jwt.ts";
import type { LimitSettings } from "../config.ts";
import { runAbortable } from "../db/pool.ts";
import { log, withRequestId } from "../log.ts";
import type { PutawayService } from "../putaway/service.ts";
import { ConsoleServer } from "./console.ts";
import { drainable } from "./drain.ts";
import { loadConstraintMessages } from "./errors.ts";
import { createProbePool, readiness } from "./health.ts";
import { ServiceMetrics } from "./metrics.ts";
import { apiPreset } from "./preset.ts";

export const GRAPHQL_PATH = "/graphql";
export const LIVENESS_PATH = "/health";
export const READINESS_PATH = "/api/wms/optimization/health";
export const METRICS_PATH = "/api/wms/optimization/metrics";

export interface AppOptions {
  /** Pool of the authenticator role; the API's only database connection. */
  authPool: pg.Pool;
  keys: TokenKeys;
  visitorRole: string;
  production: boolean;
  putaway: PutawayService;
  /** Query limits, timeouts and the rate limit of the API (config.limits). */
  limits: LimitSettings;
}

/** How long close() lets in-flight requests finish when not told (SHUTDOWN_DRAIN_MS's default). */
const DEFAULT_DRAIN_MS = 10_000;

export interface App {
  /** The web console: its files, and the one-time sign-in codes of development. */
  console: ConsoleServer;
  /** Starts the API server (GraphQL, health) and the Prometheus metrics server. */
  listen(apiPort: number, metricsPort: number, host: string): Promise<{ apiUrl: string; metricsUrl: string }>;
  /**
   * Stops both servers: no new connections; requests in flight, and those still arriving on open
   * connections, are answered with `Connection: close`; after `drainMs` (default 10 s) the connections left
   * are closed. Then releases the GraphQL schema and the readiness pool (the caller ends `authPool`).
   */
  close(drainMs?: number): Promise<void>;
}

/**
 * The HTTP server's own answer to a request its parser refused (headers too large, malformed, or too slow to
 * arrive): the GraphQL error shape with a code, like every other refusal, and the connection closed.
 */
const CLIENT_ERRORS: Record<string, [status: number, code: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, "HEADERS_TOO_LARGE", "The request's headers are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "REQUEST_TIMEOUT", "The request did not arrive in time; send it again at once"],
};

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ""] ?? [
    400,
    "BAD_REQUEST",
    "The request is not valid HTTP",
  ];
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Bounds on what a client may hold (LimitSettings): slow headers or bodies are answered 408 and closed, idle
 * keep-alive connections close, and connections past the cap are closed on arrival.
 */
function createServer(limits: LimitSettings, listener: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.httpHeadersTimeoutMs,
      requestTimeout: limits.httpRequestTimeoutMs,
      keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
      // How often node looks for requests past those timeouts (30 s by default, longer than the timeouts).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.httpHeadersTimeoutMs / 4)),
    },
    listener,
  );
  server.maxConnections = limits.httpMaxConnections;
  server.on("clientError", answerClientError);
  return server;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * The request's id: the client's `X-Request-Id` when it is a plain token of at most 64 characters (a proxy or
 * client correlating its own logs), a new UUID otherwise.
 */
function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Builds the servers (not yet listening). */
export async function createApp(options: AppOptions): Promise<App> {
  await loadConstraintMessages(options.authPool);
  // Readiness and the metrics scrape read through their own small pool: a busy request pool delays neither.
  const probePool = createProbePool(options.authPool);
  const registry = new client.Registry();
  const serviceMetrics = new ServiceMetrics(registry);
  serviceMetrics.attachDatabase(probePool, options.visitorRole);
  const pgl = postgraphile(
    apiPreset({
      pool: options.authPool,
      keys: options.keys,
      visitorRole: options.visitorRole,
      production: options.production,
      limits: options.limits,
      putaway: options.putaway,
      metrics: serviceMetrics,
    }),
  );
  const serv = pgl.createServ(grafserv);
  const graphql = serv.createHandler();
  await pgl.getSchema();
  const consoleServer = new ConsoleServer({ keys: options.keys, production: options.production });

  const api = createServer(options.limits, (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (consoleServer.handle(req, res, path)) return;
    if (path === LIVENESS_PATH) {
      json(res, 200, { status: "UP" });
      return;
    }
    if (path === READINESS_PATH) {
      readiness(probePool, options.visitorRole, options.authPool).then(
        (result) => json(res, result.checks.databaseConnection?.status === "UNHEALTHY" ? 503 : 200, result),
        (error: Error) => {
          log.error("Readiness check failed", { error: error.message });
          json(res, 503, { status: "UNHEALTHY", checks: {} });
        },
      );
      return;
    }
    // A client that goes away before its answer abandons the request: its statements stop and its
    // transaction never commits (see runAbortable).
    const abandoned = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) abandoned.abort();
    });
    // Every line logged while serving the request carries its id, which the answer names too.
    const requestId = requestIdOf(req);
    res.setHeader("x-request-id", requestId);
    withRequestId(requestId, () =>
      runAbortable(abandoned.signal, () =>
        graphql(req, res, (error?: Error) => {
          if (error !== undefined) {
            log.error("HTTP request failed", { path, error: error.message });
            json(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL" } }] });
          } else {
            json(res, 404, {
              errors: [
                { message: `Nothing at ${path}; GraphQL is at ${GRAPHQL_PATH}`, extensions: { code: "NOT_FOUND" } },
              ],
            });
          }
        }),
      ),
    );
  });

  const metrics = createServer(options.limits, (req, res) => {
    if ((req.url ?? "/").split("?")[0] !== METRICS_PATH) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`Metrics are at ${METRICS_PATH}\n`);
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
      (error: Error) => {
        log.error("Metrics scrape failed", { error: error.message });
        res.writeHead(500, { "content-type": "text/plain" }).end("Metrics unavailable\n");
      },
    );
  });

  const listen = (server: http.Server, port: number, host: string) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const drains = [drainable(api), drainable(metrics)];

  return {
    console: consoleServer,
    async listen(apiPort, metricsPort, host) {
      const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
      const port = await listen(api, apiPort, host);
      const mport = await listen(metrics, metricsPort, host);
      return { apiUrl: `http://${shown}:${port}`, metricsUrl: `http://${shown}:${mport}` };
    },
    async close(drainMs = DEFAULT_DRAIN_MS) {
      const results = await Promise.all(drains.map((d) => d.drain(drainMs)));
      const forced = results.reduce((sum, r) => sum + r.forced, 0);
      if (forced > 0) log.warn(`Closed ${forced} connection(s) still busy after the ${drainMs} ms drain time`);
      await pgl.release();
      await probePool.end();
    },
  };
}
