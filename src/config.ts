/**
 * Configuration from the environment, read and checked once. Every variable the service understands is
 * here, with its default; README.md lists them for operators.
 */
import path from "node:path";
import { ALGORITHMS, type Algorithm } from "./engine/vocabulary.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface FeatureFlags {
  /** Default putaway algorithm when a request names none. */
  algorithm: Algorithm;
  skuAffinity: boolean;
  crossDock: boolean;
  mlModel: boolean;
  congestionAvoidance: boolean;
}

export interface Config {
  production: boolean;
  host: string;
  port: number;
  metricsPort: number;
  /** Where the embedded server's data and the development secrets live. */
  dataDir: string;
  /** Owner connection (migrations, worker); unset means "start an embedded PostgreSQL". */
  databaseUrl: string | undefined;
  /** Authenticator connection used by the GraphQL API. */
  authDatabaseUrl: string | undefined;
  /** Superuser connection, for `npm run db:setup` only. */
  rootDatabaseUrl: string | undefined;
  /** Scratch database graphile-migrate needs to commit a migration. */
  shadowDatabaseUrl: string | undefined;
  /** Name of the role every API request runs as. */
  visitorRole: string;
  embeddedDatabasePort: number;
  jwtSecret: string | undefined;
  jwtPublicKey: string | undefined;
  /** Required `iss` of bearer tokens; unset means not checked. */
  jwtIssuer: string | undefined;
  /** Required `aud` of bearer tokens; unset means not checked. */
  jwtAudience: string | undefined;
  /** Longest lifetime a bearer token may claim, in seconds (JWT_MAX_AGE): `exp − iat`, and `exp − now`. */
  jwtMaxAgeSeconds: number;
  /**
   * How long a stop (SIGTERM, SIGINT) lets in-flight HTTP requests finish before it closes their connections,
   * in milliseconds (SHUTDOWN_DRAIN_MS). Keep it below the Deployment's terminationGracePeriodSeconds.
   */
  shutdownDrainMs: number;
  logLevel: LogLevel;
  /** Run the worker inside the API process (`npm start`). */
  workerInProcess: boolean;
  /** Tasks whose crontab entries the worker leaves out (where Kubernetes CronJobs run them instead). */
  workerScheduleExclude: readonly string[];
  workerConcurrency: number;
  putaway: PutawaySettings;
  analytics: AnalyticsSettings;
  features: FeatureFlags;
  limits: LimitSettings;
}

/** How much one API request may ask for, how long it may take, and how often a client may ask (README "Limits"). */
export interface LimitSettings {
  /** Deepest nesting of fields in one operation. */
  maxDepth: number;
  /** Most aliases in one operation. */
  maxAliases: number;
  /** Most values an operation may be estimated to produce (nested pages multiply). */
  maxCost: number;
  /** Largest `first`/`last`, and the page size of a connection that names neither. */
  maxPageSize: number;
  /** Most values in one list argument or variable (its nested lists counted on their own). */
  maxListLength: number;
  /** `statement_timeout` of every request's transaction, in milliseconds; 0 turns it off. */
  statementTimeoutMs: number;
  /** `lock_timeout` of every request's transaction, in milliseconds; 0 turns it off. */
  lockTimeoutMs: number;
  /** How long the API waits for a database connection (a free one in the pool, or a new one). */
  connectTimeoutMs: number;
  /** Requests a token (or an anonymous client address) may make per minute, on average; 0 turns it off. */
  rateLimitPerMinute: number;
  /** Requests a client may make at once before the per-minute rate applies. */
  rateLimitBurst: number;
  /** How long a client may take to send a request's headers, in milliseconds (slow senders are cut off). */
  httpHeadersTimeoutMs: number;
  /** How long a client may take to send a whole request, headers and body, in milliseconds. */
  httpRequestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. */
  httpKeepAliveTimeoutMs: number;
  /** Most client connections the API server holds open at once; further ones are closed at once. */
  httpMaxConnections: number;
}

export interface AnalyticsSettings {
  /** Days of PICK transactions that ABC reclassification looks at. */
  abcWindowDays: number;
  /** Shares of picks for A, B and C (percentages adding up to 100), e.g. 80/15/5. */
  abcCutoffs: readonly [number, number, number];
  /** Minutes of PICK and PUTAWAY transactions that aisle congestion counts. */
  congestionWindowMinutes: number;
}

