/**
 * Task: trains the confidence model of each tenant (payload `tenantId`: one) from the operators'
 * decisions; weekly (Sunday 02:00) and on demand. A tenant with too few decisions, or none new since its latest
 * version, is skipped with a message. The log says, per tenant, the hold-out figures, whether the new version was
 * activated and why, and its reliability table (how often each band of confidence came true).
 */
import type { Task } from "graphile-worker";
import { reliabilityLine } from "../src/ml/evidence.ts";
import { trainTenantModel } from "../src/ml/train.ts";
import { assertPayloadObject, optionalUuid } from "./payload.ts";
import { tenantsFor } from "./tenants.ts";

export const train_putaway_model: Task = async (payload, helpers) => {
  assertPayloadObject(payload, "train_putaway_model");
  const tenantId = optionalUuid(payload, "tenantId", "train_putaway_model");
  const tenants = await tenantsFor(helpers, tenantId);
  for (const tenant of tenants) {
    const result = await helpers.withPgClient((client) => trainTenantModel(client, tenant.tenant_id));
    helpers.logger.info(`Confidence model of tenant ${tenant.code}: ${result.message}`);
    if (result.status === "TRAINED" && result.calibration !== undefined) {
      helpers.logger.info(
        `Confidence model of tenant ${tenant.code}, version ${result.modelVersion}, calibration on the hold-out: ${reliabilityLine(result.calibration)}`,
      );
    }
  }
};
