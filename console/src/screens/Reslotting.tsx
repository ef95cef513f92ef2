/**
 * Re-slotting, for supervisors: the facility's latest stored plan (the weekly plan_reslotting task writes one),
 * its summary, and its moves drawn as arrows on the floor map.
 */
import { useMemo } from "preact/hooks";
import type { PlanResult } from "../../../src/reslotting/service.ts";
import { gql } from "../api.ts";
import { FloorMap } from "../components/FloorMap.tsx";
import { ErrorText, Loading, nodesOf, number, Section, Tile, Tiles, useLoad, when } from "../components/ui.tsx";
import type { Arrow } from "../floor-map.ts";
import { FloorMapDocument, LatestReslottingPlanDocument } from "../gql/graphql.ts";
import type { Facility, Session } from "../session.ts";
import { Table } from "./DataQuality.tsx";

const SHOWN_MOVES = 200;

export function Reslotting({ facility }: { session: Session; facility: Facility }) {
  const plan = useLoad(
    () => gql(LatestReslottingPlanDocument, { facilityId: facility.facilityId }),
    [facility.facilityId],
  );
  const map = useLoad(() => gql(FloorMapDocument, { facilityId: facility.facilityId }), [facility.facilityId]);
  const latest = nodesOf(plan.data?.allReslottingPlans)[0];
  const moves = (latest?.moves ?? []) as PlanResult["moves"];
  const summary = latest?.summary as PlanResult["summary"] | undefined;
  const floor = map.data?.facilityFloorMap;
  const arrows = useMemo((): Arrow[] => {
    if (floor == null) return [];
    const index = new Map(floor.locationIds.map((id, i) => [id, i]));
    return moves.flatMap((m) => {
      const from = index.get(m.fromLocationId);
      const to = index.get(m.toLocationId);
      return from === undefined || to === undefined ? [] : [{ from, to }];
    });
  }, [floor, moves]);

  return (
    <>
      <h1>
        Re-slotting · {facility.code} <span class="muted">{facility.name}</span>
      </h1>
      <ErrorText error={plan.error ?? map.error} />
      {plan.data === undefined ? (
        plan.loading ? (
          <Loading what="the plan" />
        ) : null
      ) : latest === undefined || summary === undefined ? (
        <p class="panel">
          No re-slotting plan was stored for this facility yet: the weekly plan_reslotting task writes one.
        </p>
      ) : (
        <>
          <p class="muted">
            {latest.objective} plan of {when(latest.plannedAt)}, at most {latest.maxMoves ?? "unlimited"} moves.
          </p>
          <Tiles label="Plan summary">
            <Tile
              label="Moves"
              value={number(summary.moves, 0)}
              note={`about ${number(summary.estimatedLaborMinutes, 0)} labour minutes`}
            />
            <Tile
              label="Positions freed"
              value={number(summary.positionsFreed, 0)}
              note={`${number(summary.positionsOccupied, 0)} occupied; at least ${number(summary.positionsLowerBound, 0)} needed`}
            />
            <Tile
              label="Travel per pick"
              value={`${number(summary.travelPerPickAfter)} ft`}
              note={`from ${number(summary.travelPerPickBefore)} ft`}
            />
          </Tiles>
          <Section title="Moves on the floor">
            {floor == null ? (
              <Loading what="the floor map" />
            ) : (
              <FloorMap
                map={floor}
                mode="cubic"
                arrows={arrows}
                label={`Floor map of ${facility.code} with the plan's ${arrows.length} moves`}
              />
            )}
          </Section>
          <Section title="Moves">
            <Table
              empty="The plan moves nothing."
              head={["#", "Material", "Lot", "Quantity", "From", "To", "Why"]}
              rows={moves
                .slice(0, SHOWN_MOVES)
                .map((m) => [
                  m.sequence,
                  m.materialCode,
                  m.lotNumber,
                  number(m.quantity, 3),
                  m.fromLocationCode,
                  m.toLocationCode,
                  <code key="reason">{m.reasonCode}</code>,
                ])}
            />
            {moves.length > SHOWN_MOVES ? <p class="muted">and {moves.length - SHOWN_MOVES} more moves.</p> : null}
          </Section>
        </>
      )}
    </>
  );
}
