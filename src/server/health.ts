/**
 * Liveness and readiness. Liveness (`/health`) says only that the process serves HTTP. Readiness
 * (`/api/wms/optimization/health`) answers in its documented JSON shape from one bounded query:
 * `{"status": "HEALTHY" | "DEGRADED" | "UNHEALTHY", "checks": {cacheAge, mlModelAccuracy, databaseConnection,
 * congestionCache, autoRemediation}}`, the status being the worst check. The HTTP status is 503 only when
 * this instance cannot reach the database: a stale cache or a weak model is the whole system's condition,
 * shown in the JSON and the metrics, and must not take every instance out of service.
 *
 * The query runs on a pool of its own (createProbePool: at most two connections, same database and role as
 * the API), so that a request pool busy to its last connection neither delays readiness nor makes it say the
 * database is unreachable; `databaseConnection` reports the API pool's connections, so a saturated instance
 * shows as such.
 *
 * Thresholds: cache age under 15 minutes HEALTHY, over 30 UNHEALTHY; active model accuracy
 * over 80 % HEALTHY, under 70 % UNHEALTHY, no model yet DEGRADED; congestion data under 5 minutes old
 * HEALTHY, over 15 (when ENHANCED stops using it) UNHEALTHY.
 */
import pg from "pg";
import { queryAsRole } from "../db/pool.ts";
import { log } from "../log.ts";

export type HealthStatus = "HEALTHY" | "DEGRADED" | "UNHEALTHY";

export interface Check {
  status: HealthStatus;
  message: string;
  [detail: string]: unknown;
}

export interface Readiness {
  status: HealthStatus;
  checks: Record<string, Check>;
}

/** The figures app_hidden.optimization_health() returns. */
export interface HealthFigures {
  facilities: number;
  oldestCacheRefreshAt: string | null;
  activeModels: number;
  lowestModelAccuracy: number | string | null;
  oldestCongestionAt: string | null;
  lastRemediationAt?: string | null;
  lastRemediationOutcome?: string | null;
  now: string;
}

const RANK: Record<HealthStatus, number> = { HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2 };
const TIMEOUT_MS = 2000;
/** Connections of the probe pool: readiness and a metrics scrape at once. */
const PROBE_CONNECTIONS = 2;

/**
 * The pool readiness and the metrics scrape read through: the API pool's database and role, at most two
 * connections, each kept open a minute between probes; connecting and every statement are bounded by the
 * probe's own timeout. End it with the API pool.
 */
export function createProbePool(apiPool: pg.Pool): pg.Pool {
  const pool = new pg.Pool({
    ...apiPool.options,
    max: PROBE_CONNECTIONS,
    idleTimeoutMillis: 60_000,
    connectionTimeoutMillis: TIMEOUT_MS,
    statement_timeout: TIMEOUT_MS,
    application_name: "bin-optimizer-health",
  });
  // A lost connection is the probe's answer (logged there), not a crash.
  pool.on("error", (error) => log.warn("Idle health-check connection failed", { error: error.message }));
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/** Minutes since `at` ("-infinity" for never); null when there is nothing to age. */
function ageMinutes(at: string | null, now: string): number | null {
  if (at === null) return null;
  if (at === "-infinity") return Infinity;
  return Math.max(0, (Date.parse(now) - Date.parse(at)) / 60_000);
}

function band(value: number, healthyBelow: number, unhealthyAbove: number): HealthStatus {
  return value < healthyBelow ? "HEALTHY" : value > unhealthyAbove ? "UNHEALTHY" : "DEGRADED";
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The readiness checks of the figures; pure, for tests and the metrics. */
export function checksFrom(figures: HealthFigures): Record<string, Check> {
  const cacheAge = ageMinutes(figures.oldestCacheRefreshAt, figures.now);
  const congestionAge = ageMinutes(figures.oldestCongestionAt, figures.now);
  const accuracy = figures.lowestModelAccuracy === null ? null : Number(figures.lowestModelAccuracy) * 100;
  return {
    cacheAge:
      cacheAge === null
        ? { status: "HEALTHY", message: "No facilities yet", ageMinutes: 0 }
        : cacheAge === Infinity
          ? {
              status: "UNHEALTHY",
              message: "bin_utilization_cache has not been refreshed for every facility",
              ageMinutes: null,
            }
          : {
              status: band(cacheAge, 15, 30),
              message: `Oldest bin utilization refresh is ${round1(cacheAge)} minutes old`,
              ageMinutes: round1(cacheAge),
            },
    mlModelAccuracy:
      accuracy === null
        ? {
            status: "DEGRADED",
            message: "No trained confidence model yet: confidence scores are heuristic",
            accuracy: null,
          }
        : {
            status: accuracy > 80 ? "HEALTHY" : accuracy < 70 ? "UNHEALTHY" : "DEGRADED",
            message: `Lowest hold-out accuracy of ${figures.activeModels} active model(s): ${round1(accuracy)} %`,
            accuracy: round1(accuracy),
          },
    congestionCache:
      congestionAge === null
        ? { status: "HEALTHY", message: "No facilities yet" }
        : congestionAge === Infinity
          ? { status: "DEGRADED", message: "Aisle congestion has not been computed for every facility yet" }
          : {
              status: band(congestionAge, 5, 15),
              message: `Oldest aisle congestion data is ${round1(congestionAge)} minutes old`,
            },
    autoRemediation:
      figures.lastRemediationAt === undefined || figures.lastRemediationAt === null
        ? { status: "HEALTHY", message: "No automatic remediation has run yet", lastRemediationAt: null }
        : {
            status: figures.lastRemediationOutcome === "FAILED" ? "DEGRADED" : "HEALTHY",
            message: `Last automatic remediation: ${(figures.lastRemediationOutcome ?? "").toLowerCase() || "done"}`,
            lastRemediationAt: figures.lastRemediationAt,
          },
  };
}

function worst(checks: Record<string, Check>): HealthStatus {
  return Object.values(checks).reduce<HealthStatus>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), "HEALTHY");
}

