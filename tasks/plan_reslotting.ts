/**
 * Task: weekly re-slotting plans for supervisors to review. For each active facility of each tenant (or of the
 * payload's `tenantId`), plans with the service's planner, as an admin of the tenant (the settings an API
 * request has), and stores three plans in app_public.reslotting_plans: CONSOLIDATE with no move limit (the
 * positions the stock could free, the metric reslotting_positions_freeable), TRAVEL and BALANCED with
 * `maxMoves` moves (payload, default 100; TRAVEL's cut in travel per pick line is the metric
 * reslotting_travel_saving_percentage). One transaction per facility: a facility that fails is logged and the
 * others go on; the job fails at the end if any did, so that it is retried.
 */
import type { Task } from "graphile-worker";
import { type Claims, claimSettings } from "../src/auth/jwt.ts";
import type { ReslottingObjective } from "../src/engine/index.ts";
import { DEFAULT_PLAN_MOVES, MAX_PLAN_MOVES, ReslottingService } from "../src/reslotting/service.ts";
import { assertPayloadObject, optionalNumber, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

/** The task acts as an admin of the tenant, as the system (the nil user id). */
const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000000";

/** The stored plans: objective, and whether its move limit applies. */
const PLANS: ReadonlyArray<[ReslottingObjective, boolean]> = [
  ["CONSOLIDATE", false],
  ["TRAVEL", true],
  ["BALANCED", true],
];

export const plan_reslotting: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "plan_reslotting");
  const tenantId = optionalUuid(payload, "tenantId", "plan_reslotting");
  const maxMoves = optionalNumber(payload, "maxMoves", "plan_reslotting", 0, MAX_PLAN_MOVES) ?? DEFAULT_PLAN_MOVES;
  // Planning reads stock; the time to live of tasks is not used here.
  const service = new ReslottingService({ reservationTtlMinutes: 0 });
  const failed: string[] = [];
  for (const tenant of await tenantsFor(helpers, tenantId)) {
    const { rows: facilities } = await helpers.query<{ facility_id: string; code: string }>(
      "select facility_id, code from app_public.facilities where tenant_id = $1 and deleted_at is null order by code",
      [tenant.tenant_id],
    );
    const claims: Claims = { tenantId: tenant.tenant_id, userId: SYSTEM_USER_ID, role: "admin" };
    for (const facility of facilities) {
      try {
        await helpers.withPgClient(async (client) => {
          await client.query("begin");
          try {
            await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
              JSON.stringify(claimSettings(claims)),
            ]);
            const figures: string[] = [];
            for (const [objective, limited] of PLANS) {
              const plan = await service.plan(
                client,
                claims,
                { facilityId: facility.facility_id, objective, maxMoves: Math.round(maxMoves) },
                !limited,
              );
              await client.query("select app_private.store_reslotting_plan($1, $2, $3, $4, $5::jsonb, $6::jsonb)", [
                tenant.tenant_id,
                facility.facility_id,
                objective,
                plan.maxMoves,
                JSON.stringify(plan.moves),
                JSON.stringify(plan.summary),
              ]);
              figures.push(
                `${objective} ${plan.summary.moves} move(s), ${plan.summary.positionsFreed} freed, ` +
                  `${plan.summary.travelPerPickBefore} → ${plan.summary.travelPerPickAfter} ft per pick`,
              );
            }
            await client.query("commit");
            helpers.logger.info(`Re-slotting plans of ${tenant.code}/${facility.code}: ${figures.join("; ")}`);
          } catch (error) {
            await client.query("rollback");
            throw error;
          }
        });
      } catch (error) {
        failed.push(`${tenant.code}/${facility.code}`);
        helpers.logger.error(
          `Re-slotting plans of ${tenant.code}/${facility.code} failed: ${(error as Error).message}`,
        );
      }
    }
  }
  if (failed.length > 0) throw new Error(`Re-slotting plans failed for ${failed.join(", ")}`);
};
