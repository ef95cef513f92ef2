/**
 * Overview of a facility: the floor map of every position coloured by cubic fill, weight fill or velocity class,
 * and tiles for utilization, open reservations, acceptance rate and the service's readiness.
 */
import { useState } from "preact/hooks";
import { gql } from "../api.ts";
import { FloorMap, PositionSummary } from "../components/FloorMap.tsx";
import { ErrorText, Loading, nodesOf, number, percent, Section, Tile, Tiles, useLoad } from "../components/ui.tsx";
import type { MapMode } from "../floor-map.ts";
import { FloorMapDocument, OverviewTilesDocument } from "../gql/graphql.ts";
import type { Facility, Session } from "../session.ts";

const MODES: ReadonlyArray<[MapMode, string]> = [
  ["cubic", "Cubic fill"],
  ["weight", "Weight fill"],
  ["velocity", "Velocity class"],
];

interface Readiness {
  status: string;
  checks: Record<string, { status: string }>;
}

async function readiness(): Promise<Readiness> {
  const response = await fetch("/api/wms/optimization/health");
  return (await response.json()) as Readiness;
}

export function Overview({ facility }: { session: Session; facility: Facility }) {
  const [mode, setMode] = useState<MapMode>("cubic");
  const [find, setFind] = useState("");
  const map = useLoad(() => gql(FloorMapDocument, { facilityId: facility.facilityId }), [facility.facilityId]);
  const tiles = useLoad(() => gql(OverviewTilesDocument, { facilityId: facility.facilityId }), [facility.facilityId]);
  const ready = useLoad(readiness, []);

  const utilization = nodesOf(tiles.data?.allBinUtilizations)[0];
  const statistics = nodesOf(tiles.data?.allBinOptimizationStatistics);
  const decided = statistics.reduce((sum, s) => sum + (s.decided ?? 0), 0);
  const accepted = statistics.reduce((sum, s) => sum + (s.decided ?? 0) * Number(s.acceptanceRate ?? 0), 0);
  const floor = map.data?.facilityFloorMap;
  const wanted = find.trim().toLowerCase();
  const found = floor == null || wanted === "" ? -1 : floor.codes.findIndex((code) => code?.toLowerCase() === wanted);

  return (
    <>
      <h1>
        Overview · {facility.code} <span class="muted">{facility.name}</span>
      </h1>
      <ErrorText error={tiles.error} />
      <Tiles label="Facility figures">
        <Tile
          label="Cubic utilization"
          value={utilization === undefined ? "–" : `${number(utilization.cubicUtilizationPct)} %`}
          note={
            utilization === undefined
              ? "not computed yet"
              : `${number(utilization.committedCubicPct)} % with reservations`
          }
        />
        <Tile
          label="Weight utilization"
          value={utilization === undefined ? "–" : `${number(utilization.weightUtilizationPct)} %`}
          note={utilization === undefined ? undefined : `${number(utilization.locationCount, 0)} positions`}
        />
        <Tile label="Open reservations" value={number(tiles.data?.pendingPutawayRecommendations?.totalCount, 0)} />
        <Tile
          label="Acceptance rate"
          value={decided === 0 ? "–" : percent(accepted / decided, 1)}
          note={`${number(decided, 0)} decided recommendations`}
        />
        <Tile
          label="Readiness"
          value={ready.data?.status ?? (ready.error === undefined ? "…" : "UNKNOWN")}
          note={Object.entries(ready.data?.checks ?? {})
            .filter(([, check]) => check.status !== "HEALTHY")
            .map(([name, check]) => `${name}: ${check.status}`)
            .join(", ")}
        />
      </Tiles>
      <Section
        title="Floor map"
        actions={
          <fieldset class="segmented">
            <legend class="visually-hidden">Colour by</legend>
            {MODES.map(([value, label]) => (
              <label key={value}>
                <input
                  type="radio"
                  name="map-mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
        }
      >
        <ErrorText error={map.error} />
        {floor == null ? (
          map.loading ? (
            <Loading what="the floor map" />
          ) : null
        ) : (
          <>
            <div class="finder">
              <label for="find-position">Find a position</label>
              <input
                id="find-position"
                placeholder="Position code"
                value={find}
                autocomplete="off"
                onInput={(e) => setFind(e.currentTarget.value)}
              />
              <div class="found" role="status" aria-label="Position found">
                {found >= 0 ? (
                  <PositionSummary map={floor} index={found} />
                ) : wanted === "" ? null : (
                  <span class="muted">
                    No position {find.trim()} in {facility.code}.
                  </span>
                )}
              </div>
            </div>
            <FloorMap
              map={floor}
              mode={mode}
              highlight={found >= 0 ? found : undefined}
              label={`Floor map of ${facility.code}, coloured by ${mode}`}
            />
          </>
        )}
      </Section>
    </>
  );
}
