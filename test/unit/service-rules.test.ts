/**
 * The service's pure rules, without a database: the readiness thresholds and how errors are masked for clients.
 */
import { GraphQLError, Source } from "postgraphile/graphql";
import { describe, expect, test } from "vitest";
import { maskError } from "../../src/server/errors.ts";
import { checksFrom } from "../../src/server/health.ts";

describe("readiness", () => {
  test("readiness thresholds: cache age, model accuracy and congestion age, as documented", () => {
    const at = (minutesAgo: number) => new Date(Date.parse("2026-11-29T12:00:00Z") - minutesAgo * 60_000).toISOString();
    const figures = (cache: number, accuracy: number | null, congestion: number) =>
      checksFrom({
        facilities: 1,
        oldestCacheRefreshAt: at(cache),
        activeModels: accuracy === null ? 0 : 1,
        lowestModelAccuracy: accuracy,
        oldestCongestionAt: at(congestion),
        now: "2026-11-29T12:00:00Z",
      });
    expect(figures(14, 0.81, 4)).toMatchObject({
      cacheAge: { status: "HEALTHY", ageMinutes: 14 },
      mlModelAccuracy: { status: "HEALTHY", accuracy: 81 },
      congestionCache: { status: "HEALTHY" },
    });
    expect(figures(20, 0.75, 10)).toMatchObject({
      cacheAge: { status: "DEGRADED" },
      mlModelAccuracy: { status: "DEGRADED" },
      congestionCache: { status: "DEGRADED" },
    });
    expect(figures(31, 0.69, 16)).toMatchObject({
      cacheAge: { status: "UNHEALTHY" },
      mlModelAccuracy: { status: "UNHEALTHY" },
      congestionCache: { status: "UNHEALTHY" },
    });
    expect(figures(1, null, 1).mlModelAccuracy).toMatchObject({ status: "DEGRADED", accuracy: null });
    const never = checksFrom({
      facilities: 1,
      oldestCacheRefreshAt: "-infinity",
      activeModels: 0,
      lowestModelAccuracy: null,
      oldestCongestionAt: "-infinity",
      now: "2026-11-29T12:00:00Z",
    });
    expect(never.cacheAge!.status).toBe("UNHEALTHY");
  });
});

describe("error masking", () => {
  test("an unexpected error is replaced by an id; its text stays in the log", () => {
    const masked = maskError(new GraphQLError("boom", { originalError: new Error("password=hunter2 at db.ts:12") }));
    expect(masked.message).not.toMatch(/hunter2/);
    expect(masked.message).toMatch(/logged with id [0-9a-f-]{36}/);
    expect(masked.extensions.code).toBe("INTERNAL");
  });

  test("an exception grafserv wrapped by its message alone is masked too", () => {
    // grafserv answers an exception thrown around execution with maskError(new GraphQLError(e.message)).
    const masked = maskError(new GraphQLError("connect ECONNREFUSED 10.0.0.5:5432"));
    expect(masked.message).not.toMatch(/ECONNREFUSED|10\.0\.0\.5/);
    expect(masked.message).toMatch(/logged with id [0-9a-f-]{36}/);
    expect(masked.extensions.code).toBe("INTERNAL");
    expect(masked.extensions.errorId).toEqual(expect.any(String));
  });

  test("a validation or coercion error, which points into the document, keeps its message as INVALID_INPUT", () => {
    const source = new Source("query($n: Int) { allLocations(first: $n) { totalCount } }");
    const masked = maskError(
      new GraphQLError('Variable "$n" got invalid value "x"; Int cannot represent non-integer value: "x"', {
        source,
        positions: [6],
      }),
    );
    expect(masked.extensions.code).toBe("INVALID_INPUT");
    expect(masked.message).toMatch(/Variable "\$n" got invalid value/);
    expect(masked.locations).toEqual([{ line: 1, column: 7 }]);
  });

  test("an error that already carries a code passes unchanged", () => {
    const coded = new GraphQLError("Changes need a bearer token", { extensions: { code: "UNAUTHENTICATED" } });
    expect(maskError(coded)).toBe(coded);
  });
});