function cutoffs(
  env: Env,
  name: string,
  fallback: readonly [number, number, number],
): readonly [number, number, number] {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const parts = raw.split(/[,/]/).map((part) => Number(part.trim()));
  if (
    parts.length !== 3 ||
    parts.some((p) => !Number.isFinite(p) || p < 0) ||
    Math.abs(parts[0]! + parts[1]! + parts[2]! - 100) > 1e-9 ||
    parts[0]! <= 0
  ) {
    throw new ConfigError(
      `${name} must be three percentages for A, B and C adding up to 100, e.g. 80,15,5; got "${raw}"`,
    );
  }
  return parts as unknown as readonly [number, number, number];
}

export interface PutawaySettings {
  /** How long a PENDING recommendation holds its capacity, in minutes. */
  reservationTtlMinutes: number;
  /** Most items a batch request may carry. */
  maxBatchSize: number;
  /** Outbound demand due within this many hours makes a received item a cross-dock candidate. */
  crossDockHorizonHours: number;
}

/** A configuration problem, reported to the operator without a stack trace. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function text(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
}

function role(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new ConfigError(`${name} must be a lowercase PostgreSQL role name, got "${value}"`);
  }
  return value;
}

/** A token claim value (an issuer, an audience): one string or URI, no spaces. */
function claim(env: Env, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && /\s/.test(value))
    throw new ConfigError(`${name} must be one string or URI without spaces, got "${value}"`);
  return value;
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Seconds in a duration written as whole seconds (`3600`) or a number with a unit (`90s`, `30m`, `24h`, `7d`);
 * undefined when the text is neither.
 */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d+)\s*([smhd]?)$/i.exec(raw.trim());
  if (match === null) return undefined;
  return Number(match[1]) * DURATION_UNITS[(match[2] || "s").toLowerCase()]!;
}

/** A duration in seconds from `parseDuration`'s forms, between `min` and `max` seconds. */
function duration(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const seconds = parseDuration(raw);
  if (seconds === undefined || seconds < min || seconds > max) {
    throw new ConfigError(
      `${name} must be a duration from ${min} s to ${max / 86_400} days, as seconds or with a unit (90s, 30m, 24h, 7d); got "${raw}"`,
    );
  }
  return seconds;
}

function url(env: Env, name: string): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  try {
    const parsed = new URL(value);
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new Error("not a postgres URL");
  } catch {
    throw new ConfigError(`${name} must be a postgres:// URL`);
  }
  return value;
}

/** NODE_ENV=production: the one test of it, shared with the logger. */
export function isProduction(env: Env = process.env): boolean {
  return env.NODE_ENV === "production";
}

/**
 * LOG_LEVEL, checked; shared with the logger, which reads it before the configuration is loaded (every
 * command loads it first, so a bad value stops the command with this ConfigError).
 */
export function logLevel(env: Env = process.env): LogLevel {
  const value = text(env, "LOG_LEVEL")?.toLowerCase() ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  }
  return value as LogLevel;
}

/**
 * Every environment variable the configuration reads, in the order it reads them: found by reading a
 * configuration from an environment that records each name asked for, so the list cannot drift from
 * loadConfig. GRAPHILE_ENV, read by src/cli/env.ts before anything loads, comes last.
 */
export function configVariables(): string[] {
  const names: string[] = [];
  const recording = new Proxy({} as Env, {
    get(_target, name) {
      if (typeof name === "string" && !names.includes(name)) names.push(name);
      return undefined;
    },
  });
  loadConfig(recording);
  return [...names, "GRAPHILE_ENV"];
}

