/**
 * Task: a cross-dock recommendation lost its outbound demand (see cross_dock_cancellations). Expires it (no
 * operator decided, so it is no feedback for the model) and recommends a storage location for the same stock,
 * through the putaway service on the task's own connection, in one transaction, as an admin of the tenant
 * (the same settings an API request of that tenant has). Safe to retry: a cancellation is replanned once.
 */
import type { Task } from "graphile-worker";
import { type Claims, claimSettings } from "../src/auth/jwt.ts";
import { loadConfig } from "../src/config.ts";
import type {
  CrossDockCancellationStatus,
  RecommendationStatus,
  RemediationOutcome,
} from "../src/engine/vocabulary.ts";
import { PutawayService } from "../src/putaway/service.ts";
import { assertPayloadObject, InvalidPayloadError, optionalUuid } from "./payload.ts";

let service: PutawayService | undefined;

/** The task acts as an admin of the tenant, as the system (the nil user id). */
const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000000";

export const replan_cross_dock: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "replan_cross_dock");
  const tenantId = optionalUuid(payload, "tenantId", "replan_cross_dock");
  const cancellationId = optionalUuid(payload, "cancellationId", "replan_cross_dock");
  if (tenantId === undefined || cancellationId === undefined)
    throw new InvalidPayloadError("replan_cross_dock: tenantId and cancellationId are required");
  const config = loadConfig();
  service ??= new PutawayService(config.putaway, config.features);
  const claims: Claims = { tenantId, userId: SYSTEM_USER_ID, role: "admin" };
  await helpers.withPgClient(async (client) => {
    await client.query("begin");
    try {
      // The engine's functions read the tenant from the request settings, as for an API call (the task keeps
      // the owner role: no visitor role).
      await client.query("select set_config(key, value, true) from json_each_text($1::json)", [
        JSON.stringify(claimSettings(claims)),
      ]);
      const { rows } = await client.query<{
        status: CrossDockCancellationStatus;
        facility_id: string;
        material_id: string;
        quantity: string;
        recommendation_id: string;
        recommendation_status: RecommendationStatus;
        lot_number: string | null;
      }>(
        `select c.status, c.facility_id, c.material_id, c.quantity, c.recommendation_id, r.status::text as recommendation_status, r.lot_number
           from app_public.cross_dock_cancellations c
           join app_public.putaway_recommendations r on r.tenant_id = c.tenant_id and r.recommendation_id = c.recommendation_id
          where c.tenant_id = $1 and c.cancellation_id = $2
          for update of c, r`,
        [tenantId, cancellationId],
      );
      const cancellation = rows[0];
      if (cancellation === undefined || cancellation.status !== "QUEUED") {
        await client.query("commit");
        return;
      }
      const finish = async (
        status: CrossDockCancellationStatus,
        message: string,
        replacement: string | null,
        outcome: RemediationOutcome,
      ) => {
        await client.query(
          "update app_public.cross_dock_cancellations set status = $3, message = $4, replacement_recommendation_id = $5 where tenant_id = $1 and cancellation_id = $2",
          [tenantId, cancellationId, status, message, replacement],
        );
        await client.query(
          "select app_private.log_remediation($1, $2, 'CROSS_DOCK_REPLANNED', 'putaway_recommendations', $3, $4, $5)",
          [tenantId, cancellation.facility_id, cancellation.recommendation_id, message, outcome],
        );
      };
      if (cancellation.recommendation_status !== "PENDING") {
        await finish(
          "SKIPPED",
          `The recommendation was already ${cancellation.recommendation_status.toLowerCase()}`,
          null,
          "SKIPPED",
        );
        await client.query("commit");
        return;
      }
      await client.query(
        "update app_public.putaway_recommendations set status = 'EXPIRED', decision_reason_code = 'CROSS_DOCK_CANCELLED' where tenant_id = $1 and recommendation_id = $2",
        [tenantId, cancellation.recommendation_id],
      );
      const result = await service!.reserve(client, claims, {
        facilityId: cancellation.facility_id,
        items: [
          {
            materialId: cancellation.material_id,
            quantity: Number(cancellation.quantity),
            lotNumber: cancellation.lot_number,
          },
        ],
      });
      const placed = result.recommendations.find((r) => r.recommendationId !== null);
      if (placed === undefined) {
        const reason = result.recommendations[0]?.reasonCode ?? "NO_CAPACITY";
        await finish("FAILED", `No storage location for the stock: ${reason}`, null, "FAILED");
      } else {
        await finish(
          "REPLANNED",
          `Recommended ${placed.locationCode} instead of the cross-dock location`,
          placed.recommendationId,
          "SUCCEEDED",
        );
      }
      await client.query("commit");
      helpers.logger.info(
        `Cross-dock cancellation ${cancellationId}: ${placed === undefined ? "no storage location" : `replanned to ${placed.locationCode}`}`,
      );
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  });
};