/** One read of the database for readiness (and the metrics): the checks, and the row read. */
export interface Probe<R> {
  readiness: Readiness;
  /** `health` (the figures) and the other columns asked for; undefined when the database could not be read. */
  row: R | undefined;
}

/**
 * Reads app_hidden.optimization_health() as `health`, and the further `columns` when given (e.g.
 * `app_hidden.optimization_metrics() as figures`), as the visitor role in one round trip bounded by
 * TIMEOUT_MS, and builds the readiness checks. `pool` is the authenticator's probe pool (createProbePool);
 * the connection counts reported are `apiPool`'s when given, else `pool`'s. When the database cannot be read
 * the check says so in fixed words (the answer is public) and the cause is logged, with `purpose` naming the
 * caller.
 */
export async function probe<R extends { health: HealthFigures }>(
  pool: pg.Pool,
  visitorRole: string,
  purpose: string,
  columns?: string,
  apiPool: pg.Pool = pool,
): Promise<Probe<R>> {
  const connections = () => ({
    activeConnections: apiPool.totalCount - apiPool.idleCount,
    idleConnections: apiPool.idleCount,
    waitingRequests: apiPool.waitingCount,
  });
  const started = performance.now();
  const select = `select app_hidden.optimization_health() as health${columns === undefined ? "" : `, ${columns}`}`;
  const work = queryAsRole<R>(pool, visitorRole, select);
  work.catch(() => {}); // when the timeout wins, a late failure is nobody's business
  let timer: NodeJS.Timeout | undefined;
  try {
    const row = await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    if (row === undefined) throw new Error("the health query returned no row");
    const ms = Math.round(performance.now() - started);
    const checks: Record<string, Check> = {
      ...checksFrom(row.health),
      databaseConnection: { status: "HEALTHY", message: `Database answered in ${ms} ms`, ...connections() },
    };
    return { readiness: { status: worst(checks), checks }, row };
  } catch (error) {
    log.warn(`${purpose}: the database could not be read`, { error: (error as Error).message });
    const checks: Record<string, Check> = {
      databaseConnection: { status: "UNHEALTHY", message: "Database unreachable", ...connections() },
    };
    return { readiness: { status: "UNHEALTHY", checks }, row: undefined };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The readiness answer: one bounded query as the visitor role through `pool` (the probe pool), reporting
 * `apiPool`'s connections (see probe).
 */
export async function readiness(pool: pg.Pool, visitorRole: string, apiPool?: pg.Pool): Promise<Readiness> {
  return (await probe(pool, visitorRole, "Readiness check", undefined, apiPool)).readiness;
}