/** Reads the configuration from `env` (default: process.env); throws ConfigError on bad values. */
export function loadConfig(env: Env = process.env): Config {
  const production = isProduction(env);
  const algorithm = (text(env, "BIN_OPTIMIZATION_ALGORITHM") ?? "HYBRID").toUpperCase();
  if (!(ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new ConfigError(`BIN_OPTIMIZATION_ALGORITHM must be one of ${ALGORITHMS.join(", ")}, got "${algorithm}"`);
  }
  const config: Config = {
    production,
    host: text(env, "HOST") ?? (production ? "0.0.0.0" : "127.0.0.1"),
    port: integer(env, "PORT", 4000, 0, 65535),
    metricsPort: integer(env, "METRICS_PORT", 9090, 0, 65535),
    dataDir: path.resolve(text(env, "DATA_DIR") ?? ".data"),
    databaseUrl: url(env, "DATABASE_URL"),
    authDatabaseUrl: url(env, "AUTH_DATABASE_URL"),
    rootDatabaseUrl: url(env, "ROOT_DATABASE_URL"),
    shadowDatabaseUrl: url(env, "SHADOW_DATABASE_URL"),
    visitorRole: role(env, "DATABASE_VISITOR", "buo_visitor"),
    embeddedDatabasePort: integer(env, "EMBEDDED_DATABASE_PORT", 54320, 1, 65535),
    jwtSecret: text(env, "JWT_SECRET"),
    jwtPublicKey: text(env, "JWT_PUBLIC_KEY")?.replace(/\\n/g, "\n"),
    jwtIssuer: claim(env, "JWT_ISSUER"),
    jwtAudience: claim(env, "JWT_AUDIENCE"),
    // Token lifetime and the graceful stop.
    jwtMaxAgeSeconds: duration(env, "JWT_MAX_AGE", 24 * 3600, 60, 365 * 86_400),
    shutdownDrainMs: integer(env, "SHUTDOWN_DRAIN_MS", 10_000, 0, 600_000),
    logLevel: logLevel(env),
    workerInProcess: flag(env, "WORKER_IN_PROCESS", true),
    workerScheduleExclude: (text(env, "WORKER_SCHEDULE_EXCLUDE") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== ""),
    workerConcurrency: integer(env, "WORKER_CONCURRENCY", 2, 1, 64),
    putaway: {
      reservationTtlMinutes: integer(env, "RESERVATION_TTL_MINUTES", 30, 1, 7 * 24 * 60),
      maxBatchSize: integer(env, "MAX_BATCH_SIZE", 500, 1, 10_000),
      crossDockHorizonHours: integer(env, "CROSS_DOCK_HORIZON_HOURS", 24, 0, 24 * 30),
    },
    analytics: {
      abcWindowDays: integer(env, "ABC_WINDOW_DAYS", 90, 1, 3650),
      abcCutoffs: cutoffs(env, "ABC_CUTOFFS", [80, 15, 5]),
      congestionWindowMinutes: integer(env, "CONGESTION_WINDOW_MINUTES", 30, 1, 24 * 60),
    },
    features: {
      algorithm: algorithm as Algorithm,
      skuAffinity: flag(env, "SKU_AFFINITY_ENABLED", true),
      crossDock: flag(env, "CROSS_DOCK_ENABLED", true),
      mlModel: flag(env, "ML_MODEL_ENABLED", true),
      congestionAvoidance: flag(env, "CONGESTION_AVOIDANCE_ENABLED", true),
    },
    limits: {
      maxDepth: integer(env, "GRAPHQL_MAX_DEPTH", 12, 1, 100),
      maxAliases: integer(env, "GRAPHQL_MAX_ALIASES", 50, 0, 10_000),
      maxCost: integer(env, "GRAPHQL_MAX_COST", 50_000, 1, 1_000_000_000),
      maxPageSize: integer(env, "GRAPHQL_MAX_PAGE_SIZE", 1000, 1, 100_000),
      maxListLength: integer(env, "GRAPHQL_MAX_LIST_LENGTH", 1000, 1, 100_000),
      statementTimeoutMs: integer(env, "STATEMENT_TIMEOUT_MS", 10_000, 0, 3_600_000),
      lockTimeoutMs: integer(env, "LOCK_TIMEOUT_MS", 5000, 0, 3_600_000),
      connectTimeoutMs: integer(env, "DATABASE_CONNECT_TIMEOUT_MS", 5000, 100, 600_000),
      rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 1200, 0, 6_000_000),
      rateLimitBurst: integer(env, "RATE_LIMIT_BURST", 120, 1, 1_000_000),
      httpHeadersTimeoutMs: integer(env, "HTTP_HEADERS_TIMEOUT_MS", 10_000, 100, 600_000),
      httpRequestTimeoutMs: integer(env, "HTTP_REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000),
      httpKeepAliveTimeoutMs: integer(env, "HTTP_KEEP_ALIVE_TIMEOUT_MS", 5000, 100, 600_000),
      httpMaxConnections: integer(env, "HTTP_MAX_CONNECTIONS", 10_000, 1, 1_000_000),
    },
  };
  if (config.putaway.maxBatchSize > config.limits.maxListLength) {
    throw new ConfigError(
      `MAX_BATCH_SIZE (${config.putaway.maxBatchSize}) must not exceed GRAPHQL_MAX_LIST_LENGTH (${config.limits.maxListLength}): a batch is one list`,
    );
  }
  if (config.limits.httpHeadersTimeoutMs > config.limits.httpRequestTimeoutMs) {
    throw new ConfigError("HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS");
  }
  if (config.jwtSecret !== undefined && config.jwtSecret.length < 32) {
    throw new ConfigError("JWT_SECRET must be at least 32 characters long");
  }
  if (production && config.databaseUrl === undefined) {
    throw new ConfigError("DATABASE_URL is required when NODE_ENV=production (no embedded database in production)");
  }
  if (config.authDatabaseUrl !== undefined && config.databaseUrl === undefined) {
    throw new ConfigError(
      "AUTH_DATABASE_URL is set but DATABASE_URL is not: set both, or neither for the embedded database",
    );
  }
  return config;
}
