/**
 * Prometheus metrics, with the documented names, types and labels (README, Operations). Request metrics are observed as requests are
 * served; the gauges read from the database (cache age, model accuracy, acceptance rate, health, queue depth)
 * are computed at scrape time from one bounded query shared by all of them, never per request.
 */
import type pg from "pg";
import client from "prom-client";
import { type HealthFigures, probe } from "./health.ts";

/** batch_size label values: bounded, so that the histogram's series stay few. */
export function batchSizeLabel(items: number): string {
  if (items <= 1) return "1";
  if (items <= 10) return "2-10";
  if (items <= 50) return "11-50";
  if (items <= 100) return "51-100";
  return "101+";
}

interface ScrapeFigures {
  cacheAges: Array<[string, string, number]>;
  models: Array<[number, number | string]>;
  acceptance: Array<[string, number | string]>;
  queue: Array<[string, number | string]>;
  /** [tenant, facility, positions the latest CONSOLIDATE plan frees, travel cut of the latest TRAVEL plan in %]. */
  reslotting: Array<[string, string, number | string | null, number | string | null]>;
  health: Record<string, { status: string }>;
}

export class ServiceMetrics {
  readonly registry: client.Registry;
  readonly #processingTime: client.Histogram<"algorithm" | "batch_size">;
  readonly #confidence: client.Histogram<"algorithm">;
  readonly #recommendations: client.Counter<"status">;

  constructor(registry: client.Registry) {
    this.registry = registry;
    client.collectDefaultMetrics({ register: registry });
    this.#processingTime = new client.Histogram({
      name: "batch_putaway_processing_time_ms",
      help: "Time to plan a batch of putaway recommendations, in milliseconds (snapshot, engine and, for reservations, writes).",
      labelNames: ["algorithm", "batch_size"],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers: [registry],
    });
    this.#confidence = new client.Histogram({
      name: "putaway_recommendation_confidence_score",
      help: "Confidence score of each recommendation with a location, 0 to 1.",
      labelNames: ["algorithm"],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers: [registry],
    });
    this.#recommendations = new client.Counter({
      name: "putaway_recommendations_total",
      help: "Recommendations produced (status success), and items of requests that failed on the server's side (status error).",
      labelNames: ["status"],
      registers: [registry],
    });
    this.#recommendations.inc({ status: "success" }, 0);
    this.#recommendations.inc({ status: "error" }, 0);
  }

  /** A batch was planned: its time, and the confidence of each recommendation. */
  observeBatch(algorithm: string, items: number, processingTimeMs: number, confidences: readonly number[]): void {
    this.#processingTime.observe({ algorithm, batch_size: batchSizeLabel(items) }, processingTimeMs);
    for (const score of confidences) this.#confidence.observe({ algorithm }, score);
    this.#recommendations.inc({ status: "success" }, confidences.length);
  }

  /** A request failed on the server's side (not the client's input). */
  observeFailure(items: number): void {
    this.#recommendations.inc({ status: "error" }, Math.max(1, items));
  }

  /** Adds the database gauges, read through `pool` as the visitor role at each scrape. */
  attachDatabase(pool: pg.Pool, visitorRole: string): void {
    let pending: { at: number; figures: Promise<ScrapeFigures> } | undefined;
    // All gauges of one scrape share one read (the collects run concurrently within a scrape).
    const figures = () => {
      if (pending === undefined || performance.now() - pending.at > 1000) {
        pending = { at: performance.now(), figures: read(pool, visitorRole) };
        pending.figures.catch(() => (pending = undefined));
      }
      return pending.figures;
    };
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      fill: (g: client.Gauge<L>, f: ScrapeFigures) => void,
    ) =>
      new client.Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          fill(this, await figures());
        },
      });
    gauge(
      "bin_utilization_cache_age_seconds",
      "Seconds since bin_utilization_cache was last refreshed, per tenant and facility.",
      ["tenant_id", "facility_id"],
      (g, f) => {
        for (const [tenant, facility, age] of f.cacheAges)
          g.set({ tenant_id: tenant, facility_id: facility }, Number(age));
      },
    );
    gauge(
      "ml_model_accuracy_percentage",
      "Hold-out accuracy of the active confidence models, in percent (the lowest when tenants share a version).",
      ["model_version"],
      (g, f) => {
        const byVersion = new Map<string, number>();
        for (const [version, accuracy] of f.models) {
          const value = Number(accuracy) * 100;
          byVersion.set(String(version), Math.min(value, byVersion.get(String(version)) ?? Infinity));
        }
        for (const [version, value] of byVersion) g.set({ model_version: version }, value);
      },
    );
    gauge(
      "putaway_acceptance_rate_percentage",
      "Share of the last 24 hours' decided recommendations that were accepted, per facility.",
      ["facility_id"],
      (g, f) => {
        for (const [facility, rate] of f.acceptance) g.set({ facility_id: facility }, Number(rate));
      },
    );
    gauge(
      "bin_optimization_health_status",
      "Readiness checks: 1 when HEALTHY, 0 otherwise.",
      ["check_name"],
      (g, f) => {
        for (const [name, check] of Object.entries(f.health))
          g.set({ check_name: name }, check.status === "HEALTHY" ? 1 : 0);
      },
    );
    gauge(
      "reslotting_positions_freeable",
      "Storage positions the latest weekly CONSOLIDATE plan (no move limit) frees, per tenant and facility.",
      ["tenant_id", "facility_id"],
      (g, f) => {
        for (const [tenant, facility, freed] of f.reslotting)
          if (freed !== null) g.set({ tenant_id: tenant, facility_id: facility }, Number(freed));
      },
    );
    gauge(
      "reslotting_travel_saving_percentage",
      "Cut in travel per pick line the latest weekly TRAVEL plan makes, in percent, per tenant and facility.",
      ["tenant_id", "facility_id"],
      (g, f) => {
        for (const [tenant, facility, , saving] of f.reslotting)
          if (saving !== null) g.set({ tenant_id: tenant, facility_id: facility }, Number(saving));
      },
    );
    gauge("graphile_worker_jobs_queued", "Jobs waiting for a worker, per task.", ["task"], (g, f) => {
      for (const [task, queued] of f.queue) g.set({ task }, Number(queued));
    });
  }
}

/**
 * The scrape's figures, read with the readiness figures in one round trip; when the database cannot be read
 * (probe logs why), only the health checks, which say so.
 */
async function read(pool: pg.Pool, visitorRole: string): Promise<ScrapeFigures> {
  const { readiness, row } = await probe<{ health: HealthFigures; figures: Omit<ScrapeFigures, "health"> }>(
    pool,
    visitorRole,
    "Metrics scrape",
    "app_hidden.optimization_metrics() as figures",
  );
  if (row === undefined)
    return { cacheAges: [], models: [], acceptance: [], queue: [], reslotting: [], health: readiness.checks };
  return { ...row.figures, health: readiness.checks };
}
