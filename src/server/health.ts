/**
 * Liveness and readiness. Liveness (`/health`) says only that the process serves HTTP; readiness
 * (`/api/wms/optimization/health`) checks what a request needs and answers in the seed's JSON shape:
 * `{"status": "HEALTHY" | "DEGRADED" | "UNHEALTHY", "checks": {...}}`.
 */
import type pg from "pg";

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

const RANK: Record<HealthStatus, number> = { HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2 };
const TIMEOUT_MS = 2000;

async function databaseConnection(pool: pg.Pool): Promise<Check> {
  const connections = () => ({
    activeConnections: pool.totalCount - pool.idleCount,
    idleConnections: pool.idleCount,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const started = performance.now();
    await Promise.race([
      pool.query("select 1"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    const ms = Math.round(performance.now() - started);
    return { status: "HEALTHY", message: `Database answered in ${ms} ms`, ...connections() };
  } catch (error) {
    return { status: "UNHEALTHY", message: `Database unreachable: ${(error as Error).message}`, ...connections() };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the readiness checks; the overall status is the worst of them. */
export async function readiness(pool: pg.Pool): Promise<Readiness> {
  const checks: Record<string, Check> = { databaseConnection: await databaseConnection(pool) };
  const status = Object.values(checks).reduce<HealthStatus>(
    (worst, check) => (RANK[check.status] > RANK[worst] ? check.status : worst),
    "HEALTHY",
  );
  return { status, checks };
}
